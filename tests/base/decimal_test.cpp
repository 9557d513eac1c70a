// Numbers people type are decimal (base/decimal.hpp).

#include <cstdint>

#include <gtest/gtest.h>

#include "base/decimal.hpp"

using base::parse_decimal;
using base::parse_decimal_number;

TEST(decimal, zero_padded_numbers_are_decimal_not_octal) {
  EXPECT_EQ(*parse_decimal<int>("010"), 10);
  EXPECT_EQ(*parse_decimal<int>("08"), 8);
  EXPECT_EQ(*parse_decimal<int>("-011"), -11);
  EXPECT_EQ(*parse_decimal<unsigned>("+050"), 50u);
  EXPECT_EQ(*parse_decimal<int>("0000"), 0);
}

TEST(decimal, anything_but_sign_and_digits_is_refused) {
  for (const char* text : {"0x10", "0X10", "1e3", "1.5", " 5", "5 ", "", "-",
                           "+", "--5", "+-5", "5a", "0b1", "١"}) {
    auto x = parse_decimal<int>(text);
    ASSERT_FALSE(x) << text;
    EXPECT_EQ(x.error(),
              "'" + std::string{text} + "' is not a decimal whole number");
  }
}

TEST(decimal, out_of_range_values_name_the_allowed_range) {
  EXPECT_EQ(parse_decimal<std::int32_t>("2147483648").error(),
            "'2147483648' is out of range -2147483648..2147483647");
  EXPECT_EQ(parse_decimal<std::int32_t>("-2147483649").error(),
            "'-2147483649' is out of range -2147483648..2147483647");
  EXPECT_EQ(parse_decimal<int>("0", 1, 10000).error(),
            "'0' is out of range 1..10000");
  EXPECT_EQ(parse_decimal<int>("-3", 1, 10000).error(),
            "'-3' is out of range 1..10000");
  EXPECT_EQ(parse_decimal<unsigned>("-1").error(),
            "'-1' is out of range 0..4294967295");
  EXPECT_EQ(parse_decimal<std::uint16_t>("99999999999999999999999").error(),
            "'99999999999999999999999' is out of range 0..65535");
}

TEST(decimal, the_extremes_of_each_type_are_reached) {
  EXPECT_EQ(*parse_decimal<std::int32_t>("-2147483648"), INT32_MIN);
  EXPECT_EQ(*parse_decimal<std::int32_t>("2147483647"), INT32_MAX);
  EXPECT_EQ(*parse_decimal<std::int64_t>("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(*parse_decimal<std::int64_t>("9223372036854775807"), INT64_MAX);
  EXPECT_FALSE(parse_decimal<std::int64_t>("9223372036854775808"));
  EXPECT_FALSE(parse_decimal<std::int64_t>("-9223372036854775809"));
  EXPECT_EQ(*parse_decimal<std::uint64_t>("18446744073709551615"), UINT64_MAX);
  EXPECT_EQ(*parse_decimal<unsigned>("-0"), 0u);
}

TEST(decimal, numbers_with_a_fraction_are_decimal_notation_only) {
  EXPECT_EQ(*parse_decimal_number("1.5"), 1.5);
  EXPECT_EQ(*parse_decimal_number("-.5"), -0.5);
  EXPECT_EQ(*parse_decimal_number("+5."), 5.0);
  EXPECT_EQ(*parse_decimal_number("010"), 10.0);
  EXPECT_EQ(*parse_decimal_number("1e3"), 1000.0);
  EXPECT_EQ(*parse_decimal_number("2.5E-1"), 0.25);
  for (const char* text : {"0x10", "0x1p3", "inf", "nan", "-inf", "", ".", "1e",
                           "1e+", "+-1", "1.2.3", " 1", "1 ", "1,5"})
    EXPECT_EQ(parse_decimal_number(text).error(),
              "'" + std::string{text} + "' is not a decimal number")
      << text;
  EXPECT_EQ(parse_decimal_number("0.001", 0.01, 3600).error(),
            "'0.001' is out of range 0.01..3600");
  EXPECT_EQ(parse_decimal_number("1e999").error().substr(0, 19),
            "'1e999' is out of r");
}

TEST(decimal, is_decimal_integer_ignores_the_magnitude) {
  EXPECT_TRUE(base::is_decimal_integer("123456789012345678901234567890"));
  EXPECT_TRUE(base::is_decimal_integer("-0"));
  EXPECT_FALSE(base::is_decimal_integer("0x1"));
  EXPECT_FALSE(base::is_decimal_integer("+"));
}
