// The XML gate: what a conforming parser (expat) finds not well-formed is
// refused with -32700, and every legal form of markup still decodes. One
// test per class of document the differential fuzzer (decode_diff) found
// decoded, or blamed on the call's shape (-32600), before the gate checked
// the XML 1.0 grammar; its corpus keeps each document.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/xmlrpc/documents.hpp"
#include "xmlrpc/decode.hpp"
#include "xmlrpc/well_formed.hpp"

using namespace xmlrpc;
using namespace xmlrpc::test;

namespace {

// A call that decodes, with `attrs` on its root and `before`/`after` it.
std::string call_around(const std::string& attrs, const std::string& before,
                        const std::string& after) {
  return before + "<methodCall" + attrs
         + "><methodName>m</methodName><params><param><value><string>x"
           "</string></value></param></params></methodCall>"
         + after;
}

std::string call_with_attrs(const std::string& attrs) {
  return call_around(attrs, "", "");
}

// Each document must be refused with -32700 and a message naming `why`.
void expect_refused(const std::vector<std::string>& documents,
                    const std::string& why) {
  for (const auto& doc : documents) {
    auto f = decode_fault(doc);
    EXPECT_EQ(f.code, fault_code::not_well_formed) << doc;
    EXPECT_NE(f.message.find(why), std::string::npos)
      << doc << "\n  " << f.message;
  }
}

} // namespace

TEST(well_formed, accepts_every_legal_form_of_markup) {
  for (std::string good : {
         call_around(" a = \"1\" b='&lt;&#62;&quot;' _:c.-1=''\t",
                     "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\" "
                     "standalone=\"yes\" ?>\n<!-- c --><?app data?>\n",
                     "\n<!----><?app?>\n"),
         call_around("", "<?xml version='1.1' encoding='us-ascii'?>", ""),
         call_with_value("<string>a<!-- - -->b<?p x?>]]&gt;]]<!---->>"
                         "<![CDATA[<&]]]]><![CDATA[>]]></string >"),
         call_with_value("<string>&#65;&#x42;&#0067;&#x0000000044;</string>"),
         call_with_value("<nil />"),
       }) {
    auto call = decode(good);
    EXPECT_TRUE(call.has_value())
      << good << "\n  " << (call ? "" : call.error().message);
  }
  EXPECT_EQ(
    decode(call_with_value("<string>]]&gt;]]<!---->></string>"))->params.at(0),
    value{"]]>]]>"});
}

TEST(well_formed, refuses_attribute_values_with_markup_or_bad_references) {
  expect_refused({call_with_attrs(" a=\"&\""), call_with_attrs(" a='x&y'")},
                 "'&' that starts no reference");
  expect_refused({call_with_attrs(" a=\"<\"")}, "'<' inside an attribute");
  expect_refused({call_with_attrs(" a=\"&nope;\"")}, "entity '&nope;'");
  expect_refused({call_with_attrs(" a=\"&#0;\"")}, "'&#0;' names a character");
}

TEST(well_formed, refuses_an_attribute_given_twice) {
  expect_refused({call_with_attrs(" a=\"1\" a=\"2\""),
                  call_with_value("<string b='1' a='1' b='1'>x</string>")},
                 "appears twice");
}

TEST(well_formed, refuses_names_beyond_ascii_name_characters) {
  // NBSP and a combining mark are not name characters; other non-ASCII ones
  // are refused by policy, never read as part of a name.
  expect_refused({call_with_attrs(" \xC2\xA0=\"1\""),
                  call_with_value("<string\xC2\xA0>x</string\xC2\xA0>"),
                  call_with_value("<\xCC\x80string>x</\xCC\x80string>"),
                  call_with_attrs(" caf\xC3\xA9='1'")},
                 "a name with a character other than ASCII");
}

TEST(well_formed, refuses_comments_holding_double_hyphens) {
  expect_refused({call_around("", "<!-- a -- b -->", ""),
                  call_with_value("<string>a<!-- -- -->b</string>"),
                  call_around("", "", "<!-- a --->")},
                 "'--' inside a comment");
}

TEST(well_formed, refuses_malformed_processing_instructions) {
  expect_refused({call_with_value("<string>a<?p\"data\"?></string>")},
                 "whitespace expected after the target");
  expect_refused({call_around("", "<?XML version=\"1.0\"?>", ""),
                  call_with_value("<string>a<?XmL x?></string>")},
                 "is reserved");
}

TEST(well_formed, refuses_an_xml_declaration_not_at_the_start) {
  std::string decl = "<?xml version=\"1.0\"?>";
  expect_refused({call_around("", " " + decl, ""),
                  call_around("", "<!-- c -->" + decl, ""),
                  call_around("", decl + decl, ""), call_around("", "", decl),
                  call_with_value("<string>" + decl + "</string>")},
                 "XML declaration not at the start");
}

TEST(well_formed, refuses_a_malformed_xml_declaration) {
  expect_refused(
    {call_around("", "<?xml encoding=\"UTF-8\"?>", ""),
     call_around("", "<?xml encoding=\"UTF-8\" version=\"1.0\"?>", "")},
    "must start with its version");
  expect_refused(
    {call_around("", "<?xml version=\"1.0\" lang=\"en\"?>", ""),
     call_around("", "<?xml version=\"1.0\"encoding=\"UTF-8\"?>", "")},
    "malformed XML declaration");
  expect_refused(
    {call_around("", "<?xml version=\"1.0\" standalone=\"maybe\"?>", "")},
    "standalone must be");
}

TEST(well_formed, refuses_bytes_beyond_ascii_in_a_us_ascii_document) {
  expect_refused({"<?xml version=\"1.0\" encoding=\"US-ASCII\"?>"
                  + call_with_value("<string>caf\xC3\xA9</string>").substr(21)},
                 "beyond ASCII in a document declared US-ASCII");
}

TEST(well_formed, refuses_content_outside_the_root_element) {
  expect_refused({call_around("", "junk", ""),
                  call_around("", "<![CDATA[x]]>", ""),
                  call_around("", "\xEF\xBB\xBF\xEF\xBB\xBF", ""),
                  call_around("", "<?xml version=\"1.0\"?>\xEF\xBB\xBF", "")},
                 "the root element was expected");
  expect_refused({call_around("", "", "junk"),
                  call_around("", "", "<![CDATA[x]]>"),
                  call_around("", "", "&amp;"), call_around("", "", "&#32;")},
                 "content after the root element");
}

TEST(well_formed, refuses_the_cdata_end_marker_in_text) {
  expect_refused(
    {call_with_value("<string>a]]>b</string>"), call_with_value("a]]>b"),
     call_with_value("<string><![CDATA[<![CDATA[x]]>]]></string>")},
    "']]>' in text");
}

TEST(well_formed, gives_the_byte_offset_of_the_first_problem) {
  auto checked = check_well_formed("<a><b></a>");
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error(), "end tag </a> does not match <b> at byte 6");
  EXPECT_TRUE(check_well_formed("\xEF\xBB\xBF<a>&amp;<b/></a>"));
}
