#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "actors/errors.hpp"
#include "actors/item.hpp"

namespace rpc {

// One alternative per operation of the inventory; plain values, so a
// handler's decision can be checked without any actor.

struct add_request {
  std::string name;
  std::int32_t quantity = 0;
};

struct get_request {
  std::int32_t id = 0;
};

struct set_quantity_request {
  std::int32_t id = 0;
  std::int32_t quantity = 0;
  /// 0: any version.
  std::int32_t expected_version = 0;
};

struct adjust_request {
  std::int32_t id = 0;
  std::int32_t delta = 0;
};

struct adjust_many_request {
  std::vector<actors::adjustment> adjustments;
};

struct remove_request {
  std::int32_t id = 0;
};

struct list_request {
  std::int32_t after_id = 0;
  std::int32_t limit = 0;
};

struct count_request {};

struct snapshot_request {};

/// What a method asks the inventory.
using inventory_request
  = std::variant<add_request, get_request, set_quantity_request, adjust_request,
                 adjust_many_request, remove_request, list_request,
                 count_request, snapshot_request>;

/// What the inventory answers: one alternative per kind of answer
/// (an item, items, true for a removal, a count, a snapshot).
using inventory_reply
  = std::variant<actors::item, std::vector<actors::item>, bool, std::int32_t,
                 actors::inventory_snapshot>;

/// The inventory's answer, or why there is none.
using inventory_answer = actors::result<inventory_reply>;

} // namespace rpc
