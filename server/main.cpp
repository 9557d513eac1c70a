// inventory-server: the composition root. Parses the flags, opens the
// port and then the database, starts the actor system, the supervisor and
// the HTTP listener, and runs until SIGINT or SIGTERM (SIGHUP reloads).
// As a store node it publishes the inventory instead of serving HTTP; as a
// gateway node it serves HTTP in front of a store instead of owning data.

#include <csignal>
#include <future>
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
#include "http/authenticator.hpp"
#include "http/http_metrics.hpp"
#include "http/listener.hpp"
#include "http/operator_listener.hpp"
#include "http/session_actor.hpp"
#include "metrics/health.hpp"
#include "metrics/registry.hpp"
#include "node/store_actor.hpp"
#include "node/store_link.hpp"
#include "rpc/rpc_metrics.hpp"
#include "server/database.hpp"
#include "server/flags.hpp"
#include "server/reload.hpp"
#include "server/security.hpp"
#include "server/stop_signal.hpp"
#include "server/users_command.hpp"

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
  if (cfg.role != server::role::all)
    node::configure_node(caf_cfg, cfg.node);
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

// The access log's destination: the --access-log file or stderr. The
// file is removed again when start-up fails after creating it.
struct log_target {
  int fd = STDERR_FILENO;
  std::string path;
  bool created = false;

  void remove_if_created() const {
    if (created)
      ::unlink(path.c_str());
  }
};

base::expected<log_target, std::string>
open_log_target(const server::config& cfg) {
  log_target target;
  if (cfg.quiet || cfg.access_log.empty())
    return target;
  target.path = cfg.access_log;
  target.created = ::access(target.path.c_str(), F_OK) != 0;
  auto fd = http::access_log::open_file(target.path);
  if (!fd)
    return fd.error();
  target.fd = *fd;
  return target;
}

// The health checks: the server can serve while an inventory actor lives
// and its last write did not fail.
void add_health_checks(metrics::health& health,
                       std::shared_ptr<actors::inventory_ref> ref,
                       std::shared_ptr<actors::actor_metrics> counts) {
  health.add([counts]() -> std::optional<std::string> {
    if (counts->restarting)
      return "inventory restarting";
    if (counts->storage_failing)
      return "storage unavailable: writes fail";
    return std::nullopt;
  });
  health.add([ref]() -> std::optional<std::string> {
    if (!ref->get())
      return "no inventory actor";
    return std::nullopt;
  });
}

// A gateway can serve while its store link is up; the link's state and
// its reconnects are metrics too.
void add_store_link_metrics(metrics::registry& registry,
                            metrics::health& health,
                            std::shared_ptr<node::store_ref> store,
                            std::string where) {
  health.add([store, where]() -> std::optional<std::string> {
    if (!store->up())
      return "store " + where + " unavailable";
    return std::nullopt;
  });
  registry.add_sampled(
    "inventory_store_link_up", "1 while the gateway's link to its store is up",
    metrics::kind::gauge, [store] { return store->up() ? 1.0 : 0.0; });
  // The ref's generation counts every change: up, down, up again...
  registry.add_sampled(
    "inventory_store_reconnects_total",
    "Times the gateway's link to its store came back after a loss",
    metrics::kind::counter, [store] {
      auto ups = (store->generation() + 1) / 2;
      return ups > 0 ? static_cast<double>(ups - 1) : 0.0;
    });
}

