#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "http/access_log.hpp"
#include "http/response.hpp"
#include "http/server_config.hpp"
#include "http/session_actor.hpp"

namespace srv {

class connection;

/// Accepts connections and owns them all, for the connection limit and a
/// clean shutdown. Runs on the single I/O thread.
class listener {
public:
  listener(boost::asio::io_context& io, caf::actor_system& sys,
           const server_config& cfg, const session_settings& settings,
           access_log& log);

  /// Binds and listens; throws std::system_error when it cannot.
  void open();

  /// The bound port (the real one when 0 was asked for).
  std::uint16_t port() const;

  /// Starts accepting.
  void start();

  /// Stops accepting, lets in-flight requests finish (up to the grace
  /// period), then closes every connection so the I/O loop ends.
  void shutdown();

  const server_config& config() const { return cfg_; }
  caf::actor_system& system() { return sys_; }
  const session_settings& settings() const { return settings_; }
  access_log& log() { return log_; }
  clock_cache& clock() { return clock_; }

  /// Forgets a closed connection.
  void remove(connection* conn);

private:
  void accept();
  void reject(boost::asio::ip::tcp::socket socket);
  void schedule_log_flush();

  caf::actor_system& sys_;
  const server_config& cfg_;
  const session_settings& settings_;
  access_log& log_;
  clock_cache clock_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer log_timer_;
  boost::asio::steady_timer grace_timer_;
  boost::asio::steady_timer backoff_timer_;
  std::unordered_map<connection*, std::weak_ptr<connection>> connections_;
  bool stopping_ = false;
};

} // namespace srv
