#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace http {

/// The HTTP listener's address and limits, with their defaults; see the
/// server's --help.
struct listener_config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 9090;
  std::size_t max_body = std::size_t{1024} * 1024;
  std::size_t max_header = std::size_t{8} * 1024;
  std::size_t max_connections = 10000;
  /// Time to receive one request's header and body, and to write a reply.
  std::chrono::milliseconds read_timeout{10000};
  /// Time a keep-alive connection may wait for its next request.
  std::chrono::milliseconds idle_timeout{30000};
  /// Replies from this size up are gzip-compressed for clients that accept
  /// it; 0: never.
  std::size_t gzip_min_bytes = std::size_t{64} * 1024;
  /// Time a shutdown waits for in-flight requests before closing anyway.
  std::chrono::milliseconds shutdown_grace{4000};
};

} // namespace http
