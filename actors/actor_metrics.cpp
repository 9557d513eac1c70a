#include "actors/actor_metrics.hpp"

namespace actors {

std::shared_ptr<actor_metrics> actor_metrics::make(metrics::registry& r) {
  auto m = std::make_shared<actor_metrics>();
  m->commit_batch = &r.make_histogram(
    "inventory_commit_batch_size",
    "Changes written per group-commit transaction.", metrics::size_bounds());
  m->commit_duration
    = &r.make_histogram("inventory_commit_duration_seconds",
                        "Time to make one group-commit transaction durable.",
                        metrics::latency_bounds());
  m->storage_failures
    = &r.make_counter("inventory_storage_failures_total",
                      "Group-commit transactions the storage could not write.");
  const char* restarts_help = "Actors the supervisor restarted after a death.";
  m->inventory_restarts = &r.make_counter(
    "inventory_actor_restarts_total", restarts_help, {{"actor", "inventory"}});
  m->storage_restarts = &r.make_counter("inventory_actor_restarts_total",
                                        restarts_help, {{"actor", "storage"}});
  m->mailbox_depth = &r.make_gauge(
    "inventory_actor_mailbox_depth",
    "Messages waiting in the inventory actor's mailbox (sampled).");
  m->items = &r.make_gauge("inventory_items", "Items the inventory holds.");
  return m;
}

} // namespace actors
