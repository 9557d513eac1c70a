// inventory-stress: simulated clients against any XML-RPC inventory server,
// with an oracle that proves nothing acknowledged was lost.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>
#include <unistd.h>

#include "client/rpc_client.hpp"
#include "tools/stress/client_actor.hpp"
#include "tools/stress/oracle.hpp"
#include "tools/stress/report.hpp"

namespace {

using namespace stress;
using clock_type = std::chrono::steady_clock;

int unreachable(const options& opts, const std::string& why) {
  std::cerr << "inventory-stress: cannot use the server at " << opts.url << ": "
            << why << "\n";
  return exit_code::unreachable;
}

// Creates what the scenario works on; fills `setup`, or says why not.
std::optional<std::string> prepare(const options& opts, cli::rpc_client& rpc,
                                   run_setup& setup) {
  bool seed = opts.scenario == "seed";
  auto add = [&](const std::string& name,
                 std::int32_t qty) -> std::variant<std::int32_t, std::string> {
    auto res = seed ? rpc.call("add_item", {name, qty})
                    : rpc.call("inventory.add", {name, qty});
    if (!res.value)
      return res.transport_error.empty()
               ? "fault " + std::to_string(res.fault->code) + ": "
                   + res.fault->message
               : res.transport_error;
    if (seed) {
      const auto* s = res.value->get_if<std::string>();
      auto pos = s ? s->find("with ID ") : std::string::npos;
      if (pos == std::string::npos)
        return std::string{"add_item answered something unexpected"};
      return std::stoi(s->substr(pos + 8));
    }
    const auto* st = res.value->get_if<xmlrpc::structure>();
    const auto* id = st ? st->find("id") : nullptr;
    if (!id || !id->get_if<std::int32_t>())
      return std::string{"inventory.add answered something unexpected"};
    return *id->get_if<std::int32_t>();
  };
  auto create = [&](const std::string& name, std::int32_t qty,
                    std::int32_t& id) -> std::optional<std::string> {
    auto res = add(name, qty);
    if (auto* err = std::get_if<std::string>(&res))
      return *err;
    id = std::get<std::int32_t>(res);
    return std::nullopt;
  };
  if (opts.scenario == "lost-update") {
    if (auto err = create("lost-update read-modify-write", 0, setup.rmw_item))
      return err;
    if (auto err = create("lost-update adjust", 0, setup.adjust_item))
      return err;
    setup.ids = {setup.rmw_item, setup.adjust_item};
    return std::nullopt;
  }
  if (opts.scenario == "checkout") {
    for (int i = 0; i < 20; ++i) {
      std::int32_t id = 0;
      if (auto err = create("checkout-" + std::to_string(i), 50, id))
        return err;
      setup.ids.push_back(id);
    }
    return std::nullopt;
  }
  auto state = read_state(rpc, seed);
  if (auto* err = std::get_if<std::string>(&state))
    return *err;
  for (const auto& [id, row] : std::get<inventory_state>(state))
    setup.ids.push_back(id);
  for (auto i = setup.ids.size(); i < opts.items; ++i) {
    std::int32_t id = 0;
    if (auto err = create("stress-item-" + std::to_string(i), 1000, id))
      return err;
    setup.ids.push_back(id);
  }
  return std::nullopt;
}

} // namespace

