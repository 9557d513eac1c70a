#include <gtest/gtest.h>

#include "base/log.hpp"

namespace {

// 2026-12-02T06:01:02.345Z
constexpr long long when = 1796191262345;

TEST(LogLine, TextHasTimestampLevelAndProgram) {
  EXPECT_EQ(base::format_log_line(base::log_format::text, "inventory-server",
                                  base::log_level::warning, "slow\ndisk", when),
            "2026-12-02T06:01:02.345Z warning inventory-server: slow disk\n");
}

TEST(LogLine, JsonIsOneEscapedObject) {
  EXPECT_EQ(base::format_log_line(base::log_format::json, "inventory-server",
                                  base::log_level::error, "a \"b\"\\c\n\x01",
                                  when),
            "{\"time\":\"2026-12-02T06:01:02.345Z\",\"level\":\"error\","
            "\"program\":\"inventory-server\",\"message\":\"a \\\"b\\\"\\\\c"
            "\\n\\u0001\"}\n");
}

TEST(LogLine, FormatWords) {
  EXPECT_EQ(base::parse_log_format("json"), base::log_format::json);
  EXPECT_EQ(base::parse_log_format("text"), base::log_format::text);
  EXPECT_FALSE(base::parse_log_format("xml"));
}

} // namespace
