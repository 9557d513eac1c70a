#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "tools/stress/latency.hpp"
#include "tools/stress/options.hpp"
#include "tools/stress/oracle.hpp"
#include "tools/stress/workload.hpp"

namespace stress {

/// The run's figures, as printed and as written to --json.
struct summary {
  std::uint64_t requests = 0; // measured (after the warmup)
  double seconds = 0;
  double rps = 0;
  std::chrono::microseconds p50{0}, p90{0}, p99{0}, p999{0}, max{0};
  std::uint64_t transport_errors = 0;
};

summary summarize(const latency_recorder& latency, double seconds);

/// The final table, faults and transport errors, and the verdict.
std::string render_report(const options& opts, const summary& s,
                          const ledger& book, const verdict& v);

/// The same as JSON.
std::string render_json(const options& opts, const summary& s,
                        const ledger& book, const verdict& v);

/// "1.23ms"-style text.
std::string format_latency(std::chrono::microseconds x);

} // namespace stress
