#pragma once

// Internal to the codec: the XML document layer under the value reader.

#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "xmlrpc/fault.hpp"

namespace xmlrpc {

/// Parses `body` in place into `doc` and returns its root element, which
/// must be called `root_name`. The document must be well-formed XML 1.0 and
/// meet the codec's policy (check_xml_text, check_well_formed): anything
/// else is -32700 before pugixml sees a byte; another root is -32600.
result<pugi::xml_node> parse_document(pugi::xml_document& doc,
                                      std::string& body,
                                      std::string_view root_name);

} // namespace xmlrpc
