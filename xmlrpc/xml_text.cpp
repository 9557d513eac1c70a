#include "xmlrpc/xml_text.hpp"

#include <charconv>
#include <cstdint>

namespace xmlrpc {

namespace {

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
