#include "actors/inventory_actor.hpp"

#include <chrono>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/caf_errors.hpp"
#include "actors/commit_queue.hpp"
#include "base/log.hpp"

namespace actors {

namespace {

// Answers one caller waiting for durability: success when the error is
// empty.
using waiter = std::function<void(const caf::error&)>;

struct inventory_state {
  inventory data;
  inventory_options opts;
  commit_queue<waiter> commits;
  // Whether the last batch failed (the outage is logged once).
  bool failing = false;
  static inline const char* name = "inventory";
};

using inventory_pointer = inventory_actor::stateful_pointer<inventory_state>;

// Runs a handler body: CAF 0.17 would terminate the actor (and lose the
// inventory) on an uncaught exception, so it becomes an error instead.
template <class T, class Body>
result<T> guarded(inventory_pointer self, std::string_view op, Body body) {
  // Only the actor's own queue (what CAF moved there for this round) can be
  // read without racing the senders: a lower bound of the mailbox.
  if (auto& m = self->state.opts.metrics)
    m->mailbox_depth->set(
      static_cast<std::int64_t>(self->mailbox().queue().total_task_size()));
  try {
    if (self->state.opts.test_hook)
      self->state.opts.test_hook(op);
    return body();
  } catch (...) {
    return failure{inventory_errc::internal};
  }
}

template <class T, class Body>
caf::result<T> answer_query(inventory_pointer self, std::string_view op,
                            Body body) {
  auto res = guarded<T>(self, op, body);
  if (!res)
    return to_error(res.error());
  return std::move(*res);
}

// Each records a handler's changed item(s) and returns how many.
std::size_t record(commit_queue<waiter>& commits, const item& x) {
  commits.record(change{x, x.id});
  return 1;
}

std::size_t record(commit_queue<waiter>& commits, const std::vector<item>& xs) {
  for (const auto& x : xs)
    record(commits, x);
  return xs.size();
}

void flush(inventory_pointer self);

void count_items(inventory_pointer self) {
  if (auto& m = self->state.opts.metrics)
    m->items->set(self->state.data.count());
}

// A batch failed: nothing of it reached the disk, so nothing waiting may be
// acknowledged, and memory must drop what the disk does not have.
void on_storage_failure(inventory_pointer self, const caf::error& err) {
  auto& st = self->state;
  if (!st.failing) { // logged once per outage, not per request
    base::log(base::log_level::error,
              "storage failure, writes fail until it recovers: "
                + caf::to_string(err));
    st.failing = true;
  }
  if (auto& m = st.opts.metrics) {
    m->storage_failures->add();
    m->storage_failing = true;
  }
  auto unavailable = caf::make_error(inventory_errc::storage_unavailable);
  for (auto& f : st.commits.failed())
    f(unavailable);
  // await, not then: every other message, reads included, waits until
  // memory holds what the disk holds again. With then, a read arriving
  // before the reload saw the change that was just refused.
  self->request(st.opts.storage, caf::infinite, load_state_atom_v)
    .await(
      [self](stored_state& state) {
        self->state.data.restore(state.items, state.next_id);
        count_items(self);
      },
      [self](caf::error& e) {
        // Without the database there is no true state: let the supervisor
        // restart us from it.
        self->quit(e);
      });
}

void on_batch_written(inventory_pointer self) {
  auto& st = self->state;
  if (st.failing) {
    base::log(base::log_level::info, "storage recovered");
    st.failing = false;
  }
  if (auto& m = st.opts.metrics)
    m->storage_failing = false;
  for (auto& f : st.commits.written())
    f(caf::error{});
  flush(self);
}

// Writes the changes waiting, unless a batch is being written already (its
// reply starts the next one).
void flush(inventory_pointer self) {
  auto& st = self->state;
  commit_queue<waiter>::batch next;
  if (!st.commits.next_batch(next))
    return;
  st.opts.stats->transactions += 1;
  st.opts.stats->rows += next.changes.size();
  st.opts.stats->requests += next.waiters;
  auto started = std::chrono::steady_clock::time_point{};
  if (auto& m = st.opts.metrics) {
    m->commit_batch->observe(static_cast<double>(next.changes.size()));
    started = std::chrono::steady_clock::now();
  }
  auto timed = [self, started] {
    if (auto& m = self->state.opts.metrics)
      m->commit_duration->observe(std::chrono::duration<double>(
                                    std::chrono::steady_clock::now() - started)
                                    .count());
  };
  self
    ->request(st.opts.storage, caf::infinite, store_atom_v,
              std::move(next.changes), st.data.next_id())
    .then(
      [self, timed](bool) {
        timed();
        on_batch_written(self);
      },
      [self, timed](caf::error& err) {
        timed();
        on_storage_failure(self, err);
      });
}

// Applies a change in memory; in memory-only mode answers at once, else
// answers when the batch holding the change is durable.
template <class T, class Body, class Record>
caf::typed_response_promise<T> apply_change(inventory_pointer self,
                                            std::string_view op, Body body,
                                            Record record_change) {
  auto& st = self->state;
  auto promise = self->make_response_promise<T>();
  auto res = guarded<T>(self, op, body);
  if (!res) {
    promise.deliver(to_error(res.error()));
    return promise;
  }
  count_items(self);
  if (!st.opts.storage || record_change(st.commits, *res) == 0) {
    promise.deliver(std::move(*res)); // nothing to make durable
    return promise;
  }
  st.commits.wait(
    [promise, value = std::move(*res)](const caf::error& err) mutable {
      if (err)
        promise.deliver(err);
      else
        promise.deliver(std::move(value));
    });
  flush(self);
  return promise;
}

inventory_actor::behavior_type inventory_impl(inventory_pointer self,
                                              inventory_options opts) {
  self->state.opts = std::move(opts);
  auto& init = self->state.opts.initial;
  self->state.data.restore(init.items, init.next_id);
  init = stored_state{}; // the memory now lives in `data`
  count_items(self);
  auto& data = self->state.data;
  // Records the changed item(s) a handler returned.
  auto record_changed = [](commit_queue<waiter>& q, const auto& changed) {
    return record(q, changed);
  };
  return {
    [self, &data, record_changed](add_item_atom, std::string& name,
                                  std::int32_t quantity) {
      return apply_change<item>(
        self, "add", [&] { return data.add(std::move(name), quantity); },
        record_changed);
    },
    [self, &data](get_item_atom, std::int32_t id) {
      return answer_query<item>(self, "get", [&] { return data.get(id); });
    },
    [self, &data, record_changed](set_quantity_atom, std::int32_t id,
                                  std::int32_t quantity,
                                  std::int32_t expected_version) {
      return apply_change<item>(
        self, "set_quantity",
        [&] { return data.set_quantity(id, quantity, expected_version); },
        record_changed);
    },
    [self, &data, record_changed](adjust_atom, std::int32_t id,
                                  std::int32_t delta) {
      return apply_change<item>(
        self, "adjust", [&] { return data.adjust(id, delta); }, record_changed);
    },
    [self, &data, record_changed](adjust_many_atom,
                                  const std::vector<adjustment>& xs) {
      return apply_change<std::vector<item>>(
        self, "adjust_many", [&] { return data.adjust_many(xs); },
        record_changed);
    },
    [self, &data](remove_item_atom, std::int32_t id) {
      return apply_change<bool>(
        self, "remove", [&] { return data.remove(id); },
        [id](commit_queue<waiter>& q, bool) -> std::size_t {
          q.record(change{std::nullopt, id});
          return 1;
        });
    },
    [self, &data](list_atom, std::int32_t after_id, std::int32_t limit) {
      return answer_query<std::vector<item>>(self, "list", [&] {
        return result<std::vector<item>>{data.list(after_id, limit)};
      });
    },
    [self, &data](count_atom) {
      return answer_query<std::int32_t>(
        self, "count", [&] { return result<std::int32_t>{data.count()}; });
    },
    [self, &data](snapshot_atom) {
      return answer_query<inventory_snapshot>(self, "snapshot", [&] {
        return result<inventory_snapshot>{data.snapshot()};
      });
    },
  };
}

} // namespace

inventory_actor spawn_inventory_actor(caf::actor_system& sys,
                                      inventory_options opts) {
  return sys.spawn(inventory_impl, std::move(opts));
}

} // namespace actors
