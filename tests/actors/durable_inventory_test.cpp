#define CAF_SUITE durable_inventory

#include "actors/actor_metrics.hpp"
#include "actors/inventory_actor.hpp"
#include "actors/storage_actor.hpp"
#include "actors/supervisor.hpp"

#include "caf/test/dsl.hpp"

#include "tests/actors/temp_database.hpp"
#include "tests/caf_test_config.hpp"

using namespace caf;
using namespace std::string_literals;
using actors::item;

namespace {

struct fixture : test_coordinator_fixture<test_config> {
  temp_database db{"durable-test"};
  actors::storage_actor storage;
  actors::inventory_actor inventory;
  std::shared_ptr<actors::commit_stats> stats
    = std::make_shared<actors::commit_stats>();

  fixture() {
    storage = actors::spawn_storage_actor(sys, db.open(), false);
    actors::inventory_options opts;
    opts.storage = storage;
    opts.stats = stats;
    inventory = actors::spawn_inventory_actor(sys, std::move(opts));
    run();
  }

  // A storage actor that fails every write and loads `state`. (The state
  // is a spawn argument: CAF 0.17's spawn without arguments dereferences a
  // null tuple pointer, which UBSan reports.)
  actors::storage_actor failing_storage(actors::stored_state state) {
    auto impl =
      [](actors::stored_state on_disk) -> actors::storage_actor::behavior_type {
      return {
        [](actors::store_atom, const actors::write_batch&) -> result<bool> {
          return make_error(actors::inventory_errc::storage_unavailable,
                            "disk full"s);
        },
        [on_disk](actors::load_state_atom) { return on_disk; },
      };
    };
    return sys.spawn(impl, std::move(state));
  }

