#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/storage.hpp"
#include "actors/stored_state.hpp"
#include "actors/type_ids.hpp"

namespace actors {

/// Owns the database connection: writes batches (one transaction and one
/// sync each) and loads the whole state. A failed write answers with
/// inventory_errc::storage_unavailable and a message.
using storage_actor
  = caf::typed_actor<caf::replies_to<store_atom, write_batch>::with<bool>,
                     caf::replies_to<load_state_atom>::with<stored_state>>;

/// Spawns a storage actor over `db`; `detached` gives it its own thread, so
/// syncing never blocks a scheduler worker.
storage_actor spawn_storage_actor(caf::actor_system& sys,
                                  std::shared_ptr<storage> db, bool detached);

} // namespace actors
