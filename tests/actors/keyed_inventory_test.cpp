#define CAF_SUITE keyed_inventory

#include "actors/inventory_actor.hpp"
#include "actors/storage_actor.hpp"

#include "caf/test/dsl.hpp"

#include "tests/actors/temp_database.hpp"
#include "tests/caf_test_config.hpp"

using namespace caf;
using namespace std::string_literals;
using actors::change_kind;
using actors::change_outcome;
using actors::change_request;
using actors::idempotency_key;
using actors::item;

namespace {

change_request adjust(std::int32_t id, std::int32_t delta) {
  change_request r;
  r.kind = change_kind::adjust;
  r.id = id;
  r.delta = delta;
  return r;
}

idempotency_key key(std::string k, std::string fingerprint = "fp",
                    std::string principal = "anonymous") {
  return {std::move(principal), std::move(k), std::move(fingerprint)};
}

struct memory_fixture : test_coordinator_fixture<test_config> {
  actors::inventory_actor inventory;
  std::int64_t now = 1'000'000;

  explicit memory_fixture(std::size_t cache_size = 100) {
    actors::inventory_options opts;
    opts.initial.items = {item{1, "a", 10, 1}};
    opts.initial.next_id = 2;
    opts.keys.cache_size = cache_size;
    opts.keys.ttl = std::chrono::seconds{60};
    opts.keys.clock = [this] { return now; };
    inventory = actors::spawn_inventory_actor(sys, std::move(opts));
    run();
  }

  change_outcome keyed(idempotency_key k, change_request r) {
    self->send(inventory, actors::keyed_atom_v, std::move(k), std::move(r));
    run();
    return next_message<change_outcome>(self);
  }

  error keyed_error(idempotency_key k, change_request r) {
    self->send(inventory, actors::keyed_atom_v, std::move(k), std::move(r));
    run();
    return next_message<error>(self);
  }

