// Which calls carry an Idempotency-Key (client/idempotency.hpp).

#include <gtest/gtest.h>

#include "client/idempotency.hpp"

TEST(idempotency, the_methods_that_change_data_carry_a_key) {
  for (const char* method :
       {"add_item", "update_item", "delete_item", "inventory.add",
        "inventory.set_quantity", "inventory.adjust", "inventory.adjust_many",
        "inventory.delete"})
    EXPECT_TRUE(client::changes_data(method)) << method;
  for (const char* method :
       {"get_item", "get_all_items", "inventory.get", "inventory.list",
        "inventory.count", "system.multicall", "system.listMethods", "Add_item",
        "add_item ", "inventory.", ""})
    EXPECT_FALSE(client::changes_data(method)) << method;
}
