// The codec: round trips of every type, malformed and hostile documents.

#include <limits>

#include <gtest/gtest.h>

#include "tests/xmlrpc/documents.hpp"
#include "xmlrpc/decode.hpp"
#include "xmlrpc/encode.hpp"

using namespace xmlrpc;
using namespace xmlrpc::test;

namespace {

value decode_one(const std::string& value_xml) {
  auto call = decode(call_with_value(value_xml));
  EXPECT_TRUE(call.has_value())
    << (call.has_value() ? "" : call.error().message);
  if (!call.has_value() || call->params.size() != 1)
    return value{};
  return call->params[0];
}

value round_trip(const value& x) {
  auto body = encode_method_call("echo", {x});
  EXPECT_TRUE(body.has_value());
  auto call = decode_method_call(*body);
  EXPECT_TRUE(call.has_value())
    << (call.has_value() ? "" : call.error().message);
  if (!call.has_value())
    return value{};
  EXPECT_EQ(call->method, "echo");
  return call->params.at(0);
}

} // namespace

TEST(codec, decodes_every_scalar_type) {
  EXPECT_EQ(decode_one("<int>42</int>"), value{std::int32_t{42}});
  EXPECT_EQ(decode_one("<i4>-7</i4>"), value{std::int32_t{-7}});
  EXPECT_EQ(decode_one("<i8>9000000000</i8>"), value{std::int64_t{9000000000}});
  EXPECT_EQ(decode_one("<boolean>1</boolean>"), value{true});
  EXPECT_EQ(decode_one("<boolean>0</boolean>"), value{false});
  EXPECT_EQ(decode_one("<double>-1.5</double>"), value{-1.5});
  EXPECT_EQ(decode_one("<string>a &lt;b&gt; &amp; c</string>"),
            value{"a <b> & c"});
  EXPECT_EQ(decode_one("untyped text"), value{"untyped text"});
  EXPECT_EQ(decode_one(""), value{""});
  EXPECT_EQ(decode_one("<string/>"), value{""});
  EXPECT_EQ(decode_one("<string>  </string>"), value{"  "});
  EXPECT_EQ(
    decode_one("<dateTime.iso8601>19980717T14:08:55</dateTime.iso8601>"),
    value{date_time{"19980717T14:08:55"}});
  binary hello{{'h', 'e', 'l', 'l', 'o'}};
  EXPECT_EQ(decode_one("<base64>aGVsbG8=</base64>"), value{hello});
  EXPECT_EQ(decode_one("<nil/>"), value{nil{}});
}

TEST(codec, decodes_character_references_and_cdata) {
  EXPECT_EQ(decode_one("<string>&#65;&#x42;&quot;&apos;</string>"),
            value{"AB\"'"});
  EXPECT_EQ(decode_one("<string><![CDATA[<raw> & ]]></string>"),
            value{"<raw> & "});
  EXPECT_EQ(
    decode_one("<string>caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\xA6</string>"),
    value{"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\xA6"});
}

TEST(codec, keeps_whitespace_beside_comments_and_cdata) {
  // Found by decode_diff: whitespace-only text next to a comment or a CDATA
  // section is part of the string, as expat (and Python's client) read it.
  EXPECT_EQ(decode_one("<string>\n<!----></string>"), value{"\n"});
  EXPECT_EQ(decode_one("<string> <![CDATA[x]]> </string>"), value{" x "});
  EXPECT_EQ(decode_one("a<!-- c --> "), value{"a "});
  EXPECT_EQ(decode_one("\r\n<![CDATA[a\r\nb]]>"), value{"\na\nb"});
}

TEST(codec, decodes_nested_arrays_and_structs) {
  auto x = decode_one(
    "<struct><member><name>a</name><value><array><data><value><int>1</int>"
    "</value><value>two</value></data></array></value></member><member>"
    "<name>b</name><value><struct></struct></value></member></struct>");
  structure expected;
  expected.members.emplace_back("a", array{std::int32_t{1}, value{"two"}});
  expected.members.emplace_back("b", structure{});
  EXPECT_EQ(x, value{expected});
}

