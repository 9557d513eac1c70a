#define CAF_SUITE session_actor

#include "http/session_actor.hpp"

#include "actors/inventory_actor.hpp"
#include "actors/supervisor.hpp"

#include "caf/test/dsl.hpp"

#include "metrics/registry.hpp"
#include "rpc/rpc_metrics.hpp"
#include "tests/caf_test_config.hpp"
#include "xmlrpc/decode.hpp"
#include "xmlrpc/encode.hpp"

using namespace caf;
using namespace std::string_literals;

namespace {

// Stands in for a connection: records the reply the session hands back.
struct test_call : rpc::pending_call {
  test_call() { who.role = auth::role::admin; }
  int replies = 0;
  void reply_ready() override { ++replies; }
};

// An inventory that never answers: requests to it can only time out. (The
// unused argument avoids CAF 0.17's null-tuple dereference on spawns
// without arguments, which UBSan reports.)
behavior silent_inventory(event_based_actor* self, int) {
  self->set_default_handler(skip);
  return {[](const std::string&) {}};
}

// An inventory that answers get_item only when poked (any string), with
// item {id, "slow", poke count, 1}: its answers can come after a timeout.
struct slow_state {
  std::vector<caf::response_promise> waiting;
  int32_t pokes = 0;
};

behavior slow_inventory(stateful_actor<slow_state>* self, int) {
  return {
    [self](actors::get_item_atom, int32_t) {
      self->state.waiting.push_back(self->make_response_promise());
    },
    [self](const std::string&) {
      ++self->state.pokes;
      auto waiting = std::move(self->state.waiting);
      self->state.waiting.clear();
      for (auto& rp : waiting)
        rp.deliver(actors::item{1, "slow", self->state.pokes, 1});
    },
  };
}

struct fixture : test_coordinator_fixture<test_config> {
  metrics::registry registry;
  http::session_settings settings;
  http::session_actor session;
  std::shared_ptr<test_call> ex = std::make_shared<test_call>();

  fixture() {
    settings.inventory.inventory = std::make_shared<actors::inventory_ref>();
    settings.inventory.inventory->set(actors::spawn_inventory_actor(sys));
    settings.inventory.request_timeout = std::chrono::seconds(5);
    settings.inventory.metrics = rpc::rpc_metrics::make(registry);
    session = http::spawn_session_actor(sys, settings);
    run();
  }

