#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "actors/item.hpp"

namespace actors {

/// Everything the database holds.
struct stored_state {
  std::vector<item> items;
  std::int32_t next_id = 1;
};

/// One change of one item, as the storage writes it.
struct change {
  /// The item's new state; nothing when it was removed.
  std::optional<item> after;
  std::int32_t id = 0;
};

} // namespace actors