  std::int32_t quantity(std::int32_t id) {
    self->send(inventory, actors::get_item_atom_v, id);
    run();
    return next_message<item>(self).quantity;
  }
};

struct small_cache_fixture : memory_fixture {
  small_cache_fixture() : memory_fixture(2) {}
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(keyed_in_memory, memory_fixture)

CAF_TEST(a retry under the same key replays the answer and changes nothing) {
  auto first = keyed(key("k1"), adjust(1, 5));
  CAF_CHECK(!first.replayed);
  CAF_REQUIRE_EQUAL(first.items.size(), 1u);
  CAF_CHECK_EQUAL(first.items[0], (item{1, "a", 15, 2}));
  auto again = keyed(key("k1"), adjust(1, 5));
  CAF_CHECK(again.replayed);
  CAF_CHECK_EQUAL(again.items, first.items);
  CAF_CHECK_EQUAL(quantity(1), 15);
}

CAF_TEST(the same key with another request is refused and changes nothing) {
  keyed(key("k1", "fp-a"), adjust(1, 5));
  auto err = keyed_error(key("k1", "fp-b"), adjust(1, 7));
  CAF_CHECK_EQUAL(err, make_error(actors::inventory_errc::key_reused));
  CAF_CHECK_EQUAL(quantity(1), 15);
}

CAF_TEST(a refusal by a rule is an answer and is replayed as such) {
  auto refused = keyed(key("k1"), adjust(1, -50));
  CAF_CHECK_EQUAL(
    refused.failure_code,
    static_cast<std::uint8_t>(actors::inventory_errc::insufficient_stock));
  CAF_CHECK_EQUAL(refused.failure_id, 1);
  keyed(key("k2"), adjust(1, 100)); // now there would be stock enough
  auto again = keyed(key("k1"), adjust(1, -50));
  CAF_CHECK(again.replayed);
  CAF_CHECK_EQUAL(again.failure_code, refused.failure_code);
  CAF_CHECK_EQUAL(quantity(1), 110);
}

CAF_TEST(an invalid request stores nothing and leaves the key free) {
  change_request bad;
  bad.kind = change_kind::add; // an empty name
  auto err = keyed_error(key("k1", "fp-bad"), bad);
  CAF_CHECK_EQUAL(err, make_error(actors::inventory_errc::invalid_argument));
  change_request good = bad;
  good.name = "b";
  auto added = keyed(key("k1", "fp-good"), good);
  CAF_CHECK(!added.replayed);
  CAF_REQUIRE_EQUAL(added.items.size(), 1u);
  CAF_CHECK_EQUAL(added.items[0].id, 2);
}

CAF_TEST(principals do not share keys) {
  keyed(key("k1", "fp", "alice"), adjust(1, 1));
  auto bob = keyed(key("k1", "fp", "bob"), adjust(1, 1));
  CAF_CHECK(!bob.replayed);
  CAF_CHECK_EQUAL(quantity(1), 12);
}

CAF_TEST(an expired key is free again) {
  keyed(key("k1"), adjust(1, 1));
  now += 59'000;
  CAF_CHECK(keyed(key("k1"), adjust(1, 1)).replayed);
  now += 2'000; // 61 s after the first answer
  CAF_CHECK(!keyed(key("k1"), adjust(1, 1)).replayed);
  CAF_CHECK_EQUAL(quantity(1), 12);
}

CAF_TEST(removals replay as removals) {
  change_request rm;
  rm.kind = change_kind::remove;
  rm.id = 1;
  auto first = keyed(key("rm"), rm);
  CAF_CHECK_EQUAL(first.failure_code, 0);
  CAF_CHECK(first.items.empty());
  auto again = keyed(key("rm"), rm);
  CAF_CHECK(again.replayed);
  CAF_CHECK_EQUAL(again.failure_code, 0);
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(keyed_memory_bound, small_cache_fixture)

CAF_TEST(in memory only the newest keys are remembered) {
  keyed(key("k1"), adjust(1, 1));
  keyed(key("k2"), adjust(1, 1));
  keyed(key("k3"), adjust(1, 1)); // k1 is forgotten
  CAF_CHECK(keyed(key("k3"), adjust(1, 1)).replayed);
  CAF_CHECK(!keyed(key("k1"), adjust(1, 1)).replayed);
  CAF_CHECK_EQUAL(quantity(1), 14);
}

CAF_TEST_FIXTURE_SCOPE_END()

namespace {

struct durable_fixture : test_coordinator_fixture<test_config> {
  temp_database files{"keyed-test"};
  std::shared_ptr<actors::storage> db = files.open();
  actors::storage_actor storage;
  actors::inventory_actor inventory;

  std::size_t cache_size;
  std::int64_t now = 1'000'000;

  explicit durable_fixture(std::size_t cache = 100000) : cache_size(cache) {
    storage = actors::spawn_storage_actor(sys, db, false);
    start({item{1, "a", 10, 1}}, 2);
  }

  // A fresh inventory actor over the same database, as after a restart:
  // nothing of the old one's memory.
  void start(std::vector<item> items, std::int32_t next_id) {
    actors::inventory_options opts;
    opts.storage = storage;
    opts.initial.items = std::move(items);
    opts.initial.next_id = next_id;
    opts.keys.reader = db->keys();
    opts.keys.cache_size = cache_size;
    opts.keys.ttl = std::chrono::seconds{60};
    opts.keys.clock = [this] { return now; };
    inventory = actors::spawn_inventory_actor(sys, std::move(opts));
    run();
  }

  change_outcome keyed(idempotency_key k, change_request r) {
    self->send(inventory, actors::keyed_atom_v, std::move(k), std::move(r));
    run();
    return next_message<change_outcome>(self);
  }

  std::int32_t quantity(std::int32_t id) {
    self->send(inventory, actors::get_item_atom_v, id);
    run();
    return next_message<item>(self).quantity;
  }
};

// Only the last key answered is in memory: every other one has to be
// found through the key filter and the database.
struct forgetful_fixture : durable_fixture {
  forgetful_fixture() : durable_fixture(1) {}
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(keyed_durable, durable_fixture)

CAF_TEST(a duplicate in flight waits for the first and runs nothing) {
  self->send(inventory, actors::keyed_atom_v, key("k1"), adjust(1, 5));
  expect((actors::keyed_atom, idempotency_key, change_request), to(inventory));
  // The duplicate arrives while the batch is on its way to the disk.
  self->send(inventory, actors::keyed_atom_v, key("k1"), adjust(1, 5));
  expect((actors::keyed_atom, idempotency_key, change_request), to(inventory));
  CAF_CHECK(self->mailbox().empty()); // nobody answered yet
  expect((actors::store_atom, actors::write_batch),
         from(inventory).to(storage));
  expect((bool), from(storage).to(inventory));
  // one batch only: the duplicate wrote nothing of its own
  disallow((actors::store_atom, actors::write_batch),
           from(inventory).to(storage));
  auto first = next_message<change_outcome>(self);
  auto second = next_message<change_outcome>(self);
  CAF_CHECK(!first.replayed);
  CAF_CHECK(second.replayed);
  CAF_CHECK_EQUAL(second.items, first.items);
  run();
  CAF_CHECK_EQUAL(files.query("SELECT quantity FROM items WHERE id = 1"), "15");
  CAF_CHECK_EQUAL(files.query("SELECT count(*) FROM idempotency"), "1");
}

CAF_TEST(a key answered before a restart is honoured after it) {
  self->send(inventory, actors::keyed_atom_v, key("k1"), adjust(1, 5));
  run();
  auto first = next_message<change_outcome>(self);
  self->send_exit(inventory, exit_reason::kill);
  run();
  start({item{1, "a", 15, 2}}, 2);
  auto again = change_outcome{};
  self->send(inventory, actors::keyed_atom_v, key("k1"), adjust(1, 5));
  disallow((actors::store_atom, actors::write_batch),
           from(inventory).to(storage));
  run();
  again = next_message<change_outcome>(self);
  CAF_CHECK(again.replayed);
  CAF_CHECK_EQUAL(again.items, first.items);
  CAF_CHECK_EQUAL(files.query("SELECT quantity FROM items WHERE id = 1"), "15");
  // and another request under it is refused from the database too
  self->send(inventory, actors::keyed_atom_v, key("k1", "other"), adjust(1, 5));
  run();
  CAF_CHECK_EQUAL(next_message<error>(self),
                  make_error(actors::inventory_errc::key_reused));
}

CAF_TEST(a refusal under a key is stored without changing any item) {
  self->send(inventory, actors::keyed_atom_v, key("k1"), adjust(9, 1));
  expect((actors::keyed_atom, idempotency_key, change_request), to(inventory));
  expect((actors::store_atom, actors::write_batch),
         from(inventory).to(storage));
  expect((bool), from(storage).to(inventory));
  auto refused = next_message<change_outcome>(self);
  CAF_CHECK_EQUAL(refused.failure_code,
                  static_cast<std::uint8_t>(actors::inventory_errc::not_found));
  CAF_CHECK_EQUAL(files.query("SELECT count(*) FROM idempotency"), "1");
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(keyed_durable_forgetful, forgetful_fixture)

CAF_TEST(keys the cache has forgotten are honoured for their whole lifetime) {
  auto first = keyed(key("k1"), adjust(1, 5)); // at 1,000 s: lives to 1,060
  keyed(key("k2"), adjust(1, 1));              // k1 leaves the cache
  auto again = keyed(key("k1"), adjust(1, 5));
  CAF_CHECK(again.replayed);
  CAF_CHECK_EQUAL(again.items, first.items);
  CAF_CHECK_EQUAL(quantity(1), 16);
  now += 61'000; // both expired; the filter starts its second generation
  auto k3 = keyed(key("k3"), adjust(1, 1)); // lives to 1,121
  now += 30'000;
  keyed(key("k4"), adjust(1, 1)); // lives to 1,151
  CAF_CHECK(keyed(key("k3"), adjust(1, 1)).replayed);
  now += 40'000; // at 1,131: k3 expired, the first generation is reused
  keyed(key("k5"), adjust(1, 1));
  CAF_CHECK(keyed(key("k4"), adjust(1, 1)).replayed);  // still in the older
  CAF_CHECK(!keyed(key("k3"), adjust(1, 1)).replayed); // a new request
  CAF_CHECK(!k3.replayed);
  CAF_CHECK_EQUAL(quantity(1), 20);
}

CAF_TEST_FIXTURE_SCOPE_END()
