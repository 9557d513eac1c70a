#include "server/flags.hpp"

#include <algorithm>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

namespace server {

namespace {

std::chrono::milliseconds seconds(double s) {
  return std::chrono::milliseconds{static_cast<long long>(s * 1000.0)};
}

} // namespace

base::expected<config, stop_with> parse_flags(int argc, char** argv) {
  config cfg;
  auto& net = cfg.http;
  CLI::App app{"Actor-model XML-RPC inventory server (POST /RPC2).",
               "inventory-server"};
  // Defaults come from the config structs, so they are stated once.
  auto read_timeout = std::chrono::duration<double>(net.read_timeout).count();
  auto idle_timeout = std::chrono::duration<double>(net.idle_timeout).count();
  auto request_timeout
    = std::chrono::duration<double>(cfg.request_timeout).count();
  app.set_version_flag("--version", version_text);
  app.add_option("--host", net.host, "Address to bind")->capture_default_str();
  app.add_option("--port", net.port, "TCP port; 0 picks a free one")
    ->capture_default_str();
  app
    .add_option("--threads", cfg.threads,
                "CAF scheduler worker threads (default: one per core)")
    ->check(CLI::Range(1, 256));
  app.add_option("--scheduler", cfg.scheduler, "CAF scheduling policy")
    ->check(CLI::IsMember({"stealing", "sharing"}))
    ->capture_default_str();
  app.add_option("--max-body", net.max_body, "Largest request body in bytes")
    ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30))
    ->capture_default_str();
  app
    .add_option("--max-header", net.max_header,
                "Largest request header in bytes")
    ->check(CLI::Range(std::size_t{256}, std::size_t{1} << 20))
    ->capture_default_str();
  app
    .add_option("--max-depth", cfg.max_depth,
                "Deepest XML element nesting accepted")
    ->check(CLI::Range(std::size_t{4}, std::size_t{10000}))
    ->capture_default_str();
  app
    .add_option("--max-connections", net.max_connections,
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
    return stop_with{exit_ok};
  } catch (const CLI::CallForVersion&) {
    std::cout << version_text << '\n';
    return stop_with{exit_ok};
  } catch (const CLI::ParseError& e) {
    std::cerr << "inventory-server: " << e.what() << " (see --help)\n";
    return stop_with{exit_usage};
  }
  net.read_timeout = seconds(read_timeout);
  net.idle_timeout = seconds(idle_timeout);
  cfg.request_timeout = seconds(request_timeout);
  if (cfg.threads == 0)
    cfg.threads = std::max(1u, std::thread::hardware_concurrency());
  return cfg;
}

} // namespace server
