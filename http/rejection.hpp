#pragma once

#include <array>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "http/io_types.hpp"
#include "http/response.hpp"

namespace http {

/// A connection over --max-connections: waits (briefly) for the request,
/// answers 503 with Retry-After, then reads and discards what the client
/// still sends before closing. Closing at once instead makes the kernel
/// reset the connection when the request arrives, and clients such as
/// Python's xmlrpc.client then see a broken pipe rather than the 503.
class rejection : public std::enable_shared_from_this<rejection> {
public:
  rejection(tcp_socket socket, clock_cache& clock);

  /// Starts; `done` runs once, when the socket is closed.
  void start(std::function<void()> done);

  /// Closes at once (server shutdown).
  void abort();

private:
  using error_code = boost::system::error_code;

  void answer();
  void drain();
  void close();

  tcp_socket socket_;
  clock_cache& clock_;
  boost::asio::steady_timer timer_;
  std::string answer_;
  std::array<char, 4096> discard_{};
  std::function<void()> done_;
};

} // namespace http
