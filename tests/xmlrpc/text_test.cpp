// The text rules: XML characters and escaping, ISO 8601, base64.

#include <gtest/gtest.h>

#include "xmlrpc/base64.hpp"
#include "xmlrpc/iso8601.hpp"
#include "xmlrpc/xml_text.hpp"

using namespace xmlrpc;

TEST(text, checks_and_escapes) {
  EXPECT_TRUE(check_xml_text("plain \t\n\r text \xC3\xA9"));
  EXPECT_FALSE(check_xml_text("\x7F\x80"));
  std::string out;
  append_escaped(out, "<a & b>\r");
  EXPECT_EQ(out, "&lt;a &amp; b&gt;&#13;");
  EXPECT_TRUE(is_iso8601("20261124T10:45:47"));
  EXPECT_TRUE(is_iso8601("2026-11-24T10:45:47.123+01:00"));
  EXPECT_FALSE(is_iso8601("2026-11-24"));
  EXPECT_EQ(encode_base64({'a', 'b'}), "YWI=");
  EXPECT_EQ(*decode_base64("YW\nI="), (std::vector<std::uint8_t>{'a', 'b'}));
  EXPECT_FALSE(decode_base64("YWI"));
  EXPECT_FALSE(decode_base64("YW=I"));
}
