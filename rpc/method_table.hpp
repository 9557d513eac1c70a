#pragma once

#include <string_view>
#include <vector>

#include "rpc/method.hpp"

namespace rpc {

/// Every method the server offers, sorted by name.
const std::vector<method_info>& method_table();

/// The method called `name`, or nullptr.
const method_info* find_method(std::string_view name);

/// The methods of the original Python server, with its reply strings.
std::vector<method_info> seed_methods();

/// The structured inventory.* methods.
std::vector<method_info> inventory_methods();

/// system.listMethods, methodHelp, methodSignature and multicall.
std::vector<method_info> system_methods();

} // namespace rpc
