#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "actors/errors.hpp"
#include "actors/item.hpp"

namespace inv {

/// A domain error and the id of the item it concerns (0: none).
struct failure {
  inventory_errc code;
  std::int32_t id = 0;
};

/// A value of type T or the domain error that prevented it.
template <class T>
class outcome {
public:
  outcome(T x) : data_(std::move(x)) {}
  outcome(failure x) : data_(x) {}
  bool ok() const noexcept { return data_.index() == 0; }
  T& operator*() { return std::get<0>(data_); }
  const T& operator*() const { return std::get<0>(data_); }
  const T* operator->() const { return &std::get<0>(data_); }
  const failure& error() const { return std::get<1>(data_); }

private:
  std::variant<T, failure> data_;
};

/// The inventory's data and rules, free of actors: ids start at 1 and are
/// never reused, quantities never go below 0, every change bumps a version.
class inventory {
public:
  outcome<item> add(std::string name, std::int32_t quantity);
  outcome<item> get(std::int32_t id) const;
  /// `expected_version` 0 means "any version".
  outcome<item> set_quantity(std::int32_t id, std::int32_t quantity,
                             std::int32_t expected_version);
  outcome<item> adjust(std::int32_t id, std::int32_t delta);
  /// All or nothing: either every adjustment applies or none does.
  outcome<std::vector<item>> adjust_many(const std::vector<adjustment>& xs);
  outcome<bool> remove(std::int32_t id);
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

} // namespace inv
