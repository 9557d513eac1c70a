#include "node/store_actor.hpp"

#include <algorithm>
#include <map>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/caf_errors.hpp"
#include "actors/inventory_actor.hpp"
#include "actors/supervisor.hpp"

namespace node {

namespace {

using actors::item;

struct cursor {
  actors::inventory_snapshot snapshot;
  caf::actor_clock::time_point last_used;
};

struct facade_state {
  std::shared_ptr<actors::inventory_ref> ref;
  store_facade_options opts;
  actors::inventory_actor inventory;
  std::uint64_t generation = 0;
  std::map<std::uint64_t, cursor> cursors;
  std::uint64_t next_cursor = 1;
  static inline const char* name = "store_facade";
};

using facade_pointer = store_actor::stateful_pointer<facade_state>;

const actors::inventory_actor& live_inventory(facade_pointer self) {
  auto& st = self->state;
  auto generation = st.ref->generation();
  if (generation != st.generation) {
    st.inventory = st.ref->get();
    st.generation = generation;
  }
  return st.inventory;
}

// The items of `snap` with an id above `after_id`, at most `limit`.
std::vector<item> page_of(const actors::inventory_snapshot& snap,
                          std::int32_t after_id, std::int32_t limit) {
  const auto& all = *snap.items;
  auto first = std::upper_bound(
    all.begin(), all.end(), after_id,
    [](std::int32_t id, const item& x) { return id < x.id; });
  auto n = std::min<std::size_t>(static_cast<std::size_t>(std::max(limit, 0)),
                                 static_cast<std::size_t>(all.end() - first));
  return std::vector<item>(first, first + static_cast<std::ptrdiff_t>(n));
}

// Drops cursors unused for their lifetime, and the oldest beyond the bound.
void prune(facade_pointer self) {
  auto& st = self->state;
  auto now = self->clock().now();
  for (auto i = st.cursors.begin(); i != st.cursors.end();)
    if (now - i->second.last_used > st.opts.cursor_lifetime)
      i = st.cursors.erase(i);
    else
      ++i;
  while (st.cursors.size() >= st.opts.max_cursors)
    st.cursors.erase(st.cursors.begin()); // ids grow: the first is oldest
}

// Answers one page of `id`'s snapshot; the last page frees the cursor.
std::pair<std::uint64_t, std::vector<item>> answer_page(facade_pointer self,
                                                        std::uint64_t id,
                                                        std::int32_t after_id,
                                                        std::int32_t limit) {
  auto& c = self->state.cursors.at(id);
  c.last_used = self->clock().now();
  auto page = page_of(c.snapshot, after_id, limit);
  if (page.size() < static_cast<std::size_t>(std::max(limit, 0)))
    self->state.cursors.erase(id);
  return {id, std::move(page)};
}

store_actor::behavior_type
facade_impl(facade_pointer self, std::shared_ptr<actors::inventory_ref> ref,
            store_facade_options opts) {
  self->state.ref = std::move(ref);
  self->state.opts = opts;
  return {
    [self](actors::add_item_atom a, std::string& name, std::int32_t q) {
      return self->delegate(live_inventory(self), a, std::move(name), q);
    },
    [self](actors::get_item_atom a, std::int32_t id) {
      return self->delegate(live_inventory(self), a, id);
    },
    [self](actors::set_quantity_atom a, std::int32_t id, std::int32_t q,
           std::int32_t expected) {
      return self->delegate(live_inventory(self), a, id, q, expected);
    },
    [self](actors::adjust_atom a, std::int32_t id, std::int32_t delta) {
      return self->delegate(live_inventory(self), a, id, delta);
    },
    [self](actors::adjust_many_atom a, std::vector<actors::adjustment>& xs) {
      return self->delegate(live_inventory(self), a, std::move(xs));
    },
    [self](actors::remove_item_atom a, std::int32_t id) {
      return self->delegate(live_inventory(self), a, id);
    },
    [self](actors::keyed_atom a, actors::idempotency_key& k,
           actors::change_request& req) {
      return self->delegate(live_inventory(self), a, std::move(k),
                            std::move(req));
    },
    [self](actors::list_atom a, std::int32_t after_id, std::int32_t limit) {
      return self->delegate(live_inventory(self), a, after_id, limit);
    },
    [self](actors::count_atom a) {
      return self->delegate(live_inventory(self), a);
    },
    [self](
      actors::all_items_atom, std::uint64_t id, std::int32_t after_id,
      std::int32_t limit) -> caf::result<std::uint64_t, std::vector<item>> {
      if (id != 0) {
        if (self->state.cursors.count(id) == 0)
          return actors::to_error(actors::failure{
            actors::inventory_errc::unavailable, 0, "snapshot expired"});
        auto [cid, page] = answer_page(self, id, after_id, limit);
        return {cid, std::move(page)};
      }
      auto rp = self->make_response_promise<std::uint64_t, std::vector<item>>();
      self
        ->request(live_inventory(self), caf::infinite, actors::snapshot_atom_v)
        .then(
          [self, rp, after_id,
           limit](actors::inventory_snapshot& snap) mutable {
            prune(self);
            auto cid = self->state.next_cursor++;
            self->state.cursors.emplace(
              cid, cursor{std::move(snap), self->clock().now()});
            auto [c, page] = answer_page(self, cid, after_id, limit);
            rp.deliver(c, std::move(page));
          },
          [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
      return rp;
    },
  };
}

} // namespace

store_actor spawn_store_facade(caf::actor_system& sys,
                               std::shared_ptr<actors::inventory_ref> inventory,
                               store_facade_options opts) {
  return sys.spawn(facade_impl, std::move(inventory), opts);
}

} // namespace node
