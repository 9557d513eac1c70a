#pragma once

#include <atomic>
#include <memory>

#include "metrics/instruments.hpp"
#include "metrics/registry.hpp"

namespace actors {

/// What the inventory, its storage and their supervisor count, when the
/// server has a metrics listener (else nobody holds one).
struct actor_metrics {
  /// Changes per group-commit transaction.
  metrics::histogram* commit_batch = nullptr;
  /// From handing a batch to the storage actor to its answer.
  metrics::histogram* commit_duration = nullptr;
  metrics::counter* storage_failures = nullptr;
  metrics::counter* inventory_restarts = nullptr;
  metrics::counter* storage_restarts = nullptr;
  /// Messages queued in the inventory actor's mailbox, sampled by the
  /// actor itself whenever it handles a request (so 0 once it is idle).
  metrics::gauge* mailbox_depth = nullptr;
  /// Items the inventory holds, set after each change.
  metrics::gauge* items = nullptr;
  /// Set while the last batch failed (storage unavailable), for /health.
  std::atomic<bool> storage_failing{false};
  /// Set while no inventory actor is alive (between a death and its
  /// restart), for /health.
  std::atomic<bool> restarting{false};

  /// Registers every instrument in `r` (which must outlive the result).
  static std::shared_ptr<actor_metrics> make(metrics::registry& r);
};

} // namespace actors
