#include "actors/supervisor.hpp"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/storage_actor.hpp"
#include "base/log.hpp"

namespace actors {

namespace {

struct supervisor_state {
  supervisor_options opts;
  std::shared_ptr<inventory_ref> ref;
  storage_actor storage;
  inventory_actor inventory;
  static inline const char* name = "supervisor";
};

using supervisor_pointer = caf::stateful_actor<supervisor_state>*;

// The settings of an inventory actor that starts from `state`.
inventory_options inventory_options_for(const supervisor_options& sup,
                                        storage_actor storage,
                                        stored_state state) {
  inventory_options opts;
  opts.test_hook = sup.test_hook;
  opts.storage = std::move(storage);
  opts.initial = std::move(state);
  opts.stats = sup.stats;
  opts.metrics = sup.metrics;
  opts.keys = sup.keys;
  if (sup.db)
    opts.keys.reader = sup.db->keys();
  return opts;
}

void start_inventory(supervisor_pointer self, stored_state state) {
  auto& st = self->state;
  st.inventory = spawn_inventory_actor(
    self->system(),
    inventory_options_for(st.opts, st.storage, std::move(state)));
  self->monitor(st.inventory);
  st.ref->set(st.inventory);
  if (st.opts.metrics)
    st.opts.metrics->restarting = false;
}

void start_storage(supervisor_pointer self) {
  auto& st = self->state;
  st.storage
    = spawn_storage_actor(self->system(), st.opts.db, st.opts.detached_storage);
  self->monitor(st.storage);
}

// Restarts the inventory actor from what the database holds.
void restart_inventory(supervisor_pointer self) {
  auto& st = self->state;
  if (!st.storage) { // memory only: nothing to restore from
    start_inventory(self, stored_state{});
    return;
  }
  self->request(st.storage, caf::infinite, load_state_atom_v)
    .then(
      [self](stored_state& state) { start_inventory(self, std::move(state)); },
      [self](caf::error& err) {
        base::log(base::log_level::error,
                  "cannot reload the inventory: " + caf::to_string(err));
        self->quit(err);
      });
}

} // namespace

caf::actor spawn_supervisor(caf::actor_system& sys, supervisor_options opts,
                            std::shared_ptr<inventory_ref> ref) {
  // The first children start here, before this returns, so `ref` names a
  // live inventory actor before the listener can hand it any request.
  storage_actor storage;
  if (opts.db)
    storage = spawn_storage_actor(sys, opts.db, opts.detached_storage);
  auto inventory = spawn_inventory_actor(
    sys, inventory_options_for(opts, storage, std::move(opts.initial)));
  ref->set(inventory);
  auto impl = [](supervisor_pointer self, supervisor_options o,
                 std::shared_ptr<inventory_ref> r, storage_actor first_storage,
                 inventory_actor first_inventory) -> caf::behavior {
    auto& st = self->state;
    st.opts = std::move(o);
    st.ref = std::move(r);
    st.storage = std::move(first_storage);
    st.inventory = std::move(first_inventory);
    if (st.storage)
      self->monitor(st.storage);
    self->monitor(st.inventory);
    self->set_down_handler([self](caf::down_msg& msg) {
      auto& s = self->state;
      if (msg.source == s.inventory.address()) {
        base::log(base::log_level::error, "inventory actor died ("
                                            + caf::to_string(msg.reason)
                                            + "), restarting it");
        s.inventory = nullptr;
        if (auto& m = s.opts.metrics) {
          m->inventory_restarts->add();
          m->restarting = true;
        }
        restart_inventory(self);
      } else if (s.storage && msg.source == s.storage.address()) {
        base::log(base::log_level::error,
                  "storage actor died (" + caf::to_string(msg.reason)
                    + "), restarting it and the inventory actor");
        if (auto& m = s.opts.metrics) {
          m->storage_restarts->add();
          m->restarting = true;
        }
        // The inventory's waiting writes died with the storage actor.
        if (s.inventory) {
          self->demonitor(s.inventory.address());
          self->send_exit(s.inventory, caf::exit_reason::kill);
        }
        start_storage(self);
        restart_inventory(self);
      }
    });
    // Stopping the supervisor stops its children.
    self->set_exit_handler([self](caf::exit_msg& msg) {
      auto& s = self->state;
      if (s.inventory)
        self->send_exit(s.inventory, msg.reason);
      if (s.storage)
        self->send_exit(s.storage, msg.reason);
      self->quit(msg.reason);
    });
    // Answers which storage actor is live (tests kill it on purpose).
    return {[self](caf::get_atom) {
      return caf::actor_cast<caf::actor>(self->state.storage);
    }};
  };
  return sys.spawn(impl, std::move(opts), std::move(ref), std::move(storage),
                   std::move(inventory));
}

} // namespace actors
