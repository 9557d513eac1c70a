#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/actor_metrics.hpp"
#include "actors/idempotency.hpp"
#include "actors/inventory.hpp"
#include "actors/storage.hpp"
#include "actors/storage_actor.hpp"
#include "actors/type_ids.hpp"

namespace actors {

/// The only way to the inventory's data. Domain failures come back as
/// `caf::error`s of category inventory_errc.
using inventory_actor = caf::typed_actor<
  caf::replies_to<add_item_atom, std::string, std::int32_t>::with<item>,
  caf::replies_to<get_item_atom, std::int32_t>::with<item>,
  // id, quantity, expected version (0: any)
  caf::replies_to<set_quantity_atom, std::int32_t, std::int32_t,
                  std::int32_t>::with<item>,
  caf::replies_to<adjust_atom, std::int32_t, std::int32_t>::with<item>,
  caf::replies_to<adjust_many_atom,
                  std::vector<adjustment>>::with<std::vector<item>>,
  caf::replies_to<remove_item_atom, std::int32_t>::with<bool>,
  // A change made once per key; a retry gets the first answer, replayed.
  // Domain failures are outcomes (they are replayed too); a reused key or a
  // failure to retry (storage, internal) is an error.
  caf::replies_to<keyed_atom, idempotency_key,
                  change_request>::with<change_outcome>,
  caf::replies_to<list_atom, std::int32_t,
                  std::int32_t>::with<std::vector<item>>,
  caf::replies_to<count_atom>::with<std::int32_t>,
  caf::replies_to<snapshot_atom>::with<inventory_snapshot>>;

/// Group-commit counters, readable from any thread.
struct commit_stats {
  /// Transactions written.
  std::atomic<std::uint64_t> transactions{0};
  /// Item rows written by them.
  std::atomic<std::uint64_t> rows{0};
  /// Changing requests whose change they carried.
  std::atomic<std::uint64_t> requests{0};
};

/// How idempotency keys are kept.
struct key_options {
  /// How long a key is honoured after its first answer.
  std::chrono::milliseconds ttl = std::chrono::hours{24};
  /// Keys kept in memory once answered: a cache in front of the database
  /// or, in memory only, every key there is (the oldest go first).
  std::size_t cache_size = 100000;
  /// Key lookups in the database; none in memory only.
  std::shared_ptr<key_reader> reader;
  /// The time now as Unix milliseconds; tests set their own.
  std::function<std::int64_t()> clock;
};

/// Settings of an inventory actor.
struct inventory_options {
  /// Tests only: called with the operation's name before each handler
  /// runs, so a test can make a handler throw.
  std::function<void(std::string_view)> test_hook;
  /// Where changes become durable; none keeps everything in memory only.
  storage_actor storage;
  /// The state to start from (loaded from the database).
  stored_state initial;
  std::shared_ptr<commit_stats> stats = std::make_shared<commit_stats>();
  /// What to count into; none counts nothing.
  std::shared_ptr<actor_metrics> metrics;
  key_options keys;
};

/// Spawns the inventory actor. With a storage actor, a change is answered
/// only once it is durable; changes waiting at the same moment share one
/// transaction (group commit). A keyed change is answered once, and its
/// answer is kept (with the change, in the same transaction) for every
/// retry within the key's lifetime; a retry while the first is still
/// waiting for the disk waits with it. Reads never wait for the disk. A
/// handler that throws answers with inventory_errc::internal and the actor
/// and its data live on.
inventory_actor spawn_inventory_actor(caf::actor_system& sys,
                                      inventory_options opts = {});

} // namespace actors
