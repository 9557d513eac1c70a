// Idempotency keys in the service layer: which keys are accepted, what a
// fingerprint tells apart, and what the dispatcher hands the inventory.

#include "rpc/idempotency.hpp"

#include <gtest/gtest.h>

#include "rpc/dispatcher.hpp"
#include "tests/rpc/inventory_fake.hpp"
#include "xmlrpc/decode.hpp"
#include "xmlrpc/encode.hpp"

namespace {

using actors::change_kind;
using xmlrpc::value;

actors::change_request adjust(std::int32_t id, std::int32_t delta) {
  actors::change_request r;
  r.kind = change_kind::adjust;
  r.id = id;
  r.delta = delta;
  return r;
}

// Fingerprints are stored with their keys, so they must not change between
// builds: this is SHA-256 over the canonical form, as Python's hashlib
// computes it for "method=16;inventory.adjustkind=3;name=0;id=1;quantity=0;
// expected_version=0;delta=5;adjustments=0;".
TEST(fingerprint, is_the_sha256_of_the_canonical_form) {
  auto digest = rpc::fingerprint("inventory.adjust", adjust(1, 5));
  std::string hex;
  for (unsigned char c : digest) {
    static constexpr char digits[] = "0123456789abcdef";
    hex += digits[c >> 4];
    hex += digits[c & 0x0f];
  }
  EXPECT_EQ(hex,
            "3d0fb4cfd0ec3e8727a4da5ab89aa2bfc5d11ae4e0d55f1e3f905ac1bc499606");
}

TEST(fingerprint, tells_methods_and_parameters_apart) {
  auto base = rpc::fingerprint("inventory.adjust", adjust(1, 5));
  EXPECT_EQ(base.size(), 32u);
  EXPECT_EQ(base, rpc::fingerprint("inventory.adjust", adjust(1, 5)));
  EXPECT_NE(base, rpc::fingerprint("inventory.adjust", adjust(1, 6)));
  EXPECT_NE(base, rpc::fingerprint("inventory.adjust", adjust(15, 0)));
  EXPECT_NE(base, rpc::fingerprint("inventory.adjust_many", adjust(1, 5)));
  actors::change_request a;
  a.name = "ab";
  actors::change_request b;
  b.name = "a";
  b.quantity = 0;
  EXPECT_NE(rpc::fingerprint("add_item", a), rpc::fingerprint("add_item", b));
}

TEST(to_change, names_changes_and_leaves_reads_alone) {
  auto c = rpc::to_change(rpc::adjust_request{3, -2});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->kind, change_kind::adjust);
  EXPECT_EQ(c->id, 3);
  EXPECT_EQ(c->delta, -2);
  EXPECT_FALSE(rpc::to_change(rpc::get_request{3}));
  EXPECT_FALSE(rpc::to_change(rpc::list_request{0, 10}));
  EXPECT_FALSE(rpc::to_change(rpc::snapshot_request{}));
}

class keyed_dispatch_test : public ::testing::Test {
protected:
  std::shared_ptr<test_call> start(const std::string& method,
                                   std::vector<value> params,
                                   std::string key = "k-1") {
    auto call = std::make_shared<test_call>();
    call->body = *xmlrpc::encode_method_call(method, params);
    call->idempotency_key = std::move(key);
    call->who.principal = "alice";
    dispatcher.serve(call);
    EXPECT_EQ(call->replies, 1);
    return call;
  }

  inventory_fake inventory;
  xmlrpc::limits limits;
  rpc::dispatcher dispatcher{inventory, limits};
};

TEST_F(keyed_dispatch_test, a_change_goes_with_the_key_of_its_principal) {
  start("inventory.add", {"widget", 5});
  ASSERT_EQ(inventory.asked_once.size(), 1u);
  EXPECT_TRUE(inventory.asked.empty());
  const auto& [key, change] = inventory.asked_once[0];
  EXPECT_EQ(key.principal, "alice");
  EXPECT_EQ(key.key, "k-1");
  EXPECT_EQ(key.fingerprint, rpc::fingerprint("inventory.add", change));
  EXPECT_EQ(change.kind, change_kind::add);
  EXPECT_EQ(change.name, "widget");
}

TEST_F(keyed_dispatch_test, the_seed_methods_take_keys_too) {
  start("add_item", {"widget", 5});
  start("update_item", {1, 7});
  start("delete_item", {1});
  ASSERT_EQ(inventory.asked_once.size(), 3u);
  EXPECT_EQ(inventory.asked_once[1].second.kind, change_kind::set_quantity);
  EXPECT_EQ(inventory.asked_once[2].second.kind, change_kind::remove);
}

TEST_F(keyed_dispatch_test, a_replay_is_marked_and_formatted_as_the_first) {
  auto first = start("inventory.add", {"widget", 5});
  EXPECT_FALSE(first->replayed);
  inventory.replay = true;
  auto again = start("add_item", {"gadget", 1});
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(*xmlrpc::decode_method_response(again->reply),
            value{"Product added with ID 2\n"});
}

TEST_F(keyed_dispatch_test, reads_ignore_the_key) {
  start("inventory.add", {"widget", 5});
  auto read = start("inventory.get", {1});
  EXPECT_FALSE(read->replayed);
  EXPECT_EQ(inventory.asked.size(), 1u);
  EXPECT_EQ(inventory.asked_once.size(), 1u);
}

TEST_F(keyed_dispatch_test, multicall_refuses_a_key) {
  xmlrpc::structure entry;
  entry.members.emplace_back("methodName", "inventory.add");
  entry.members.emplace_back("params", xmlrpc::array{"w", 1});
  auto call = start("system.multicall", {xmlrpc::array{entry}});
  auto reply = xmlrpc::decode_method_response(call->reply);
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, xmlrpc::fault_code::invalid_request);
  EXPECT_TRUE(inventory.asked_once.empty());
  EXPECT_TRUE(inventory.asked.empty());
}

TEST_F(keyed_dispatch_test, invalid_params_never_reach_the_inventory) {
  auto call = start("inventory.adjust", {1});
  auto reply = xmlrpc::decode_method_response(call->reply);
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, xmlrpc::fault_code::invalid_params);
  EXPECT_TRUE(inventory.asked_once.empty());
}

TEST(to_answer, a_stored_outcome_reads_as_the_plain_answer) {
  actors::change_outcome removed;
  auto answer = rpc::to_answer(change_kind::remove, removed);
  ASSERT_TRUE(answer);
  EXPECT_EQ(std::get<bool>(*answer), true);
  actors::change_outcome refused;
  refused.failure_code
    = static_cast<std::uint8_t>(actors::inventory_errc::insufficient_stock);
  refused.failure_id = 4;
  answer = rpc::to_answer(change_kind::adjust, refused);
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, actors::inventory_errc::insufficient_stock);
  EXPECT_EQ(answer.error().id, 4);
}

} // namespace
