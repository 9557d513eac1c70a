#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>
#include <utility>

#include "actors/idempotency.hpp"

namespace actors {

/// The idempotency keys answered most recently, at most `capacity` of
/// them, oldest out first. With a database it saves a lookup for a quick
/// retry; in memory only it is all there is. Plain code.
class key_cache {
public:
  explicit key_cache(std::size_t capacity) : capacity_(capacity) {}

  /// The key `scope` names (principal and key), if held.
  const stored_key* find(const std::string& scope) const {
    auto i = index_.find(scope);
    return i == index_.end() ? nullptr : &i->second->second;
  }

  /// Holds `value` under `scope`, dropping the oldest key when full.
  void insert(const std::string& scope, stored_key value) {
    if (capacity_ == 0)
      return;
    if (auto i = index_.find(scope); i != index_.end()) {
      order_.erase(i->second);
      index_.erase(i);
    }
    order_.emplace_back(scope, std::move(value));
    index_.emplace(scope, std::prev(order_.end()));
    while (index_.size() > capacity_)
      drop_oldest();
  }

  /// Drops the keys created before `cutoff_ms` (Unix milliseconds).
  void expire(std::int64_t cutoff_ms) {
    while (!order_.empty() && order_.front().second.created_ms < cutoff_ms)
      drop_oldest();
  }

  std::size_t size() const { return index_.size(); }

private:
  void drop_oldest() {
    index_.erase(order_.front().first);
    order_.pop_front();
  }

  std::size_t capacity_;
  // Oldest first; keys arrive in time order, so this is also by age.
  std::list<std::pair<std::string, stored_key>> order_;
  std::unordered_map<std::string,
                     std::list<std::pair<std::string, stored_key>>::iterator>
    index_;
};

} // namespace actors
