#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "base/expected.hpp"
#include "http/io_types.hpp"
#include "http/response.hpp"
#include "metrics/health.hpp"
#include "metrics/registry.hpp"

namespace http {

class authenticator;
class operator_session;

/// The operator's listener (--metrics-listen): GET /metrics (Prometheus
/// text), /health (200 "ok" or 503 and the reason), /dashboard (the live
/// page) and /chart.js (the chart library it uses, built in). With users
/// it requires the admin role (HTTP Basic) unless bound to loopback. On
/// the I/O thread, like the XML-RPC listener: a scrape takes a fraction
/// of a millisecond there, and the authenticator is used where it lives.
class operator_listener {
public:
  /// `metrics`, `health` and `users` (nullptr: none) must outlive it.
  operator_listener(boost::asio::io_context& io, std::string host,
                    std::uint16_t port, const metrics::registry& metrics,
                    const metrics::health& health, authenticator* users);
  ~operator_listener();

  /// Binds and listens; the error is the line to print.
  base::expected<void, std::string> open();

  std::uint16_t port() const;
  /// "127.0.0.1" or "[::1]".
  std::string address() const;
  bool is_loopback() const;

  void start();
  /// Stops accepting and closes every connection.
  void shutdown();

private:
  friend class operator_session;
  void accept();
  void remove(const operator_session* s);

  std::string host_;
  std::uint16_t port_;
  const metrics::registry& metrics_;
  const metrics::health& health_;
  authenticator* users_;
  bool require_admin_ = false;
  io_executor io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;
  clock_cache clock_;
  std::unordered_map<const operator_session*, std::weak_ptr<operator_session>>
    sessions_;
  bool stopping_ = false;
};

} // namespace http
