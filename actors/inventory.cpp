#include "actors/inventory.hpp"

#include <limits>

namespace actors {

namespace {

constexpr std::int64_t max_quantity = std::numeric_limits<std::int32_t>::max();

} // namespace

item& inventory::touch(item& x) {
  ++x.version;
  snapshot_.reset();
  return x;
}

result<item> inventory::add(std::string name, std::int32_t quantity) {
  if (quantity < 0 || name.empty())
    return failure{inventory_errc::invalid_argument};
  if (next_id_ == std::numeric_limits<std::int32_t>::max())
    return failure{inventory_errc::ids_exhausted};
  auto id = next_id_;
  auto& x = items_[id];
  x = item{id, std::move(name), quantity, 1};
  ++next_id_;
  snapshot_.reset();
  return x;
}

result<item> inventory::get(std::int32_t id) const {
  auto i = items_.find(id);
  if (i == items_.end())
    return failure{inventory_errc::not_found, id};
  return i->second;
}

result<item> inventory::set_quantity(std::int32_t id, std::int32_t quantity,
                                     std::int32_t expected_version) {
  if (quantity < 0)
    return failure{inventory_errc::invalid_argument};
  auto i = items_.find(id);
  if (i == items_.end())
    return failure{inventory_errc::not_found, id};
  if (expected_version != 0 && expected_version != i->second.version)
    return failure{inventory_errc::version_conflict, id};
  i->second.quantity = quantity;
  return touch(i->second);
}

result<item> inventory::adjust(std::int32_t id, std::int32_t delta) {
  auto i = items_.find(id);
  if (i == items_.end())
    return failure{inventory_errc::not_found, id};
  auto next = std::int64_t{i->second.quantity} + delta;
  if (next < 0)
    return failure{inventory_errc::insufficient_stock, id};
  if (next > max_quantity)
    return failure{inventory_errc::quantity_overflow, id};
  i->second.quantity = static_cast<std::int32_t>(next);
  return touch(i->second);
}

result<std::vector<item>>
inventory::adjust_many(const std::vector<adjustment>& xs) {
  // Check the whole batch against running totals first, then apply it.
  std::map<std::int32_t, std::int64_t> totals;
  for (const auto& x : xs) {
    auto i = items_.find(x.id);
    if (i == items_.end())
      return failure{inventory_errc::not_found, x.id};
    auto [pos, added] = totals.emplace(x.id, i->second.quantity);
    pos->second += x.delta;
    if (pos->second < 0)
      return failure{inventory_errc::insufficient_stock, x.id};
    if (pos->second > max_quantity)
      return failure{inventory_errc::quantity_overflow, x.id};
  }
  std::vector<item> result;
  result.reserve(xs.size());
  for (const auto& x : xs) {
    auto& it = items_.find(x.id)->second;
    it.quantity += x.delta;
    result.push_back(touch(it));
  }
  return result;
}

result<bool> inventory::remove(std::int32_t id) {
  if (items_.erase(id) == 0)
    return failure{inventory_errc::not_found, id};
  snapshot_.reset();
  return true;
}

std::vector<item> inventory::list(std::int32_t after_id,
                                  std::int32_t limit) const {
  std::vector<item> result;
  for (auto i = items_.upper_bound(after_id);
       i != items_.end() && result.size() < static_cast<std::size_t>(limit);
       ++i)
    result.push_back(i->second);
  return result;
}

std::int32_t inventory::count() const {
  return static_cast<std::int32_t>(items_.size());
}

void inventory::restore(const std::vector<item>& items, std::int32_t next_id) {
  items_.clear();
  for (const auto& x : items)
    items_.emplace_hint(items_.end(), x.id, x);
  next_id_ = next_id;
  snapshot_.reset();
}

inventory_snapshot inventory::snapshot() const {
  if (!snapshot_) {
    auto all = std::make_shared<std::vector<item>>();
    all->reserve(items_.size());
    for (const auto& kvp : items_)
      all->push_back(kvp.second);
    snapshot_ = std::move(all);
  }
  return inventory_snapshot{snapshot_};
}

} // namespace actors
