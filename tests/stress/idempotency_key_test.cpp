// The stress tool's Idempotency-Keys (tools/stress/idempotency_key.hpp):
// random version 4 UUIDs, never the same twice.

#include <set>

#include <gtest/gtest.h>

#include "tools/stress/idempotency_key.hpp"

TEST(idempotency_keys, version_and_variant_bits_are_set_the_rest_kept) {
  std::array<std::uint8_t, 16> zeros{}, ones{};
  ones.fill(0xff);
  EXPECT_EQ(stress::uuid_v4_text(zeros),
            "00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(stress::uuid_v4_text(ones), "ffffffff-ffff-4fff-bfff-ffffffffffff");
  std::array<std::uint8_t, 16> counting{};
  for (std::size_t i = 0; i < counting.size(); ++i)
    counting[i] = static_cast<std::uint8_t>(i * 17);
  EXPECT_EQ(stress::uuid_v4_text(counting),
            "00112233-4455-4677-8899-aabbccddeeff");
}

TEST(idempotency_keys, fresh_keys_are_uuids_and_differ) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto key = stress::new_idempotency_key();
    ASSERT_EQ(key.size(), 36u) << key;
    for (std::size_t j = 0; j < key.size(); ++j) {
      if (j == 8 || j == 13 || j == 18 || j == 23)
        ASSERT_EQ(key[j], '-') << key;
      else
        ASSERT_TRUE(std::isxdigit(static_cast<unsigned char>(key[j])) != 0
                    && !std::isupper(static_cast<unsigned char>(key[j])))
          << key;
    }
    EXPECT_EQ(key[14], '4') << key;
    EXPECT_NE(std::string("89ab").find(key[19]), std::string::npos) << key;
    EXPECT_TRUE(seen.insert(key).second) << "repeated: " << key;
  }
}
