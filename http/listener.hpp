#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "base/expected.hpp"
#include "http/access_log.hpp"
#include "http/connection.hpp"
#include "http/connection_host.hpp"
#include "http/http_metrics.hpp"
#include "http/io_types.hpp"
#include "http/listener_config.hpp"
#include "http/rejection.hpp"
#include "http/response.hpp"
#include "http/session_actor.hpp"

namespace http {

/// Accepts connections and keeps track of every open one, for the
/// connection limit and a clean shutdown; each connection is owned by the
/// handlers of its pending I/O. Runs on the single I/O thread.
class listener final : public connection_host {
public:
  /// `users` (nullptr: none) and `tls` (nullptr: plain HTTP) must outlive
  /// the listener.
  listener(boost::asio::io_context& io, caf::actor_system& sys,
           const listener_config& cfg, const session_settings& settings,
           access_log& log, authenticator* users = nullptr,
           std::shared_ptr<boost::asio::ssl::context> tls = nullptr);

  /// Resolves the configured host (an address or a host name; a name binds
  /// the first of its addresses that can be bound), binds and listens. The
  /// error is the one line to print ("127.0.0.1:80: Permission denied").
  base::expected<void, std::string> open();

  /// The bound port (the real one when 0 was asked for).
  std::uint16_t port() const;

  /// The bound address ("127.0.0.1", "[::1]"), and whether it is loopback.
  std::string address() const;
  bool is_loopback() const;

  /// Starts accepting.
  void start();

  /// Stops accepting, lets in-flight requests finish (up to the grace
  /// period), then closes every connection so the I/O loop ends.
  void shutdown();

  const listener_config& config() const override { return cfg_; }
  access_log& log() override { return log_; }
  clock_cache& clock() override { return clock_; }
  authenticator* authentication() override { return users_; }
  const http_metrics* counts() override { return counts_.get(); }

  /// Counts into `m` from now on; before start().
  void set_metrics(std::shared_ptr<const http_metrics> m) {
    counts_ = std::move(m);
  }
  std::unique_ptr<call_handler> open_calls() override;
  void remove(const void* id) override;
  void replace(const void* id, std::shared_ptr<connection_control> next,
               std::shared_ptr<void> keep) override;

  /// New TLS connections use `tls` (a reloaded certificate); open ones keep
  /// theirs. I/O thread only.
  void set_tls_context(std::shared_ptr<boost::asio::ssl::context> tls);

private:
  void accept();
  void back_off(const boost::system::error_code& ec);
  void reject(tcp_socket socket);
  void schedule_log_flush();

  caf::actor_system& sys_;
  const listener_config& cfg_;
  const session_settings& settings_;
  access_log& log_;
  clock_cache clock_;
  io_executor io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer log_timer_;
  boost::asio::steady_timer grace_timer_;
  boost::asio::steady_timer backoff_timer_;
  // The current accept back-off; zero while accepting works.
  std::chrono::milliseconds backoff_{0};
  authenticator* users_;
  std::shared_ptr<const http_metrics> counts_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  struct tracked {
    std::weak_ptr<connection_control> conn;
    // What the connection needs to outlive it (its TLS context).
    std::shared_ptr<void> keep;
  };
  std::unordered_map<const void*, tracked> connections_;
  std::unordered_map<const void*, std::weak_ptr<rejection>> rejections_;
  bool stopping_ = false;
};

} // namespace http
