#include "tools/stress/options.hpp"

#include <algorithm>
#include <sstream>
#include <thread>

#include "base/command_line.hpp"

namespace stress {

namespace {

constexpr const char* program = "inventory-stress";

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

const char* const seed_methods[]
  = {"get_item", "update_item", "add_item", "delete_item", "get_all_items"};

template <class Names>
bool is_one_of(const std::string& name, const Names& names) {
  return std::any_of(std::begin(names), std::end(names),
                     [&](const char* m) { return name == m; });
}

} // namespace

base::expected<std::map<std::string, unsigned>, std::string>
parse_mix(const std::string& text) {
  std::map<std::string, unsigned> out;
  std::stringstream in{text};
  std::string part;
  while (std::getline(in, part, ',')) {
    auto eq = part.find('=');
    if (eq == std::string::npos)
      return "mix entry '" + part + "' is not method=weight";
    auto name = part.substr(0, eq);
    if (!is_one_of(name, mix_methods))
      return "unknown mix method '" + name + "'";
    auto weight
      = base::parse_decimal<unsigned>(part.substr(eq + 1), 0, 1000000);
    if (!weight)
      return "mix weight of " + name + ": " + weight.error();
    out[name] = *weight;
  }
  unsigned total = 0;
  for (const auto& [name, weight] : out)
    total += weight;
  if (total == 0)
    return std::string{"mix weights add up to 0"};
  return out;
}

base::expected<std::chrono::microseconds, std::string>
parse_duration(const std::string& s) {
  auto digits_end = s.find_first_not_of("0123456789.");
  auto number_text = s.substr(0, digits_end);
  auto unit
    = digits_end == std::string::npos ? std::string{} : s.substr(digits_end);
  double factor = 0;
  if (unit == "us")
    factor = 1;
  else if (unit == "ms")
    factor = 1e3;
  else if (unit == "s" || unit.empty())
    factor = 1e6;
  else if (unit == "m")
    factor = 60e6;
  auto number = base::parse_decimal_number(number_text, 0, 1e7);
  if (factor == 0 || !number)
    return "'" + s
           + "' is not a duration (a decimal number and us, ms, s or m, "
             "e.g. 500ms, 10s, 1.5m)";
  return std::chrono::microseconds{static_cast<long long>(*number * factor)};
}

std::optional<int> parse_options(int argc, char** argv, options& opts) {
  CLI::App app{
    "Simulated clients (CAF actors, one keep-alive connection each) that "
    "load an XML-RPC inventory server, measure it, and check that nothing "
    "was lost. By default it works only on items it creates (named "
    "stress-XXXXXXXX-...), checks that every other item is left untouched, "
    "and deletes its own items at the end (--keep keeps them).\nExit codes: "
    "0 ok, 1 invariant violated, 2 usage error, 3 server unreachable "
    "(refused, TLS failed, login refused), stopped mid-run or answering "
    "garbage, 4 threshold missed.",
    program};
  std::string duration = "10s", warmup = "0s", timeout = "10s", mix, max_p99;
  double min_rps = -1;
  bool no_keep_alive = false, quiet = false;
  app.set_version_flag("--version",
                       std::string{program} + " " + INVENTORY_VERSION);
  app
    .add_option("--url", opts.urls,
                "Server URL, http or https, user:password@ allowed; several "
                "(--url A --url B) spread the clients over them, the first "
                "also sets up and checks")
    ->capture_default_str();
  app
    .add_option("--server-metrics", opts.server_metrics,
                "The server's /metrics URL (its --metrics-listen): read "
                "before and after the run to print its own request rate and "
                "latency beside the client's")
    ->type_name("URL");
  client::add_login_options(app, opts.login);
  app.add_option("--clients", opts.clients, "Simulated clients")
    ->transform(base::decimal<std::size_t>(1, 10000))
    ->capture_default_str();
  app.add_option("--duration", duration, "Run time, e.g. 10s")
    ->capture_default_str();
  app
    .add_option("--requests", opts.requests,
                "Stop after this many requests instead")
    ->transform(base::decimal<std::uint64_t>(0, UINT64_MAX));
  app.add_option("--warmup", warmup, "Load before measuring, e.g. 2s")
    ->capture_default_str();
  app.add_option("--seed", opts.seed, "Seed for a reproducible mix")
    ->transform(base::decimal<std::uint32_t>(0, UINT32_MAX))
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
    ->transform(base::decimal_number(0.001, 1e9));
  app
    .add_option("--items", opts.items,
                "Items the run creates and works on (mix and seed)")
    ->transform(base::decimal<std::size_t>(1, 1000000))
    ->capture_default_str();
  app.add_flag("--keep", opts.keep,
               "Keep the items this run created (they are deleted at the "
               "end otherwise)");
  app.add_option("--timeout", timeout, "Per request, e.g. 5s")
    ->capture_default_str();
  app.add_flag("--retry-lost", opts.retry_lost,
               "Send every change with a fresh Idempotency-Key and, when its "
               "reply is lost, again with the same key until answered (for "
               "at most --timeout); the oracle then demands every change "
               "applied exactly once, with no uncertainty");
  app.add_option("--json", opts.json, "Write the figures to this file");
  app.add_option("--max-p99", max_p99,
                 "Fail (exit 4) above this p99, e.g. 5ms");
  app.add_option("--min-rps", min_rps, "Fail (exit 4) below this rate")
    ->transform(base::decimal_number(0, 1e12));
  app
    .add_option("--threads", opts.threads,
                "CAF worker threads (0: one per core)")
    ->transform(base::decimal<std::size_t>(0, 256));
  app.add_flag("--quiet", quiet, "No live progress line");
  if (auto code = base::parse_command_line(app, argc, argv))
    return *code;
  auto bad
    = [](const std::string& what) { return base::usage_error(program, what); };
  auto d = parse_duration(duration);
  auto w = parse_duration(warmup);
  auto t = parse_duration(timeout);
  for (const auto* x : {&d, &w, &t})
    if (!*x)
      return bad(x->error());
  if (*t == std::chrono::microseconds{0})
    return bad("--timeout must be above 0");
  opts.duration = std::chrono::duration_cast<std::chrono::milliseconds>(*d);
  opts.warmup = std::chrono::duration_cast<std::chrono::milliseconds>(*w);
  opts.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(*t);
  if (!max_p99.empty()) {
    auto p = parse_duration(max_p99);
    if (!p)
      return bad("--max-p99: " + p.error());
    opts.max_p99 = *p;
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
    auto weights = parse_mix(mix);
    if (!weights)
      return bad(weights.error());
    opts.mix = std::move(*weights);
    if (opts.scenario == "seed")
      for (const auto& [name, weight] : opts.mix)
        if (!is_one_of(name, seed_methods))
          return bad("the seed scenario only uses the original five methods");
  } else if (auto i = default_mixes.find(opts.scenario);
             i != default_mixes.end()) {
    opts.mix = i->second;
  }
  return std::nullopt;
}

} // namespace stress
