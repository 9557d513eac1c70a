// The dispatcher without actors or sockets: calls go in as XML, the fake
// inventory answers, replies come out as XML.

#include "rpc/dispatcher.hpp"

#include <gtest/gtest.h>

#include "rpc/method_table.hpp"
#include "tests/rpc/inventory_fake.hpp"
#include "xmlrpc/decode.hpp"
#include "xmlrpc/encode.hpp"

namespace {

using xmlrpc::value;

xmlrpc::value item_value(std::int32_t id, std::string name, std::int32_t q,
                         std::int32_t v) {
  xmlrpc::structure st;
  st.members.emplace_back("id", id);
  st.members.emplace_back("name", std::move(name));
  st.members.emplace_back("quantity", q);
  st.members.emplace_back("version", v);
  return st;
}

xmlrpc::value entry(std::string method, xmlrpc::array params) {
  xmlrpc::structure st;
  st.members.emplace_back("methodName", std::move(method));
  st.members.emplace_back("params", std::move(params));
  return st;
}

class dispatcher_test : public ::testing::Test {
protected:
  // Starts a call with `body`; its reply is read with reply().
  std::shared_ptr<test_call> start(std::string body) {
    auto call = std::make_shared<test_call>();
    call->body = std::move(body);
    dispatcher.serve(call);
    return call;
  }

  // `params` by value: a braced {array} must be one parameter, not bind
  // to the array itself.
  std::shared_ptr<test_call> start(const std::string& method,
                                   std::vector<value> params) {
    return start(*xmlrpc::encode_method_call(method, params));
  }

  // The decoded reply of `call`, which must have had exactly one.
  static xmlrpc::result<value> reply(test_call& call) {
    EXPECT_EQ(call.replies, 1);
    return xmlrpc::decode_method_response(call.reply);
  }

  xmlrpc::result<value> call(const std::string& method,
                             std::vector<value> params) {
    return reply(*start(method, std::move(params)));
  }

  inventory_fake inventory;
  xmlrpc::limits limits;
  rpc::dispatcher dispatcher{inventory, limits};
};

TEST_F(dispatcher_test, seed_methods_answer_with_the_original_strings) {
  EXPECT_EQ(*call("add_item", {"widget", 5}),
            value{"Product added with ID 1\n"});
  EXPECT_EQ(*call("get_item", {1}),
            value{"Product ID: 1, Name: widget, Quantity: 5\n"});
  EXPECT_EQ(*call("update_item", {1, 7}),
            value{"Product with ID 1 quantity updated\n"});
  EXPECT_EQ(*call("delete_item", {1}),
            value{"Product with ID 1 deleted successfully\n"});
}

TEST_F(dispatcher_test, seed_not_found_is_a_string_and_structured_a_fault) {
  EXPECT_EQ(*call("get_item", {7}), value{"Product with ID 7 not found"});
  EXPECT_EQ(*call("update_item", {7, 1}),
            value{"Product with ID 7 not found\n"});
  EXPECT_EQ(*call("delete_item", {7}), value{"Product with ID 7 not found\n"});
  auto missing = call("inventory.get", {7});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, 404);
  EXPECT_EQ(missing.error().message, "inventory.get: no item with ID 7");
}

TEST_F(dispatcher_test, structured_methods_return_items) {
  EXPECT_EQ(*call("inventory.add", {"a", 3}), item_value(1, "a", 3, 1));
  EXPECT_EQ(*call("inventory.adjust", {1, 2}), item_value(1, "a", 5, 2));
  auto short_of_stock = call("inventory.adjust", {1, -6});
  ASSERT_FALSE(short_of_stock);
  EXPECT_EQ(short_of_stock.error().code, 422);
  EXPECT_EQ(*call("inventory.count", {}), value{1});
  EXPECT_EQ(*call("inventory.delete", {1}), value{true});
}

