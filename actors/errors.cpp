#include "actors/errors.hpp"

namespace actors {

std::string to_string(inventory_errc x) {
  switch (x) {
  case inventory_errc::not_found:
    return "not_found";
  case inventory_errc::version_conflict:
    return "version_conflict";
  case inventory_errc::insufficient_stock:
    return "insufficient_stock";
  case inventory_errc::quantity_overflow:
    return "quantity_overflow";
  case inventory_errc::invalid_argument:
    return "invalid_argument";
  case inventory_errc::ids_exhausted:
    return "ids_exhausted";
  case inventory_errc::internal:
    return "internal";
  case inventory_errc::storage_unavailable:
    return "storage_unavailable";
  case inventory_errc::timeout:
    return "timeout";
  case inventory_errc::unavailable:
    return "unavailable";
  case inventory_errc::store_unavailable:
    return "store_unavailable";
  case inventory_errc::busy:
    return "busy";
  case inventory_errc::key_reused:
    return "key_reused";
  }
  return "unknown";
}

} // namespace actors
