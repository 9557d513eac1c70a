// inventory-server: assembles the actor system, the inventory actor and the
// HTTP listener; all logic lives in the libraries.

#include <atomic>
#include <csignal>
#include <functional>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/send.hpp>
#include <malloc.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include "actors/inventory_actor.hpp"
#include "actors/supervisor.hpp"
#include "http/listener.hpp"
#include "http/session_actor.hpp"

namespace {

constexpr const char* version = "inventory-server 0.1.0";

/// Takes the first of `signals` (blocked in every thread) on a thread of
/// its own and calls `on_signal` there; stop() ends it if none came.
class stop_signal_waiter {
public:
  stop_signal_waiter(sigset_t signals, std::function<void()> on_signal)
    : thread_{[this, signals, on_signal = std::move(on_signal)] {
        int sig = 0;
        sigwait(&signals, &sig);
        if (!stopping_)
          on_signal();
      }} {}
  stop_signal_waiter(const stop_signal_waiter&) = delete;
  stop_signal_waiter& operator=(const stop_signal_waiter&) = delete;
  ~stop_signal_waiter() { stop(); }

  void stop() {
    if (!thread_.joinable())
      return;
    stopping_ = true;
    // Wakes sigwait: the signal is blocked, so it cannot end the process.
    // A no-op once the thread has taken a signal.
    pthread_kill(thread_.native_handle(), SIGINT);
    thread_.join();
  }

private:
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

std::chrono::milliseconds seconds(double s) {
  return std::chrono::milliseconds{static_cast<long long>(s * 1000.0)};
}

// Parses the command line into `cfg`; returns an exit code to stop with.
std::optional<int> parse_flags(int argc, char** argv, srv::server_config& cfg) {
  CLI::App app{"Actor-model XML-RPC inventory server (POST /RPC2).",
               "inventory-server"};
  double read_timeout = 10, idle_timeout = 30, request_timeout = 5;
  app.set_version_flag("--version", version);
  app.add_option("--host", cfg.host, "Address to bind")->capture_default_str();
  app.add_option("--port", cfg.port, "TCP port; 0 picks a free one")
    ->capture_default_str();
  app
    .add_option("--threads", cfg.threads,
                "CAF scheduler worker threads (default: one per core)")
    ->check(CLI::Range(1, 256));
  app.add_option("--scheduler", cfg.scheduler, "CAF scheduling policy")
    ->check(CLI::IsMember({"stealing", "sharing"}))
    ->capture_default_str();
  app.add_option("--max-body", cfg.max_body, "Largest request body in bytes")
    ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30))
    ->capture_default_str();
  app
    .add_option("--max-header", cfg.max_header,
                "Largest request header in bytes")
    ->check(CLI::Range(std::size_t{256}, std::size_t{1} << 20))
    ->capture_default_str();
  app
    .add_option("--max-depth", cfg.max_depth,
                "Deepest XML element nesting accepted")
    ->check(CLI::Range(std::size_t{4}, std::size_t{10000}))
    ->capture_default_str();
  app
    .add_option("--max-connections", cfg.max_connections,
                "Open connections; more get 503")
    ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))
    ->capture_default_str();
  app
    .add_option("--read-timeout", read_timeout,
                "Seconds to receive a request's header and body (or to "
                "write a reply)")
    ->check(CLI::Range(0.01, 3600.0))
    ->capture_default_str();
  app
    .add_option("--idle-timeout", idle_timeout,
                "Seconds a keep-alive connection may wait for its next "
                "request")
    ->check(CLI::Range(0.01, 3600.0))
    ->capture_default_str();
  app
    .add_option("--request-timeout", request_timeout,
                "Seconds the inventory actor has to answer a request")
    ->check(CLI::Range(0.01, 3600.0))
    ->capture_default_str();
  app.add_flag("--quiet", cfg.quiet, "No access log");
  app
    .add_option("--data", cfg.data,
                "SQLite database file (created when missing)")
    ->capture_default_str();
  app.add_flag("--in-memory", cfg.in_memory,
               "Keep the inventory in memory only (lost at exit)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::cout << version << '\n';
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "inventory-server: " << e.what() << " (see --help)\n";
    return 2;
  }
  cfg.read_timeout = seconds(read_timeout);
  cfg.idle_timeout = seconds(idle_timeout);
  cfg.request_timeout = seconds(request_timeout);
  if (cfg.threads == 0)
    cfg.threads = std::max(1u, std::thread::hardware_concurrency());
  return std::nullopt;
}

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

