#pragma once

#include <memory>

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

/// What a connection needs from the listener that accepted it.
class connection_host {
public:
  virtual ~connection_host() = default;
  virtual const listener_config& config() const = 0;
  virtual access_log& log() = 0;
  virtual clock_cache& clock() = 0;
  /// A handler for the calls of one new connection.
  virtual std::unique_ptr<call_handler> open_calls() = 0;
  /// Forgets a closed connection (`id` as it was announced to the host).
  virtual void remove(const void* id) = 0;
};

} // namespace http
