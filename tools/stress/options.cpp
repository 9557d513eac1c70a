#include "tools/stress/options.hpp"

#include <iostream>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>

namespace stress {

namespace {

const std::map<std::string, std::map<std::string, unsigned>> default_mixes{
  {"mix", {{"get", 70}, {"adjust", 20}, {"add", 5}, {"delete", 5}}},
  {"seed",
   {{"get_item", 70},
    {"update_item", 20},
    {"add_item", 5},
    {"delete_item", 5}}},
};

const char* const mix_methods[]
  = {"get",         "get_item", "adjust",      "adjust_many",
     "add",         "delete",   "list",        "count",
     "update_item", "add_item", "delete_item", "get_all_items"};

std::optional<std::string> parse_mix(const std::string& text,
                                     std::map<std::string, unsigned>& out) {
  out.clear();
  std::stringstream in{text};
  std::string part;
  while (std::getline(in, part, ',')) {
    auto eq = part.find('=');
    if (eq == std::string::npos)
      return "mix entry '" + part + "' is not method=weight";
    auto name = part.substr(0, eq);
    bool known = false;
    for (const auto* m : mix_methods)
      known = known || name == m;
    if (!known)
      return "unknown mix method '" + name + "'";
    try {
      out[name] = static_cast<unsigned>(std::stoul(part.substr(eq + 1)));
    } catch (const std::exception&) {
      return "mix weight in '" + part + "' is not a number";
    }
  }
  unsigned total = 0;
  for (const auto& [name, weight] : out)
    total += weight;
  if (total == 0)
    return "mix weights add up to 0";
  return std::nullopt;
}

} // namespace

std::optional<std::chrono::microseconds> parse_duration(const std::string& s) {
  std::size_t used = 0;
  double number = 0;
  try {
    number = std::stod(s, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  auto unit = s.substr(used);
  double factor = 0;
  if (unit == "us")
    factor = 1;
  else if (unit == "ms")
    factor = 1e3;
  else if (unit == "s" || unit.empty())
    factor = 1e6;
  else if (unit == "m")
    factor = 60e6;
  if (factor == 0 || number < 0)
    return std::nullopt;
  return std::chrono::microseconds{static_cast<long long>(number * factor)};
}

std::optional<int> parse_options(int argc, char** argv, options& opts) {
  CLI::App app{
    "Simulated clients (CAF actors, one keep-alive connection each) that "
    "load an XML-RPC inventory server, measure it, and check that nothing "
    "was lost.\nExit codes: 0 ok, 1 invariant violated, 2 usage error, 3 "
    "server unreachable or answering garbage, 4 threshold missed.",
    "inventory-stress"};
  std::string duration = "10s", warmup = "0s", timeout = "10s", mix, max_p99;
  double min_rps = -1;
  bool no_keep_alive = false, quiet = false;
  app.add_option("--url", opts.url, "Server URL")->capture_default_str();
  app.add_option("--clients", opts.clients, "Simulated clients")
    ->check(CLI::Range(1, 10000))
    ->capture_default_str();
  app.add_option("--duration", duration, "Run time, e.g. 10s")
    ->capture_default_str();
  app.add_option("--requests", opts.requests,
                 "Stop after this many requests instead");
  app.add_option("--warmup", warmup, "Load before measuring, e.g. 2s")
    ->capture_default_str();
  app.add_option("--seed", opts.seed, "Seed for a reproducible mix")
    ->capture_default_str();
  app.add_flag("--no-keep-alive", no_keep_alive,
               "A new connection per request");
  app
    .add_option("--scenario", opts.scenario,
                "mix, lost-update, checkout, or seed (the original five "
                "methods only)")
    ->check(CLI::IsMember({"mix", "lost-update", "checkout", "seed"}))
    ->capture_default_str();
  app.add_option("--mix", mix,
                 "Method weights, e.g. get=70,adjust=20,add=5,delete=5");
  app
    .add_option("--rate", opts.rate,
                "Open loop: requests/s over all clients, latency measured "
                "from the planned send time")
    ->check(CLI::PositiveNumber);
  app.add_option("--items", opts.items, "Items to create when there are none")
    ->check(CLI::Range(1, 1000000))
    ->capture_default_str();
  app.add_option("--timeout", timeout, "Per request, e.g. 5s")
    ->capture_default_str();
  app.add_option("--json", opts.json, "Write the figures to this file");
  app.add_option("--max-p99", max_p99,
                 "Fail (exit 4) above this p99, e.g. 5ms");
  app.add_option("--min-rps", min_rps, "Fail (exit 4) below this rate");
  app.add_option("--threads", opts.threads, "CAF worker threads");
  app.add_flag("--quiet", quiet, "No progress line");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return exit_code::ok;
  } catch (const CLI::ParseError& e) {
    std::cerr << "inventory-stress: " << e.what() << " (see --help)\n";
    return exit_code::usage;
  }
  auto bad = [](const std::string& what) {
    std::cerr << "inventory-stress: " << what << " (see --help)\n";
    return exit_code::usage;
  };
  auto d = parse_duration(duration);
  auto w = parse_duration(warmup);
  auto t = parse_duration(timeout);
  if (!d || !w || !t || *t == std::chrono::microseconds{0})
    return bad("durations look like 500ms, 10s or 1m");
  opts.duration = std::chrono::duration_cast<std::chrono::milliseconds>(*d);
  opts.warmup = std::chrono::duration_cast<std::chrono::milliseconds>(*w);
  opts.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(*t);
  if (!max_p99.empty()) {
    opts.max_p99 = parse_duration(max_p99);
    if (!opts.max_p99)
      return bad("--max-p99 looks like 5ms");
  }
  if (min_rps >= 0)
    opts.min_rps = min_rps;
  opts.keep_alive = !no_keep_alive;
  opts.progress = !quiet;
  if (opts.threads == 0)
    opts.threads = std::max(1u, std::thread::hardware_concurrency());
  if (!mix.empty()) {
    if (opts.scenario != "mix" && opts.scenario != "seed")
      return bad("--mix applies to the mix and seed scenarios");
    if (auto err = parse_mix(mix, opts.mix))
      return bad(*err);
    if (opts.scenario == "seed")
      for (const auto& [name, weight] : opts.mix)
        if (name != "get_item" && name != "update_item" && name != "add_item"
            && name != "delete_item" && name != "get_all_items")
          return bad("the seed scenario only uses the original five methods");
  } else if (auto i = default_mixes.find(opts.scenario);
             i != default_mixes.end()) {
    opts.mix = i->second;
  }
  return std::nullopt;
}

} // namespace stress