int main(int argc, char** argv) {
  options opts;
  if (auto code = parse_options(argc, argv, opts))
    return *code;
  auto target = cli::parse_url(opts.url);
  if (!target) {
    std::cerr << "inventory-stress: not an http URL: " << opts.url << "\n";
    return exit_code::usage;
  }
  bool seed = opts.scenario == "seed";
  cli::rpc_client rpc{*target, opts.timeout};
  run_setup setup;
  if (auto err = prepare(opts, rpc, setup))
    return unreachable(opts, *err);
  auto before = read_state(rpc, seed);
  if (auto* err = std::get_if<std::string>(&before))
    return unreachable(opts, *err);

  boost::asio::io_context io{1};
  boost::asio::ip::tcp::resolver resolver{io};
  boost::system::error_code ec;
  auto endpoints = resolver.resolve(target->host, target->port, ec);
  if (ec || endpoints.empty())
    return unreachable(opts, ec ? ec.message() : "no address");
  auto endpoint = endpoints.begin()->endpoint();
  auto host = target->host + ":" + target->port;
  auto work = boost::asio::make_work_guard(io);
  std::thread io_thread{[&io] { io.run(); }};

  caf::actor_system_config cfg;
  cfg.add_message_types<caf::id_block::stress>();
  cfg.set("scheduler.max-threads", opts.threads);
  latency_recorder latency;
  std::atomic<std::uint64_t> issued{0};
  ledger book;
  double seconds = 0;
  {
    caf::actor_system sys{cfg};
    caf::scoped_actor self{sys};
    auto start = clock_type::now();
    auto measure_from = start + opts.warmup;
    auto stop_at = opts.requests > 0 ? clock_type::time_point::max()
                                     : measure_from + opts.duration;
    std::chrono::nanoseconds interval{0};
    if (opts.rate > 0)
      interval = std::chrono::nanoseconds{static_cast<long long>(
        1e9 * static_cast<double>(opts.clients) / opts.rate)};
    std::vector<std::shared_ptr<http_connection>> connections;
    for (std::size_t i = 0; i < opts.clients; ++i) {
      client_context ctx;
      ctx.opts = &opts;
      ctx.setup = &setup;
      ctx.latency = &latency;
      ctx.issued = &issued;
      ctx.start = start;
      ctx.measure_from = measure_from;
      ctx.stop_at = stop_at;
      ctx.coordinator = caf::actor{self.ptr()};
      ctx.connection = std::make_shared<http_connection>(
        io, endpoint, host, target->path, opts.keep_alive, opts.timeout);
      connections.push_back(ctx.connection);
      ctx.index = static_cast<std::uint32_t>(i);
      ctx.interval = interval;
      caf::anon_send(spawn_client(sys, std::move(ctx)), next_atom_v);
    }
    // Collect every client's ledger; show progress once a second on a
    // terminal. A run never outlives its deadline by more than the timeout.
    bool tty = opts.progress && isatty(STDERR_FILENO) != 0;
    std::size_t done = 0;
    std::uint64_t last_count = 0;
    auto last = clock_type::now();
    auto give_up = opts.requests > 0
                     ? clock_type::time_point::max()
                     : stop_at + opts.timeout + std::chrono::seconds(5);
    while (done < opts.clients) {
      self->receive(
        [&](done_atom, ledger& l) {
          book.merge(l);
          ++done;
        },
        caf::after(std::chrono::milliseconds(200)) >>
          [&] {
            if (clock_type::now() > give_up) {
              std::cerr << "inventory-stress: clients did not finish in time\n";
              std::_Exit(exit_code::unreachable);
            }
          });
      auto now = clock_type::now();
      if (tty && now - last >= std::chrono::seconds(1)) {
        auto count = latency.count();
        auto secs = std::chrono::duration<double>(now - last).count();
        std::fprintf(stderr, "\r%5.0fs  %9.0f req/s  p99 %8s  errors %llu   ",
                     std::chrono::duration<double>(now - start).count(),
                     static_cast<double>(count - last_count) / secs,
                     format_latency(latency.quantile(0.99)).c_str(),
                     static_cast<unsigned long long>(latency.errors()));
        last = now;
        last_count = count;
      }
    }
    if (tty)
      std::fprintf(stderr, "\n");
    auto end = clock_type::now();
    seconds = std::chrono::duration<double>(end - std::max(measure_from, start))
                .count();
    if (opts.requests == 0)
      seconds = std::min(seconds,
                         std::chrono::duration<double>(opts.duration).count());
    for (auto& c : connections)
      boost::asio::post(io, [c] { c->close(); });
  }
  work.reset();
  io.stop();
  io_thread.join();

  auto after = read_state(rpc, seed);
  if (auto* err = std::get_if<std::string>(&after))
    return unreachable(opts, "reading the final state: " + *err);
  auto v = check(opts, setup, std::get<inventory_state>(before),
                 std::get<inventory_state>(after), book);
  auto s = summarize(latency, seconds);
  std::cout << "inventory-stress: " << opts.url << ", scenario "
            << opts.scenario << ", " << opts.clients << " clients, "
            << (opts.rate > 0 ? "open loop" : "closed loop")
            << (opts.keep_alive ? ", keep-alive" : ", a connection per request")
            << "\n"
            << render_report(opts, s, book, v);
  if (!opts.json.empty()) {
    std::ofstream out{opts.json};
    out << render_json(opts, s, book, v);
    if (!out) {
      std::cerr << "inventory-stress: cannot write " << opts.json << "\n";
      return exit_code::usage;
    }
  }
  if (!v.violations.empty())
    return exit_code::violation;
  if (s.requests > 0 && s.transport_errors == s.requests)
    return unreachable(opts, "every request failed");
  if ((opts.max_p99 && s.p99 > *opts.max_p99)
      || (opts.min_rps && s.rps < *opts.min_rps)) {
    std::cerr << "inventory-stress: threshold missed (p99 "
              << format_latency(s.p99) << ", " << static_cast<long>(s.rps)
              << " req/s)\n";
    return exit_code::threshold;
  }
  return exit_code::ok;
}
