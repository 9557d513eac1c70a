#include "actors/storage_actor.hpp"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

namespace inv {

namespace {

storage_actor::behavior_type storage_impl(storage_actor::pointer,
                                          std::shared_ptr<storage> db) {
  return {
    [db](store_atom, const std::vector<change>& changes,
         std::int32_t next_id) -> caf::result<bool> {
      if (auto err = db->write(changes, next_id))
        return caf::make_error(inventory_errc::storage_unavailable, *err);
      return true;
    },
    [db](load_state_atom) -> caf::result<stored_state> {
      auto state = db->load();
      if (auto* err = std::get_if<std::string>(&state))
        return caf::make_error(inventory_errc::storage_unavailable, *err);
      return std::move(std::get<stored_state>(state));
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

} // namespace inv
