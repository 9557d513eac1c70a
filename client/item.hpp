#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/expected.hpp"
#include "xmlrpc/value.hpp"

namespace client {

/// One item as a server reports it.
struct item {
  std::int32_t id = 0;
  std::string name;
  std::int64_t quantity = 0;
  std::int64_t version = 0; ///< 0 when the server reports none

  friend bool operator==(const item& x, const item& y) {
    return x.id == y.id && x.name == y.name && x.quantity == y.quantity
           && x.version == y.version;
  }
};

/// An inventory.* Item struct ({id, name, quantity[, version]}), or what
/// is wrong with it.
base::expected<item, std::string> item_of(const xmlrpc::value& x);

/// get_all_items' struct (`{"1": {name, quantity}, ...}`) as items in id
/// order, or what is wrong with it (a key that is not a decimal id, an
/// entry without a name or an integer quantity).
base::expected<std::vector<item>, std::string>
rows_of_all_items(const xmlrpc::value& x);

/// get_item's seed reply `Product ID: {id}, Name: {name}, Quantity: {q}`
/// (a trailing newline allowed) as an item; nothing for any other text,
/// such as not-found. The name may hold anything, `, Quantity: ` included.
std::optional<item> item_of_seed_text(std::string_view text);

/// add_item's seed reply `Product added with ID {id}` (a trailing newline
/// allowed) as the id; nothing for any other text.
std::optional<std::int32_t> id_of_added_text(std::string_view text);

/// `Product ID: {id}, Name: {name}, Quantity: {q}`, the name escaped.
std::string render_row(const item& row);

} // namespace client
