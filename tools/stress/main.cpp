// inventory-stress: simulated clients against any XML-RPC inventory server,
// with an oracle that proves nothing acknowledged was lost.

#include <fstream>
#include <iostream>
#include <random>
#include <set>

#include "base/command_line.hpp"
#include "client/rpc_client.hpp"
#include "tools/stress/oracle.hpp"
#include "tools/stress/report.hpp"
#include "tools/stress/run.hpp"
#include "tools/stress/server_metrics.hpp"
#include "tools/stress/setup.hpp"

namespace {

using namespace stress;

int unreachable(const std::string& url, const std::string& why) {
  std::cerr << "inventory-stress: cannot use the server at " << url << ": "
            << why << "\n";
  return exit_code::unreachable;
}

// The run's own items still on the server: those it set up, those its
// clients added, and any other named for it (an add whose reply was lost).
std::vector<std::int32_t> own_items(const run_setup& setup, const ledger& book,
                                    const observed_items& after) {
  std::set<std::int32_t> own(setup.ids.begin(), setup.ids.end());
  for (const auto& [id, quantity] : book.added)
    own.insert(id);
  std::vector<std::int32_t> ids;
  for (const auto& [id, x] : after)
    if (own.count(id)
        || x.name.compare(0, setup.prefix.size(), setup.prefix) == 0)
      ids.push_back(id);
  return ids;
}

} // namespace

int main(int argc, char** argv) {
  options opts;
  if (auto code = parse_options(argc, argv, opts))
    return *code;
  auto endpoints = client::make_endpoints(opts.urls, opts.login,
                                          client::standard_password_sources());
  if (!endpoints)
    return base::usage_error("inventory-stress", endpoints.error());
  const auto& targets = *endpoints;
  std::optional<client::url> metrics_url;
  if (!opts.server_metrics.empty()) {
    auto parts = client::parse_url(opts.server_metrics);
    if (!parts)
      return base::usage_error("inventory-stress", "--server-metrics "
                                                     + opts.server_metrics
                                                     + ": " + parts.error());
    metrics_url = *parts;
  }
  // Reads the server's counters (--server-metrics); the error is printed.
  auto read_server = [&]() -> std::optional<server_counts> {
    auto text = fetch_metrics(*metrics_url, opts.timeout);
    auto counts = text ? parse_server_counts(*text)
                       : base::expected<server_counts, std::string>{
                         base::unexpected{text.error()}};
    if (!counts) {
      std::cerr << "inventory-stress: --server-metrics " << opts.server_metrics
                << ": " << counts.error() << "\n";
      return std::nullopt;
    }
    return *counts;
  };
  const auto& first = targets.front().shown;
  bool seed = opts.scenario == "seed";
  std::cout << render_header(opts) << std::flush;
  // Checked before anything is created: a wrong URL leaves no items.
  if (metrics_url && !read_server())
    return exit_code::unreachable;

  // The first target sets up the run and reads the shared state, once
  // before and once after the load.
  const auto& setter = targets.front();
  client::rpc_client rpc{setter.parts, opts.timeout, setter.tls, setter.login};
  run_setup setup;
  setup.prefix = run_prefix(std::random_device{}());
  if (auto made = create_run_items(opts, rpc, setup); !made)
    return unreachable(first, made.error());
  auto before = read_items(rpc, seed);
  if (!before)
    return unreachable(first, before.error());
  std::cout << "items: " << setup.ids.size() << " created by this run, named "
            << setup.prefix << "*; " << before->size() - setup.ids.size()
            << " others left untouched\n"
            << std::flush;

  std::optional<server_counts> server_before;
  if (metrics_url) {
    server_before = read_server();
    if (!server_before)
      return exit_code::unreachable;
  }
  auto server_started = std::chrono::steady_clock::now();
  latency_recorder latency;
  auto run = run_clients(opts, setup, targets, latency);
  if (!run)
    return unreachable(first, run.error());
  auto s = summarize(latency, run->seconds);
  std::cout << render_figures(s, run->book);
  if (metrics_url) {
    std::chrono::duration<double> server_seconds
      = std::chrono::steady_clock::now() - server_started;
    if (auto server_after = read_server())
      std::cout << render_server_side(*server_before, *server_after,
                                      server_seconds.count());
  }
  bool stopped = run->lost_server >= 0;
  auto after = read_items(rpc, seed);
  std::optional<verdict> v;
  if (after) {
    v = judge_run(opts, setup, *before, *after, run->book);
    std::cout << render_verdict(*v);
  } else {
    std::cout << "invariants: not checked (the final state could not be "
                 "read)\n";
  }
  std::cout << std::flush;
  if (!opts.json.empty()) {
    std::ofstream out{opts.json};
    out << render_json(opts, s, run->book, v ? &*v : nullptr, stopped);
    if (!out) {
      std::cerr << "inventory-stress: cannot write " << opts.json << "\n";
      return exit_code::usage;
    }
  }
  const auto& lost
    = stopped ? targets[static_cast<std::size_t>(run->lost_server)].shown
              : first;
  const char* stop_text = "it stopped mid-run (connection refused); the "
                          "figures above cover the run until then";
  if (!after)
    return unreachable(
      lost, stopped ? stop_text : "reading the final state: " + after.error());
  auto own = own_items(setup, run->book, *after);
  if (opts.keep) {
    std::cout << "kept " << own.size() << " items named " << setup.prefix
              << "* (--keep)\n";
  } else if (auto removed = remove_run_items(rpc, seed, own); !removed) {
    return unreachable(first, "removing this run's items: " + removed.error());
  } else {
    std::cout << "removed the " << own.size() << " items this run created\n";
  }
  if (!v->violations.empty())
    return exit_code::violation;
  if (stopped)
    return unreachable(lost, stop_text);
  if (s.requests > 0 && s.transport_errors == s.requests)
    return unreachable(first, "every request failed");
  auto missed = missed_thresholds(opts, s);
  for (const auto& m : missed)
    std::cerr << "inventory-stress: threshold missed: " << m << "\n";
  return missed.empty() ? exit_code::ok : exit_code::threshold;
}
