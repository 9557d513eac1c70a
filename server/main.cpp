// inventory-server: the composition root. Parses the flags, opens the
// database, starts the actor system, the supervisor and the HTTP listener,
// and runs until SIGINT or SIGTERM.

#include <csignal>
#include <iostream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/send.hpp>
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include "actors/supervisor.hpp"
#include "base/log.hpp"
#include "http/listener.hpp"
#include "http/session_actor.hpp"
#include "server/database.hpp"
#include "server/flags.hpp"
#include "server/stop_signal.hpp"

namespace {

// --max-connections needs a descriptor per connection: raise the soft
// limit as far as the hard limit allows.
void raise_descriptor_limit(std::size_t wanted) {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0)
    return;
  auto target = static_cast<rlim_t>(wanted + 64);
  if (lim.rlim_cur >= target)
    return;
  lim.rlim_cur = std::min(target, lim.rlim_max);
  setrlimit(RLIMIT_NOFILE, &lim);
}

caf::actor_system_config actor_system_config(const server::config& cfg) {
  caf::actor_system_config caf_cfg;
  caf_cfg.add_message_types<caf::id_block::inventory>();
  caf_cfg.add_message_types<caf::id_block::session>();
  caf_cfg.set("scheduler.max-threads", cfg.threads);
  caf_cfg.set("scheduler.policy", cfg.scheduler == "sharing"
                                    ? caf::atom("sharing")
                                    : caf::atom("stealing"));
  return caf_cfg;
}

void print_commit_stats(const actors::commit_stats& stats) {
  if (stats.transactions == 0)
    return;
  std::cerr << "storage: " << stats.requests << " changes in "
            << stats.transactions << " transactions (mean batch "
            << static_cast<double>(stats.requests)
                 / static_cast<double>(stats.transactions)
            << " changes, " << stats.rows << " rows)\n";
}

} // namespace

int main(int argc, char** argv) {
  using namespace server;
  // Blocked before any thread starts; one thread takes them (below).
  auto stop_signals = block_stop_signals();
  base::set_log_program("inventory-server");
  auto parsed = parse_flags(argc, argv);
  if (!parsed)
    return parsed.error().code;
  auto& cfg = *parsed;
  raise_descriptor_limit(cfg.http.max_connections);
  // A fixed mmap threshold: glibc would otherwise raise it after the first
  // large reply is freed (get_all_items of 100,000 items is 24 MB) and keep
  // such buffers in the heap for good instead of returning them.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  // A full disk or RLIMIT_FSIZE must fail a write, not kill the server.
  std::signal(SIGXFSZ, SIG_IGN);
  actors::supervisor_options opts;
  if (auto opened = open_database(cfg, opts); !opened) {
    base::log(base::log_level::error, opened.error());
    return exit_failure;
  }
  auto stats = opts.stats;
  auto items = opts.initial.items.size();
  auto caf_cfg = actor_system_config(cfg);
  caf::actor_system sys{caf_cfg};
  auto ref = std::make_shared<actors::inventory_ref>();
  auto supervisor = actors::spawn_supervisor(sys, std::move(opts), ref);
  http::session_settings settings{{ref, cfg.request_timeout},
                                  xmlrpc::limits{cfg.max_depth}};
  int code = exit_ok;
  {
    boost::asio::io_context io{1};
    http::access_log log{STDERR_FILENO, !cfg.quiet};
    http::listener server{io, sys, cfg.http, settings, log};
    try {
      server.open();
    } catch (const std::exception& e) {
      base::log(base::log_level::error, "cannot listen on " + cfg.http.host
                                          + ":" + std::to_string(cfg.http.port)
                                          + ": " + e.what());
      code = exit_failure;
    }
    if (code == exit_ok) {
      stop_signal_waiter waiter{
        stop_signals,
        [&] { boost::asio::post(io, [&] { server.shutdown(); }); }};
      if (cfg.in_memory)
        std::cout << "Data: in memory only (--in-memory)\n";
      else
        std::cout << "Data: " << cfg.data << " (" << items << " items)\n";
      std::cout << "Server is listening on port " << server.port() << "..."
                << std::endl;
      server.start();
      io.run();
      log.flush();
      waiter.stop();
    }
    // Actors may still post to the I/O context: stop them while it lives.
    caf::anon_send_exit(supervisor, caf::exit_reason::user_shutdown);
    sys.await_all_actors_done();
  }
  if (code != exit_ok)
    return code;
  if (!cfg.in_memory)
    print_commit_stats(*stats);
  std::cout << "Server closed." << std::endl;
  return exit_ok;
}
