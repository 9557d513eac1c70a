// Handlers as plain functions: parameters in, a plan out; and the reply
// formatters and fault mapping they use.

#include "rpc/method_table.hpp"

#include <gtest/gtest.h>

#include "rpc/fault_mapping.hpp"

namespace {

using xmlrpc::value;

// The plan of `method` for `params`.
rpc::plan plan_of(std::string_view method, std::vector<value> params) {
  const auto* m = rpc::find_method(method);
  EXPECT_NE(m, nullptr) << method;
  return m->handler(xmlrpc::params_reader{m->name, params});
}

// The fault a handler decided on, or a fault saying it decided otherwise.
xmlrpc::fault fault_of(std::string_view method, std::vector<value> params) {
  auto p = plan_of(method, std::move(params));
  if (auto* f = std::get_if<xmlrpc::fault>(&p))
    return *f;
  return {0, "no fault"};
}

TEST(methods, every_method_is_found_by_name_and_the_table_is_sorted) {
  const auto& table = rpc::method_table();
  for (std::size_t i = 1; i < table.size(); ++i)
    EXPECT_LT(table[i - 1].name, table[i].name);
  for (const auto& m : table)
    EXPECT_EQ(rpc::find_method(m.name), &m);
  EXPECT_EQ(rpc::find_method("nope"), nullptr);
}

TEST(methods, readers_may_read_and_introspect_writers_also_change) {
  using auth::role;
  for (auto name :
       {"get_item", "get_all_items", "inventory.get", "inventory.list",
        "inventory.count", "system.listMethods", "system.methodHelp",
        "system.methodSignature", "system.multicall"})
    EXPECT_EQ(rpc::find_method(name)->required_role, role::reader) << name;
  for (auto name : {"add_item", "update_item", "delete_item", "inventory.add",
                    "inventory.set_quantity", "inventory.adjust",
                    "inventory.adjust_many", "inventory.delete"})
    EXPECT_EQ(rpc::find_method(name)->required_role, role::writer) << name;
  EXPECT_EQ(rpc::method_table().size(), 17u);
}

TEST(methods, add_item_asks_to_add_and_answers_with_the_seed_string) {
  auto p = plan_of("add_item", {"widget", 5});
  auto* ask = std::get_if<rpc::inventory_call>(&p);
  ASSERT_NE(ask, nullptr);
  auto* add = std::get_if<rpc::add_request>(&ask->request);
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->name, "widget");
  EXPECT_EQ(add->quantity, 5);
  rpc::inventory_answer answer{actors::item{3, "widget", 5, 1}};
  auto r = ask->format("add_item", ask->item_id, answer);
  EXPECT_EQ(std::get<value>(r), value{"Product added with ID 3\n"});
}

TEST(methods, names_and_quantities_are_checked_before_anything_is_asked) {
  EXPECT_EQ(fault_of("add_item", {"", 1}).message,
            "add_item: name must not be empty");
  EXPECT_EQ(fault_of("inventory.add", {std::string(257, 'x'), 1}).message,
            "inventory.add: name is 257 bytes long, at most 256 are allowed");
  EXPECT_TRUE(std::holds_alternative<rpc::inventory_call>(
    plan_of("inventory.add", {std::string(256, 'x'), 1})));
  EXPECT_EQ(fault_of("update_item", {1, -2}).message,
            "update_item: quantity must not be negative, got -2");
  EXPECT_EQ(fault_of("get_item", {"5"}).message,
            "get_item: parameter 1 (product_id) must be an int, got string");
  EXPECT_EQ(fault_of("get_item", {}).message,
            "get_item: expected 1 parameter, got 0");
  EXPECT_EQ(fault_of("inventory.get", {std::int64_t{1} << 40}).code, -32602);
}

TEST(methods, set_quantity_takes_an_optional_expected_version) {
  auto with_nil = plan_of("inventory.set_quantity", {1, 5, xmlrpc::nil{}});
  auto* ask = std::get_if<rpc::inventory_call>(&with_nil);
  ASSERT_NE(ask, nullptr);
  EXPECT_EQ(std::get<rpc::set_quantity_request>(ask->request).expected_version,
            0);
  auto with_version = plan_of("inventory.set_quantity", {1, 5, 4});
  EXPECT_EQ(std::get<rpc::set_quantity_request>(
              std::get<rpc::inventory_call>(with_version).request)
              .expected_version,
            4);
  EXPECT_EQ(fault_of("inventory.set_quantity", {1, 5, 0}).message,
            "inventory.set_quantity: expected_version must be at least 1");
}

