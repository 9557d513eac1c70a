#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace stress {

/// What the clients saw acknowledged: the oracle's expected state.
struct ledger {
  std::map<std::int32_t, std::int64_t> delta;   // acknowledged, per item
  std::map<std::int32_t, std::int64_t> changes; // acknowledged changes
  // Changes whose reply was lost (transport errors): they may or may not
  // have happened.
  std::map<std::int32_t, std::int64_t> unknown_up;
  std::map<std::int32_t, std::int64_t> unknown_down;
  std::map<std::int32_t, std::int64_t> unknown_changes;
  std::int64_t unknown_adds = 0;
  std::map<std::int32_t, std::int32_t> added; // id -> initial quantity
  std::vector<std::int32_t> duplicate_ids;
  std::set<std::int32_t> deleted;
  // Deletes whose reply was lost: the item may be gone or still there.
  std::set<std::int32_t> maybe_deleted;
  std::set<std::int32_t> overwritten; // update_item set them absolutely
  // Changes whose outcome the client never learned: the reply was lost and
  // the change not (or no longer) re-sent.
  std::uint64_t uncertain = 0;
  // --retry-lost: re-sends of a change whose reply was lost (same body, same
  // Idempotency-Key), and replies marked `Idempotent-Replayed: true`.
  std::uint64_t resent = 0;
  std::uint64_t replayed = 0;
  std::uint64_t rmw_acked = 0;
  std::uint64_t adjust_acked = 0;
  // checkout: orders (baskets) and restocks
  std::uint64_t orders_placed = 0;
  std::uint64_t orders_refused = 0; // not enough stock (422)
  std::int64_t units_sold = 0;
  std::uint64_t restocks = 0;
  std::int64_t units_restocked = 0;
  std::map<std::string, std::uint64_t> expected_faults;
  std::map<std::string, std::uint64_t> unexpected_faults;
  std::map<std::string, std::uint64_t> transport_errors;
  std::uint64_t requests = 0;

  /// Adds `other`'s bookings; an id both added is booked as a duplicate.
  void merge(const ledger& other);
};

} // namespace stress
