#include "http/ask.hpp"

#include <caf/sec.hpp>

namespace srv {

std::optional<inv::inventory_errc> domain_error(const caf::error& err) {
  if (err.category() != caf::atom("inventory"))
    return std::nullopt;
  return static_cast<inv::inventory_errc>(err.code());
}

xmlrpc::fault to_fault(const caf::error& err, std::string_view method) {
  using namespace xmlrpc::fault_code;
  std::string prefix{method};
  prefix += ": ";
  std::string id = "?";
  if (err.context().match_elements<std::int32_t>())
    id = std::to_string(err.context().get_as<std::int32_t>(0));
  if (auto code = domain_error(err)) {
    switch (*code) {
    case inv::inventory_errc::not_found:
      return {not_found, prefix + "no item with ID " + id};
    case inv::inventory_errc::version_conflict:
      return {conflict,
              prefix + "item " + id + " has another version than expected"};
    case inv::inventory_errc::insufficient_stock:
      return {unprocessable,
              prefix + "quantity of item " + id + " would go below 0"};
    case inv::inventory_errc::quantity_overflow:
      return {unprocessable,
              prefix + "quantity of item " + id + " would exceed 2147483647"};
    case inv::inventory_errc::invalid_argument:
      return {invalid_params, prefix + "invalid argument"};
    case inv::inventory_errc::ids_exhausted:
      return {internal_error, prefix + "no item IDs left"};
    case inv::inventory_errc::internal:
      return {internal_error, prefix + "internal error in the inventory"};
    case inv::inventory_errc::storage_unavailable:
      return {internal_error, prefix + "storage unavailable"};
    }
  }
  if (err == caf::sec::request_timeout)
    return {internal_error, prefix + "the inventory did not answer in time"};
  return {internal_error,
          prefix + "inventory unavailable (" + caf::to_string(err) + ")"};
}

} // namespace srv
