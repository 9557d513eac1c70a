#include "tools/stress/ledger.hpp"

namespace stress {

namespace {

template <class Map>
void add_all(Map& into, const Map& from) {
  for (const auto& [k, v] : from)
    into[k] += v;
}

} // namespace

void ledger::merge(const ledger& other) {
  add_all(delta, other.delta);
  add_all(changes, other.changes);
  add_all(unknown_up, other.unknown_up);
  add_all(unknown_down, other.unknown_down);
  add_all(unknown_changes, other.unknown_changes);
  unknown_adds += other.unknown_adds;
  for (const auto& [id, qty] : other.added)
    if (!added.emplace(id, qty).second)
      duplicate_ids.push_back(id);
  duplicate_ids.insert(duplicate_ids.end(), other.duplicate_ids.begin(),
                       other.duplicate_ids.end());
  deleted.insert(other.deleted.begin(), other.deleted.end());
  maybe_deleted.insert(other.maybe_deleted.begin(), other.maybe_deleted.end());
  overwritten.insert(other.overwritten.begin(), other.overwritten.end());
  uncertain += other.uncertain;
  resent += other.resent;
  replayed += other.replayed;
  rmw_acked += other.rmw_acked;
  adjust_acked += other.adjust_acked;
  orders_placed += other.orders_placed;
  orders_refused += other.orders_refused;
  units_sold += other.units_sold;
  restocks += other.restocks;
  units_restocked += other.units_restocked;
  add_all(expected_faults, other.expected_faults);
  add_all(unexpected_faults, other.unexpected_faults);
  add_all(transport_errors, other.transport_errors);
  requests += other.requests;
}

} // namespace stress
