#pragma once

#include <chrono>
#include <memory>

namespace actors {
class inventory_ref;
} // namespace actors

namespace rpc {

/// Where the inventory actor is and how long it may take to answer.
struct actor_port_settings {
  /// The live inventory actor (it changes after a restart).
  std::shared_ptr<actors::inventory_ref> inventory;
  std::chrono::milliseconds request_timeout{5000};
};

} // namespace rpc
