#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "base/expected.hpp"
#include "client/url.hpp"

namespace stress {

/// What the stress tool reads from a server's /metrics (--server-metrics):
/// requests answered and the latency histogram, summed over every method.
struct server_counts {
  double requests = 0;
  /// Cumulative count per upper bound (+Inf as infinity).
  std::map<double, double> buckets;
};

/// Reads inventory_rpc_requests_total and the
/// inventory_rpc_request_duration_seconds buckets out of a Prometheus text
/// exposition; the error says what is missing.
base::expected<server_counts, std::string>
parse_server_counts(std::string_view exposition);

/// The quantile `q` (0..1) of the requests between two readings, as
/// Prometheus' histogram_quantile interpolates it; 0 when none came.
double server_quantile(double q, const server_counts& before,
                       const server_counts& after);

/// GETs `where` (an http URL) within `timeout`; the body or why not.
base::expected<std::string, std::string>
fetch_metrics(const client::url& where, std::chrono::milliseconds timeout);

/// The line printed beside the client's figures: the server's requests,
/// their rate over `seconds` and its p50/p90/p99, e.g.
/// `server side: 51234 requests, 5120.3 req/s; p50 0.21ms p90 ...`.
std::string render_server_side(const server_counts& before,
                               const server_counts& after, double seconds);

} // namespace stress