TEST_F(dispatcher_test, a_call_records_its_method_and_fault_code) {
  auto ok = start("inventory.count", {});
  EXPECT_EQ(ok->method, "inventory.count");
  EXPECT_EQ(ok->fault_code, 0);
  auto missing = start("inventory.get", {9});
  EXPECT_EQ(missing->method, "inventory.get");
  EXPECT_EQ(missing->fault_code, 404);
  auto unknown = start("no.such", {});
  EXPECT_EQ(unknown->method, "");
  EXPECT_EQ(unknown->fault_code, -32601);
  auto multi
    = start("system.multicall", {xmlrpc::array{entry("inventory.get", {9})}});
  EXPECT_EQ(multi->method, "system.multicall");
  EXPECT_EQ(multi->fault_code, 0); // the entry's fault is inside the reply
}

TEST_F(dispatcher_test, bad_documents_and_params_never_reach_the_inventory) {
  auto malformed = reply(*start("<methodCall><methodName>get_item"));
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, -32700);
  auto negative = call("add_item", {"x", -1});
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().code, -32602);
  EXPECT_EQ(negative.error().message,
            "add_item: quantity must not be negative, got -1");
  auto unknown = call("no.such", {});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, -32601);
  EXPECT_EQ(unknown.error().message, "no.such: unknown method");
  EXPECT_TRUE(inventory.asked.empty());
}

TEST_F(dispatcher_test, a_reply_waits_for_the_inventory_and_comes_once) {
  inventory.hold = true;
  auto pending = start("inventory.add", {"a", 1});
  EXPECT_EQ(pending->replies, 0);
  EXPECT_EQ(inventory.release(), 1u);
  EXPECT_EQ(*reply(*pending), item_value(1, "a", 1, 1));
}

TEST_F(dispatcher_test, multicall_runs_entries_one_after_another) {
  inventory.hold = true;
  auto pending
    = start("system.multicall",
            {xmlrpc::array{entry("inventory.add", {"a", 1}),
                           entry("inventory.adjust", {1, -5}),
                           entry("inventory.adjust", {1, 2}),
                           entry("system.multicall", {xmlrpc::array{}}),
                           value{"junk"}, entry("system.listMethods", {})}});
  // Each entry asks only once the one before it has its answer.
  for (std::size_t asked = 1; asked <= 3; ++asked) {
    EXPECT_EQ(inventory.asked.size(), asked);
    EXPECT_EQ(inventory.holding(), 1u);
    EXPECT_EQ(pending->replies, 0);
    inventory.release();
  }
  auto res = reply(*pending);
  ASSERT_TRUE(res);
  const auto* list = res->get_if<xmlrpc::array>();
  ASSERT_NE(list, nullptr);
  ASSERT_EQ(list->size(), 6u);
  auto fault_code = [&](std::size_t i) {
    const auto* st = (*list)[i].get_if<xmlrpc::structure>();
    const auto* code = st ? st->find("faultCode") : nullptr;
    const auto* n = code ? code->get_if<std::int32_t>() : nullptr;
    return n ? *n : 0;
  };
  EXPECT_EQ((*list)[0], value{xmlrpc::array{item_value(1, "a", 1, 1)}});
  EXPECT_EQ(fault_code(1), 422);
  EXPECT_EQ((*list)[2], value{xmlrpc::array{item_value(1, "a", 3, 2)}});
  EXPECT_EQ(fault_code(3), -32600); // nesting is refused
  EXPECT_EQ(fault_code(4), -32600); // not a struct
  EXPECT_NE((*list)[5].get_if<xmlrpc::array>(), nullptr);
}