TEST(codec, round_trips_every_type_including_edge_values) {
  structure st;
  st.members.emplace_back("k", value{std::int32_t{1}});
  st.members.emplace_back("", value{nil{}});
  std::vector<value> samples{
    nil{},
    std::numeric_limits<std::int32_t>::min(),
    std::numeric_limits<std::int32_t>::max(),
    std::numeric_limits<std::int64_t>::min(),
    std::numeric_limits<std::int64_t>::max(),
    true,
    false,
    0.0,
    -2.5e-300,
    1.7976931348623157e308,
    0.1,
    std::string{},
    std::string{"]]> <x> & \"q\" 'a'"},
    std::string{"tab\tnewline\ncarriage\rreturn"},
    std::string{"\xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80"},
    date_time{"2026-11-24T10:45:47Z"},
    binary{},
    binary{{0, 1, 2, 253, 254, 255}},
    array{},
    structure{},
    array{array{array{}}, st, value{"x"}},
    st,
  };
  for (const auto& x : samples)
    EXPECT_EQ(round_trip(x), x) << "type " << type_name(x);
}

TEST(codec, encodes_responses_and_faults_that_decode_back) {
  auto body = encode_response(value{array{std::int32_t{1}, value{"a"}}});
  ASSERT_TRUE(body.has_value());
  auto back = decode_method_response(*body);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, (value{array{std::int32_t{1}, value{"a"}}}));
  std::string fault_body;
  append_fault(fault_body, fault{404, "x: no item with ID 3 <&>"});
  auto f = decode_method_response(fault_body);
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().code, 404);
  EXPECT_EQ(f.error().message, "x: no item with ID 3 <&>");
}

TEST(codec, refuses_to_encode_what_xml_cannot_carry) {
  for (std::string bad :
       {std::string{"a\x01z"}, std::string{"\x00", 1}, std::string{"\xFF\xFE"},
        std::string{"\xEF\xBF\xBF"}, std::string{"\xED\xA0\x80"}}) {
    auto body = encode_response(value{bad});
    ASSERT_FALSE(body.has_value());
    EXPECT_EQ(body.error().code, fault_code::invalid_params);
  }
  EXPECT_FALSE(encode_response(value{std::numeric_limits<double>::infinity()})
                 .has_value());
  EXPECT_FALSE(encode_response(value{date_time{"yesterday"}}).has_value());
}

TEST(codec, fault_messages_with_bad_characters_stay_well_formed) {
  std::string out;
  append_fault(out, fault{-32600, "bad \x01 byte \xFF"});
  auto f = decode_method_response(out);
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().message, "bad ? byte ?");
}

TEST(codec, decodes_method_name_and_params) {
  auto call
    = decode(call_with("<param><value><int>1</int></value></param>"
                       "<param><value><string>x</string></value></param>",
                       "inventory.set_quantity"));
  ASSERT_TRUE(call.has_value());
  EXPECT_EQ(call->method, "inventory.set_quantity");
  ASSERT_EQ(call->params.size(), 2u);
  auto no_params = decode("<methodCall><methodName>system.listMethods"
                          "</methodName></methodCall>");
  ASSERT_TRUE(no_params.has_value());
  EXPECT_TRUE(no_params->params.empty());
  auto indented = decode("<?xml version='1.0'?>\n<methodCall>\n<methodName>"
                         "get_item</methodName>\n<params>\n<param>\n<value>"
                         "<int>1</int></value>\n</param>\n</params>\n"
                         "</methodCall>\n");
  ASSERT_TRUE(indented.has_value());
  EXPECT_EQ(indented->params.at(0), value{std::int32_t{1}});
}

TEST(codec, rejects_documents_that_are_not_well_formed) {
  for (std::string bad : {
         std::string{""},
         std::string{"not xml"},
         std::string{"<methodCall><methodName>x</methodName>"},
         std::string{"<methodCall></methodCal>"},
         std::string{"<a/><b/>"},
         call_with_value("<string>a & b</string>"),
         call_with_value("<string>\xC3\x28</string>"), // bad UTF-8
         call_with_value("<string>\xC0\xAF</string>"), // overlong
         call_with_value("<string>a\x01z</string>"),   // C0 control
         call_with_value("<string>&#1;</string>"),     // via reference
         call_with_value("<string>&#xD800;</string>"), // surrogate
         call_with_value("<string>&#xFFFE;</string>"),
         std::string{"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
                     "<methodCall><methodName>x</methodName></methodCall>"},
       })
    EXPECT_EQ(decode_fault(bad).code, fault_code::not_well_formed) << bad;
}

