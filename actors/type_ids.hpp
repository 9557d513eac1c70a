#pragma once

// The one CAF type-ID block of the service: every type and atom that travels
// in a message. Atom texts have at most 10 characters, and names avoid CAF's
// own add_atom, get_atom, delete_atom.

#include <cstdint>
#include <string>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/type_id.hpp>

#include "actors/errors.hpp"
#include "actors/item.hpp"
#include "actors/storage.hpp"

// clang-format off
CAF_BEGIN_TYPE_ID_BLOCK(inventory, caf::first_custom_type_id)

  CAF_ADD_TYPE_ID(inventory, (inv::item))
  CAF_ADD_TYPE_ID(inventory, (std::vector<inv::item>))
  CAF_ADD_TYPE_ID(inventory, (inv::adjustment))
  CAF_ADD_TYPE_ID(inventory, (std::vector<inv::adjustment>))
  CAF_ADD_TYPE_ID(inventory, (inv::inventory_snapshot))
  CAF_ADD_TYPE_ID(inventory, (inv::inventory_errc))
CAF_ADD_TYPE_ID(inventory, (std::vector<inv::change>))
CAF_ADD_TYPE_ID(inventory, (inv::stored_state))

  CAF_ADD_ATOM(inventory, inv, add_item_atom, "add_item")
  CAF_ADD_ATOM(inventory, inv, get_item_atom, "get_item")
  CAF_ADD_ATOM(inventory, inv, set_qty_atom, "set_qty")
  CAF_ADD_ATOM(inventory, inv, adjust_atom, "adjust")
  CAF_ADD_ATOM(inventory, inv, adjust_n_atom, "adjust_n")
  CAF_ADD_ATOM(inventory, inv, del_item_atom, "del_item")
  CAF_ADD_ATOM(inventory, inv, list_atom, "list")
  CAF_ADD_ATOM(inventory, inv, count_atom, "count")
  CAF_ADD_ATOM(inventory, inv, snapshot_atom, "snapshot")
CAF_ADD_ATOM(inventory, inv, store_atom, "store")
CAF_ADD_ATOM(inventory, inv, load_state_atom, "load_state")

CAF_END_TYPE_ID_BLOCK(inventory)
// clang-format on

// These share memory within one process and never cross a network.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(inv::inventory_snapshot)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<inv::change>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(inv::stored_state)

CAF_ERROR_CODE_ENUM(inv::inventory_errc, "inventory")
