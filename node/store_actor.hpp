#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/idempotency.hpp"
#include "actors/item.hpp"
#include "actors/type_ids.hpp"

namespace actors {
class inventory_ref;
} // namespace actors

namespace node {

/// The inventory as other nodes see it: the inventory actor's protocol with
/// only types that can cross a network (no shared snapshot), plus paging
/// through a snapshot. The store node publishes one of these; it stays the
/// same while the supervisor restarts the inventory actor behind it.
using store_actor = caf::typed_actor<
  caf::replies_to<actors::add_item_atom, std::string,
                  std::int32_t>::with<actors::item>,
  caf::replies_to<actors::get_item_atom, std::int32_t>::with<actors::item>,
  caf::replies_to<actors::set_quantity_atom, std::int32_t, std::int32_t,
                  std::int32_t>::with<actors::item>,
  caf::replies_to<actors::adjust_atom, std::int32_t,
                  std::int32_t>::with<actors::item>,
  caf::replies_to<actors::adjust_many_atom, std::vector<actors::adjustment>>::
    with<std::vector<actors::item>>,
  caf::replies_to<actors::remove_item_atom, std::int32_t>::with<bool>,
  caf::replies_to<actors::keyed_atom, actors::idempotency_key,
                  actors::change_request>::with<actors::change_outcome>,
  caf::replies_to<actors::list_atom, std::int32_t,
                  std::int32_t>::with<std::vector<actors::item>>,
  caf::replies_to<actors::count_atom>::with<std::int32_t>,
  // cursor (0: take a new snapshot), after id, limit -> cursor, items; a
  // page shorter than `limit` is the last one.
  caf::replies_to<actors::all_items_atom, std::uint64_t, std::int32_t,
                  std::int32_t>::with<std::uint64_t,
                                      std::vector<actors::item>>>;

/// How long an unfinished snapshot is kept for its next page, and how many
/// are kept at most (the oldest goes first).
struct store_facade_options {
  std::chrono::seconds cursor_lifetime{30};
  std::size_t max_cursors = 64;
};

/// Spawns the store node's published actor: it hands every request to the
/// live inventory actor (delegating, so the answer goes straight back to
/// the remote caller) and serves snapshot pages itself, so a large
/// get_all_items never occupies the inventory actor.
store_actor spawn_store_facade(caf::actor_system& sys,
                               std::shared_ptr<actors::inventory_ref> inventory,
                               store_facade_options opts = {});

} // namespace node
