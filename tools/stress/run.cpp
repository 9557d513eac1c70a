#include "tools/stress/run.hpp"

#include <cstdio>
#include <iostream>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>
#include <unistd.h>

#include "tools/stress/client_actor.hpp"
#include "tools/stress/report.hpp"

namespace stress {

namespace {

using clock_type = std::chrono::steady_clock;

// The live line: what is left of the run, the rate since the last line,
// the p99 so far and the transport errors.
void print_progress(const options& opts, const latency_recorder& latency,
                    clock_type::time_point stop_at, double rate,
                    std::uint64_t issued) {
  char left[64];
  if (opts.requests > 0) {
    auto remaining = opts.requests > issued ? opts.requests - issued : 0;
    std::snprintf(left, sizeof(left), "%llu requests left",
                  static_cast<unsigned long long>(remaining));
  } else {
    auto secs = std::chrono::duration<double>(stop_at - clock_type::now());
    std::snprintf(left, sizeof(left), "%4.0fs left",
                  std::max(0.0, secs.count()));
  }
  std::fprintf(stderr, "\r%s  %9.0f req/s  p99 %8s  errors %llu   ", left, rate,
               format_latency(latency.quantile(0.99)).c_str(),
               static_cast<unsigned long long>(latency.errors()));
}

} // namespace

base::expected<run_result, std::string>
run_clients(const options& opts, const run_setup& setup,
            const std::vector<client::endpoint>& targets,
            latency_recorder& latency) {
  boost::asio::io_context io{1};
  std::vector<boost::asio::ip::tcp::endpoint> endpoints;
  for (const auto& t : targets) {
    boost::asio::ip::tcp::resolver resolver{io};
    boost::system::error_code ec;
    auto found = resolver.resolve(t.parts.host, t.parts.port, ec);
    if (ec || found.empty())
      return t.shown + ": " + (ec ? ec.message() : "no address");
    endpoints.push_back(found.begin()->endpoint());
  }
  auto work = boost::asio::make_work_guard(io);
  std::thread io_thread{[&io] { io.run(); }};

  caf::actor_system_config cfg;
  cfg.add_message_types<caf::id_block::stress>();
  cfg.set("scheduler.max-threads", opts.threads);
  std::atomic<std::uint64_t> issued{0};
  std::atomic<int> lost_server{-1};
  run_result result;
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
      auto server = i % targets.size();
      client_context ctx;
      ctx.opts = &opts;
      ctx.setup = &setup;
      ctx.latency = &latency;
      ctx.issued = &issued;
      ctx.lost_server = &lost_server;
      ctx.server = static_cast<int>(server);
      ctx.start = start;
      ctx.measure_from = measure_from;
      ctx.stop_at = stop_at;
      ctx.coordinator = caf::actor{self.ptr()};
      ctx.connection = std::make_shared<http_connection>(
        io, endpoints[server], targets[server], opts.keep_alive, opts.timeout);
      connections.push_back(ctx.connection);
      ctx.index = static_cast<std::uint32_t>(i);
      ctx.interval = interval;
      caf::anon_send(spawn_client(sys, std::move(ctx)), next_atom_v);
    }
    // Collect every client's ledger; the live line once a second on a
    // terminal. A run never outlives its deadline by more than the timeout,
    // or with --retry-lost by a last request (connect and round trip), one
    // --timeout of re-sends and the last re-send.
    bool tty = opts.progress && isatty(STDERR_FILENO) != 0;
    std::size_t done = 0;
    std::uint64_t last_count = 0;
    auto last = clock_type::now();
    auto give_up = opts.requests > 0
                     ? clock_type::time_point::max()
                     : stop_at + opts.timeout * (opts.retry_lost ? 6 : 1)
                         + std::chrono::seconds(5);
    while (done < opts.clients) {
      self->receive(
        [&](done_atom, ledger& l) {
          result.book.merge(l);
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
        print_progress(opts, latency, stop_at,
                       static_cast<double>(count - last_count) / secs,
                       issued.load());
        last = now;
        last_count = count;
      }
    }
    if (tty)
      std::fprintf(stderr, "\n");
    auto end = clock_type::now();
    result.seconds = std::max(
      0.0, std::chrono::duration<double>(end - measure_from).count());
    if (opts.requests == 0)
      result.seconds = std::min(
        result.seconds, std::chrono::duration<double>(opts.duration).count());
    for (auto& c : connections)
      boost::asio::post(io, [c] { c->close(); });
  }
  work.reset();
  io.stop();
  io_thread.join();
  result.lost_server = lost_server.load();
  return result;
}

} // namespace stress
