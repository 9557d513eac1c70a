// The inventory's rules, without actors.

#include <limits>

#include <gtest/gtest.h>

#include "actors/inventory.hpp"

using actors::inventory;
using actors::inventory_errc;

TEST(inventory, ids_start_at_one_and_are_never_reused) {
  inventory data;
  EXPECT_EQ(data.add("a", 1)->id, 1);
  EXPECT_EQ(data.add("b", 2)->id, 2);
  EXPECT_TRUE(data.remove(2).has_value());
  EXPECT_EQ(data.add("c", 3)->id, 3);
  EXPECT_EQ(data.count(), 2);
}

TEST(inventory, every_change_bumps_the_version) {
  inventory data;
  EXPECT_EQ(data.add("a", 1)->version, 1);
  EXPECT_EQ(data.set_quantity(1, 5, 0)->version, 2);
  EXPECT_EQ(data.adjust(1, 1)->version, 3);
  EXPECT_EQ(data.adjust_many({{1, 1}, {1, 1}})->back().version, 5);
  EXPECT_EQ(data.get(1)->quantity, 8);
}

TEST(inventory, set_quantity_checks_the_expected_version) {
  inventory data;
  ASSERT_TRUE(data.add("a", 1));
  auto conflict = data.set_quantity(1, 5, 7);
  ASSERT_FALSE(conflict.has_value());
  EXPECT_EQ(conflict.error().code, inventory_errc::version_conflict);
  EXPECT_EQ(data.get(1)->quantity, 1);
  EXPECT_EQ(data.set_quantity(1, 5, 1)->quantity, 5);
  EXPECT_EQ(data.set_quantity(9, 5, 0).error().code, inventory_errc::not_found);
}

TEST(inventory, quantities_never_go_below_zero_or_overflow) {
  inventory data;
  ASSERT_TRUE(data.add("a", 3));
  EXPECT_EQ(data.adjust(1, -4).error().code,
            inventory_errc::insufficient_stock);
  EXPECT_EQ(
    data.adjust(1, std::numeric_limits<std::int32_t>::max()).error().code,
    inventory_errc::quantity_overflow);
  EXPECT_EQ(data.adjust(1, -3)->quantity, 0);
  EXPECT_EQ(data.add("b", -1).error().code, inventory_errc::invalid_argument);
  EXPECT_EQ(data.add("", 1).error().code, inventory_errc::invalid_argument);
}

TEST(inventory, adjust_many_is_all_or_nothing) {
  inventory data;
  ASSERT_TRUE(data.add("a", 5));
  ASSERT_TRUE(data.add("b", 5));
  auto short_of_stock = data.adjust_many({{1, -1}, {2, -6}});
  ASSERT_FALSE(short_of_stock.has_value());
  EXPECT_EQ(short_of_stock.error().code, inventory_errc::insufficient_stock);
  EXPECT_EQ(short_of_stock.error().id, 2);
  auto missing = data.adjust_many({{1, -1}, {3, 1}});
  EXPECT_EQ(missing.error().code, inventory_errc::not_found);
  EXPECT_EQ(missing.error().id, 3);
  EXPECT_EQ(data.get(1)->quantity, 5);
  EXPECT_EQ(data.get(1)->version, 1);
  // Repeated ids count against the running total.
  EXPECT_FALSE(data.adjust_many({{1, -3}, {1, -3}}).has_value());
  auto done = data.adjust_many({{1, -3}, {2, 4}});
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->at(0).quantity, 2);
  EXPECT_EQ(done->at(1).quantity, 9);
}

TEST(inventory, list_pages_in_id_order) {
  inventory data;
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(data.add("item" + std::to_string(i), i));
  ASSERT_TRUE(data.remove(4));
  auto page = data.list(2, 3);
  ASSERT_EQ(page.size(), 3u);
  EXPECT_EQ(page[0].id, 3);
  EXPECT_EQ(page[1].id, 5);
  EXPECT_EQ(page[2].id, 6);
  EXPECT_TRUE(data.list(10, 5).empty());
}

TEST(inventory, snapshots_are_shared_until_the_next_change) {
  inventory data;
  ASSERT_TRUE(data.add("a", 1));
  auto first = data.snapshot();
  EXPECT_EQ(first.items.get(), data.snapshot().items.get());
  ASSERT_TRUE(data.adjust(1, 1));
  auto second = data.snapshot();
  EXPECT_NE(first.items.get(), second.items.get());
  EXPECT_EQ(first.items->at(0).quantity, 1); // the old snapshot is unchanged
  EXPECT_EQ(second.items->at(0).quantity, 2);
}
