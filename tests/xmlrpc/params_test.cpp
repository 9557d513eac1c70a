// Typed parameter getters: arity, types, optional values.

#include <gtest/gtest.h>

#include "xmlrpc/params.hpp"

using namespace xmlrpc;

TEST(params, reader_checks_arity_and_types) {
  std::vector<value> ps{std::int32_t{5}, value{"5"}, std::int64_t{1} << 40,
                        nil{}, std::int64_t{-3}};
  params_reader rd{"m", ps};
  EXPECT_TRUE(rd.arity(5, 5));
  auto arity = rd.arity(2, 2);
  ASSERT_FALSE(arity);
  EXPECT_EQ(arity.error().code, fault_code::invalid_params);
  EXPECT_EQ(arity.error().message, "m: expected 2 parameters, got 5");
  EXPECT_EQ(*rd.int32(0, "id"), 5);
  auto str = rd.int32(1, "id");
  ASSERT_FALSE(str.has_value());
  EXPECT_EQ(str.error().message,
            "m: parameter 2 (id) must be an int, got string");
  EXPECT_FALSE(rd.int32(2, "id").has_value()); // i8 that does not fit
  EXPECT_EQ(*rd.int32(4, "id"), -3);           // i8 that fits
  EXPECT_FALSE(rd.optional_int32(3, "v")->has_value());
  EXPECT_FALSE(rd.optional_int32(9, "v")->has_value());
  EXPECT_EQ(**rd.optional_int32(0, "v"), 5);
  EXPECT_EQ(*rd.string(1, "name"), "5");
  EXPECT_FALSE(rd.string(0, "name").has_value());
}
