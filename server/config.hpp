#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/log.hpp"
#include "http/listener_config.hpp"
#include "http/log_line.hpp"
#include "node/node_config.hpp"

namespace server {

/// What one process does: everything (today's single process), only own
/// and publish the data (a store node), or only serve XML-RPC in front of
/// a store (a gateway node).
enum class role { all, store, gateway };

/// HOST:PORT of a node link.
struct node_address {
  std::string host;
  std::uint16_t port = 0;
};

/// Every setting of inventory-server, with its default; see --help.
struct config {
  server::role role = role::all;
  /// Where a store publishes the inventory for its gateways.
  node_address node_listen{"127.0.0.1", 4242};
  /// The store a gateway serves.
  node_address store;
  /// Heartbeats, link timeout and TLS files of node links.
  node::node_settings node;
  /// A gateway's requests in flight at its store; more get "busy, retry".
  std::size_t store_max_in_flight = 1024;
  http::listener_config http;
  /// CAF scheduler workers; 0 means one per core.
  std::size_t threads = 0;
  /// CAF scheduler policy: "sharing" (steadiest here) or "stealing".
  std::string scheduler = "sharing";
  /// Deepest XML element nesting accepted.
  std::size_t max_depth = 64;
  /// Time the inventory actor has to answer one request.
  std::chrono::milliseconds request_timeout{5000};
  /// No access log.
  bool quiet = false;
  /// The access log's file (reopened on SIGHUP); empty: stderr.
  std::string access_log;
  http::log_format access_log_format = http::log_format::seed;
  /// PEM files that turn the port into HTTPS (both or neither), and the CA
  /// whose client certificates log in as the user they name.
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
  /// The users file; empty: no users, and anyone may do anything.
  std::string users;
  /// Serve a non-loopback address without TLS and users all the same.
  bool insecure = false;
  /// How long an address is refused after 5 failed logins in 10 s; it
  /// doubles at each block that follows, up to 300 s.
  std::chrono::seconds login_block{5};
  /// The format of diagnostic lines on stderr (not the access log's).
  base::log_format log_format = base::log_format::text;
  /// --metrics-listen HOST:PORT, split; empty host: no metrics listener.
  std::string metrics_host;
  std::uint16_t metrics_port = 0;
  /// How long an Idempotency-Key is honoured after its first answer, and
  /// how many answered keys are kept in memory (with --in-memory: all
  /// that are remembered).
  std::chrono::milliseconds idempotency_ttl = std::chrono::hours{24};
  std::size_t idempotency_keys = 100000;
  /// The SQLite database; unused with in_memory.
  std::string data = "inventory.db";
  bool in_memory = false;
};

} // namespace server
