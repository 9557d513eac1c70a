#include "xmlrpc/xml_cursor.hpp"

#include <algorithm>
#include <cstdint>

#include "xmlrpc/xml_text.hpp"

namespace xmlrpc {

namespace {

constexpr std::string_view name_start_chars
  = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_:";

constexpr std::string_view name_chars
  = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_:0123456789.-";

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
  if (!at(word)
      || (after < doc_.size()
          && name_chars.find(doc_[after]) != std::string_view::npos))
    return false;
  pos_ = after;
  return true;
}

bool xml_cursor::name(std::string_view& out) {
  auto from = pos_;
  if (!done() && name_start_chars.find(doc_[pos_]) != std::string_view::npos)
    pos_ = std::min(doc_.find_first_not_of(name_chars, pos_), doc_.size());
  if (!done() && static_cast<unsigned char>(doc_[pos_]) >= 0x80)
    return fail_at(pos_, "a name with a character other than ASCII letters, "
                         "digits and _ : . - (not accepted)");
  if (pos_ == from)
    return fail_at(pos_, "a name was expected");
  out = doc_.substr(from, pos_ - from);
  return true;
}

bool xml_cursor::equals_quoted(std::string_view what, std::string_view& out) {
  skip_space();
  if (!at("="))
    return fail_at(pos_, std::string{what} + " needs '=' and a quoted value");
  ++pos_;
  skip_space();
  if (!at("\"") && !at("'"))
    return fail_at(pos_, std::string{what} + " needs a quoted value");
  auto end = doc_.find(doc_[pos_], pos_ + 1);
  if (end == std::string_view::npos)
    return fail_at(pos_, "unterminated value of " + std::string{what});
  out = doc_.substr(pos_ + 1, end - pos_ - 1);
  pos_ = end + 1;
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
  if (done() || name_start_chars.find(doc_[pos_]) == std::string_view::npos
      || !name(entity) || !at(";"))
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
