#include "rpc/method_table.hpp"

#include <algorithm>

namespace rpc {

const std::vector<method_info>& method_table() {
  static const std::vector<method_info> table = [] {
    std::vector<method_info> all;
    for (auto&& part : {seed_methods(), inventory_methods(), system_methods()})
      all.insert(all.end(), part.begin(), part.end());
    std::sort(all.begin(), all.end(),
              [](const auto& x, const auto& y) { return x.name < y.name; });
    return all;
  }();
  return table;
}

const method_info* find_method(std::string_view name) {
  const auto& table = method_table();
  auto i = std::lower_bound(
    table.begin(), table.end(), name,
    [](const method_info& x, std::string_view key) { return x.name < key; });
  return i != table.end() && i->name == name ? &*i : nullptr;
}

} // namespace rpc
