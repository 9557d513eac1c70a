#include "server/flags.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include <CLI/CLI.hpp>

#include "base/command_line.hpp"

namespace server {

namespace {

// "127.0.0.1:9100", "[::1]:0", "localhost:9100" -> host (no brackets), port.
std::optional<std::pair<std::string, std::uint16_t>>
split_host_port(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return std::nullopt;
  auto host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']')
      return std::nullopt;
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    return std::nullopt; // an IPv6 address needs its brackets
  }
  auto port
    = base::parse_decimal<std::uint16_t>(text.substr(colon + 1), 0, 65535);
  if (!port)
    return std::nullopt;
  return std::make_pair(host, *port);
}

// "90", "90s", "15m", "24h", "7d": a decimal number of seconds, minutes,
// hours or days, from 1 s to 366 d, as milliseconds.
base::expected<std::chrono::milliseconds, std::string>
parse_lifetime(std::string_view text) {
  double unit = 1;
  if (!text.empty()) {
    switch (text.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    default:
      unit = 0;
    }
    if (unit != 0)
      text.remove_suffix(1);
    else
      unit = 1;
  }
  auto n = base::parse_decimal_number(text, 0, 366.0 * 86400);
  if (!n)
    return n.error();
  auto ms = *n * unit * 1000.0;
  if (ms < 1000.0 || ms > 366.0 * 86400 * 1000)
    return std::string{"must be from 1s to 366d"};
  return std::chrono::milliseconds{static_cast<long long>(ms)};
}

std::chrono::milliseconds seconds(double s) {
  return std::chrono::milliseconds{static_cast<long long>(s * 1000.0)};
}

// The --help footer: every key a --config file may hold, so the file's
// vocabulary is stated where the flags are.
std::string config_footer(const CLI::App& app) {
  std::string text
    = "Every flag can also come from the --config FILE (TOML or INI), one\n"
      "`key = value` line each, named as the flag without its dashes\n"
      "(`port = 9090`, `quiet = true`); flags on the command line win.\n"
      "Keys:";
  std::size_t column = 5;
  for (const auto* opt : app.get_options()) {
    if (opt->get_lnames().empty() || !opt->get_configurable())
      continue;
    const auto& key = opt->get_lnames().front();
    if (key == "help" || key == "version" || key == "config")
      continue;
    if (column + key.size() + 2 > 78) {
      text += "\n ";
      column = 1;
    }
    text += ' ';
    text += key;
    text += ',';
    column += key.size() + 2;
  }
  text.back() = '.';
  return text;
}

std::optional<node_address> parse_node_address(const std::string& text) {
  auto where = split_host_port(text);
  if (!where)
    return std::nullopt;
  return node_address{where->first, where->second};
}

CLI::Validator node_address_check() {
  return CLI::Validator(
    [](std::string& text) -> std::string {
      if (parse_node_address(text))
        return {};
      return "expected HOST:PORT with a decimal port from 0 to 65535 ([::1]:0 "
             "for IPv6), got "
             + text;
    },
    "HOST:PORT");
}

