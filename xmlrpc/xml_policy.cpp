#include "xmlrpc/xml_policy.hpp"

#include "xmlrpc/well_formed.hpp"
#include "xmlrpc/xml_text.hpp"

namespace xmlrpc {

namespace {

// pugixml builds the tree of a document check_well_formed has accepted, so
// its own leniency no longer matters. No parse_escapes: append_unescaped
// resolves references; comments, processing instructions and the XML
// declaration are left out of the tree. parse_ws_pcdata keeps whitespace
// beside CDATA and comments, which is part of a string's value.
constexpr unsigned parse_options
  = pugi::parse_cdata | pugi::parse_eol | pugi::parse_ws_pcdata;

fault not_well_formed(const std::string& why) {
  return fault{fault_code::not_well_formed, "XML not well-formed: " + why};
}

} // namespace

result<pugi::xml_node> parse_document(pugi::xml_document& doc,
                                      std::string& body,
                                      std::string_view root_name) {
  if (auto checked = check_xml_text(body); !checked)
    return not_well_formed(checked.error());
  if (auto checked = check_well_formed(body); !checked)
    return not_well_formed(checked.error());
  std::size_t skip = body.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  auto res = doc.load_buffer_inplace(body.data() + skip, body.size() - skip,
                                     parse_options, pugi::encoding_utf8);
  if (!res)
    return not_well_formed(std::string{res.description()} + " at byte "
                           + std::to_string(res.offset + skip));
  auto root = doc.document_element();
  if (root_name != root.name())
    return fault{fault_code::invalid_request,
                 "root element is <" + std::string{root.name()}
                   + ">, expected <" + std::string{root_name} + ">"};
  return root;
}

} // namespace xmlrpc