// --role all and --role gateway: the XML-RPC port, in front of this
// process's inventory or of the store node.
int serve_http(const server::config& cfg, sigset_t stop_signals,
               const log_target& target, server::security secured) {
  using namespace server;
  bool gateway = cfg.role == role::gateway;
  auto caf_cfg = actor_system_config(cfg);
  caf::actor_system sys{caf_cfg};
  auto ref = std::make_shared<actors::inventory_ref>();
  std::shared_ptr<node::store_ref> store;
  if (gateway)
    store = std::make_shared<node::store_ref>(cfg.store_max_in_flight);
  rpc::actor_port_settings where;
  where.inventory = gateway ? nullptr : ref;
  where.store = store;
  where.request_timeout = cfg.request_timeout;
  http::session_settings settings{where, xmlrpc::limits{cfg.max_depth}};
  std::shared_ptr<actors::commit_stats> stats;
  std::size_t lost_log_lines = 0;
  // Counting happens only with a metrics listener: without one nobody
  // holds the instruments and every layer skips them.
  bool with_metrics = !cfg.metrics_host.empty();
  metrics::registry registry;
  metrics::health health;
  std::shared_ptr<actors::actor_metrics> actor_counts;
  if (with_metrics) {
    settings.inventory.metrics = rpc::rpc_metrics::make(registry);
    if (gateway) {
      add_store_link_metrics(registry, health, store,
                             cfg.store.host + ":"
                               + std::to_string(cfg.store.port));
    } else {
      actor_counts = actors::actor_metrics::make(registry);
      add_health_checks(health, ref, actor_counts);
    }
    metrics::add_process_metrics(registry);
    metrics::add_build_info(registry, "inventory", INVENTORY_VERSION);
  }
  {
    boost::asio::io_context io{1};
    http::access_log log{target.fd, !cfg.quiet, cfg.access_log_format,
                         target.path};
    std::optional<http::authenticator> users;
    if (secured.users) {
      auth::login_throttle::settings throttle;
      throttle.first_block = cfg.login_block;
      users.emplace(io.get_executor(), std::move(*secured.users), throttle);
    }
    http::listener server{
      io, sys, cfg.http, settings, log, users ? &*users : nullptr, secured.tls};
    std::optional<http::operator_listener> operator_port;
    if (with_metrics) {
      server.set_metrics(http::http_metrics::make(registry, log));
      operator_port.emplace(io, cfg.metrics_host, cfg.metrics_port, registry,
                            health, users ? &*users : nullptr);
    }
    // The ports first, then the database: a start that fails has created
    // nothing (a new database file, an access log file).
    if (auto opened = server.open(); !opened) {
      base::log(base::log_level::error, "cannot listen on " + opened.error());
      target.remove_if_created();
      return exit_failure;
    }
    if (operator_port) {
      if (auto opened = operator_port->open(); !opened) {
        base::log(base::log_level::error,
                  "--metrics-listen: cannot listen on " + opened.error());
        target.remove_if_created();
        return exit_failure;
      }
      if (!operator_port->is_loopback() && !users)
        base::log(base::log_level::warning,
                  "the metrics listener on " + operator_port->address()
                    + " is open to anyone: it has no users (--users)");
    }
    auto exposure = check_exposure(cfg, server.address(), server.is_loopback());
    if (!exposure) {
      base::log(base::log_level::error, exposure.error());
      target.remove_if_created();
      return exit_usage;
    }
    if (*exposure)
      base::log(base::log_level::warning, **exposure);
    // The data: this process's database, or the link to the store's.
    caf::actor owner;
    std::string data_text;
    if (gateway) {
      node::store_link_options link;
      link.host = cfg.store.host;
      link.port = cfg.store.port;
      link.tls = cfg.node.tls();
      owner = node::spawn_store_link(sys, std::move(link), store);
      data_text = "Data: on the store node " + cfg.store.host + ":"
                  + std::to_string(cfg.store.port) + " (--role gateway)";
    } else {
      actors::supervisor_options opts;
      opts.metrics = actor_counts;
      auto data = open_database(cfg, opts);
      if (!data) {
        base::log(base::log_level::error, data.error());
        target.remove_if_created();
        return exit_failure;
      }
      stats = opts.stats;
      owner = actors::spawn_supervisor(sys, std::move(opts), ref);
      data_text = data_line(*data);
    }
    reload_actions reloads;
    reloads.add("access log", [&log] { return log.reopen(); });
    add_security_reloads(reloads, cfg, io, server, users ? &*users : nullptr);
    stop_signal_waiter waiter{stop_signals,
                              [&] {
                                boost::asio::post(io, [&] {
                                  server.shutdown();
                                  if (operator_port)
                                    operator_port->shutdown();
                                });
                              },
                              [&] { reloads.run_all(); }};
    std::cout << data_text << '\n';
    std::cout << "Server is listening on port " << server.port() << "..."
              << std::endl;
    if (operator_port) {
      std::cout << "Metrics at http://" << operator_port->address() << ':'
                << operator_port->port() << "/metrics" << std::endl;
      operator_port->start();
    }
    server.start();
    io.run();
    log.stop();
    lost_log_lines = log.lost_lines();
    waiter.stop();
    // Actors may still post to the I/O context: stop them while it lives.
    caf::anon_send_exit(owner, caf::exit_reason::user_shutdown);
    sys.await_all_actors_done();
  }
  if (stats)
    print_commit_stats(*stats);
  // On stdout: when the log's reader went away, stderr may be gone too.
  if (lost_log_lines > 0)
    std::cout << "Access log: " << lost_log_lines
              << " lines could not be written\n";
  std::cout << "Server closed." << std::endl;
  return exit_ok;
}

