#include "xmlrpc/well_formed.hpp"

#include <algorithm>
#include <vector>

#include "xmlrpc/xml_cursor.hpp"

// The grammar of XML 1.0 (fifth edition) for a document without a DTD, by
// production: [1] document, [15] Comment, [16] PI, [18]-[21] CDSect,
// [22]-[27] prolog, XMLDecl and Misc, [32] SDDecl, [39]-[44] element, tags
// and Attribute, [80]-[81] EncodingDecl; with the constraints Element Type
// Match, Unique Att Spec and No < in Attribute Values. Names, references and
// character data are xml_cursor's.

namespace xmlrpc {

namespace {

std::string lower(std::string_view text) {
  std::string out{text};
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// One pass, without recursion: the open elements are a stack of names.
class scanner {
public:
  explicit scanner(std::string_view doc) : in_(doc) { open_.reserve(16); }

  text_result run() {
    if (in_.at("\xEF\xBB\xBF"))
      in_.skip(3);
    start_ = in_.pos();
    if (!misc() || !no_doctype() || !root() || !misc() || !nothing_after())
      return in_.error();
    return {};
  }

private:
  // [27] Misc*: whitespace, comments, processing instructions.
  bool misc() {
    for (;;) {
      in_.skip_space();
      if (in_.at("<!--")) {
        if (!comment())
          return false;
      } else if (in_.at("<?")) {
        if (!processing_instruction())
          return false;
      } else {
        return true;
      }
    }
  }

  // [15] Comment: no "--" inside, so none ends in "-" either.
  bool comment() {
    auto from = in_.pos();
    in_.skip(4);
    if (!in_.skip_past("--", from, "unterminated comment"))
      return false;
    if (!in_.at(">"))
      return in_.fail_at(in_.pos() - 2, "'--' inside a comment");
    in_.skip(1);
    return true;
  }

  // [16] PI; the target "xml" is the XML declaration, only at the start.
  bool processing_instruction() {
    auto from = in_.pos();
    in_.skip(2);
    std::string_view target;
    if (!in_.name(target))
      return false;
    if (target.size() == 3 && lower(target) == "xml") {
      if (target == "xml" && from == start_)
        return declaration(from);
      return in_.fail_at(from, target == "xml"
                                 ? "XML declaration not at the start"
                                 : "processing instruction target '"
                                     + std::string{target} + "' is reserved");
    }
    if (!in_.skip_space() && !in_.at("?>"))
      return in_.fail_at(in_.pos(), "whitespace expected after the target of "
                                    "a processing instruction");
    return in_.skip_past("?>", from, "unterminated processing instruction");
  }

  // [23] XMLDecl after "<?xml": version, then encoding, then standalone.
  bool declaration(std::size_t from) {
    std::string_view version, encoding, standalone;
    if (!in_.skip_space() || !in_.keyword("version"))
      return in_.fail_at(from, "the XML declaration must start with its "
                               "version");
    if (!in_.equals_quoted("version", version))
      return false;
    if (version.size() < 3 || version.substr(0, 2) != "1."
        || version.find_first_not_of("0123456789", 2) != std::string::npos)
      return in_.fail_at(from, "XML version '" + std::string{version}
                                 + "' is not 1.x");
    bool spaced = in_.skip_space();
    if (spaced && in_.keyword("encoding")) {
      if (!in_.equals_quoted("encoding", encoding)
          || !encoding_accepted(encoding))
        return false;
      spaced = in_.skip_space();
    }
    if (spaced && in_.keyword("standalone")) {
      if (!in_.equals_quoted("standalone", standalone))
        return false;
      if (standalone != "yes" && standalone != "no")
        return in_.fail_at(from, "standalone must be 'yes' or 'no'");
      in_.skip_space();
    }
    if (!in_.at("?>"))
      return in_.fail_at(in_.pos(), "malformed XML declaration");
    in_.skip(2);
    return true;
  }

  // Our policy: UTF-8, or US-ASCII if nothing is beyond ASCII.
  bool encoding_accepted(std::string_view name) {
    auto enc = lower(name);
    if (enc == "utf-8")
      return true;
    if (enc != "us-ascii")
      return in_.fail_at(in_.pos(), "encoding '" + enc
                                      + "' is not supported (UTF-8 only)");
    auto doc = in_.doc();
    auto beyond = std::find_if(doc.begin(), doc.end(), [](char c) {
      return static_cast<unsigned char>(c) >= 0x80;
    });
    if (beyond != doc.end())
      return in_.fail_at(static_cast<std::size_t>(beyond - doc.begin()),
                         "a byte beyond ASCII in a document declared "
                         "US-ASCII");
    return true;
  }

  bool nothing_after() {
    return in_.done()
           || in_.fail_at(in_.pos(), "content after the root element");
  }

  bool no_doctype() {
    if (in_.at("<!DOCTYPE"))
      return in_.fail_at(in_.pos(), "DOCTYPE declarations are not accepted "
                                    "(no DTD processing)");
    return true;
  }

  // [39] element: the root and everything inside it.
  bool root() {
    if (in_.done())
      return in_.fail_at(in_.pos(), "no root element");
    if (!in_.at("<") || in_.at("<!") || in_.at("</"))
      return in_.fail_at(in_.pos(), "the root element was expected");
    if (!start_tag())
      return false;
    while (!open_.empty()) {
      if (!in_.char_data())
        return false;
      if (in_.done())
        return in_.fail_at(in_.pos(),
                           "<" + std::string{open_.back()} + "> is not closed");
      if (!content_markup())
        return false;
    }
    return true;
  }

  // [43] content, past its character data: at "&" or "<".
  bool content_markup() {
    auto from = in_.pos();
    if (in_.peek() == '&')
      return in_.reference();
    switch (in_.peek(1)) {
    case '/':
      return end_tag();
    case '?':
      return processing_instruction();
    case '!':
      if (in_.at("<!--"))
        return comment();
      if (in_.at("<![CDATA[")) {
        in_.skip(9);
        return in_.skip_past("]]>", from, "unterminated CDATA section");
      }
      return in_.fail_at(from, "'<!' that starts no comment or CDATA section "
                               "(declarations are not accepted)");
    default:
      return start_tag();
    }
  }

  // [40] STag or [44] EmptyElemTag, its attributes unique.
  bool start_tag() {
    auto from = in_.pos();
    in_.skip(1);
    std::string_view element;
    if (!in_.name(element))
      return false;
    attributes_.clear();
    for (;;) {
      bool spaced = in_.skip_space();
      if (in_.at(">") || in_.at("/>")) {
        bool empty = in_.at("/>");
        in_.skip(empty ? 2 : 1);
        if (!empty)
          open_.push_back(element);
        break;
      }
      if (in_.done())
        return in_.fail_at(from, "unterminated start tag <"
                                   + std::string{element} + ">");
      if (!spaced)
        return in_.fail_at(in_.pos(), "whitespace expected before an "
                                      "attribute");
      std::string_view attribute;
      if (!in_.name(attribute) || !attribute_value(attribute))
        return false;
      attributes_.push_back(attribute);
    }
    if (attributes_.size() < 2)
      return true;
    std::sort(attributes_.begin(), attributes_.end());
    auto twice = std::adjacent_find(attributes_.begin(), attributes_.end());
    if (twice != attributes_.end())
      return in_.fail_at(from, "attribute '" + std::string{*twice}
                                 + "' appears twice on <" + std::string{element}
                                 + ">");
    return true;
  }

  // [25] Eq and [10] AttValue: no "<", references well-formed.
  bool attribute_value(std::string_view attribute) {
    std::string_view raw;
    if (!in_.equals_quoted(attribute, raw))
      return false;
    auto after = in_.pos();
    auto start = after - 1 - raw.size(); // the value, inside its quotes
    if (auto lt = raw.find('<'); lt != std::string_view::npos)
      return in_.fail_at(start + lt, "'<' inside an attribute value");
    for (auto amp = raw.find('&'); amp != std::string_view::npos;
         amp = raw.find('&', in_.pos() - start)) {
      in_.move_to(start + amp);
      if (!in_.reference()) // which cannot pass the quote: it ends in ';'
        return false;
    }
    in_.move_to(after);
    return true;
  }

  // [42] ETag, which must match its start tag.
  bool end_tag() {
    auto from = in_.pos();
    in_.skip(2);
    std::string_view element;
    if (!in_.name(element))
      return false;
    in_.skip_space();
    if (!in_.at(">"))
      return in_.fail_at(in_.pos(),
                         "malformed end tag </" + std::string{element} + ">");
    in_.skip(1);
    if (element != open_.back())
      return in_.fail_at(from, "end tag </" + std::string{element}
                                 + "> does not match <"
                                 + std::string{open_.back()} + ">");
    open_.pop_back();
    return true;
  }

  xml_cursor in_;
  std::size_t start_ = 0; // after the byte order mark
  std::vector<std::string_view> open_;
  std::vector<std::string_view> attributes_;
};

} // namespace

text_result check_well_formed(std::string_view doc) {
  return scanner{doc}.run();
}

} // namespace xmlrpc
