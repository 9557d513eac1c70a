// Values for people and for scripts (client/render.hpp).

#include <gtest/gtest.h>

#include "client/render.hpp"

using client::escape_controls;

TEST(render, control_characters_are_escaped_and_the_rest_kept) {
  EXPECT_EQ(escape_controls("plain, ünïcode ✓"), "plain, ünïcode ✓");
  EXPECT_EQ(escape_controls("a\tb\rc\nd"), "a\\tb\\rc\\nd");
  EXPECT_EQ(escape_controls(std::string{"\x1b[31mred\x00", 9}),
            "\\x1b[31mred\\x00");
  EXPECT_EQ(escape_controls("del\x7f"), "del\\x7f");
  EXPECT_EQ(escape_controls("csi\xc2\x9b"
                            "2J nel\xc2\x85"),
            "csi\\u009b2J nel\\u0085");
  EXPECT_EQ(escape_controls("\xc2\xa0nbsp"), "\xc2\xa0nbsp"); // U+00A0 stays
  EXPECT_EQ(escape_controls("back\\slash"), "back\\slash");
}

TEST(render, text_keeps_one_trailing_newline_as_the_end_of_the_line) {
  EXPECT_EQ(client::to_text("Product added with ID 1\n"),
            "Product added with ID 1\n");
  EXPECT_EQ(client::to_text("x\n\n"), "x\\n\n");
  EXPECT_EQ(client::to_text("Name: a\x1b"), "Name: a\\x1b");
  EXPECT_EQ(client::to_text(std::int32_t{5}), "5");
}

TEST(render, json_is_exact) {
  xmlrpc::structure st;
  st.members = {{"b", "line\nbreak"}, {"a", std::int64_t{1} << 40}};
  EXPECT_EQ(client::to_json(st), R"({"b":"line\nbreak","a":1099511627776})");
  EXPECT_EQ(client::to_json(xmlrpc::nil{}), "null");
  EXPECT_EQ(client::to_json(xmlrpc::array{true, 1.5}), "[true,1.5]");
}