// The combinations CLI11 cannot state: which flags each role takes.
std::optional<std::string> check_role(const CLI::App& app, const config& cfg) {
  auto given = [&](const char* flag) { return app.count(flag) > 0; };
  if (cfg.role == role::gateway) {
    if (!given("--store"))
      return "--role gateway needs --store HOST:PORT";
    for (const char* flag :
         {"--data", "--in-memory", "--idempotency-ttl", "--idempotency-keys"})
      if (given(flag))
        return std::string{flag}
               + " is for --role store or all, not gateway "
                 "(the store owns the data)";
  } else if (given("--store")) {
    return "--store is for --role gateway";
  }
  if (cfg.role == role::store) {
    for (const char* flag :
         {"--tls-cert", "--users", "--access-log", "--max-connections",
          "--port", "--gzip-min-bytes", "--metrics-listen"})
      if (given(flag))
        return std::string{flag}
               + " is for --role gateway or all: a store "
                 "serves no HTTP";
  } else if (given("--node-listen")) {
    return "--node-listen is for --role store";
  }
  if (cfg.role == role::all) {
    for (const char* flag : {"--node-cert", "--node-heartbeat",
                             "--node-timeout", "--store-max-in-flight"})
      if (given(flag))
        return std::string{flag} + " is for --role store or gateway";
  }
  if (cfg.node.heartbeat >= cfg.node.timeout)
    return "--node-heartbeat must be shorter than --node-timeout";
  return std::nullopt;
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
  std::string log_format = "seed";
  std::string idempotency_ttl = "24h";
  // Every number is decimal (`--port 020000` is 20000) and names its
  // range when out of it.
  using base::decimal;
  auto timeout = base::decimal_number(0.01, 3600.0);
  app.set_version_flag("--version", version_text);
  app
    .set_config("--config", "",
                "Read flags from FILE (TOML or INI, keys below); the command "
                "line overrides it")
    ->type_name("FILE");
  app.allow_config_extras(false); // an unknown key in the file is an error
  app.add_option("--host", net.host, "Address or host name to bind")
    ->capture_default_str();
  app.add_option("--port", net.port, "TCP port; 0 picks a free one")
    ->transform(decimal<std::uint16_t>(0, 65535))
    ->capture_default_str();
  app
    .add_option("--threads", cfg.threads,
                "CAF scheduler worker threads (default: one per core)")
    ->transform(decimal<std::size_t>(1, 256));
  app.add_option("--scheduler", cfg.scheduler, "CAF scheduling policy")
    ->check(CLI::IsMember({"stealing", "sharing"}))
    ->capture_default_str();
  app.add_option("--max-body", net.max_body, "Largest request body in bytes")
    ->transform(decimal<std::size_t>(1, std::size_t{1} << 30))
    ->capture_default_str();
  app
    .add_option("--max-header", net.max_header,
                "Largest request header in bytes")
    ->transform(decimal<std::size_t>(256, std::size_t{1} << 20))
    ->capture_default_str();
  app
    .add_option("--max-depth", cfg.max_depth,
                "Deepest XML element nesting accepted")
    ->transform(decimal<std::size_t>(4, 10000))
    ->capture_default_str();
  app
    .add_option("--max-connections", net.max_connections,
                "Open connections; more get 503")
    ->transform(decimal<std::size_t>(1, 1000000))
    ->capture_default_str();
  app
    .add_option("--read-timeout", read_timeout,
                "Seconds to receive a request's header and body (or to "
                "write a reply)")
    ->transform(timeout)
    ->capture_default_str();
  app
    .add_option("--idle-timeout", idle_timeout,
                "Seconds a keep-alive connection may wait for its next "
                "request")
    ->transform(timeout)
    ->capture_default_str();
  app
    .add_option("--request-timeout", request_timeout,
                "Seconds the inventory actor has to answer a request")
    ->transform(timeout)
    ->capture_default_str();
  app
    .add_option("--idempotency-ttl", idempotency_ttl,
                "How long an Idempotency-Key is honoured after its first "
                "answer: a decimal number with s, m, h or d (bare: seconds)")
    ->check(CLI::Validator(
      [](std::string& text) -> std::string {
        auto ttl = parse_lifetime(text);
        return ttl ? std::string{} : text + ": " + ttl.error();
      },
      "DURATION"))
    ->capture_default_str();
  app
    .add_option("--idempotency-keys", cfg.idempotency_keys,
                "Answered keys kept in memory: a cache in front of the "
                "database; with --in-memory all that are remembered (the "
                "oldest go first)")
    ->transform(decimal<std::size_t>(1, 100000000))
    ->capture_default_str();
  app
    .add_option("--gzip-min-bytes", net.gzip_min_bytes,
                "Replies from this size up are gzip-compressed for clients "
                "that accept it (Accept-Encoding); 0: never")
    ->transform(decimal<std::size_t>(0, std::size_t{1} << 30))
    ->capture_default_str();
  auto* quiet = app.add_flag("--quiet", cfg.quiet, "No access log");
  app
    .add_option("--access-log", cfg.access_log,
                "Append the access log to FILE (reopened on SIGHUP) instead "
                "of stderr")
    ->type_name("FILE")
    ->excludes(quiet);
  app
    .add_option("--access-log-format", log_format,
                "seed (the original's lines), combined (Apache's, plus the "
                "XML-RPC method, fault code and seconds taken) or json")
    ->check(CLI::IsMember({"seed", "combined", "json"}))
    ->capture_default_str();
  auto* cert = app
                 .add_option("--tls-cert", cfg.tls_cert,
                             "PEM certificate chain: serve HTTPS (TLS 1.2+) "
                             "instead of HTTP; needs --tls-key")
                 ->type_name("FILE");
  auto* key
    = app.add_option("--tls-key", cfg.tls_key, "PEM private key of --tls-cert")
        ->type_name("FILE");
  cert->needs(key);
  key->needs(cert);
  app
    .add_option("--tls-client-ca", cfg.tls_client_ca,
                "PEM CA: a client certificate it signed logs in as the user "
                "its common name names (needs --tls-cert and --users)")
    ->type_name("FILE")
    ->needs(cert);
  auto* users = app
                  .add_option("--users", cfg.users,
                              "Users file (name:role:hash lines; see "
                              "`inventory-server users`): every request must "
                              "log in (HTTP Basic or a client certificate)")
                  ->type_name("FILE");
  app.get_option("--tls-client-ca")->needs(users);
  app.add_flag("--insecure", cfg.insecure,
               "Serve an address other than loopback without TLS and users "
               "(prints a warning)");
  auto login_block = static_cast<double>(cfg.login_block.count());
  app
    .add_option("--login-block", login_block,
                "Seconds an address is refused (429) after 5 failed logins "
                "in 10 s; doubles at each further block, up to 300")
    ->transform(base::decimal_number(1.0, 300.0))
    ->capture_default_str();
  auto* data = app
                 .add_option("--data", cfg.data,
                             "SQLite database file (created when missing)")
                 ->capture_default_str();
  app
    .add_flag("--in-memory", cfg.in_memory,
              "Keep the inventory in memory only (lost at exit)")
    ->excludes(data);
  std::string role_name = "all";
  app
    .add_option("--role", role_name,
                "all: one process; store: own the data and publish it for "
                "gateways (no HTTP); gateway: serve XML-RPC in front of "
                "--store")
    ->check(CLI::IsMember({"all", "store", "gateway"}))
    ->capture_default_str();
  std::string node_listen = "127.0.0.1:4242";
  app
    .add_option("--node-listen", node_listen,
                "Store: where gateways connect (port 0 picks a free one); an "
                "address other than loopback needs --node-cert")
    ->check(node_address_check())
    ->capture_default_str();
  std::string store;
  app.add_option("--store", store, "Gateway: the store node to serve")
    ->check(node_address_check());
  auto heartbeat = std::chrono::duration<double>(cfg.node.heartbeat).count();
  auto node_timeout = std::chrono::duration<double>(cfg.node.timeout).count();
  app
    .add_option("--node-heartbeat", heartbeat,
                "Seconds between heartbeats on a node link (both kinds)")
    ->transform(base::decimal_number(0.05, 60.0))
    ->capture_default_str();
  app
    .add_option("--node-timeout", node_timeout,
                "Seconds a node link may stay silent before it counts as "
                "lost (set the same on both kinds)")
    ->transform(base::decimal_number(0.1, 600.0))
    ->capture_default_str();
  auto* node_cert = app
                      .add_option("--node-cert", cfg.node.cert,
                                  "PEM certificate of this node: node links "
                                  "use mutual TLS (needs --node-key and "
                                  "--node-ca)")
                      ->type_name("FILE");
  auto* node_key = app
                     .add_option("--node-key", cfg.node.key,
                                 "PEM private key of --node-cert")
                     ->type_name("FILE");
  auto* node_ca = app
                    .add_option("--node-ca", cfg.node.ca,
                                "PEM CA that signed every node's certificate")
                    ->type_name("FILE");
  node_cert->needs(node_key)->needs(node_ca);
  node_key->needs(node_cert);
  node_ca->needs(node_cert);
  app
    .add_option("--store-max-in-flight", cfg.store_max_in_flight,
                "Gateway: requests in flight at the store; more are answered "
                "-32603 busy, retry")
    ->transform(decimal<std::size_t>(1, 1000000))
    ->capture_default_str();
  std::string diagnostics_format = "text";
  app
    .add_option("--log-format", diagnostics_format,
                "Diagnostic lines on stderr (startup, storage, restarts): "
                "text with a UTC timestamp and a level, or json, one object "
                "a line for log shippers; the access log keeps its format")
    ->check(CLI::IsMember({"text", "json"}))
    ->capture_default_str();
  std::string metrics_listen;
  app
    .add_option("--metrics-listen", metrics_listen,
                "Serve /metrics (Prometheus), /health and /dashboard on "
                "HOST:PORT (port 0 picks a free one); off unless given")
    ->check(node_address_check());
  app.footer(config_footer(app));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return stop_with{exit_ok};
  } catch (const CLI::CallForVersion&) {
    std::cout << version_text << '\n';
    return stop_with{exit_ok};
  } catch (const CLI::ConfigError& e) {
    // CLI11 says "INI was not able to parse port_" for an unknown key.
    std::cerr << "inventory-server: --config "
              << app.get_config_ptr()->as<std::string>() << ": " << e.what()
              << " (see --help)\n";
    return stop_with{exit_usage};
  } catch (const CLI::ParseError& e) {
    std::cerr << "inventory-server: " << e.what() << " (see --help)\n";
    return stop_with{exit_usage};
  }
  cfg.role = role_name == "store"     ? role::store
             : role_name == "gateway" ? role::gateway
                                      : role::all;
  cfg.node_listen = *parse_node_address(node_listen);
  if (!store.empty())
    cfg.store = *parse_node_address(store);
  cfg.node.heartbeat = seconds(heartbeat);
  cfg.node.timeout = seconds(node_timeout);
  if (auto wrong = check_role(app, cfg)) {
    std::cerr << "inventory-server: " << *wrong << " (see --help)\n";
    return stop_with{exit_usage};
  }
  net.read_timeout = seconds(read_timeout);
  net.idle_timeout = seconds(idle_timeout);
  cfg.request_timeout = seconds(request_timeout);
  cfg.idempotency_ttl = *parse_lifetime(idempotency_ttl);
  cfg.login_block
    = std::chrono::seconds{static_cast<long long>(std::ceil(login_block))};
  cfg.access_log_format
    = http::parse_log_format(log_format).value_or(http::log_format::seed);
  cfg.log_format = base::parse_log_format(diagnostics_format)
                     .value_or(base::log_format::text);
  if (auto where = split_host_port(metrics_listen)) {
    cfg.metrics_host = where->first;
    cfg.metrics_port = where->second;
  }
  if (cfg.threads == 0)
    cfg.threads = std::max(1u, std::thread::hardware_concurrency());
  return cfg;
}

} // namespace server