TEST(codec, rejects_dtds_entities_and_xxe) {
  auto laughs = std::string{"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY "
                            "lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>"}
                + call_with_value("<string>&lol2;</string>").substr(21);
  auto f = decode_fault(laughs);
  EXPECT_EQ(f.code, fault_code::not_well_formed);
  EXPECT_NE(f.message.find("DOCTYPE"), std::string::npos);
  auto xxe = std::string{"<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe "
                         "SYSTEM \"file:///etc/passwd\">]>"}
             + call_with_value("<string>&xxe;</string>").substr(21);
  EXPECT_EQ(decode_fault(xxe).code, fault_code::not_well_formed);
  auto undeclared = decode_fault(call_with_value("<string>&lol;</string>"));
  EXPECT_EQ(undeclared.code, fault_code::not_well_formed);
  EXPECT_NE(undeclared.message.find("&lol;"), std::string::npos);
}

TEST(codec, rejects_invalid_method_calls) {
  for (std::string bad : {
         std::string{"<methodResponse/>"},
         std::string{"<methodCall/>"},
         std::string{"<methodCall><methodName></methodName></methodCall>"},
         std::string{"<methodCall><methodName>a b</methodName></methodCall>"},
         std::string{
           "<methodCall><methodName>x</methodName><foo/></methodCall>"},
         call_with("<param></param>"),
         call_with("<param><value/><value/></param>"),
         call_with("text"),
         call_with_value("<int>abc</int>"),
         call_with_value("<int>2147483648</int>"),
         call_with_value("<int>5.0</int>"),
         call_with_value("<i8>9223372036854775808</i8>"),
         call_with_value("<boolean>true</boolean>"),
         call_with_value("<double>nan</double>"),
         call_with_value("<double>inf</double>"),
         call_with_value("<double>1.0x</double>"),
         call_with_value("<dateTime.iso8601>tomorrow</dateTime.iso8601>"),
         call_with_value("<base64>!!!!</base64>"),
         call_with_value("<base64>abc</base64>"),
         call_with_value("<array><value/></array>"),
         call_with_value("<array><data><int>1</int></data></array>"),
         call_with_value("<struct><member><value/></member></struct>"),
         call_with_value("<struct><member><name>a</name><value/></member>"
                         "<member><name>a</name><value/></member></struct>"),
         call_with_value("<float>1</float>"),
         call_with_value("<int>1</int><int>2</int>"),
         call_with_value("x<int>1</int>"),
         call_with_value("<nil>x</nil>"),
       })
    EXPECT_EQ(decode_fault(bad).code, fault_code::invalid_request) << bad;
}

TEST(codec, enforces_the_nesting_limit_without_recursing_to_the_bottom) {
  std::string deep;
  for (int i = 0; i < 100000; ++i)
    deep += "<array><data><value>";
  for (int i = 0; i < 100000; ++i)
    deep += "</value></data></array>";
  auto f = decode_fault(call_with_value(deep));
  EXPECT_EQ(f.code, fault_code::invalid_request);
  EXPECT_NE(f.message.find("deeper than the limit of 64"), std::string::npos);
  // 19 nested arrays: 4 + 3 * 19 + ... stays within 64; 21 does not.
  auto nest = [](int n) {
    std::string open, close;
    for (int i = 0; i < n; ++i) {
      open += "<array><data><value>";
      close = "</value></data></array>" + close;
    }
    return call_with_value(open + "<int>1</int>" + close);
  };
  EXPECT_TRUE(decode(nest(19)).has_value());
  EXPECT_FALSE(decode(nest(21)).has_value());
  EXPECT_TRUE(decode(nest(21), limits{100}).has_value());
}

TEST(codec, faults_name_the_method_when_known) {
  auto f = decode_fault(call_with_value("<int>x</int>", "get_item"));
  EXPECT_EQ(f.message.rfind("get_item: ", 0), 0u) << f.message;
}
