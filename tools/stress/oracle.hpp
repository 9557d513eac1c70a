#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "client/rpc_client.hpp"
#include "tools/stress/options.hpp"
#include "tools/stress/workload.hpp"

namespace stress {

/// One item as the server reports it (version 0 when it has none).
struct item_row {
  std::string name;
  std::int64_t quantity = 0;
  std::int64_t version = 0;
};

/// The server's whole inventory at one moment.
using inventory_state = std::map<std::int32_t, item_row>;

/// Reads every item: inventory.list pages (with versions), or
/// get_all_items for servers that only speak the original five methods.
std::variant<inventory_state, std::string> read_state(cli::rpc_client& rpc,
                                                      bool seed_only);

/// What the oracle concluded.
struct verdict {
  std::vector<std::string> violations;
  std::vector<std::string> notes; // e.g. the lost-update tally
};

/// Checks the final state against the start and everything acknowledged:
/// conservation per item, versions that grew by exactly the acknowledged
/// changes, unique ids for adds, deletes gone, no unexpected faults.
verdict check(const options& opts, const run_setup& setup,
              const inventory_state& before, const inventory_state& after,
              const ledger& book);

} // namespace stress
