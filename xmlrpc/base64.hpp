#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xmlrpc {

/// Standard base64 with padding, no line breaks.
std::string encode_base64(const std::vector<std::uint8_t>& bytes);

/// Decodes base64, ignoring XML whitespace; nothing if the text is not base64.
std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text);

} // namespace xmlrpc
