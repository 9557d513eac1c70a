// libFuzzer target: the XML gate against a conforming parser. The same bytes
// go to our decoder and to expat, and two properties must hold:
//  1. Whatever expat finds not well-formed, or whatever holds a DTD (our
//     policy refuses DTDs outright), the decoder refuses with -32700: it
//     never decodes it into a call it would execute, and never blames the
//     call's shape (-32600) for what is an XML error.
//  2. A call the decoder returns is the one expat reads: the same method
//     name and, value by value, the same types, structure and text.
// A document expat accepts and we refuse (another encoding, a name beyond
// ASCII, a structure that is not a methodCall) is not a finding.

#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <expat.h>

#include "xmlrpc/decode.hpp"

namespace {

// Expat's reading of one element: its name, its character data (references
// resolved, CDATA included) and its child elements, by index.
struct element {
  std::string name;
  std::string text;
  std::vector<std::size_t> children;
};

struct expat_run {
  XML_Parser parser = nullptr;
  bool doctype = false;
  std::vector<element> elements; // in document order; the root first
  std::vector<std::size_t> open;
};

void XMLCALL on_start(void* user, const XML_Char* name, const XML_Char**) {
  auto* run = static_cast<expat_run*>(user);
  auto index = run->elements.size();
  run->elements.push_back(element{name, {}, {}});
  if (!run->open.empty())
    run->elements[run->open.back()].children.push_back(index);
  run->open.push_back(index);
}

void XMLCALL on_end(void* user, const XML_Char*) {
  static_cast<expat_run*>(user)->open.pop_back();
}

void XMLCALL on_text(void* user, const XML_Char* text, int size) {
  auto* run = static_cast<expat_run*>(user);
  if (!run->open.empty())
    run->elements[run->open.back()].text.append(text,
                                                static_cast<std::size_t>(size));
}

// Our policy is no DTD at all, so a DOCTYPE ends expat's parse as well: it
// never reads an internal subset, declares an entity or expands one.
void XMLCALL on_doctype(void* user, const XML_Char*, const XML_Char*,
                        const XML_Char*, int) {
  auto* run = static_cast<expat_run*>(user);
  run->doctype = true;
  XML_StopParser(run->parser, XML_FALSE);
}

// Expat as our policy: the encoding from the document (UTF-8 by default),
// no external entities (no handler, parameter entities never parsed), no
// DTD. Returns why expat refuses the document, or nothing.
std::string ask_expat(const std::uint8_t* data, std::size_t size,
                      expat_run& run) {
  run.parser = XML_ParserCreate(nullptr);
  if (run.parser == nullptr)
    std::abort();
  XML_SetUserData(run.parser, &run);
  XML_SetElementHandler(run.parser, on_start, on_end);
  XML_SetCharacterDataHandler(run.parser, on_text);
  XML_SetStartDoctypeDeclHandler(run.parser, on_doctype);
  XML_SetParamEntityParsing(run.parser, XML_PARAM_ENTITY_PARSING_NEVER);
  XML_SetHashSalt(run.parser, 1); // no entropy syscall per input
  auto status = XML_Parse(run.parser, reinterpret_cast<const char*>(data),
                          static_cast<int>(size), XML_TRUE);
  std::string why;
  if (run.doctype)
    why = "DOCTYPE (refused by policy)";
  else if (status != XML_STATUS_OK)
    why = std::string{XML_ErrorString(XML_GetErrorCode(run.parser))}
          + " at line " + std::to_string(XML_GetCurrentLineNumber(run.parser))
          + ", column "
          + std::to_string(XML_GetCurrentColumnNumber(run.parser));
  XML_ParserFree(run.parser);
  return why;
}

std::string_view trim(std::string_view text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos)
    return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// The XML-RPC type names a decoded value may come from.
bool same_type(std::string_view tag, const xmlrpc::value& x) {
  auto ours = xmlrpc::type_name(x);
  if (tag == "i4" || tag == "int")
    return ours == "int";
  if (tag == "ex:i8" || tag == "i8")
    return ours == "i8";
  if (tag == "ex:nil" || tag == "nil")
    return ours == "nil";
  return tag == ours;
}

// Property 2, over expat's elements: an empty string means they agree.
class comparison {
public:
  explicit comparison(const std::vector<element>& elements)
    : elements_(elements) {}

