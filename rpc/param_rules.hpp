#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "xmlrpc/fault.hpp"
#include "xmlrpc/params.hpp"

namespace rpc {

/// Longest item name, in bytes of UTF-8.
constexpr std::size_t max_name_bytes = 256;
/// Largest page of inventory.list.
constexpr std::int32_t max_list_limit = 1000;
/// Most adjustments in one inventory.adjust_many.
constexpr std::size_t max_adjustments = 1000;

/// Parameter `index` as an item name: a string of 1 to max_name_bytes bytes.
xmlrpc::result<std::string> checked_name(const xmlrpc::params_reader& params,
                                         std::size_t index);

/// Parameter `index` as a quantity: an int >= 0.
xmlrpc::result<std::int32_t>
checked_quantity(const xmlrpc::params_reader& params, std::size_t index);

/// Parameter `index` as a page size: an int in 1..max_list_limit.
xmlrpc::result<std::int32_t> checked_limit(const xmlrpc::params_reader& params,
                                           std::size_t index);

} // namespace rpc
