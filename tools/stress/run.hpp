#pragma once

#include <string>
#include <vector>

#include "base/expected.hpp"
#include "client/endpoint.hpp"
#include "tools/stress/latency.hpp"
#include "tools/stress/ledger.hpp"
#include "tools/stress/options.hpp"
#include "tools/stress/workload.hpp"

namespace stress {

/// How the load phase ended.
struct run_result {
  ledger book;          // every client's bookings, merged
  double seconds = 0;   // the measured time (after the warmup)
  int lost_server = -1; // the target that stopped mid-run, or -1
};

/// Runs opts.clients simulated clients, spread round-robin over `targets`
/// (each over TLS and logged in as its endpoint says),
/// until the duration or the request budget is used up, or a server stops
/// (refuses connections); on a terminal, with a live line on stderr. The
/// error says which target could not be resolved.
base::expected<run_result, std::string>
run_clients(const options& opts, const run_setup& setup,
            const std::vector<client::endpoint>& targets,
            latency_recorder& latency);

} // namespace stress
