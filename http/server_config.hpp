#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace srv {

/// Every limit and setting of the server, with its default; see --help.
struct server_config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 9090;
  /// CAF scheduler workers; 0 means one per core.
  std::size_t threads = 0;
  /// CAF scheduler policy: "sharing" (steadiest here) or "stealing".
  std::string scheduler = "sharing";
  std::size_t max_body = std::size_t{1024} * 1024;
  std::size_t max_header = std::size_t{8} * 1024;
  std::size_t max_depth = 64;
  std::size_t max_connections = 10000;
  /// Time to receive one request's header and body.
  std::chrono::milliseconds read_timeout{10000};
  /// Time a keep-alive connection may wait for its next request.
  std::chrono::milliseconds idle_timeout{30000};
  /// Time the inventory actor has to answer one request.
  std::chrono::milliseconds request_timeout{5000};
  /// Time a shutdown waits for in-flight requests before closing anyway.
  std::chrono::milliseconds shutdown_grace{4000};
  bool quiet = false;
  /// The SQLite database; ignored with in_memory.
  std::string data = "inventory.db";
  bool in_memory = false;
};

} // namespace srv
