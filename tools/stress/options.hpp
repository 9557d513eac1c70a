#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/expected.hpp"
#include "client/endpoint.hpp"

namespace stress {

/// Exit codes of inventory-stress.
namespace exit_code {
constexpr int ok = 0;
constexpr int violation = 1; // an invariant failed
constexpr int usage = 2;
constexpr int unreachable = 3; // server down, stopped, or answering garbage
constexpr int threshold = 4;   // --max-p99 or --min-rps missed
} // namespace exit_code

/// Everything the command line sets.
struct options {
  /// The clients are spread over these; the first one also sets up the
  /// run and reads the state for the oracle.
  std::vector<std::string> urls{"http://127.0.0.1:9090/RPC2"};
  /// --cacert and --user, for every URL.
  client::login_options login;
  std::size_t clients = 16;
  std::chrono::milliseconds duration{10000};
  std::uint64_t requests = 0; // 0: run for `duration`
  std::chrono::milliseconds warmup{0};
  std::uint32_t seed = 1;
  bool keep_alive = true;
  std::string scenario = "mix"; // mix, lost-update, checkout, seed
  std::map<std::string, unsigned> mix;
  double rate = 0;         // requests/s over all clients; 0: closed loop
  std::size_t items = 100; // created for the mix and seed scenarios
  bool keep = false;       // keep the run's own items at the end
  std::chrono::milliseconds timeout{10000};
  /// Every change carries an Idempotency-Key and is sent again when its
  /// reply is lost; the oracle then allows no uncertainty.
  bool retry_lost = false;
  std::string json;
  std::optional<std::chrono::microseconds> max_p99;
  std::optional<double> min_rps;
  bool progress = true;
  std::size_t threads = 0;
  /// The server's /metrics, read before and after the run; empty: none.
  std::string server_metrics;
};

/// Parses the command line; returns the exit code to stop with, if any.
std::optional<int> parse_options(int argc, char** argv, options& opts);

/// "250us", "5ms", "2s", "1.5s", "1m" (a bare number is seconds) as
/// microseconds; the number is decimal. The error says what is wrong.
base::expected<std::chrono::microseconds, std::string>
parse_duration(const std::string& s);

/// "get=70,adjust=20" as method weights (decimal); the error names the
/// entry that is wrong.
base::expected<std::map<std::string, unsigned>, std::string>
parse_mix(const std::string& text);

} // namespace stress
