#include "actors/inventory_actor.hpp"

#include <iostream>
#include <map>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

namespace inv {

namespace {

// Delivers one waiting reply: success when the error is empty.
using reply_fn = std::function<void(const caf::error&)>;

struct inventory_state {
  inventory data;
  inventory_options opts;
  // Group commit: changes (last state per item) and replies waiting for the
  // next batch, and the replies of the batch being written.
  std::map<std::int32_t, change> pending;
  std::vector<reply_fn> pending_replies;
  std::vector<reply_fn> writing_replies;
  bool writing = false;
  bool failing = false;
  static inline const char* name = "inventory";
};

using inventory_pointer = inventory_actor::stateful_pointer<inventory_state>;

caf::error to_error(const failure& x) {
  return caf::make_error(x.code, x.id);
}

// Runs a handler body: CAF 0.17 would terminate the actor (and lose the
// inventory) on an uncaught exception, so it becomes an error instead.
template <class T, class Body>
outcome<T> guarded(inventory_pointer self, std::string_view op, Body body) {
  try {
    if (self->state.opts.probe)
      self->state.opts.probe(op);
    return body();
  } catch (...) {
    return failure{inventory_errc::internal};
  }
}

template <class T, class Body>
caf::result<T> read(inventory_pointer self, std::string_view op, Body body) {
  auto res = guarded<T>(self, op, body);
  if (!res.ok())
    return to_error(res.error());
  return std::move(*res);
}

// Each returns how many changes it recorded for the next batch.
std::size_t record(inventory_state& st, const item& x) {
  st.pending[x.id] = change{x, x.id};
  return 1;
}

std::size_t record(inventory_state& st, const std::vector<item>& xs) {
  for (const auto& x : xs)
    record(st, x);
  return xs.size();
}

void flush(inventory_pointer self);

// A batch failed: nothing of it reached the disk, so nothing waiting may be
// acknowledged, and memory must drop what the disk does not have.
void on_storage_failure(inventory_pointer self, const caf::error& err) {
  auto& st = self->state;
  if (!st.failing) { // logged once per outage, not per request
    std::cerr << "inventory-server: storage failure, writes fail until it "
                 "recovers: "
              << caf::to_string(err) << std::endl;
    st.failing = true;
  }
  auto unavailable = caf::make_error(inventory_errc::storage_unavailable);
  auto replies = std::move(st.writing_replies);
  replies.insert(replies.end(), st.pending_replies.begin(),
                 st.pending_replies.end());
  st.writing_replies.clear();
  st.pending_replies.clear();
  st.pending.clear();
  st.writing = false;
  for (auto& f : replies)
    f(unavailable);
  // await, not then: every other message, reads included, waits until
  // memory holds what the disk holds again. With then, a read arriving
  // before the reload saw the change that was just refused.
  self->request(st.opts.storage, caf::infinite, load_state_atom_v)
    .await(
      [self](stored_state& state) {
        self->state.data.restore(state.items, state.next_id);
      },
      [self](caf::error& e) {
        // Without the database there is no true state: let the supervisor
        // restart us from it.
        self->quit(e);
      });
}

void flush(inventory_pointer self) {
  auto& st = self->state;
  if (st.writing || st.pending.empty())
    return;
  std::vector<change> batch;
  batch.reserve(st.pending.size());
  for (auto& kvp : st.pending)
    batch.push_back(std::move(kvp.second));
  st.pending.clear();
  st.writing_replies = std::move(st.pending_replies);
  st.pending_replies.clear();
  st.writing = true;
  st.opts.stats->batches += 1;
  st.opts.stats->changes += batch.size();
  st.opts.stats->writes += st.writing_replies.size();
  self
    ->request(st.opts.storage, caf::infinite, store_atom_v, std::move(batch),
              st.data.next_id())
    .then(
      [self](bool) {
        auto& s = self->state;
        if (s.failing) {
          std::cerr << "inventory-server: storage recovered" << std::endl;
          s.failing = false;
        }
        s.writing = false;
        auto replies = std::move(s.writing_replies);
        s.writing_replies.clear();
        for (auto& f : replies)
          f(caf::error{});
        flush(self);
      },
      [self](caf::error& err) { on_storage_failure(self, err); });
}

// Applies a change in memory; in memory-only mode answers at once, else
// answers when the batch holding the change is durable.
template <class T, class Body, class Record>
caf::typed_response_promise<T> write(inventory_pointer self,
                                     std::string_view op, Body body,
                                     Record record_change) {
  auto& st = self->state;
  auto promise = self->make_response_promise<T>();
  auto res = guarded<T>(self, op, body);
  if (!res.ok()) {
    promise.deliver(to_error(res.error()));
    return promise;
  }
  if (!st.opts.storage || record_change(st, *res) == 0) {
    promise.deliver(std::move(*res)); // nothing to make durable
    return promise;
  }
  st.pending_replies.emplace_back(
    [promise, value = std::move(*res)](const caf::error& err) mutable {
      if (err)
        promise.deliver(err);
      else
        promise.deliver(std::move(value));
    });
  flush(self);
  return promise;
}

template <class T>
std::size_t record_result(inventory_state& st, const T& x) {
  return record(st, x);
}

inventory_actor::behavior_type inventory_impl(inventory_pointer self,
                                              inventory_options opts) {
  self->state.opts = std::move(opts);
  auto& init = self->state.opts.initial;
  self->state.data.restore(init.items, init.next_id);
  init = stored_state{}; // the memory now lives in `data`
  auto& data = self->state.data;
  return {
    [self, &data](add_item_atom, std::string& name, std::int32_t quantity) {
      return write<item>(
        self, "add", [&] { return data.add(std::move(name), quantity); },
        record_result<item>);
    },
    [self, &data](get_item_atom, std::int32_t id) {
      return read<item>(self, "get", [&] { return data.get(id); });
    },
    [self, &data](set_qty_atom, std::int32_t id, std::int32_t quantity,
                  std::int32_t expected_version) {
      return write<item>(
        self, "set_quantity",
        [&] { return data.set_quantity(id, quantity, expected_version); },
        record_result<item>);
    },
    [self, &data](adjust_atom, std::int32_t id, std::int32_t delta) {
      return write<item>(
        self, "adjust", [&] { return data.adjust(id, delta); },
        record_result<item>);
    },
    [self, &data](adjust_n_atom, const std::vector<adjustment>& xs) {
      return write<std::vector<item>>(
        self, "adjust_many", [&] { return data.adjust_many(xs); },
        record_result<std::vector<item>>);
    },
    [self, &data](del_item_atom, std::int32_t id) {
      return write<bool>(
        self, "delete", [&] { return data.remove(id); },
        [id](inventory_state& st, bool) -> std::size_t {
          st.pending[id] = change{std::nullopt, id};
          return 1;
        });
    },
    [self, &data](list_atom, std::int32_t after_id, std::int32_t limit) {
      return read<std::vector<item>>(self, "list", [&] {
        return outcome<std::vector<item>>{data.list(after_id, limit)};
      });
    },
    [self, &data](count_atom) {
      return read<std::int32_t>(
        self, "count", [&] { return outcome<std::int32_t>{data.count()}; });
    },
    [self, &data](snapshot_atom) {
      return read<inventory_snapshot>(self, "snapshot", [&] {
        return outcome<inventory_snapshot>{data.snapshot()};
      });
    },
  };
}

} // namespace

inventory_actor spawn_inventory_actor(caf::actor_system& sys,
                                      inventory_options opts) {
  return sys.spawn(inventory_impl, std::move(opts));
}

} // namespace inv
