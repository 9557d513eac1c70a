#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "actors/idempotency.hpp"
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

/// What one transaction writes: item changes, the keys answered with them,
/// and the id counter; keys created before `prune_before_ms` (Unix
/// milliseconds; 0: none) go, a bounded number per batch.
struct write_batch {
  std::vector<change> changes;
  std::vector<key_row> keys;
  std::int32_t next_id = 1;
  std::int64_t prune_before_ms = 0;
};

} // namespace actors
