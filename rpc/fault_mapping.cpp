#include "rpc/fault_mapping.hpp"

#include <string>

namespace rpc {

xmlrpc::fault to_fault(const actors::failure& x, std::string_view method) {
  using namespace xmlrpc::fault_code;
  using actors::inventory_errc;
  std::string prefix{method};
  prefix += ": ";
  auto id = std::to_string(x.id);
  switch (x.code) {
  case inventory_errc::not_found:
    return {not_found, prefix + "no item with ID " + id};
  case inventory_errc::version_conflict:
    return {conflict,
            prefix + "item " + id + " has another version than expected"};
  case inventory_errc::insufficient_stock:
    return {unprocessable,
            prefix + "quantity of item " + id + " would go below 0"};
  case inventory_errc::quantity_overflow:
    return {unprocessable,
            prefix + "quantity of item " + id + " would exceed 2147483647"};
  case inventory_errc::invalid_argument:
    return {invalid_params, prefix + "invalid argument"};
  case inventory_errc::ids_exhausted:
    return {internal_error, prefix + "no item IDs left"};
  case inventory_errc::internal:
    return {internal_error, prefix + "internal error in the inventory"};
  case inventory_errc::storage_unavailable:
    return {internal_error, prefix + "storage unavailable"};
  case inventory_errc::timeout:
    return {internal_error, prefix + "the inventory did not answer in time"};
  case inventory_errc::unavailable:
    return {internal_error,
            prefix + "inventory unavailable (" + x.detail + ")"};
  case inventory_errc::store_unavailable:
    return {internal_error, prefix + "store unavailable, retry"};
  case inventory_errc::busy:
    return {internal_error, prefix + "busy, retry"};
  case inventory_errc::key_reused:
    return {unprocessable,
            prefix + "idempotency key reused with a different request"};
  }
  return {internal_error, prefix + "unknown inventory error"};
}

} // namespace rpc
