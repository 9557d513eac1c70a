#pragma once

#include <optional>
#include <string>
#include <vector>

#include "xmlrpc/value.hpp"

namespace cli {

/// One row of get_all_items' reply.
struct listed_item {
  long long id = 0;
  std::string name;
  std::string quantity;
};

/// get_all_items' struct as rows in numeric id order; nothing when the
/// reply does not have that shape.
std::optional<std::vector<listed_item>>
rows_of_all_items(const xmlrpc::value& x);

/// `Product ID: {id}, Name: {name}, Quantity: {q}`.
std::string render_row(const listed_item& row);

/// `x` as JSON text (structs keep their member order).
std::string to_json(const xmlrpc::value& x, bool pretty = false);

/// `x` for people: strings as they are, everything else as JSON.
std::string to_text(const xmlrpc::value& x);

} // namespace cli
