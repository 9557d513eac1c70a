#pragma once

#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "actors/item.hpp"
#include "auth/role.hpp"
#include "rpc/inventory_call.hpp"
#include "xmlrpc/fault.hpp"
#include "xmlrpc/params.hpp"
#include "xmlrpc/value.hpp"

namespace rpc {

/// What one call answers: a value, a fault, or a snapshot of every item
/// (get_all_items), which is streamed rather than built as a value tree.
using reply
  = std::variant<xmlrpc::value, xmlrpc::fault, actors::inventory_snapshot>;

/// Turns the inventory's answer into the call's reply; `item_id` is the
/// item the call concerns (the seed methods' replies name it).
using reply_formatter = reply (*)(std::string_view method, std::int32_t item_id,
                                  inventory_answer& answer);

/// A handler's decision to ask the inventory, and how to answer from its
/// answer.
struct inventory_call {
  inventory_request request;
  reply_formatter format = nullptr;
  std::int32_t item_id = 0;
};

/// A handler's decision to run several calls in order (system.multicall);
/// an entry that is a fault already is its own result.
struct multicall {
  std::vector<xmlrpc::result<xmlrpc::method_call>> calls;
};

/// What a handler decides, from the parameters alone.
using plan
  = std::variant<xmlrpc::value, xmlrpc::fault, inventory_call, multicall>;

/// Validates a call's parameters and decides; plain code, no I/O. Bad
/// parameters are a fault (-32602), never an exception.
using method_handler = plan (*)(const xmlrpc::params_reader& params);

/// A method = name + signatures + help + required role + handler (as in
/// xmlrpc-c's registry).
struct method_info {
  std::string_view name;
  /// Each signature lists the return type, then the parameter types.
  std::vector<std::vector<std::string_view>> signatures;
  std::string_view help;
  auth::role required_role = auth::role::anyone;
  method_handler handler = nullptr;
};

} // namespace rpc
