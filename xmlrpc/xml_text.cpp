#include "xmlrpc/xml_text.hpp"

#include <array>
#include <charconv>
#include <cstdint>

namespace xmlrpc {

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

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
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

text_result append_unescaped(std::string& out, std::string_view raw) {
  out.reserve(out.size() + raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    auto amp = raw.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(raw.substr(i));
      break;
    }
    out.append(raw.substr(i, amp - i));
    auto semi = raw.find(';', amp);
    if (semi == std::string_view::npos)
      return std::string{"unterminated reference '&' in text"};
    auto ref = raw.substr(amp + 1, semi - amp - 1);
    if (ref == "lt") {
      out += '<';
    } else if (ref == "gt") {
      out += '>';
    } else if (ref == "amp") {
      out += '&';
    } else if (ref == "quot") {
      out += '"';
    } else if (ref == "apos") {
      out += '\'';
    } else if (ref.size() >= 2 && ref[0] == '#') {
      std::uint32_t cp = 0;
      auto digits = ref.substr(1);
      int base = 10;
      if (digits[0] == 'x') {
        digits.remove_prefix(1);
        base = 16;
      }
      auto [ptr, ec] = std::from_chars(digits.data(),
                                       digits.data() + digits.size(), cp, base);
      if (digits.empty() || ec != std::errc{}
          || ptr != digits.data() + digits.size() || !is_xml_char(cp))
        return "character reference '&" + std::string{ref}
               + ";' names a character XML cannot carry";
      append_utf8(out, cp);
    } else {
      return "entity '&" + std::string{ref}
             + ";' is not allowed (only the five predefined entities)";
    }
    i = semi + 1;
  }
  return {};
}

void append_escaped(std::string& out, std::string_view text) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string_view rep;
    switch (text[i]) {
    case '&':
      rep = "&amp;";
      break;
    case '<':
      rep = "&lt;";
      break;
    case '>':
      rep = "&gt;";
      break;
    case '\r': // a raw CR would be normalised to LF by the reader
      rep = "&#13;";
      break;
    default:
      continue;
    }
    out.append(text.substr(start, i - start));
    out.append(rep);
    start = i + 1;
  }
  out.append(text.substr(start));
}

} // namespace xmlrpc
