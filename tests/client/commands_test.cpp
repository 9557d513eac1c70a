// The command table (client/commands.hpp): what each command calls and how
// typed words become params.

#include <algorithm>

#include <gtest/gtest.h>

#include "client/commands.hpp"

namespace {

const client::command& command_named(std::string_view name) {
  const auto& table = client::command_table();
  auto it = std::find_if(table.begin(), table.end(),
                         [&](const auto& c) { return c.name == name; });
  EXPECT_NE(it, table.end()) << name;
  return *it;
}

} // namespace

TEST(commands, each_command_calls_its_method) {
  std::vector<std::pair<std::string_view, std::string_view>> expected{
    {"add", "add_item"},          {"update", "update_item"},
    {"delete", "delete_item"},    {"get", "get_item"},
    {"list", "get_all_items"},    {"adjust", "inventory.adjust"},
    {"count", "inventory.count"},
  };
  ASSERT_EQ(client::command_table().size(), expected.size());
  for (const auto& [name, method] : expected)
    EXPECT_EQ(command_named(name).method, method);
}

TEST(commands, numbers_are_decimal_and_names_stay_text) {
  auto params = client::params_of(command_named("add"), {"007", "010"});
  ASSERT_TRUE(params) << params.error();
  EXPECT_EQ(*params, (std::vector<xmlrpc::value>{"007", std::int32_t{10}}));
  params = client::params_of(command_named("update"), {"011", "050"});
  EXPECT_EQ(*params,
            (std::vector<xmlrpc::value>{std::int32_t{11}, std::int32_t{50}}));
  params = client::params_of(command_named("adjust"), {"1", "-2"});
  EXPECT_EQ(*params,
            (std::vector<xmlrpc::value>{std::int32_t{1}, std::int32_t{-2}}));
}

TEST(commands, a_bad_number_names_the_parameter_and_the_range) {
  EXPECT_EQ(client::params_of(command_named("add"), {"w", "0x10"}).error(),
            "quantity: '0x10' is not a decimal whole number");
  EXPECT_EQ(client::params_of(command_named("delete"), {"08x"}).error(),
            "id: '08x' is not a decimal whole number");
  EXPECT_EQ(client::params_of(command_named("get"), {"2147483648"}).error(),
            "id: '2147483648' is out of range -2147483648..2147483647");
  EXPECT_EQ(client::params_of(command_named("count"), {"1"}).error(),
            "count takes 0 arguments");
}
