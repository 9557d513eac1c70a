#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

namespace actors {
class inventory_ref;
} // namespace actors

namespace node {
class store_ref;
} // namespace node

namespace rpc {

class rpc_metrics;

/// Where a session's requests go, and how long they may take: the local
/// inventory actor (`inventory`), or, on a gateway, the store node
/// (`store`). Exactly one of the two is set.
struct actor_port_settings {
  /// The live inventory actor (it changes after a restart).
  std::shared_ptr<actors::inventory_ref> inventory;
  /// The gateway's link to the store node.
  std::shared_ptr<node::store_ref> store;
  std::chrono::milliseconds request_timeout{5000};
  /// Items per page when get_all_items crosses to the store node: about
  /// 250 KB, a millisecond or two on the link, so other requests on it
  /// wait no longer than that; 100,000 items take 20 round trips.
  std::int32_t page_size = 5000;
  /// What sessions count into; none counts nothing.
  std::shared_ptr<const rpc_metrics> metrics;
};

} // namespace rpc
