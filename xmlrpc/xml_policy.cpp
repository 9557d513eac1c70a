#include "xmlrpc/xml_policy.hpp"

#include <cctype>

#include "xmlrpc/xml_text.hpp"

namespace xmlrpc {

namespace {

// No parse_escapes: append_unescaped resolves references itself and rejects
// every entity but the predefined five. parse_doctype keeps a DOCTYPE in the
// tree so it can be refused; pugixml never expands its entities either way.
constexpr unsigned parse_options
  = pugi::parse_cdata | pugi::parse_eol | pugi::parse_doctype
    | pugi::parse_declaration | pugi::parse_ws_pcdata_single;

fault not_well_formed(const std::string& why) {
  return fault{fault_code::not_well_formed, "XML not well-formed: " + why};
}

} // namespace

result<pugi::xml_node> parse_document(pugi::xml_document& doc,
                                      std::string& body,
                                      std::string_view root_name) {
  std::size_t skip = 0;
  if (body.size() >= 3 && body.compare(0, 3, "\xEF\xBB\xBF") == 0)
    skip = 3; // UTF-8 byte order mark
  if (auto checked = check_xml_text(std::string_view{body}.substr(skip));
      !checked)
    return not_well_formed(checked.error());
  auto res = doc.load_buffer_inplace(body.data() + skip, body.size() - skip,
                                     parse_options, pugi::encoding_utf8);
  if (!res)
    return not_well_formed(std::string{res.description()} + " at byte "
                           + std::to_string(res.offset + skip));
  pugi::xml_node root;
  for (auto node : doc.children()) {
    switch (node.type()) {
    case pugi::node_doctype:
      return not_well_formed("DOCTYPE declarations are not accepted (no DTD "
                             "processing)");
    case pugi::node_declaration: {
      auto enc = std::string{node.attribute("encoding").value()};
      for (auto& c : enc)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (!enc.empty() && enc != "utf-8" && enc != "us-ascii")
        return not_well_formed("encoding '" + enc
                               + "' is not supported (UTF-8 only)");
      break;
    }
    case pugi::node_element:
      if (root)
        return not_well_formed("more than one root element");
      root = node;
      break;
    default:
      break;
    }
  }
  if (!root)
    return not_well_formed("no root element");
  if (root_name != root.name())
    return fault{fault_code::invalid_request,
                 "root element is <" + std::string{root.name()}
                   + ">, expected <" + std::string{root_name} + ">"};
  return root;
}

} // namespace xmlrpc
