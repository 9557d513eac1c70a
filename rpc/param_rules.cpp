#include "rpc/param_rules.hpp"

namespace rpc {

xmlrpc::result<std::string> checked_name(const xmlrpc::params_reader& params,
                                         std::size_t index) {
  auto name = params.string(index, "name");
  if (!name)
    return name;
  if (name->empty())
    return params.invalid("name must not be empty");
  if (name->size() > max_name_bytes)
    return params.invalid("name is " + std::to_string(name->size())
                          + " bytes long, at most "
                          + std::to_string(max_name_bytes) + " are allowed");
  return name;
}

xmlrpc::result<std::int32_t>
checked_quantity(const xmlrpc::params_reader& params, std::size_t index) {
  auto quantity = params.int32(index, "quantity");
  if (quantity && *quantity < 0)
    return params.invalid("quantity must not be negative, got "
                          + std::to_string(*quantity));
  return quantity;
}

xmlrpc::result<std::int32_t> checked_limit(const xmlrpc::params_reader& params,
                                           std::size_t index) {
  auto limit = params.int32(index, "limit");
  if (limit && (*limit < 1 || *limit > max_list_limit))
    return params.invalid("limit must be between 1 and "
                          + std::to_string(max_list_limit) + ", got "
                          + std::to_string(*limit));
  return limit;
}

} // namespace rpc
