#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "actors/stored_state.hpp"

namespace actors {

/// Group commit without actors: the changes waiting for the next
/// transaction (the last state per item), the idempotency keys answered
/// with them, and the callers waiting for them.
/// One batch is written at a time; whatever arrives meanwhile goes into the
/// next one. `Waiter` is whatever answers a caller.
template <class Waiter>
class commit_queue {
public:
  /// A batch to write, and how many callers wait for it.
  struct batch {
    std::vector<change> changes;
    std::vector<key_row> keys;
    std::size_t waiters = 0;
  };

  /// Records a change for the next batch; a later change of the same item
  /// replaces it.
  void record(change x) {
    auto id = x.id;
    pending_[id] = std::move(x);
  }

  /// Records a key for the next batch.
  void record_key(key_row x) { pending_keys_.push_back(std::move(x)); }

  /// Adds a caller to be answered once the changes recorded so far are
  /// durable.
  void wait(Waiter x) { pending_waiters_.push_back(std::move(x)); }

  /// Starts the next batch: none while one is being written or nothing
  /// waits.
  bool next_batch(batch& out) {
    if (writing_ || (pending_.empty() && pending_keys_.empty()))
      return false;
    out.changes.clear();
    out.changes.reserve(pending_.size());
    for (auto& kvp : pending_)
      out.changes.push_back(std::move(kvp.second));
    pending_.clear();
    out.keys = std::move(pending_keys_);
    pending_keys_.clear();
    writing_waiters_ = std::move(pending_waiters_);
    pending_waiters_.clear();
    out.waiters = writing_waiters_.size();
    writing_ = true;
    return true;
  }

  /// The batch being written is durable: the callers to acknowledge.
  std::vector<Waiter> written() {
    writing_ = false;
    auto done = std::move(writing_waiters_);
    writing_waiters_.clear();
    return done;
  }

  /// The batch being written failed: nothing waiting may be acknowledged,
  /// so every caller (of that batch and of the next) is returned to be
  /// failed, and every pending change is dropped.
  std::vector<Waiter> failed() {
    writing_ = false;
    auto all = std::move(writing_waiters_);
    writing_waiters_.clear();
    for (auto& x : pending_waiters_)
      all.push_back(std::move(x));
    pending_waiters_.clear();
    pending_.clear();
    pending_keys_.clear();
    return all;
  }

  bool writing() const { return writing_; }

  /// Changes and keys recorded for the next batch.
  std::size_t pending() const { return pending_.size() + pending_keys_.size(); }

private:
  std::map<std::int32_t, change> pending_;
  std::vector<key_row> pending_keys_;
  std::vector<Waiter> pending_waiters_;
  std::vector<Waiter> writing_waiters_;
  bool writing_ = false;
};

} // namespace actors
