#include "actors/inventory_actor.hpp"

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

namespace inv {

namespace {

struct inventory_state {
  inventory data;
  inventory_options opts;
  static inline const char* name = "inventory";
};

using inventory_pointer = inventory_actor::stateful_pointer<inventory_state>;

template <class T>
caf::result<T> to_result(outcome<T>&& x) {
  if (x.ok())
    return std::move(*x);
  return caf::make_error(x.error().code, x.error().id);
}

template <class T>
caf::result<T> to_result(T&& x) {
  return std::forward<T>(x);
}

// Runs one handler body: CAF 0.17 would terminate the actor (and lose the
// inventory) on an uncaught exception, so it becomes an error reply instead.
template <class F>
auto guarded(inventory_pointer self, std::string_view op, F body)
  -> decltype(to_result(body())) {
  try {
    if (self->state.opts.probe)
      self->state.opts.probe(op);
    return to_result(body());
  } catch (...) {
    return caf::make_error(inventory_errc::internal);
  }
}

inventory_actor::behavior_type inventory_impl(inventory_pointer self,
                                              inventory_options opts) {
  self->state.opts = std::move(opts);
  auto& data = self->state.data;
  return {
    [self, &data](add_item_atom, std::string& name, std::int32_t quantity) {
      return guarded(self, "add",
                     [&] { return data.add(std::move(name), quantity); });
    },
    [self, &data](get_item_atom, std::int32_t id) {
      return guarded(self, "get", [&] { return data.get(id); });
    },
    [self, &data](set_qty_atom, std::int32_t id, std::int32_t quantity,
                  std::int32_t expected_version) {
      return guarded(self, "set_quantity", [&] {
        return data.set_quantity(id, quantity, expected_version);
      });
    },
    [self, &data](adjust_atom, std::int32_t id, std::int32_t delta) {
      return guarded(self, "adjust", [&] { return data.adjust(id, delta); });
    },
    [self, &data](adjust_n_atom, const std::vector<adjustment>& xs) {
      return guarded(self, "adjust_many", [&] { return data.adjust_many(xs); });
    },
    [self, &data](del_item_atom, std::int32_t id) {
      return guarded(self, "delete", [&] { return data.remove(id); });
    },
    [self, &data](list_atom, std::int32_t after_id, std::int32_t limit) {
      return guarded(self, "list", [&] { return data.list(after_id, limit); });
    },
    [self, &data](count_atom) {
      return guarded(self, "count", [&] { return data.count(); });
    },
    [self, &data](snapshot_atom) {
      return guarded(self, "snapshot", [&] { return data.snapshot(); });
    },
  };
}

} // namespace

inventory_actor spawn_inventory_actor(caf::actor_system& sys,
                                      inventory_options opts) {
  return sys.spawn(inventory_impl, std::move(opts));
}

} // namespace inv
