#pragma once

#include <string_view>

#include "xmlrpc/xml_text.hpp"

namespace xmlrpc {

/// Whether `doc` is a well-formed XML 1.0 document that the codec's policy
/// accepts: no DTD, no entities beyond the five predefined ones, UTF-8
/// (US-ASCII, if declared, holds only ASCII) and names of ASCII letters,
/// digits and `_ : . -`. Checks the grammar (prolog, one root element,
/// tags, attributes, references, comments, processing instructions, CDATA)
/// and its well-formedness constraints; the characters themselves are
/// check_xml_text's job. A UTF-8 byte order mark may lead. A refusal names
/// what is wrong and its byte offset in `doc`.
text_result check_well_formed(std::string_view doc);

} // namespace xmlrpc
