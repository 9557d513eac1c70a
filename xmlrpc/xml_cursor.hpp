#pragma once

// Internal to the codec: the lexical layer of check_well_formed.

#include <cstddef>
#include <string>
#include <string_view>

namespace xmlrpc {

/// A read position in an XML document and the tokens the grammar is built
/// from (XML 1.0 productions [3] S, [5] Name, [14] CharData, [25] Eq,
/// [66]-[68] Reference).
/// A step that refuses returns false and leaves the reason in error().
class xml_cursor {
public:
  explicit xml_cursor(std::string_view doc) : doc_(doc) {}

  /// Refuses the document: `why`, at byte `at`.
  bool fail_at(std::size_t at, std::string_view why);

  const std::string& error() const { return error_; }

  std::size_t pos() const { return pos_; }
  bool done() const { return pos_ >= doc_.size(); }

  /// Whether the text at the position starts with `text`.
  bool at(std::string_view text) const {
    if (doc_.size() - pos_ < text.size())
      return false;
    for (std::size_t i = 0; i < text.size(); ++i) // short literals: no call
      if (doc_[pos_ + i] != text[i])
        return false;
    return true;
  }

  /// The byte `ahead` bytes past the position, or NUL past the end.
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < doc_.size() ? doc_[pos_ + ahead] : '\0';
  }

  /// Moves `n` bytes on.
  void skip(std::size_t n) { pos_ += n; }

  /// Moves past `end`, which must follow; otherwise fails with `what` at
  /// `from`.
  bool skip_past(std::string_view end, std::size_t from, std::string_view what);

  /// Skips whitespace; whether there was any.
  bool skip_space();

  /// Skips `word` if it is there as a whole name.
  bool keyword(std::string_view word);

  /// A Name of ASCII letters, digits and `_ : . -` (our policy: no other
  /// name characters), not starting with a digit, `.` or `-`.
  bool name(std::string_view& out);

  /// S? '=' S?, then the quoted value of `name` (an attribute, or a
  /// pseudo-attribute of the XML declaration), which is not checked.
  bool equals_quoted(std::string_view name, std::string_view& out);

  /// [14] CharData: moves to the next "<" or "&", or the end; refuses a
  /// "]]>" on the way.
  bool char_data();

  /// At "&": a character reference to a Char, or one of the five
  /// predefined entities (no DTD declares any other).
  bool reference();

  /// The whole document.
  std::string_view doc() const { return doc_; }

  /// Moves to byte `pos` of the document.
  void move_to(std::size_t pos) { pos_ = pos; }

private:
  std::string_view doc_;
  std::size_t pos_ = 0;
  std::string error_;
};

} // namespace xmlrpc