TEST(methods, adjust_many_checks_every_entry_and_the_batch_size) {
  auto adj = [](value id, value delta) {
    xmlrpc::structure st;
    st.members.emplace_back("id", std::move(id));
    st.members.emplace_back("delta", std::move(delta));
    return value{std::move(st)};
  };
  auto p
    = plan_of("inventory.adjust_many", {xmlrpc::array{adj(1, -2), adj(2, 3)}});
  auto& request = std::get<rpc::adjust_many_request>(
    std::get<rpc::inventory_call>(p).request);
  ASSERT_EQ(request.adjustments.size(), 2u);
  EXPECT_EQ(request.adjustments[1].id, 2);
  EXPECT_EQ(request.adjustments[1].delta, 3);
  EXPECT_EQ(
    fault_of("inventory.adjust_many", {xmlrpc::array{adj(1, 1), value{3}}})
      .message,
    "inventory.adjust_many: adjustment 2 must be a struct {id, delta}");
  EXPECT_EQ(
    fault_of("inventory.adjust_many", {xmlrpc::array{adj("1", 1)}}).message,
    "inventory.adjust_many: adjustment 1 id must be an int, got string");
  xmlrpc::array too_many(1001, adj(1, 1));
  EXPECT_EQ(fault_of("inventory.adjust_many", {too_many}).message,
            "inventory.adjust_many: at most 1000 adjustments per call");
}

TEST(methods, list_limits_are_between_1_and_1000) {
  EXPECT_EQ(fault_of("inventory.list", {0, 0}).message,
            "inventory.list: limit must be between 1 and 1000, got 0");
  EXPECT_EQ(fault_of("inventory.list", {0, 1001}).code, -32602);
  auto p = plan_of("inventory.list", {5, 1000});
  auto& request
    = std::get<rpc::list_request>(std::get<rpc::inventory_call>(p).request);
  EXPECT_EQ(request.after_id, 5);
  EXPECT_EQ(request.limit, 1000);
}

TEST(methods, multicall_turns_its_array_into_calls) {
  xmlrpc::structure good;
  good.members.emplace_back("methodName", "inventory.count");
  xmlrpc::structure no_name;
  no_name.members.emplace_back("params", xmlrpc::array{});
  auto p = plan_of("system.multicall",
                   {xmlrpc::array{value{good}, value{no_name}, value{1}}});
  auto& calls = std::get<rpc::multicall>(p).calls;
  ASSERT_EQ(calls.size(), 3u);
  ASSERT_TRUE(calls[0]);
  EXPECT_EQ(calls[0]->method, "inventory.count");
  ASSERT_FALSE(calls[1]);
  EXPECT_EQ(calls[1].error().message,
            "system.multicall: call 2 has no string methodName");
  ASSERT_FALSE(calls[2]);
  EXPECT_EQ(calls[2].error().code, -32600);
}

TEST(methods, failures_map_to_faults_that_name_method_and_item) {
  using actors::failure;
  using actors::inventory_errc;
  auto f = [](failure x) { return rpc::to_fault(x, "m"); };
  EXPECT_EQ(f(failure{inventory_errc::not_found, 7}),
            (xmlrpc::fault{404, "m: no item with ID 7"}));
  EXPECT_EQ(
    f(failure{inventory_errc::version_conflict, 2}),
    (xmlrpc::fault{409, "m: item 2 has another version than expected"}));
  EXPECT_EQ(f(failure{inventory_errc::insufficient_stock, 3}),
            (xmlrpc::fault{422, "m: quantity of item 3 would go below 0"}));
  EXPECT_EQ(f(failure{inventory_errc::quantity_overflow, 3}).code, 422);
  EXPECT_EQ(f(failure{inventory_errc::invalid_argument}).code, -32602);
  EXPECT_EQ(f(failure{inventory_errc::storage_unavailable}),
            (xmlrpc::fault{-32603, "m: storage unavailable"}));
  EXPECT_EQ(f(failure{inventory_errc::timeout}),
            (xmlrpc::fault{-32603, "m: the inventory did not answer in time"}));
  EXPECT_EQ(f(failure{inventory_errc::unavailable, 0, "down"}),
            (xmlrpc::fault{-32603, "m: inventory unavailable (down)"}));
}

} // namespace
