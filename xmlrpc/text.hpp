#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/expected.hpp"

namespace xmlrpc {

/// Success, or why a text is refused.
using text_result = base::expected<void, std::string>;

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

/// Standard base64 with padding, no line breaks.
std::string encode_base64(const std::vector<std::uint8_t>& bytes);

/// Decodes base64, ignoring XML whitespace; nothing if the text is not base64.
std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text);

/// Whether `text` is an ISO 8601 date-time as XML-RPC peers send it, e.g.
/// `19980717T14:08:55` or `2026-11-24T10:45:47Z`.
bool is_iso8601(std::string_view text);

} // namespace xmlrpc
