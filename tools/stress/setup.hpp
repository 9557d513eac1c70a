#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/expected.hpp"
#include "client/rpc_client.hpp"
#include "tools/stress/options.hpp"
#include "tools/stress/workload.hpp"

namespace stress {

/// The prefix of every item name a run creates: `stress-{8 hex digits}-`,
/// from `random`, so concurrent runs never mistake each other's items.
std::string run_prefix(std::uint32_t random);

/// Creates the items the scenario works on, named with `setup.prefix`,
/// and fills `setup`; or says why not.
base::expected<void, std::string> create_run_items(const options& opts,
                                                   client::rpc_client& rpc,
                                                   run_setup& setup);

/// Deletes `ids` (the run's own items); the error says which one failed.
base::expected<void, std::string>
remove_run_items(client::rpc_client& rpc, bool seed_only,
                 const std::vector<std::int32_t>& ids);

} // namespace stress
