#define CAF_SUITE inventory_actor

#include "actors/inventory_actor.hpp"

#include "caf/test/dsl.hpp"

#include "tests/caf_test_config.hpp"

using namespace caf;
using namespace std::string_literals;
using actors::item;

namespace {

struct fixture : test_coordinator_fixture<test_config> {
  actors::inventory_actor inventory;
  bool throw_on_get = false;

  fixture() {
    actors::inventory_options opts;
    opts.test_hook = [this](std::string_view op) {
      if (throw_on_get && op == "get")
        throw std::runtime_error("injected");
    };
    inventory = actors::spawn_inventory_actor(sys, std::move(opts));
    run();
  }

  // Runs the pending messages and returns the error the inventory answered;
  // any other answer fails the test.
  error last_error() {
    run();
    return next_message<error>(self);
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(inventory_actor_tests, fixture)

CAF_TEST(adding an item answers with id 1 and version 1) {
  self->send(inventory, actors::add_item_atom_v, "widget"s, int32_t{5});
  expect((actors::add_item_atom, std::string, int32_t),
         from(self).to(inventory).with(_, "widget"s, 5));
  expect((item), from(inventory).to(self).with(item{1, "widget", 5, 1}));
}

CAF_TEST(a missing item is a not_found error carrying its id) {
  self->send(inventory, actors::get_item_atom_v, int32_t{42});
  expect((actors::get_item_atom, int32_t),
         from(self).to(inventory).with(_, 42));
  auto err = last_error();
  CAF_CHECK_EQUAL(err.category(), atom("inventory"));
  CAF_CHECK_EQUAL(err.code(),
                  static_cast<uint8_t>(actors::inventory_errc::not_found));
  CAF_REQUIRE(err.context().match_elements<int32_t>());
  CAF_CHECK_EQUAL(err.context().get_as<int32_t>(0), 42);
}

CAF_TEST(messages are handled one at a time in arrival order) {
  self->send(inventory, actors::add_item_atom_v, "a"s, int32_t{10});
  self->send(inventory, actors::adjust_atom_v, int32_t{1}, int32_t{-3});
  self->send(inventory, actors::set_quantity_atom_v, int32_t{1}, int32_t{4},
             int32_t{2});
  self->send(inventory, actors::adjust_atom_v, int32_t{1}, int32_t{-5});
  self->send(inventory, actors::count_atom_v);
  expect((actors::add_item_atom, std::string, int32_t), to(inventory));
  expect((item), from(inventory).to(self).with(item{1, "a", 10, 1}));
  expect((actors::adjust_atom, int32_t, int32_t), to(inventory));
  expect((item), from(inventory).to(self).with(item{1, "a", 7, 2}));
  expect((actors::set_quantity_atom, int32_t, int32_t, int32_t), to(inventory));
  expect((item), from(inventory).to(self).with(item{1, "a", 4, 3}));
  expect((actors::adjust_atom, int32_t, int32_t), to(inventory));
  expect((error), from(inventory).to(self));
  expect((actors::count_atom), to(inventory));
  expect((int32_t), from(inventory).to(self).with(1));
}

CAF_TEST(an exception in a handler is an internal error and the data lives on) {
  self->send(inventory, actors::add_item_atom_v, "a"s, int32_t{3});
  expect((actors::add_item_atom, std::string, int32_t), to(inventory));
  expect((item), from(inventory).to(self).with(item{1, "a", 3, 1}));
  throw_on_get = true;
  self->send(inventory, actors::get_item_atom_v, int32_t{1});
  expect((actors::get_item_atom, int32_t), to(inventory));
  CAF_CHECK_EQUAL(last_error().code(),
                  static_cast<uint8_t>(actors::inventory_errc::internal));
  throw_on_get = false;
  self->send(inventory, actors::get_item_atom_v, int32_t{1});
  expect((actors::get_item_atom, int32_t), to(inventory));
  expect((item), from(inventory).to(self).with(item{1, "a", 3, 1}));
}

CAF_TEST(a snapshot holds every item in id order) {
  // Added in this order, then 2 removed: ids 1, 3, 4 remain.
  for (auto name : {"d"s, "c"s, "b"s, "a"s}) {
    self->send(inventory, actors::add_item_atom_v, name, int32_t{1});
    expect((actors::add_item_atom, std::string, int32_t), to(inventory));
    expect((item), from(inventory).to(self));
  }
  self->send(inventory, actors::remove_item_atom_v, int32_t{2});
  expect((actors::remove_item_atom, int32_t), to(inventory));
  expect((bool), from(inventory).to(self).with(true));
  self->send(inventory, actors::snapshot_atom_v);
  expect((actors::snapshot_atom), to(inventory));
  auto snap = next_message<actors::inventory_snapshot>(self);
  CAF_REQUIRE(snap.items != nullptr);
  CAF_REQUIRE_EQUAL(snap.items->size(), 3u);
  CAF_CHECK_EQUAL(snap.items->at(0), (item{1, "d", 1, 1}));
  CAF_CHECK_EQUAL(snap.items->at(1), (item{3, "b", 1, 1}));
  CAF_CHECK_EQUAL(snap.items->at(2), (item{4, "a", 1, 1}));
}

CAF_TEST_FIXTURE_SCOPE_END()