// --role store: the database, the supervisor and the published facade;
// no HTTP. Runs until SIGINT or SIGTERM.
int run_store(const server::config& cfg, sigset_t stop_signals) {
  using namespace server;
  auto caf_cfg = actor_system_config(cfg);
  caf::actor_system sys{caf_cfg};
  auto ref = std::make_shared<actors::inventory_ref>();
  actors::supervisor_options opts;
  // The database first: its lock is what keeps a second store off the same
  // file, and a gateway must not reach a store that then fails to start.
  auto data = open_database(cfg, opts);
  if (!data) {
    base::log(base::log_level::error, data.error());
    return exit_failure;
  }
  auto stats = opts.stats;
  auto supervisor = actors::spawn_supervisor(sys, std::move(opts), ref);
  auto facade = node::spawn_store_facade(sys, ref);
  auto stop_all = [&] {
    caf::anon_send_exit(facade, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(supervisor, caf::exit_reason::user_shutdown);
    sys.await_all_actors_done();
  };
  auto bound = node::publish_store(facade, cfg.node_listen.host,
                                   cfg.node_listen.port, cfg.node.tls());
  if (!bound) {
    base::log(base::log_level::error, bound.error());
    stop_all();
    return exit_failure;
  }
  std::promise<void> stopped;
  stop_signal_waiter waiter{stop_signals, [&] { stopped.set_value(); }};
  std::cout << data_line(*data) << '\n';
  auto host = cfg.node_listen.host;
  if (host.find(':') != std::string::npos)
    host = "[" + host + "]";
  std::cout << "Store node listening on " << host << ":" << *bound << std::endl;
  stopped.get_future().wait();
  waiter.stop();
  stop_all();
  print_commit_stats(*stats);
  std::cout << "Store closed." << std::endl;
  return exit_ok;
}

} // namespace

int main(int argc, char** argv) {
  using namespace server;
  // Blocked before any thread starts; one thread takes them (below).
  auto stop_signals = block_stop_signals();
  base::set_log_program("inventory-server");
  if (argc > 1 && std::string_view{argv[1]} == "users")
    return run_users_command(argc - 1, argv + 1);
  auto parsed = parse_flags(argc, argv);
  if (!parsed)
    return parsed.error().code;
  auto& cfg = *parsed;
  base::set_log_format(cfg.log_format);
  raise_descriptor_limit(cfg.http.max_connections);
  // A fixed mmap threshold: glibc would otherwise raise it after the first
  // large reply is freed (get_all_items of 100,000 items is 24 MB) and keep
  // such buffers in the heap for good instead of returning them.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  // A full disk or RLIMIT_FSIZE must fail a write, not kill the server.
  std::signal(SIGXFSZ, SIG_IGN);
  auto target = open_log_target(cfg);
  if (!target) {
    base::log(base::log_level::error, target.error());
    return exit_failure;
  }
  auto secured = load_security(cfg);
  if (!secured) {
    base::log(base::log_level::error, secured.error());
    target->remove_if_created();
    return exit_failure;
  }
  if (auto link = check_node_link(cfg); !link) {
    base::log(base::log_level::error, link.error());
    target->remove_if_created();
    return exit_usage;
  }
  if (cfg.role == role::store)
    return run_store(cfg, stop_signals);
  return serve_http(cfg, stop_signals, *target, std::move(*secured));
}
