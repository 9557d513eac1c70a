#include "node/node_config.hpp"

#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/io/middleman.hpp>
#include <caf/io/publish.hpp>
#include <caf/openssl/manager.hpp>
#include <caf/openssl/publish.hpp>

#include "node/type_ids.hpp"

namespace node {

std::string app_identifier() {
  return std::string{"inventory-service-"} + INVENTORY_VERSION;
}

void configure_node(caf::actor_system_config& cfg, const node_settings& s) {
  cfg.add_message_types<caf::id_block::node>();
  cfg.load<caf::io::middleman>();
  cfg.set("middleman.heartbeat-interval", caf::timespan{s.heartbeat});
  cfg.set("middleman.connection-timeout", caf::timespan{s.timeout});
  cfg.set("middleman.app-identifiers",
          std::vector<std::string>{app_identifier()});
  if (s.tls()) {
    // Any openssl key set means certificate mode (mutual TLS): without one
    // caf_openssl falls back to anonymous, unauthenticated TLS.
    cfg.openssl_certificate = s.cert;
    cfg.openssl_key = s.key;
    cfg.openssl_cafile = s.ca;
    cfg.load<caf::openssl::manager>();
  }
}

base::expected<std::uint16_t, std::string>
publish_store(const store_actor& store, const std::string& host,
              std::uint16_t port, bool tls) {
  auto bound = tls ? caf::openssl::publish(store, port, host.c_str(), true)
                   : caf::io::publish(store, port, host.c_str(), true);
  if (!bound)
    return base::unexpected{host + ":" + std::to_string(port)
                            + ": cannot publish the store ("
                            + store.home_system().render(bound.error()) + ")"};
  return *bound;
}

} // namespace node
