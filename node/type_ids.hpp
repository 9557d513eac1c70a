#pragma once

// The CAF type IDs of the node layer: what a gateway's link actor sends
// itself. They follow the inventory's block; the HTTP layer's follows this.

#include <caf/atom.hpp>
#include <caf/type_id.hpp>

#include "actors/type_ids.hpp"

// clang-format off
CAF_BEGIN_TYPE_ID_BLOCK(node, caf::id_block::inventory::end)

  /// Try connecting to the store again: ().
  CAF_ADD_ATOM(node, node, reconnect_atom, "reconnect")

CAF_END_TYPE_ID_BLOCK(node)
// clang-format on
