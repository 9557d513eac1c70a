#pragma once

// Reply formatters the method files share: each turns the inventory's
// answer into a call's reply, faults included.

#include <cstdint>
#include <string_view>

#include "rpc/method.hpp"

namespace rpc {

/// An item as an Item struct.
reply item_reply(std::string_view method, std::int32_t item_id,
                 inventory_answer& answer);

/// Items as an array of Item structs.
reply items_reply(std::string_view method, std::int32_t item_id,
                  inventory_answer& answer);

/// The answer as it is (true, a count, a snapshot to stream).
reply plain_reply(std::string_view method, std::int32_t item_id,
                  inventory_answer& answer);

} // namespace rpc
