#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "actors/errors.hpp"
#include "actors/item.hpp"

namespace actors {

/// The inventory's data and rules, free of actors: ids start at 1 and are
/// never reused, quantities never go below 0, every change bumps a version.
class inventory {
public:
  result<item> add(std::string name, std::int32_t quantity);
  result<item> get(std::int32_t id) const;
  /// `expected_version` 0 means "any version".
  result<item> set_quantity(std::int32_t id, std::int32_t quantity,
                            std::int32_t expected_version);
  result<item> adjust(std::int32_t id, std::int32_t delta);
  /// All or nothing: either every adjustment applies or none does.
  result<std::vector<item>> adjust_many(const std::vector<adjustment>& xs);
  result<bool> remove(std::int32_t id);
  /// Up to `limit` items with an id above `after_id`, in id order.
  std::vector<item> list(std::int32_t after_id, std::int32_t limit) const;
  std::int32_t count() const;
  /// All items; shared until the next change, so repeated reads are free.
  inventory_snapshot snapshot() const;

  std::int32_t next_id() const { return next_id_; }

  /// Replaces everything with `items` (in id order) and the id counter.
  void restore(const std::vector<item>& items, std::int32_t next_id);

private:
  item& touch(item& x);

  std::map<std::int32_t, item> items_;
  std::int32_t next_id_ = 1;
  mutable std::shared_ptr<const std::vector<item>> snapshot_;
};

} // namespace actors
