#pragma once

// The CAF type IDs of the inventory's protocol and of its storage: every
// type and atom these actors exchange. (The HTTP layer has a block of its
// own for the hand-off to session actors, http/type_ids.hpp.) Atom texts
// have at most 10 characters, and names avoid CAF's own add_atom, get_atom,
// delete_atom.

#include <cstdint>
#include <string>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/make_message.hpp>
#include <caf/type_id.hpp>

#include "actors/errors.hpp"
#include "actors/idempotency.hpp"
#include "actors/item.hpp"
#include "actors/stored_state.hpp"

// clang-format off
CAF_BEGIN_TYPE_ID_BLOCK(inventory, caf::first_custom_type_id)

  CAF_ADD_TYPE_ID(inventory, (actors::item))
  CAF_ADD_TYPE_ID(inventory, (std::vector<actors::item>))
  CAF_ADD_TYPE_ID(inventory, (actors::adjustment))
  CAF_ADD_TYPE_ID(inventory, (std::vector<actors::adjustment>))
  CAF_ADD_TYPE_ID(inventory, (actors::inventory_snapshot))
  CAF_ADD_TYPE_ID(inventory, (actors::inventory_errc))
  CAF_ADD_TYPE_ID(inventory, (actors::write_batch))
  CAF_ADD_TYPE_ID(inventory, (actors::stored_state))
  CAF_ADD_TYPE_ID(inventory, (actors::idempotency_key))
  CAF_ADD_TYPE_ID(inventory, (actors::change_request))
  CAF_ADD_TYPE_ID(inventory, (actors::change_outcome))

  /// Adds an item: (name, quantity) -> item.
  CAF_ADD_ATOM(inventory, actors, add_item_atom, "add_item")
  /// Reads one item: (id) -> item.
  CAF_ADD_ATOM(inventory, actors, get_item_atom, "get_item")
  /// Sets a quantity: (id, quantity, expected version or 0) -> item.
  CAF_ADD_ATOM(inventory, actors, set_quantity_atom, "set_qty")
  /// Adds a delta to a quantity: (id, delta) -> item.
  CAF_ADD_ATOM(inventory, actors, adjust_atom, "adjust")
  /// Adjusts several items all or nothing: (adjustments) -> items.
  CAF_ADD_ATOM(inventory, actors, adjust_many_atom, "adjust_n")
  /// Removes an item: (id) -> true.
  CAF_ADD_ATOM(inventory, actors, remove_item_atom, "rm_item")
  /// A page of items: (after id, limit) -> items.
  CAF_ADD_ATOM(inventory, actors, list_atom, "list")
  /// The number of items: () -> count.
  CAF_ADD_ATOM(inventory, actors, count_atom, "count")
  /// Every item, shared in memory: () -> snapshot.
  CAF_ADD_ATOM(inventory, actors, snapshot_atom, "snapshot")
  /// A page of one snapshot, for other nodes: (cursor or 0 for a new
  /// snapshot, after id, limit) -> (cursor, items).
  CAF_ADD_ATOM(inventory, actors, all_items_atom, "all_items")
  /// A change made at most once per key: (key, change) -> outcome.
  CAF_ADD_ATOM(inventory, actors, keyed_atom, "keyed")
  /// Writes a batch of changes, keys and the id counter: -> true once
  /// durable.
  CAF_ADD_ATOM(inventory, actors, store_atom, "store")
  /// Reads the whole database: () -> stored state.
  CAF_ADD_ATOM(inventory, actors, load_state_atom, "load_state")

CAF_END_TYPE_ID_BLOCK(inventory)
// clang-format on

// These share memory within one process and never cross a network.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::inventory_snapshot)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::write_batch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::stored_state)

CAF_ERROR_CODE_ENUM(actors::inventory_errc, "inventory")
