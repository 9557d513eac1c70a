#pragma once

#include <string>

#include "actors/item.hpp"
#include "xmlrpc/value.hpp"

namespace rpc {

/// An Item struct: {id, name, quantity, version}.
xmlrpc::value item_struct(const actors::item& x);

/// get_all_items' reply as a value tree: {"<id>": {name, quantity}, ...}.
xmlrpc::value all_items_struct(const actors::inventory_snapshot& x);

/// Appends get_all_items' complete methodResponse to `out`, streamed
/// straight from the snapshot without building a value tree.
void write_all_items(std::string& out, const actors::inventory_snapshot& x);

} // namespace rpc