  // Replaces `inventory` with one whose disk holds item 1 ("a", 5) and
  // whose every write fails.
  void use_failing_storage() {
    actors::stored_state on_disk;
    on_disk.items.push_back(item{1, "a", 5, 1});
    on_disk.next_id = 2;
    actors::inventory_options opts;
    opts.storage = failing_storage(on_disk);
    opts.initial = on_disk;
    inventory = actors::spawn_inventory_actor(sys, std::move(opts));
    run();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(durable_inventory_tests, fixture)

CAF_TEST(a change is answered only after its batch is durable) {
  self->send(inventory, actors::add_item_atom_v, "a"s, int32_t{1});
  expect((actors::add_item_atom, std::string, int32_t), to(inventory));
  disallow((item), from(inventory).to(self));
  expect((actors::store_atom, actors::write_batch),
         from(inventory).to(storage));
  // The storage has answered, but the inventory has not seen it yet: an
  // early reply would be waiting here.
  disallow((item), from(inventory).to(self));
  expect((bool), from(storage).to(inventory));
  expect((item), from(inventory).to(self).with(item{1, "a", 1, 1}));
  // reads do not wait for the disk
  self->send(inventory, actors::get_item_atom_v, int32_t{1});
  expect((actors::get_item_atom, int32_t), to(inventory));
  expect((item), from(inventory).to(self).with(item{1, "a", 1, 1}));
  CAF_CHECK_EQUAL(db.query("SELECT name FROM items WHERE id = 1"), "a");
  CAF_CHECK_EQUAL(db.query("SELECT value FROM meta WHERE key = 'next_id'"),
                  "2");
}

CAF_TEST(changes waiting at the same moment share one transaction) {
  for (int i = 0; i < 4; ++i)
    self->send(inventory, actors::add_item_atom_v, "x"s, int32_t{i});
  run();
  for (int i = 0; i < 4; ++i)
    CAF_CHECK_EQUAL(next_message<item>(self).id, i + 1);
  CAF_CHECK_EQUAL(stats->requests.load(), 4u);
  // the first write goes alone, the three behind it wait and go together
  CAF_CHECK_EQUAL(stats->transactions.load(), 2u);
  CAF_CHECK_EQUAL(stats->rows.load(), 4u);
}

CAF_TEST(a failed batch fails its callers and memory falls back to the disk) {
  self->send(inventory, actors::add_item_atom_v, "a"s, int32_t{5});
  run();
  CAF_CHECK_EQUAL(next_message<item>(self).id, 1);
  use_failing_storage();
  self->send(inventory, actors::adjust_atom_v, int32_t{1}, int32_t{-2});
  self->send(inventory, actors::add_item_atom_v, "b"s, int32_t{1});
  run();
  for (int i = 0; i < 2; ++i) // an acknowledged write fails next_message
    CAF_CHECK_EQUAL(
      next_message<error>(self).code(),
      static_cast<uint8_t>(actors::inventory_errc::storage_unavailable));
  self->send(inventory, actors::get_item_atom_v, int32_t{1});
  run();
  CAF_CHECK_EQUAL(next_message<item>(self).quantity, 5);
  self->send(inventory, actors::count_atom_v);
  run();
  CAF_CHECK_EQUAL(next_message<int32_t>(self), 1);
}

CAF_TEST(no read sees a failed change while memory falls back to the disk) {
  use_failing_storage();
  self->send(inventory, actors::add_item_atom_v, "b"s, int32_t{1});
  sched.run_once(); // the inventory applies it and asks the storage
  sched.run_once(); // the storage fails the batch
  // Already waiting when the failure arrives, answered only after the
  // reload: before the fix it counted the failed item (2).
  self->send(inventory, actors::count_atom_v);
  run();
  next_message<error>(self); // the failed write, never acknowledged
  CAF_CHECK_EQUAL(next_message<int32_t>(self), 1);
}

CAF_TEST(a killed inventory actor is restarted from the database) {
  anon_send_exit(inventory, exit_reason::kill);
  anon_send_exit(storage, exit_reason::kill);
  run();
  auto ref = std::make_shared<actors::inventory_ref>();
  actors::supervisor_options opts;
  opts.db = db.open();
  opts.detached_storage = false;
  metrics::registry registry;
  auto counted = actors::actor_metrics::make(registry);
  opts.metrics = counted;
  auto sup = actors::spawn_supervisor(sys, std::move(opts), ref);
  // Published before any actor ran: a request arriving right after start-up
  // must find a live inventory actor, not an empty handle.
  CAF_REQUIRE_EQUAL(ref->generation(), 1u);
  CAF_REQUIRE(ref->get() != nullptr);
  run();
  CAF_REQUIRE_EQUAL(ref->generation(), 1u);
  self->send(ref->get(), actors::add_item_atom_v, "kept"s, int32_t{3});
  run();
  CAF_CHECK_EQUAL(next_message<item>(self).id, 1);
  anon_send_exit(ref->get(), exit_reason::kill);
  run();
  CAF_REQUIRE_EQUAL(ref->generation(), 2u);
  CAF_CHECK_EQUAL(counted->inventory_restarts->value(), 1u);
  CAF_CHECK_EQUAL(counted->storage_restarts->value(), 0u);
  CAF_CHECK(!counted->restarting);
  self->send(ref->get(), actors::get_item_atom_v, int32_t{1});
  run();
  CAF_CHECK_EQUAL(next_message<item>(self).name, "kept");
  // A killed storage actor takes the inventory along; both come back.
  actor storage_handle;
  self->send(sup, get_atom_v);
  run();
  storage_handle = next_message<actor>(self);
  anon_send_exit(storage_handle, exit_reason::kill);
  run();
  CAF_REQUIRE_EQUAL(ref->generation(), 3u);
  // One restart each: the inventory actor killed along with its storage
  // is not counted as a death of its own.
  CAF_CHECK_EQUAL(counted->inventory_restarts->value(), 1u);
  CAF_CHECK_EQUAL(counted->storage_restarts->value(), 1u);
  CAF_CHECK(!counted->restarting);
  self->send(ref->get(), actors::add_item_atom_v, "after"s, int32_t{1});
  run();
  CAF_CHECK_EQUAL(next_message<item>(self).id, 2);
  anon_send_exit(sup, exit_reason::user_shutdown);
  run();
}

CAF_TEST_FIXTURE_SCOPE_END()
