// How `call` types its arguments (client/arguments.hpp).

#include <gtest/gtest.h>

#include "client/arguments.hpp"

using client::typed_argument;
using xmlrpc::value;

namespace {

value typed(const std::string& text) {
  auto x = typed_argument(text);
  EXPECT_TRUE(x) << text << ": " << (x ? "" : x.error());
  return x ? *x : value{};
}

} // namespace

TEST(arguments, by_their_look_numbers_are_decimal) {
  EXPECT_EQ(typed("5"), value{std::int32_t{5}});
  EXPECT_EQ(typed("010"), value{std::int32_t{10}});
  EXPECT_EQ(typed("-7"), value{std::int32_t{-7}});
  EXPECT_EQ(typed("1.5"), value{1.5});
  EXPECT_EQ(typed("1e3"), value{1000.0});
  EXPECT_EQ(typed("0x10"), value{"0x10"});
  EXPECT_EQ(typed("inf"), value{"inf"});
  EXPECT_EQ(typed("true"), value{true});
  EXPECT_EQ(typed("false"), value{false});
  EXPECT_EQ(typed("tea pot"), value{"tea pot"});
  EXPECT_EQ(typed(""), value{""});
  EXPECT_EQ(typed("a/b"), value{"a/b"}); // not a type prefix
}

TEST(arguments, whole_numbers_beyond_32_bits_are_i8) {
  EXPECT_EQ(typed("2147483647"), value{std::int32_t{2147483647}});
  EXPECT_EQ(typed("2147483648"), value{std::int64_t{2147483648}});
  EXPECT_EQ(typed("-9223372036854775808"), value{INT64_MIN});
  EXPECT_EQ(typed_argument("9223372036854775808").error(),
            "'9223372036854775808' is out of range "
            "-9223372036854775808..9223372036854775807");
}

TEST(arguments, explicit_types_win_over_the_look) {
  EXPECT_EQ(typed("s/007"), value{"007"});
  EXPECT_EQ(typed("s/"), value{""});
  EXPECT_EQ(typed("s/true"), value{"true"});
  EXPECT_EQ(typed("i/5"), value{std::int32_t{5}});
  EXPECT_EQ(typed("i/010"), value{std::int32_t{10}});
  EXPECT_EQ(typed("d/1.5"), value{1.5});
  EXPECT_EQ(typed("d/2"), value{2.0});
  EXPECT_EQ(typed("b/true"), value{true});
  EXPECT_EQ(typed("b/0"), value{false});
  EXPECT_EQ(typed("n/"), value{xmlrpc::nil{}});
}

TEST(arguments, a_wrong_explicit_value_says_why) {
  EXPECT_EQ(typed_argument("i/5.5").error(),
            "i/: '5.5' is not a decimal whole number");
  EXPECT_EQ(typed_argument("i/0x10").error(),
            "i/: '0x10' is not a decimal whole number");
  EXPECT_EQ(typed_argument("i/2147483648").error(),
            "i/: '2147483648' is out of range -2147483648..2147483647");
  EXPECT_EQ(typed_argument("d/0x1p3").error(),
            "d/: '0x1p3' is not a decimal number");
  EXPECT_EQ(typed_argument("b/yes").error(),
            "b/: 'yes' is not true, false, 1 or 0");
  EXPECT_EQ(typed_argument("n/x").error(),
            "n/ takes nothing after the slash, got 'x'");
  EXPECT_EQ(typed_argument("json/[1,").error(), "json/: '[1,' is not JSON");
}

TEST(arguments, json_gives_arrays_and_structs_in_order) {
  xmlrpc::structure first, second;
  first.members = {{"id", std::int32_t{1}}, {"delta", std::int32_t{-2}}};
  second.members = {{"delta", std::int32_t{3}}, {"id", std::int32_t{2}}};
  EXPECT_EQ(typed(R"(json/[{"id":1,"delta":-2},{"delta":3,"id":2}])"),
            (value{xmlrpc::array{first, second}}));
  xmlrpc::structure mixed;
  mixed.members = {{"s", "x"},
                   {"n", xmlrpc::nil{}},
                   {"b", true},
                   {"d", 0.5},
                   {"big", std::int64_t{4294967296}}};
  EXPECT_EQ(typed(R"(json/{"s":"x","n":null,"b":true,"d":0.5,)"
                  R"("big":4294967296})"),
            value{mixed});
  EXPECT_EQ(typed("json/\"007\""), value{"007"});
  EXPECT_EQ(typed("json/[]"), value{xmlrpc::array{}});
}

TEST(arguments, json_numbers_are_decimal_too) {
  EXPECT_FALSE(typed_argument("json/010")); // JSON has no leading zeros
  EXPECT_FALSE(typed_argument("json/0x10"));
  EXPECT_EQ(typed_argument("json/18446744073709551615").error(),
            "json/: JSON number 18446744073709551615 is out of range "
            "-9223372036854775808..9223372036854775807");
}
