#include "base/xml_text.hpp"

#include <array>
#include <charconv>
#include <cstdint>

namespace base {

namespace {

// Decodes one UTF-8 sequence at text[i]; returns its length and code point,
// or length 0 when the sequence is malformed, overlong or a surrogate.
std::size_t decode_utf8(std::string_view text, std::size_t i, char32_t& cp) {
  auto byte
    = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  auto b0 = byte(i);
  std::size_t len;
  char32_t min;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > text.size())
    return 0;
  for (std::size_t k = 1; k < len; ++k) {
    auto b = byte(i + k);
    if ((b & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

std::string hex(char32_t cp) {
  std::array<char, 16> buf{};
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(),
                           static_cast<std::uint32_t>(cp), 16);
  std::string digits(buf.data(), res.ptr);
  while (digits.size() < 4)
    digits.insert(digits.begin(), '0');
  for (auto& c : digits)
    if (c >= 'a' && c <= 'f')
      c = static_cast<char>(c - 'a' + 'A');
  return "U+" + digits;
}

} // namespace

bool is_xml_char(char32_t cp) {
  if (cp < 0x20)
    return cp == 0x09 || cp == 0x0A || cp == 0x0D;
  return cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF) && cp != 0xFFFE
         && cp != 0xFFFF;
}

text_result check_xml_text(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80) { // the common case: printable ASCII
      ++i;
      continue;
    }
    char32_t cp = 0;
    auto len = decode_utf8(text, i, cp);
    if (len == 0)
      return "invalid UTF-8 at byte " + std::to_string(i);
    if (!is_xml_char(cp))
      return "character " + hex(cp) + " at byte " + std::to_string(i)
             + " is not allowed in XML";
    i += len;
  }
  return {};
}

} // namespace base
