#include "actors/storage_actor.hpp"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/caf_errors.hpp"

namespace actors {

namespace {

storage_actor::behavior_type storage_impl(storage_actor::pointer,
                                          std::shared_ptr<storage> db) {
  return {
    [db](store_atom, const write_batch& batch) -> caf::result<bool> {
      if (auto written = db->write(batch); !written)
        return to_error(written.error());
      return true;
    },
    [db](load_state_atom) -> caf::result<stored_state> {
      auto state = db->load();
      if (!state)
        return to_error(state.error());
      return std::move(*state);
    },
  };
}

} // namespace

storage_actor spawn_storage_actor(caf::actor_system& sys,
                                  std::shared_ptr<storage> db, bool detached) {
  if (detached)
    return sys.spawn<caf::detached>(storage_impl, std::move(db));
  return sys.spawn(storage_impl, std::move(db));
}

} // namespace actors
