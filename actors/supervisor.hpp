#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/inventory_actor.hpp"
#include "actors/storage.hpp"

namespace actors {

/// Where sessions find the current inventory actor; the supervisor replaces
/// it after a restart. The lock guards the handle, never inventory data.
class inventory_ref {
public:
  /// Bumped on every replacement; cheap to poll.
  std::uint64_t generation() const {
    return generation_.load(std::memory_order_acquire);
  }

  inventory_actor get() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return current_;
  }

  void set(inventory_actor x) {
    std::lock_guard<std::mutex> guard{mtx_};
    current_ = std::move(x);
    generation_.fetch_add(1, std::memory_order_acq_rel);
  }

private:
  mutable std::mutex mtx_;
  inventory_actor current_;
  std::atomic<std::uint64_t> generation_{0};
};

/// What the supervisor starts from.
struct supervisor_options {
  /// The open database; none keeps everything in memory only.
  std::shared_ptr<storage> db;
  /// The state loaded at startup.
  stored_state initial;
  std::shared_ptr<commit_stats> stats = std::make_shared<commit_stats>();
  /// What its actors count into; none counts nothing.
  std::shared_ptr<actor_metrics> metrics;
  /// How idempotency keys are kept (the reader comes from `db`).
  key_options keys;
  /// Give the storage actor its own thread (off in deterministic tests).
  bool detached_storage = true;
  /// Tests only: passed to every inventory actor it spawns (see
  /// inventory_options::test_hook).
  std::function<void(std::string_view)> test_hook;
};

/// Spawns the supervisor: it starts the storage and inventory actors, watches
/// them, and when one dies restarts it from the database (a dead storage
/// actor takes its inventory actor along); `ref` always names the live
/// inventory actor. Callers of requests lost with a dead actor get errors.
/// Stopping the supervisor stops both. `get_atom` asks it for the live
/// storage actor (as caf::actor).
caf::actor spawn_supervisor(caf::actor_system& sys, supervisor_options opts,
                            std::shared_ptr<inventory_ref> ref);

} // namespace actors
