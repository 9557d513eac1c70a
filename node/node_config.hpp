#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include <caf/fwd.hpp>

#include "base/expected.hpp"
#include "node/store_actor.hpp"

namespace node {

/// How nodes talk to each other (both kinds use the same values).
struct node_settings {
  /// BASP heartbeats, and how long a link may stay silent before it counts
  /// as lost. Both sides need both: a timeout on one side only cuts healthy
  /// idle peers that send no heartbeats.
  std::chrono::milliseconds heartbeat{1000};
  std::chrono::milliseconds timeout{5000};
  /// PEM files for mutually authenticated TLS between nodes (caf_openssl's
  /// certificate mode): this node's certificate and key, and the private CA
  /// whose certificates the peers must present. All empty: plain BASP.
  std::string cert;
  std::string key;
  std::string ca;

  bool tls() const { return !cert.empty(); }
};

/// Every node's application identifier: a peer with another one (another
/// program, or another version) is refused in the BASP handshake.
std::string app_identifier();

/// Registers every type that crosses nodes (one place for both kinds of
/// node), loads the middleman (and, with TLS, caf_openssl in certificate
/// mode) and sets the heartbeat, the timeout and the identifier.
void configure_node(caf::actor_system_config& cfg, const node_settings& s);

/// Publishes `store` on `host`:`port` (0: a free port) with address reuse,
/// over TLS when `tls`; the bound port, or the error line to print.
base::expected<std::uint16_t, std::string>
publish_store(const store_actor& store, const std::string& host,
              std::uint16_t port, bool tls);

} // namespace node
