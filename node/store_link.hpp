#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "node/store_ref.hpp"

namespace node {

/// How a gateway reaches its store.
struct store_link_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4242;
  /// The link is mutually authenticated TLS (caf_openssl's certificate
  /// mode); otherwise plain BASP, allowed only to a loopback store.
  bool tls = false;
  /// Time one connection attempt may take.
  std::chrono::milliseconds connect_timeout{2000};
  /// Backoff between attempts: the first, and the most.
  std::chrono::milliseconds first_retry{50};
  std::chrono::milliseconds max_retry{500};
};

/// Spawns the gateway's link to the store: it connects (asynchronously,
/// with the timeout), checks that the peer publishes a store_actor,
/// monitors it, and publishes the handle in `ref`. When the store is lost
/// it clears `ref` at once and reconnects with backoff and jitter, refusing
/// the stale handle the middleman may hand back. Each change is one log
/// line: `store HOST:PORT: connected`, `lost (...)`, `reconnected`.
caf::actor spawn_store_link(caf::actor_system& sys, store_link_options opts,
                            std::shared_ptr<store_ref> ref);

} // namespace node
