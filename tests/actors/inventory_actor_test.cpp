#define CAF_SUITE inventory_actor

#include "actors/inventory_actor.hpp"

#include "caf/test/dsl.hpp"

#include "tests/caf_test_config.hpp"

using namespace caf;
using namespace std::string_literals;
using inv::item;

namespace {

struct fixture : test_coordinator_fixture<test_config> {
  inv::inventory_actor inventory;
  bool throw_on_get = false;

  fixture() {
    inv::inventory_options opts;
    opts.probe = [this](std::string_view op) {
      if (throw_on_get && op == "get")
        throw std::runtime_error("injected");
    };
    inventory = inv::spawn_inventory_actor(sys, std::move(opts));
    run();
  }

  // Runs the pending messages and returns the error the inventory answered.
  error last_error() {
    run();
    error err;
    self->receive([&](error& e) { err = std::move(e); });
    return err;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(inventory_actor_tests, fixture)

CAF_TEST(adding an item answers with id 1 and version 1) {
  self->send(inventory, inv::add_item_atom_v, "widget"s, int32_t{5});
  expect((inv::add_item_atom, std::string, int32_t),
         from(self).to(inventory).with(_, "widget"s, 5));
  expect((item), from(inventory).to(self).with(item{1, "widget", 5, 1}));
}

CAF_TEST(a missing item is a not_found error carrying its id) {
  self->send(inventory, inv::get_item_atom_v, int32_t{42});
  expect((inv::get_item_atom, int32_t), from(self).to(inventory).with(_, 42));
  auto err = last_error();
  CAF_CHECK_EQUAL(err.category(), atom("inventory"));
  CAF_CHECK_EQUAL(err.code(),
                  static_cast<uint8_t>(inv::inventory_errc::not_found));
  CAF_REQUIRE(err.context().match_elements<int32_t>());
  CAF_CHECK_EQUAL(err.context().get_as<int32_t>(0), 42);
}

CAF_TEST(messages are handled one at a time in arrival order) {
  self->send(inventory, inv::add_item_atom_v, "a"s, int32_t{10});
  self->send(inventory, inv::adjust_atom_v, int32_t{1}, int32_t{-3});
  self->send(inventory, inv::set_qty_atom_v, int32_t{1}, int32_t{4},
             int32_t{2});
  self->send(inventory, inv::adjust_atom_v, int32_t{1}, int32_t{-5});
  self->send(inventory, inv::count_atom_v);
  expect((inv::add_item_atom, std::string, int32_t), to(inventory));
  expect((item), from(inventory).to(self).with(item{1, "a", 10, 1}));
  expect((inv::adjust_atom, int32_t, int32_t), to(inventory));
  expect((item), from(inventory).to(self).with(item{1, "a", 7, 2}));
  expect((inv::set_qty_atom, int32_t, int32_t, int32_t), to(inventory));
  expect((item), from(inventory).to(self).with(item{1, "a", 4, 3}));
  expect((inv::adjust_atom, int32_t, int32_t), to(inventory));
  expect((error), from(inventory).to(self));
  expect((inv::count_atom), to(inventory));
  expect((int32_t), from(inventory).to(self).with(1));
}

CAF_TEST(an exception in a handler is an internal error and the data lives on) {
  self->send(inventory, inv::add_item_atom_v, "a"s, int32_t{3});
  expect((inv::add_item_atom, std::string, int32_t), to(inventory));
  expect((item), from(inventory).to(self).with(item{1, "a", 3, 1}));
  throw_on_get = true;
  self->send(inventory, inv::get_item_atom_v, int32_t{1});
  expect((inv::get_item_atom, int32_t), to(inventory));
  CAF_CHECK_EQUAL(last_error().code(),
                  static_cast<uint8_t>(inv::inventory_errc::internal));
  throw_on_get = false;
  self->send(inventory, inv::get_item_atom_v, int32_t{1});
  expect((inv::get_item_atom, int32_t), to(inventory));
  expect((item), from(inventory).to(self).with(item{1, "a", 3, 1}));
}

CAF_TEST(a snapshot holds every item in id order) {
  self->send(inventory, inv::add_item_atom_v, "a"s, int32_t{1});
  self->send(inventory, inv::add_item_atom_v, "b"s, int32_t{2});
  self->send(inventory, inv::del_item_atom_v, int32_t{1});
  self->send(inventory, inv::snapshot_atom_v);
  run();
  inv::inventory_snapshot snap;
  for (int i = 0; i < 4; ++i)
    self->receive([](const item&) {}, [](bool) {},
                  [&](inv::inventory_snapshot& s) { snap = std::move(s); });
  CAF_REQUIRE(snap.items != nullptr);
  CAF_REQUIRE_EQUAL(snap.items->size(), 1u);
  CAF_CHECK_EQUAL(snap.items->at(0).name, "b");
}

CAF_TEST_FIXTURE_SCOPE_END()
