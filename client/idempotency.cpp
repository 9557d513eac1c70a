#include "client/idempotency.hpp"

#include <algorithm>
#include <array>

namespace client {

bool changes_data(std::string_view method) {
  constexpr std::array<std::string_view, 8> changing{
    "add_item",
    "update_item",
    "delete_item",
    "inventory.add",
    "inventory.set_quantity",
    "inventory.adjust",
    "inventory.adjust_many",
    "inventory.delete",
  };
  return std::find(changing.begin(), changing.end(), method) != changing.end();
}

} // namespace client
