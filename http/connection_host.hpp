#pragma once

#include <memory>
#include <string>

#include "http/access_log.hpp"
#include "http/listener_config.hpp"
#include "http/response.hpp"
#include "rpc/pending_call.hpp"

namespace http {

/// Where a connection sends its calls: one per connection, so calls stay in
/// order. Destroying it stops whatever serves them; a call still in flight
/// then gets no reply.
class call_handler {
public:
  virtual ~call_handler() = default;
  /// Serves `call`; its reply_ready() comes later, from any thread.
  virtual void handle(std::shared_ptr<rpc::pending_call> call) = 0;
};

class authenticator;
class http_metrics;

/// What the listener may do to any of its connections.
class connection_control {
public:
  virtual ~connection_control() = default;
  /// Finishes the request in progress, if any, then closes.
  virtual void shutdown() = 0;
  /// Closes at once (shutdown grace expired).
  virtual void abort() = 0;
};

/// What a connection needs from the listener that accepted it.
class connection_host {
public:
  virtual ~connection_host() = default;
  virtual const listener_config& config() const = 0;
  virtual access_log& log() = 0;
  virtual clock_cache& clock() = 0;
  /// The server's users, or nullptr when it has none (anyone may do
  /// anything).
  virtual authenticator* authentication() = 0;
  /// What connections count into, or nullptr (no metrics).
  virtual const http_metrics* counts() { return nullptr; }
  /// A handler for the calls of one new connection.
  virtual std::unique_ptr<call_handler> open_calls() = 0;
  /// Forgets a closed connection (`id` as it was announced to the host).
  virtual void remove(const void* id) = 0;
  /// Puts `next` in the place of the connection `id` (a TLS detector that
  /// found TLS); `keep` is owned as long as `next` is tracked.
  virtual void replace(const void* id, std::shared_ptr<connection_control> next,
                       std::shared_ptr<void> keep)
    = 0;
};

} // namespace http
