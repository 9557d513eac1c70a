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
};

/// Checks the final state against the start and everything acknowledged:
/// every item the run did not create is exactly as it was; for the run's
/// own items conservation (start + acknowledged deltas), versions that grew
/// by exactly the acknowledged changes, unique fresh ids for adds, deletes
/// gone; and no unexpected faults.
verdict judge_run(const options& opts, const run_setup& setup,
                  const observed_items& before, const observed_items& after,
                  const ledger& book);

} // namespace stress
