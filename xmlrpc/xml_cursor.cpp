#include "xmlrpc/xml_cursor.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "xmlrpc/xml_text.hpp"

namespace xmlrpc {

namespace {

// Name characters by policy (ASCII only), one table lookup per byte.
constexpr std::uint8_t name_start = 1;
constexpr std::uint8_t name_char = 2;

constexpr std::array<std::uint8_t, 256> name_classes = [] {
  std::array<std::uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
                  || c == ':';
    bool other = (c >= '0' && c <= '9') || c == '.' || c == '-';
    table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(
      (letter ? name_start | name_char : 0) | (other ? name_char : 0));
  }
  return table;
}();

bool is(char c, std::uint8_t what) {
  return (name_classes[static_cast<unsigned char>(c)] & what) != 0;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The value of a digit in `base` (10 or 16), or 16 for none.
std::uint32_t digit_value(char c, std::uint32_t base) {
  if (c >= '0' && c <= '9')
    return static_cast<std::uint32_t>(c - '0');
  if (base == 16 && c >= 'a' && c <= 'f')
    return static_cast<std::uint32_t>(c - 'a' + 10);
  if (base == 16 && c >= 'A' && c <= 'F')
    return static_cast<std::uint32_t>(c - 'A' + 10);
  return 16;
}

} // namespace

bool xml_cursor::fail_at(std::size_t at, std::string_view why) {
  error_ = std::string{why} + " at byte " + std::to_string(at);
  return false;
}

bool xml_cursor::skip_past(std::string_view end, std::size_t from,
                           std::string_view what) {
  auto found = doc_.find(end, pos_);
  if (found == std::string_view::npos)
    return fail_at(from, what);
  pos_ = found + end.size();
  return true;
}

bool xml_cursor::skip_space() {
  auto from = pos_;
  while (pos_ < doc_.size() && is_space(doc_[pos_]))
    ++pos_;
  return pos_ > from;
}

bool xml_cursor::keyword(std::string_view word) {
  auto after = pos_ + word.size();
  if (!at(word) || (after < doc_.size() && is(doc_[after], name_char)))
    return false;
  pos_ = after;
  return true;
}

bool xml_cursor::name(std::string_view& out) {
  auto from = pos_;
  auto size = doc_.size();
  const char* text = doc_.data();
  if (pos_ < size && is(text[pos_], name_start))
    while (++pos_ < size && is(text[pos_], name_char))
      continue;
  if (!done() && static_cast<unsigned char>(doc_[pos_]) >= 0x80)
    return fail_at(pos_, "a name with a character other than ASCII letters, "
                         "digits and _ : . - (not accepted)");
  if (pos_ == from)
    return fail_at(pos_, "a name was expected");
  out = doc_.substr(from, pos_ - from);
  return true;
}

bool xml_cursor::equals_quoted(std::string_view name, std::string_view& out) {
  skip_space();
  if (!at("="))
    return fail_at(pos_,
                   "'" + std::string{name} + "' needs '=' and a quoted value");
  ++pos_;
  skip_space();
  if (!at("\"") && !at("'"))
    return fail_at(pos_,
                   "the value of '" + std::string{name} + "' must be quoted");
  auto end = doc_.find(doc_[pos_], pos_ + 1);
  if (end == std::string_view::npos)
    return fail_at(pos_,
                   "the value of '" + std::string{name} + "' is not closed");
  out = doc_.substr(pos_ + 1, end - pos_ - 1);
  pos_ = end + 1;
  return true;
}

bool xml_cursor::char_data() {
  // A byte loop, not memchr: between XML-RPC tags text is a few bytes.
  auto from = pos_;
  for (; pos_ < doc_.size(); ++pos_) {
    char c = doc_[pos_];
    if (c == '<' || c == '&')
      break;
    if (c == '>' && pos_ >= from + 2 && doc_[pos_ - 1] == ']'
        && doc_[pos_ - 2] == ']')
      return fail_at(pos_ - 2, "']]>' in text");
  }
  return true;
}

bool xml_cursor::reference() {
  auto from = pos_++;
  if (at("#")) {
    ++pos_;
    std::uint32_t base = at("x") ? 16 : 10;
    pos_ += base == 16 ? 1 : 0;
    auto digits = pos_;
    std::uint32_t cp = 0;
    for (; !done() && digit_value(doc_[pos_], base) < base; ++pos_)
      cp = std::min<std::uint32_t>(cp * base + digit_value(doc_[pos_], base),
                                   0x110000); // beyond Unicode stays beyond
    if (pos_ == digits || !at(";"))
      return fail_at(from, "malformed character reference");
    ++pos_;
    if (!is_xml_char(cp))
      return fail_at(from, "character reference '"
                             + std::string{doc_.substr(from, pos_ - from)}
                             + "' names a character XML cannot carry");
    return true;
  }
  std::string_view entity;
  if (done() || !is(doc_[pos_], name_start) || !name(entity) || !at(";"))
    return fail_at(from, "'&' that starts no reference (write &amp;)");
  ++pos_;
  if (entity != "lt" && entity != "gt" && entity != "amp" && entity != "apos"
      && entity != "quot")
    return fail_at(from, "entity '&" + std::string{entity}
                           + ";' is not allowed (only the five predefined "
                             "entities)");
  return true;
}

} // namespace xmlrpc