TEST_F(dispatcher_test, get_all_items_is_streamed_in_the_seed_shape) {
  ASSERT_TRUE(call("add_item", {"a", 1}));
  ASSERT_TRUE(call("add_item", {"b & <c>", 2}));
  ASSERT_TRUE(call("delete_item", {1}));
  xmlrpc::structure second;
  second.members.emplace_back("name", "b & <c>");
  second.members.emplace_back("quantity", 2);
  xmlrpc::structure expected;
  expected.members.emplace_back("2", std::move(second));
  EXPECT_EQ(*call("get_all_items", {}), value{expected});
  // inside a multicall it is a value tree, with the same content
  auto multi
    = call("system.multicall", {xmlrpc::array{entry("get_all_items", {})}});
  ASSERT_TRUE(multi);
  EXPECT_EQ(*multi, value{xmlrpc::array{value{xmlrpc::array{expected}}}});
}

TEST_F(dispatcher_test,
       an_unexpected_exception_is_a_fault_and_serving_goes_on) {
  // An answer of the wrong kind makes the reply formatter throw.
  inventory.canned = rpc::inventory_reply{std::int32_t{3}};
  auto wrong = call("get_item", {1});
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, -32603);
  EXPECT_EQ(wrong.error().message.rfind("get_item: internal error: ", 0), 0u)
    << wrong.error().message;
  inventory.canned.reset();
  inventory.throw_on_ask = true;
  auto broken = call("inventory.count", {});
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().message,
            "inventory.count: internal error: port broke");
  inventory.throw_on_ask = false;
  EXPECT_EQ(*call("inventory.count", {}), value{0});
}

TEST_F(dispatcher_test, a_reader_may_read_but_not_change) {
  ASSERT_TRUE(call("inventory.add", {"a", 4}));
  auto as_reader = [&](const std::string& method, std::vector<value> ps) {
    auto c = std::make_shared<test_call>();
    c->who.role = auth::role::reader;
    c->body = *xmlrpc::encode_method_call(method, ps);
    dispatcher.serve(c);
    return reply(*c);
  };
  EXPECT_EQ(*as_reader("inventory.get", {1}), item_value(1, "a", 4, 1));
  auto denied = as_reader("inventory.adjust", {1, -1});
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, 403);
  EXPECT_EQ(denied.error().message,
            "inventory.adjust: forbidden for role reader");
  auto asked = inventory.asked.size();
  // In a multicall each entry is checked on its own: the write faults,
  // the reads run, and nothing changes.
  auto multi = as_reader(
    "system.multicall",
    {xmlrpc::array{entry("inventory.get", {1}), entry("add_item", {"b", 1}),
                   entry("inventory.count", {})}});
  ASSERT_TRUE(multi);
  const auto& list = *multi->get_if<xmlrpc::array>();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0], value{xmlrpc::array{item_value(1, "a", 4, 1)}});
  const auto* st = list[1].get_if<xmlrpc::structure>();
  ASSERT_NE(st, nullptr);
  EXPECT_EQ(*st->find("faultCode"), value{403});
  EXPECT_EQ(*st->find("faultString"),
            value{"add_item: forbidden for role reader"});
  EXPECT_EQ(list[2], value{xmlrpc::array{value{1}}});
  EXPECT_EQ(inventory.asked.size(), asked + 2); // the write never asked
  EXPECT_EQ(inventory.data.count(), 1);
}

TEST_F(dispatcher_test, introspection_covers_every_method) {
  auto names = call("system.listMethods", {});
  ASSERT_TRUE(names);
  const auto* list = names->get_if<xmlrpc::array>();
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->size(), rpc::method_table().size());
  EXPECT_EQ(list->size(), 17u);
  for (const auto& m : rpc::method_table()) {
    auto help = call("system.methodHelp", {std::string{m.name}});
    ASSERT_TRUE(help) << m.name;
    EXPECT_FALSE(help->get_if<std::string>()->empty()) << m.name;
    auto sigs = call("system.methodSignature", {std::string{m.name}});
    ASSERT_TRUE(sigs) << m.name;
    EXPECT_EQ(sigs->get_if<xmlrpc::array>()->size(), m.signatures.size());
  }
  auto none = call("system.methodHelp", {"nope"});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "system.methodHelp: no method called 'nope'");
}

} // namespace
