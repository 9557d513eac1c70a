#pragma once

#include <string>
#include <string_view>

#include "base/xml_text.hpp"

namespace xmlrpc {

using base::check_xml_text;
using base::is_xml_char;
using base::text_result;

/// Replaces the five predefined entities and character references in `raw`
/// and appends the result to `out`. Any other entity, or a reference to a
/// character XML cannot carry, is an error described by the return value.
text_result append_unescaped(std::string& out, std::string_view raw);

/// Appends `text` with `&`, `<`, `>` and CR escaped; `text` must have passed
/// check_xml_text.
void append_escaped(std::string& out, std::string_view text);

} // namespace xmlrpc
