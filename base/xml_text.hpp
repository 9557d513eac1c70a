#pragma once

// The text XML 1.0 can carry. In base rather than xmlrpc because the rule
// holds for every name the service keeps, however it arrived: the codec
// checks what comes from the network, the storage what it loads.

#include <string>
#include <string_view>

#include "base/expected.hpp"

namespace base {

/// Success, or why a text is refused.
using text_result = expected<void, std::string>;

/// Whether `cp` is a Char of XML 1.0: tab, LF, CR, or any code point from
/// U+0020 up except the surrogates, U+FFFE and U+FFFF.
bool is_xml_char(char32_t cp);

/// Whether XML 1.0 can carry `text`: it must be valid UTF-8 without C0
/// controls (other than tab, LF, CR), U+FFFE or U+FFFF.
text_result check_xml_text(std::string_view text);

} // namespace base
