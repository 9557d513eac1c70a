#pragma once

#include <string_view>
#include <vector>

#include "http/session_actor.hpp"
#include "xmlrpc/params.hpp"

namespace srv {

/// Runs one method: validates `params`, then delivers exactly one reply to
/// `slot` through complete(), now or when the inventory answers.
using method_handler
  = void (*)(session_pointer self, const xmlrpc::params_reader& params,
             call_slot slot);

/// A method = name + signatures + help + handler (as in xmlrpc-c's registry).
struct method_info {
  std::string_view name;
  /// Each signature lists the return type, then the parameter types.
  std::vector<std::vector<std::string_view>> signatures;
  std::string_view help;
  method_handler handler;
};

/// Every method the server offers, sorted by name.
const std::vector<method_info>& method_table();

/// The method called `name`, or nullptr.
const method_info* find_method(std::string_view name);

/// The seed-compatible and inventory.* methods.
std::vector<method_info> inventory_methods();

/// system.listMethods, methodHelp, methodSignature and multicall.
std::vector<method_info> system_methods();

} // namespace srv
