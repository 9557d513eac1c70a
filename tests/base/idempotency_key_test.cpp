// How an Idempotency-Key looks, and fresh keys (base/idempotency_key.hpp).

#include <algorithm>
#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "base/idempotency_key.hpp"

namespace {

// 8-4-4-4-12 lowercase hex, version 4, variant 10xx (8, 9, a or b).
const std::regex uuid_v4_text{
  "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"};

} // namespace

TEST(idempotency_key, uuid_v4_sets_the_version_and_variant_and_keeps_the_rest) {
  std::array<std::uint8_t, 16> ones;
  ones.fill(0xff);
  EXPECT_EQ(base::uuid_v4(ones), "ffffffff-ffff-4fff-bfff-ffffffffffff");
  std::array<std::uint8_t, 16> zeros{};
  EXPECT_EQ(base::uuid_v4(zeros), "00000000-0000-4000-8000-000000000000");
  std::array<std::uint8_t, 16> counting{};
  for (std::size_t i = 0; i < counting.size(); ++i)
    counting[i] = static_cast<std::uint8_t>(i * 0x11);
  EXPECT_EQ(base::uuid_v4(counting), "00112233-4455-4677-8899-aabbccddeeff");
}

TEST(idempotency_key, fresh_keys_are_uuid_v4_valid_and_different) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto key = base::new_idempotency_key();
    EXPECT_TRUE(std::regex_match(key, uuid_v4_text)) << key;
    EXPECT_TRUE(base::check_idempotency_key(key)) << key;
    seen.insert(key);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(idempotency_key, fresh_keys_use_all_122_random_bits) {
  // Each free bit is set in some key of 200 and clear in another; a source
  // that fills only some bytes (or one word four times) would fail.
  std::array<std::uint8_t, 16> any_set{}, all_set;
  all_set.fill(0xff);
  for (int i = 0; i < 200; ++i) {
    auto key = base::new_idempotency_key();
    key.erase(std::remove(key.begin(), key.end(), '-'), key.end());
    ASSERT_EQ(key.size(), 32u);
    for (std::size_t b = 0; b < 16; ++b) {
      auto byte = static_cast<std::uint8_t>(
        std::stoul(key.substr(2 * b, 2), nullptr, 16));
      any_set[b] |= byte;
      all_set[b] &= byte;
    }
  }
  for (std::size_t b = 0; b < 16; ++b) {
    std::uint8_t fixed_set = b == 6 ? 0x40 : b == 8 ? 0x80 : 0;
    std::uint8_t fixed = b == 6 ? 0xf0 : b == 8 ? 0xc0 : 0;
    EXPECT_EQ(any_set[b], 0xff & ~(fixed & ~fixed_set)) << "byte " << b;
    EXPECT_EQ(all_set[b], fixed_set) << "byte " << b;
  }
}

TEST(idempotency_key, a_key_is_1_to_255_printable_ascii_characters) {
  EXPECT_TRUE(base::check_idempotency_key("k"));
  EXPECT_TRUE(base::check_idempotency_key(" ~!\"#$%&'()*+,-./09:;<=>?@AZ"));
  EXPECT_TRUE(base::check_idempotency_key(std::string(255, 'x')));
  EXPECT_EQ(base::check_idempotency_key("").error(),
            "an Idempotency-Key must not be empty");
  EXPECT_EQ(base::check_idempotency_key(std::string(256, 'x')).error(),
            "an Idempotency-Key has at most 255 characters, got 256");
  EXPECT_EQ(base::check_idempotency_key("ab\ncd").error(),
            "an Idempotency-Key is printable ASCII (0x20-0x7E); character 3 "
            "is not");
  EXPECT_FALSE(base::check_idempotency_key("tab\there"));
  EXPECT_FALSE(base::check_idempotency_key("del\x7f"));
  EXPECT_FALSE(base::check_idempotency_key("caf\xc3\xa9"));
  EXPECT_FALSE(base::check_idempotency_key(std::string_view{"a\0b", 3}));
}
