#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/expected.hpp"
#include "client/item.hpp"
#include "client/rpc_client.hpp"
#include "tools/stress/ledger.hpp"
#include "tools/stress/options.hpp"
#include "tools/stress/workload.hpp"

namespace stress {

/// The server's whole inventory at one moment, by id.
using observed_items = std::map<std::int32_t, client::item>;

/// Reads every item: inventory.list pages (with versions), or
/// get_all_items for servers that only speak the original five methods.
/// The error says what could not be read or understood.
base::expected<observed_items, std::string> read_items(client::rpc_client& rpc,
                                                       bool seed_only);

/// What the oracle concluded.
struct verdict {
  std::vector<std::string> violations;
  std::vector<std::string> notes; // e.g. the lost-update tally
  /// Changes whose outcome the clients never learned (their replies lost).
  std::uint64_t uncertain = 0;
  /// Changes the server applied more often than they were sent, as the
  /// final state shows: versions (one per applied change) grown beyond
  /// every change sent to the item, acknowledged or uncertain, counted per
  /// item; and items named for the run beyond its adds.
  std::int64_t applied_twice = 0;
};

/// Checks the final state against the start and everything acknowledged:
/// every item the run did not create is exactly as it was; for the run's
/// own items conservation (start + acknowledged deltas), versions that grew
/// by exactly the acknowledged changes, unique fresh ids for adds, deletes
/// gone; and no unexpected faults. Changes whose replies were lost widen
/// what is accepted by their own effect, unless opts.retry_lost: then
/// every change must have been answered, and a single uncertain one is a
/// violation. A change applied twice is one in either mode.
verdict judge_run(const options& opts, const run_setup& setup,
                  const observed_items& before, const observed_items& after,
                  const ledger& book);

} // namespace stress
