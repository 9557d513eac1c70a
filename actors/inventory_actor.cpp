#include "actors/inventory_actor.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <unordered_map>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/caf_errors.hpp"
#include "actors/commit_queue.hpp"
#include "actors/key_cache.hpp"
#include "actors/key_filter.hpp"
#include "base/log.hpp"

namespace actors {

namespace {

// Answers one caller waiting for durability: success when the error is
// empty.
using waiter = std::function<void(const caf::error&)>;

using outcome_promise = caf::typed_response_promise<change_outcome>;

// The key filter is sized for this many keys per lifetime for each key the
// cache holds: the cache is the recent past, the database the whole day.
constexpr std::size_t keys_per_filter = 10;

// A keyed change waiting for its batch: its request's fingerprint, and the
// callers to answer once it is durable (the first, then any duplicates).
struct keyed_in_flight {
  std::string fingerprint;
  std::vector<outcome_promise> callers;
};

struct inventory_state {
  inventory data;
  inventory_options opts;
  commit_queue<waiter> commits;
  // Keyed changes not yet durable, and keys answered lately, both by
  // scope_of(key).
  std::unordered_map<std::string, keyed_in_flight> in_flight;
  key_cache answered{0};
  // With a database: the keys it may hold, so that a new key (nearly
  // every key) needs no lookup.
  std::optional<key_filter> stored_keys;
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

std::int64_t now_ms(const inventory_state& st) {
  if (st.opts.keys.clock)
    return st.opts.keys.clock();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

// Keys created before this have expired.
std::int64_t key_cutoff(const inventory_state& st) {
  return now_ms(st) - st.opts.keys.ttl.count();
}

// One map key per principal and key; the length prefix keeps "a" + "bc"
// apart from "ab" + "c".
std::string scope_of(std::string_view principal, std::string_view key) {
  auto scope = std::to_string(principal.size());
  scope += ':';
  scope += principal;
  scope += key;
  return scope;
}

std::string scope_of(const idempotency_key& k) {
  return scope_of(k.principal, k.key);
}

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
  write_batch batch;
  batch.changes = std::move(next.changes);
  batch.keys = std::move(next.keys);
  batch.next_id = st.data.next_id();
  batch.prune_before_ms = key_cutoff(st);
  self->request(st.opts.storage, caf::infinite, store_atom_v, std::move(batch))
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

// Runs a keyed change on the data: its outcome (a domain failure that
// is a rule's answer included), or the failure that leaves the key free.
result<change_outcome> execute(inventory_pointer self,
                               const change_request& req) {
  auto& st = self->state;
  auto& data = st.data;
  auto one = [](result<item> x) -> result<std::vector<item>> {
    if (!x)
      return x.error();
    return std::vector<item>{std::move(*x)};
  };
  auto body = [&]() -> result<std::vector<item>> {
    switch (req.kind) {
    case change_kind::add:
      return one(data.add(req.name, req.quantity));
    case change_kind::set_quantity:
      return one(data.set_quantity(req.id, req.quantity, req.expected_version));
    case change_kind::adjust:
      return one(data.adjust(req.id, req.delta));
    case change_kind::adjust_many:
      return data.adjust_many(req.adjustments);
    case change_kind::remove:
      if (auto removed = data.remove(req.id); !removed)
        return removed.error();
      return std::vector<item>{};
    }
    return failure{inventory_errc::invalid_argument};
  };
  auto res = guarded<std::vector<item>>(self, to_string(req.kind), body);
  change_outcome out;
  if (!res) {
    if (!is_replayable(res.error().code))
      return res.error();
    out.failure_code = static_cast<std::uint8_t>(res.error().code);
    out.failure_id = res.error().id;
    return out;
  }
  count_items(self);
  out.items = std::move(*res);
  if (st.opts.storage) {
    if (req.kind == change_kind::remove)
      st.commits.record(change{std::nullopt, req.id});
    else
      record(st.commits, out.items);
  }
  return out;
}

// A keyed change's batch is written (`err` empty) or failed: answers its
// callers, the first as executed and the rest as replays.
void finish_keyed(inventory_pointer self, const std::string& scope,
                  stored_key& answer, const caf::error& err) {
  auto& st = self->state;
  auto i = st.in_flight.find(scope);
  if (i == st.in_flight.end())
    return;
  auto callers = std::move(i->second.callers);
  st.in_flight.erase(i);
  if (err) { // not durable, so not an answer: the key stays free
    for (auto& p : callers)
      p.deliver(err);
    return;
  }
  auto outcome = answer.outcome;
  st.answered.insert(scope, std::move(answer));
  for (auto& p : callers) {
    p.deliver(outcome);
    outcome.replayed = true;
  }
}

// The answer already given under `k`, if any (memory first, then the
// database); a failure when the database cannot tell.
result<std::optional<stored_key>> known_answer(inventory_pointer self,
                                               const std::string& scope,
                                               const idempotency_key& k,
                                               std::int64_t cutoff) {
  auto& st = self->state;
  if (const auto* x = st.answered.find(scope))
    return std::optional<stored_key>{*x};
  if (!st.opts.keys.reader
      || (st.stored_keys && !st.stored_keys->may_contain(scope)))
    return std::optional<stored_key>{};
  auto found = st.opts.keys.reader->find(k.principal, k.key);
  if (!found)
    return found.error();
  if (*found && (*found)->created_ms < cutoff)
    return std::optional<stored_key>{}; // expired, not yet pruned
  if (*found)
    st.answered.insert(scope, **found);
  return found;
}

caf::result<change_outcome> run_keyed(inventory_pointer self,
                                      idempotency_key& k,
                                      const change_request& req) {
  auto& st = self->state;
  // One reading of the clock: the filter's rotation, the expiry and the
  // key's creation time must agree.
  auto now = now_ms(st);
  auto cutoff = now - st.opts.keys.ttl.count();
  st.answered.expire(cutoff);
  if (st.stored_keys)
    st.stored_keys->advance(now);
  auto scope = scope_of(k);
  auto reused = [] { return to_error(failure{inventory_errc::key_reused}); };
  if (auto i = st.in_flight.find(scope); i != st.in_flight.end()) {
    if (i->second.fingerprint != k.fingerprint)
      return reused();
    auto promise = self->make_response_promise<change_outcome>();
    i->second.callers.push_back(promise);
    return promise;
  }
  auto known = known_answer(self, scope, k, cutoff);
  if (!known)
    return to_error(known.error());
  if (*known) {
    if ((*known)->fingerprint != k.fingerprint)
      return reused();
    auto replay = std::move((*known)->outcome);
    replay.replayed = true;
    return replay;
  }
  auto outcome = execute(self, req);
  if (!outcome)
    return to_error(outcome.error());
  stored_key answer{std::move(k.fingerprint), *outcome, now};
  if (!st.opts.storage) {
    st.answered.insert(scope, std::move(answer));
    return std::move(*outcome);
  }
  auto promise = self->make_response_promise<change_outcome>();
  st.in_flight.emplace(scope, keyed_in_flight{answer.fingerprint, {promise}});
  if (st.stored_keys) // before the commit: a "maybe" too early is harmless
    st.stored_keys->add(scope, now);
  st.commits.record_key(
    key_row{std::move(k.principal), std::move(k.key), answer});
  st.commits.wait([self, scope, answer](const caf::error& err) mutable {
    finish_keyed(self, scope, answer, err);
  });
  flush(self);
  return promise;
}

// Fills the filter with every live key the database holds; when they
// cannot be read, there is no filter and every new key is looked up.
void load_stored_keys(inventory_pointer self) {
  auto& st = self->state;
  const auto& keys = st.opts.keys;
  if (!keys.reader)
    return;
  auto now = now_ms(st);
  key_filter filter{keys_per_filter * std::max<std::size_t>(keys.cache_size, 1),
                    keys.ttl.count(), now};
  auto done = keys.reader->scan(
    now - keys.ttl.count(),
    [&filter](std::string_view principal, std::string_view key,
              std::int64_t created_ms) {
      filter.add(scope_of(principal, key), created_ms);
    });
  if (!done) {
    base::log(base::log_level::warning,
              "every new idempotency key will be looked up: "
                + done.error().detail);
    return;
  }
  st.stored_keys = std::move(filter);
}

inventory_actor::behavior_type inventory_impl(inventory_pointer self,
                                              inventory_options opts) {
  self->state.opts = std::move(opts);
  auto& init = self->state.opts.initial;
  self->state.data.restore(init.items, init.next_id);
  init = stored_state{}; // the memory now lives in `data`
  self->state.answered = key_cache{self->state.opts.keys.cache_size};
  load_stored_keys(self);
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
    [self](keyed_atom, idempotency_key& k, const change_request& req) {
      return run_keyed(self, k, req);
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