// Opens and loads the database; prints one line and returns the exit code
// on failure.
std::optional<int> open_data(const srv::server_config& cfg,
                             inv::supervisor_options& opts) {
  if (cfg.in_memory)
    return std::nullopt;
  auto opened = inv::storage::open(cfg.data);
  if (auto* err = std::get_if<std::string>(&opened)) {
    std::cerr << "inventory-server: " << *err << '\n';
    return 1;
  }
  opts.db = std::move(std::get<std::unique_ptr<inv::storage>>(opened));
  auto loaded = opts.db->load();
  if (auto* err = std::get_if<std::string>(&loaded)) {
    std::cerr << "inventory-server: " << cfg.data << ": " << *err << '\n';
    return 1;
  }
  opts.initial = std::move(std::get<inv::stored_state>(loaded));
  return std::nullopt;
}

} // namespace

int main(int argc, char** argv) {
  srv::server_config cfg;
  if (auto code = parse_flags(argc, argv, cfg))
    return *code;
  raise_descriptor_limit(cfg.max_connections);
  // SIGINT and SIGTERM stay blocked in every thread (CAF's inherit the
  // mask) for the whole run; one thread takes them with sigwait (below).
  // One sent during start-up, or as soon as the "listening" line appears,
  // is then a clean stop too, never the default action, and no
  // asynchronous signal handler runs at all.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A fixed mmap threshold: glibc would otherwise raise it after the first
  // large reply is freed (get_all_items of 100,000 items is 24 MB) and keep
  // such buffers in the heap for good instead of returning them.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  // A full disk or RLIMIT_FSIZE must fail a write, not kill the server.
  std::signal(SIGXFSZ, SIG_IGN);
  inv::supervisor_options opts;
  if (auto code = open_data(cfg, opts))
    return *code;
  auto stats = opts.stats;
  auto items = opts.initial.items.size();
  caf::actor_system_config caf_cfg;
  caf_cfg.add_message_types<caf::id_block::inventory>();
  caf_cfg.add_message_types<caf::id_block::session>();
  caf_cfg.set("scheduler.max-threads", cfg.threads);
  caf_cfg.set("scheduler.policy", cfg.scheduler == "sharing"
                                    ? caf::atom("sharing")
                                    : caf::atom("stealing"));
  caf::actor_system sys{caf_cfg};
  auto ref = std::make_shared<inv::inventory_ref>();
  auto supervisor = inv::spawn_supervisor(sys, std::move(opts), ref);
  srv::session_settings settings{ref, xmlrpc::limits{cfg.max_depth},
                                 cfg.request_timeout};
  int exit_code = 0;
  {
    boost::asio::io_context io{1};
    srv::access_log log{STDERR_FILENO, !cfg.quiet};
    srv::listener server{io, sys, cfg, settings, log};
    try {
      server.open();
    } catch (const std::exception& e) {
      std::cerr << "inventory-server: cannot listen on " << cfg.host << ":"
                << cfg.port << ": " << e.what() << '\n';
      exit_code = 1;
    }
    if (exit_code == 0) {
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
  if (exit_code != 0)
    return exit_code;
  if (!cfg.in_memory && stats->batches > 0)
    std::cerr << "storage: " << stats->writes << " writes in " << stats->batches
              << " transactions (mean batch "
              << static_cast<double>(stats->writes)
                   / static_cast<double>(stats->batches)
              << " writes, " << stats->changes << " rows)\n";
  std::cout << "Server closed." << std::endl;
  return 0;
}