  std::string call(const xmlrpc::method_call& call) {
    const auto& root = elements_.at(0);
    if (root.children.empty() || trim(at(root, 0).text) != call.method)
      return "the method name differs";
    if (call.params.empty())
      return {};
    if (root.children.size() != 2)
      return "<params> is missing";
    const auto& params = at(root, 1);
    if (params.children.size() != call.params.size())
      return "the number of params differs";
    for (std::size_t i = 0; i < call.params.size(); ++i) {
      const auto& param = at(params, i);
      if (param.children.size() != 1 || !same(at(param, 0), call.params[i]))
        return "param " + std::to_string(i + 1) + ": " + why_;
    }
    return {};
  }

private:
  const element& at(const element& parent, std::size_t k) const {
    return elements_[parent.children[k]];
  }

  bool differs(std::string why) {
    why_ = std::move(why);
    return false;
  }

  // A <value> element against the value we decoded from it.
  bool same(const element& node, const xmlrpc::value& x) {
    if (node.children.empty()) { // untyped: a string
      const auto* text = x.get_if<std::string>();
      return (text && *text == node.text)
             || differs("untyped value '" + node.text + "' differs");
    }
    const auto& typed = at(node, 0);
    if (node.children.size() != 1 || !same_type(typed.name, x))
      return differs("<" + typed.name + "> decoded as "
                     + std::string{xmlrpc::type_name(x)});
    if (const auto* text = x.get_if<std::string>())
      return *text == typed.text
             || differs("string '" + typed.text + "' decoded as '" + *text
                        + "'");
    if (const auto* items = x.get_if<xmlrpc::array>()) {
      if (typed.children.size() != 1)
        return differs("<array> without one <data>");
      const auto& data = at(typed, 0);
      if (data.children.size() != items->size())
        return differs("array sizes differ");
      for (std::size_t i = 0; i < items->size(); ++i)
        if (!same(at(data, i), (*items)[i]))
          return false;
      return true;
    }
    if (const auto* st = x.get_if<xmlrpc::structure>()) {
      if (typed.children.size() != st->members.size())
        return differs("struct sizes differ");
      for (std::size_t i = 0; i < st->members.size(); ++i) {
        const auto& member = at(typed, i);
        if (member.children.size() != 2
            || at(member, 0).text != st->members[i].first)
          return differs("struct member " + std::to_string(i + 1)
                         + "'s name differs");
        if (!same(at(member, 1), st->members[i].second))
          return false;
      }
      return true;
    }
    if (const auto* when = x.get_if<xmlrpc::date_time>())
      return trim(typed.text) == when->text
             || differs("dateTime '" + typed.text + "' decoded as '"
                        + when->text + "'");
    return true; // numbers, booleans, base64: their text is read the same way
  }

  const std::vector<element>& elements_;
  std::string why_;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size > INT_MAX)
    return 0;
  std::string body(reinterpret_cast<const char*>(data), size);
  auto call = xmlrpc::decode_method_call(body);
  expat_run run;
  auto refused = ask_expat(data, size, run);
  if (refused.empty()) {
    if (!call)
      return 0;
    if (auto diff = comparison{run.elements}.call(*call); !diff.empty()) {
      std::fprintf(stderr,
                   "decode_diff: our call to '%s' is not what expat "
                   "reads: %s\n",
                   call->method.c_str(), diff.c_str());
      std::abort();
    }
    return 0;
  }
  if (call) {
    std::fprintf(stderr,
                 "decode_diff: expat refuses (%s), we decoded a call "
                 "to '%s'\n",
                 refused.c_str(), call->method.c_str());
    std::abort();
  }
  if (call.error().code != xmlrpc::fault_code::not_well_formed) {
    std::fprintf(stderr,
                 "decode_diff: expat refuses (%s), we answered %d (%s) "
                 "instead of -32700\n",
                 refused.c_str(), call.error().code,
                 call.error().message.c_str());
    std::abort();
  }
  return 0;
}
