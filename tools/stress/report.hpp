#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "tools/stress/latency.hpp"
#include "tools/stress/ledger.hpp"
#include "tools/stress/options.hpp"
#include "tools/stress/oracle.hpp"

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

/// The first line: the targets, the scenario and how the load is made.
std::string render_header(const options& opts);

/// The table, then faults and transport errors.
std::string render_figures(const summary& s, const ledger& book);

/// The oracle's notes, `uncertain: N, applied twice: M`, and
/// `invariants: OK` or each violation.
std::string render_verdict(const verdict& v);

/// The figures and verdict as JSON; `v` is null when the final state could
/// not be read (then `invariants_checked` is false).
std::string render_json(const options& opts, const summary& s,
                        const ledger& book, const verdict* v,
                        bool server_stopped);

/// Each threshold the run missed, naming the flag and its limit, e.g.
/// `p99 12.40ms is above --max-p99 5ms`; empty when none.
std::vector<std::string> missed_thresholds(const options& opts,
                                           const summary& s);

/// "1.23ms"-style text.
std::string format_latency(std::chrono::microseconds x);

} // namespace stress
