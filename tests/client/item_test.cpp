// Items as servers report them (client/item.hpp).

#include <gtest/gtest.h>

#include "client/item.hpp"

using client::item;
using xmlrpc::structure;
using xmlrpc::value;

namespace {

value entry(const char* name, value quantity) {
  structure st;
  st.members = {{"name", name}, {"quantity", std::move(quantity)}};
  return st;
}

value all_items(std::vector<std::pair<std::string, value>> members) {
  structure st;
  st.members = std::move(members);
  return st;
}

} // namespace

TEST(items, rows_of_all_items_come_in_numeric_id_order) {
  auto rows = client::rows_of_all_items(
    all_items({{"10", entry("ten", std::int32_t{10})},
               {"9", entry("nine", std::int32_t{9})},
               {"100", entry("hundred", std::int64_t{1} << 40)}}));
  ASSERT_TRUE(rows) << rows.error();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0], (item{9, "nine", 9, 0}));
  EXPECT_EQ((*rows)[1], (item{10, "ten", 10, 0}));
  EXPECT_EQ((*rows)[2], (item{100, "hundred", std::int64_t{1} << 40, 0}));
  EXPECT_TRUE(client::rows_of_all_items(all_items({}))->empty());
}

TEST(items, a_key_that_is_not_an_id_is_named) {
  EXPECT_EQ(
    client::rows_of_all_items(all_items({{"abc", entry("x", std::int32_t{1})}}))
      .error(),
    "get_all_items: item id 'abc' is not a decimal whole number");
  EXPECT_EQ(client::rows_of_all_items(
              all_items({{"99999999999", entry("x", std::int32_t{1})}}))
              .error(),
            "get_all_items: item id '99999999999' is out of range "
            "1..2147483647");
  EXPECT_FALSE(client::rows_of_all_items(
    all_items({{"0x1", entry("x", std::int32_t{1})}})));
  EXPECT_FALSE(
    client::rows_of_all_items(all_items({{"", entry("x", std::int32_t{1})}})));
}

TEST(items, an_entry_without_name_or_integer_quantity_is_refused) {
  EXPECT_EQ(
    client::rows_of_all_items(all_items({{"1", entry("x", 1.5)}})).error(),
    "get_all_items: entry 1 is not {name: string, quantity: int}");
  EXPECT_FALSE(client::rows_of_all_items(all_items({{"1", value{"x"}}})));
  EXPECT_EQ(client::rows_of_all_items(value{"nope"}).error(),
            "get_all_items must answer a struct, got string");
}

TEST(items, an_item_struct_needs_id_name_and_quantity) {
  structure st;
  st.members = {{"id", std::int32_t{3}},
                {"name", "bolt"},
                {"quantity", std::int32_t{7}},
                {"version", std::int32_t{2}}};
  EXPECT_EQ(*client::item_of(st), (item{3, "bolt", 7, 2}));
  st.members.pop_back(); // the version is optional
  EXPECT_EQ(client::item_of(st)->version, 0);
  st.members[1].second = std::int32_t{5};
  EXPECT_EQ(client::item_of(st).error(), "item 3 has no string name");
  EXPECT_EQ(client::item_of(value{std::int32_t{1}}).error(),
            "an item must be a struct, got int");
}

TEST(items, get_items_seed_text_is_read_even_with_odd_names) {
  EXPECT_EQ(
    *client::item_of_seed_text("Product ID: 1, Name: widget, Quantity: 5\n"),
    (item{1, "widget", 5, 0}));
  EXPECT_EQ(*client::item_of_seed_text(
              "Product ID: 2, Name: a, Quantity: 9, Quantity: 7"),
            (item{2, "a, Quantity: 9", 7, 0}));
  EXPECT_EQ(
    client::item_of_seed_text("Product ID: 3, Name: two\nlines, Quantity: 1\n")
      ->name,
    "two\nlines");
  EXPECT_EQ(
    client::item_of_seed_text("Product ID: 4, Name: , Quantity: 0")->name, "");
  EXPECT_FALSE(client::item_of_seed_text("Product with ID 7 not found"));
  EXPECT_FALSE(
    client::item_of_seed_text("Product ID: x, Name: a, Quantity: 1"));
}

TEST(items, add_items_seed_text_gives_the_id) {
  EXPECT_EQ(client::id_of_added_text("Product added with ID 17\n"), 17);
  EXPECT_FALSE(client::id_of_added_text("Product added with ID 0x11\n"));
  EXPECT_FALSE(client::id_of_added_text("Product added"));
}

TEST(items, a_row_escapes_control_characters_in_the_name) {
  EXPECT_EQ(client::render_row({1, "widget", 5, 0}),
            "Product ID: 1, Name: widget, Quantity: 5");
  EXPECT_EQ(client::render_row({2, "evil\nProduct ID: 3\x7f", 1, 0}),
            "Product ID: 2, Name: evil\\nProduct ID: 3\\x7f, Quantity: 1");
}
