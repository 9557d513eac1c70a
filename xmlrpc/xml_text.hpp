#pragma once

#include <string>
#include <string_view>

#include "base/expected.hpp"

namespace xmlrpc {

/// Success, or why a text is refused.
using text_result = base::expected<void, std::string>;

/// Whether `cp` is a Char of XML 1.0: tab, LF, CR, or any code point from
/// U+0020 up except the surrogates, U+FFFE and U+FFFF.
bool is_xml_char(char32_t cp);

/// Whether XML 1.0 can carry `text`: it must be valid UTF-8 without C0
/// controls (other than tab, LF, CR), U+FFFE or U+FFFF.
text_result check_xml_text(std::string_view text);

/// Replaces the five predefined entities and character references in `raw`
/// and appends the result to `out`. Any other entity, or a reference to a
/// character XML cannot carry, is an error described by the return value.
text_result append_unescaped(std::string& out, std::string_view raw);

/// Appends `text` with `&`, `<`, `>` and CR escaped; `text` must have passed
/// check_xml_text.
void append_escaped(std::string& out, std::string_view text);

} // namespace xmlrpc
