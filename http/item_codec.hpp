#pragma once

#include <string>

#include "actors/item.hpp"
#include "xmlrpc/value.hpp"

namespace srv {

/// An Item struct: {id, name, quantity, version}.
xmlrpc::value to_value(const inv::item& x);

/// get_all_items' reply as a value tree: {"<id>": {name, quantity}, ...}.
xmlrpc::value to_value(const inv::inventory_snapshot& x);

/// Appends get_all_items' complete methodResponse to `out`, streamed
/// straight from the snapshot without building a value tree.
void write_all_items(std::string& out, const inv::inventory_snapshot& x);

} // namespace srv