  // Sends one XML-RPC call through the session, runs every actor until
  // nothing is left to do, and returns the decoded reply.
  xmlrpc::result<xmlrpc::value> call(const std::string& method,
                                     std::vector<xmlrpc::value> params) {
    ex->body = *xmlrpc::encode_method_call(method, params);
    self->send(session, http::rpc_atom_v, http::call_ref{ex});
    run();
    CAF_REQUIRE_EQUAL(ex->replies, 1);
    ex->replies = 0;
    return xmlrpc::decode_method_response(ex->reply);
  }
};

xmlrpc::value item_value(int32_t id, std::string name, int32_t q, int32_t v) {
  xmlrpc::structure st;
  st.members.emplace_back("id", id);
  st.members.emplace_back("name", std::move(name));
  st.members.emplace_back("quantity", q);
  st.members.emplace_back("version", v);
  return st;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(session_actor_tests, fixture)

CAF_TEST(the session decodes a call asks the inventory and encodes the reply) {
  auto added = call("add_item", {"widget", int32_t{5}});
  CAF_REQUIRE(added.has_value());
  CAF_CHECK(*added == xmlrpc::value{"Product added with ID 1\n"});
  auto got = call("inventory.get", {int32_t{1}});
  CAF_REQUIRE(got.has_value());
  CAF_CHECK(*got == item_value(1, "widget", 5, 1));
}

CAF_TEST(seed not found replies stay strings and structured ones are faults) {
  auto get = call("get_item", {int32_t{7}});
  CAF_REQUIRE(get.has_value());
  CAF_CHECK(*get == xmlrpc::value{"Product with ID 7 not found"});
  auto update = call("update_item", {int32_t{7}, int32_t{1}});
  CAF_REQUIRE(update.has_value());
  CAF_CHECK(*update == xmlrpc::value{"Product with ID 7 not found\n"});
  auto missing = call("inventory.get", {int32_t{7}});
  CAF_REQUIRE(!missing.has_value());
  CAF_CHECK_EQUAL(missing.error().code, 404);
  CAF_CHECK_EQUAL(missing.error().message, "inventory.get: no item with ID 7");
}

CAF_TEST(
  bad documents and params become faults without reaching the inventory) {
  ex->body = "<methodCall><methodName>get_item";
  self->send(session, http::rpc_atom_v, http::call_ref{ex});
  expect((http::rpc_atom, http::call_ref), to(session));
  disallow((actors::get_item_atom, int32_t),
           to(settings.inventory.inventory->get()));
  CAF_CHECK_EQUAL(ex->replies, 1);
  auto malformed = xmlrpc::decode_method_response(ex->reply);
  CAF_REQUIRE(!malformed.has_value());
  CAF_CHECK_EQUAL(malformed.error().code, -32700);
  ex->replies = 0;
  ex->body = *xmlrpc::encode_method_call("add_item", {"x", int32_t{-1}});
  self->send(session, http::rpc_atom_v, http::call_ref{ex});
  expect((http::rpc_atom, http::call_ref), to(session));
  disallow((actors::add_item_atom, std::string, int32_t),
           to(settings.inventory.inventory->get()));
  CAF_REQUIRE_EQUAL(ex->replies, 1);
  ex->replies = 0;
  auto negative = xmlrpc::decode_method_response(ex->reply);
  CAF_REQUIRE(!negative.has_value());
  CAF_CHECK_EQUAL(negative.error().code, -32602);
  CAF_CHECK_EQUAL(negative.error().message,
                  "add_item: quantity must not be negative, got -1");
  auto unknown = call("no.such", {});
  CAF_REQUIRE(!unknown.has_value());
  CAF_CHECK_EQUAL(unknown.error().code, -32601);
  auto count = call("inventory.count", {});
  CAF_REQUIRE(count.has_value());
  CAF_CHECK(*count == xmlrpc::value{int32_t{0}});
}

CAF_TEST(multicall runs its calls in order and reports faults per entry) {
  auto entry = [](std::string name, xmlrpc::array params) {
    xmlrpc::structure st;
    st.members.emplace_back("methodName", std::move(name));
    st.members.emplace_back("params", std::move(params));
    return xmlrpc::value{std::move(st)};
  };
  auto res
    = call("system.multicall",
           {xmlrpc::array{entry("inventory.add", {"a", int32_t{1}}),
                          entry("inventory.adjust", {int32_t{1}, int32_t{-5}}),
                          entry("inventory.adjust", {int32_t{1}, int32_t{2}}),
                          entry("system.multicall", {xmlrpc::array{}}),
                          xmlrpc::value{"junk"}}});
  CAF_REQUIRE(res.has_value());
  const auto* list = res->get_if<xmlrpc::array>();
  CAF_REQUIRE(list != nullptr);
  CAF_REQUIRE_EQUAL(list->size(), 5u);
  // The fault code of entry `i`, or 0 when the entry is not a fault struct.
  auto fault_code = [&](std::size_t i) {
    const auto* st = (*list)[i].get_if<xmlrpc::structure>();
    const auto* code = st ? st->find("faultCode") : nullptr;
    const auto* n = code ? code->get_if<int32_t>() : nullptr;
    return n ? *n : 0;
  };
  CAF_CHECK((*list)[0]
            == xmlrpc::value{xmlrpc::array{item_value(1, "a", 1, 1)}});
  CAF_CHECK_EQUAL(fault_code(1), 422);
  CAF_CHECK((*list)[2]
            == xmlrpc::value{xmlrpc::array{item_value(1, "a", 3, 2)}});
  CAF_CHECK_EQUAL(fault_code(3), -32600);
  CAF_CHECK_EQUAL(fault_code(4), -32600);
}

CAF_TEST(get_all_items streams every item keyed by id) {
  CAF_REQUIRE(call("add_item", {"a", int32_t{1}}).has_value());
  CAF_REQUIRE(call("add_item", {"b & c", int32_t{2}}).has_value());
  CAF_REQUIRE(call("delete_item", {int32_t{1}}).has_value());
  auto all = call("get_all_items", {});
  CAF_REQUIRE(all.has_value());
  xmlrpc::structure entry;
  entry.members.emplace_back("name", "b & c");
  entry.members.emplace_back("quantity", int32_t{2});
  xmlrpc::structure expected;
  expected.members.emplace_back("2", std::move(entry));
  CAF_CHECK(*all == xmlrpc::value{expected});
}

// clang-format off
CAF_TEST(a silent inventory means fault -32603 after the request timeout) {
  // clang-format on
  auto silent = sys.spawn(silent_inventory, 0);
  settings.inventory.inventory->set(
    actor_cast<actors::inventory_actor>(silent));
  run();
  ex->body = *xmlrpc::encode_method_call("get_item", {int32_t{1}});
  self->send(session, http::rpc_atom_v, http::call_ref{ex});
  consume_messages();              // messages only: the clock stands still
  CAF_CHECK_EQUAL(ex->replies, 0); // still waiting
  CAF_CHECK_EQUAL(sched.trigger_timeouts(), 1u);
  consume_messages();
  CAF_REQUIRE_EQUAL(ex->replies, 1);
  auto res = xmlrpc::decode_method_response(ex->reply);
  CAF_REQUIRE(!res.has_value());
  CAF_CHECK_EQUAL(res.error().code, -32603);
  CAF_CHECK_EQUAL(res.error().message,
                  "get_item: the inventory did not answer in time");
  anon_send_exit(silent, exit_reason::kill); // it would skip forever
}

CAF_TEST(requests leave one clock entry per session not one per request) {
  for (int i = 0; i < 10; ++i) {
    ex->body = *xmlrpc::encode_method_call("inventory.count", {});
    self->send(session, http::rpc_atom_v, http::call_ref{ex});
    consume_messages(); // messages only: the clock stands still
  }
  CAF_CHECK_EQUAL(ex->replies, 10);
  // CAF's own request timeouts would leave all ten until they expired.
  CAF_CHECK_EQUAL(sched.clock().schedule().size(), 1u);
  // The reminder finds nothing overdue and asks for no other.
  CAF_CHECK_EQUAL(sched.trigger_timeouts(), 1u);
  consume_messages();
  CAF_CHECK_EQUAL(sched.clock().schedule().size(), 0u);
}

CAF_TEST(an answer after the request timeout is dropped and the next works) {
  auto slow = sys.spawn(slow_inventory, 0);
  settings.inventory.inventory->set(actor_cast<actors::inventory_actor>(slow));
  run();
  ex->body = *xmlrpc::encode_method_call("get_item", {int32_t{1}});
  self->send(session, http::rpc_atom_v, http::call_ref{ex});
  consume_messages();
  CAF_CHECK_EQUAL(ex->replies, 0);
  // The counter's sample in the exposition, as a scrape reads it.
  auto timeouts = [this] {
    const std::string sample = "\ninventory_rpc_request_timeouts_total ";
    auto text = registry.expose();
    auto at = text.find(sample);
    CAF_REQUIRE(at != std::string::npos);
    at += sample.size();
    return text.substr(at, text.find('\n', at) - at);
  };
  CAF_CHECK_EQUAL(timeouts(), "0");
  CAF_CHECK_EQUAL(sched.trigger_timeouts(), 1u);
  consume_messages();
  CAF_REQUIRE_EQUAL(ex->replies, 1);
  CAF_CHECK_EQUAL(timeouts(), "1");
  auto timed_out = xmlrpc::decode_method_response(ex->reply);
  CAF_REQUIRE(!timed_out.has_value());
  CAF_CHECK_EQUAL(timed_out.error().code, -32603);
  // The late answer (quantity 1) reaches the session and changes nothing.
  self->send(slow, "poke"s);
  run();
  CAF_CHECK_EQUAL(ex->replies, 1);
  // The next call gets its own answer (quantity 2), not the stale one.
  ex->replies = 0;
  ex->body = *xmlrpc::encode_method_call("get_item", {int32_t{1}});
  self->send(session, http::rpc_atom_v, http::call_ref{ex});
  consume_messages();
  self->send(slow, "poke"s);
  run();
  CAF_REQUIRE_EQUAL(ex->replies, 1);
  auto fresh = xmlrpc::decode_method_response(ex->reply);
  CAF_REQUIRE(fresh.has_value());
  CAF_CHECK(*fresh
            == xmlrpc::value{"Product ID: 1, Name: slow, Quantity: 2\n"});
  CAF_CHECK_EQUAL(timeouts(), "1");
  anon_send_exit(slow, exit_reason::kill);
}

CAF_TEST_FIXTURE_SCOPE_END()
