#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace actors {

/// One product line. `version` starts at 1 and grows by one per change.
struct item {
  std::int32_t id = 0;
  std::string name;
  std::int32_t quantity = 0;
  std::int32_t version = 0;

  friend bool operator==(const item& x, const item& y) {
    return x.id == y.id && x.name == y.name && x.quantity == y.quantity
           && x.version == y.version;
  }
};

/// A change of one item's quantity by `delta`.
struct adjustment {
  std::int32_t id = 0;
  std::int32_t delta = 0;
};

/// All items in id order at one moment; shared, never modified.
struct inventory_snapshot {
  std::shared_ptr<const std::vector<item>> items;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, item& x) {
  return f(x.id, x.name, x.quantity, x.version);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, adjustment& x) {
  return f(x.id, x.delta);
}

} // namespace actors
