#include "xmlrpc/decode.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_set>

#include <pugixml.hpp>

#include "xmlrpc/text.hpp"

namespace xmlrpc {

namespace {

// No parse_escapes: append_unescaped resolves references itself and rejects
// every entity but the predefined five. parse_doctype keeps a DOCTYPE in the
// tree so it can be refused; pugixml never expands its entities either way.
constexpr unsigned parse_options
  = pugi::parse_cdata | pugi::parse_eol | pugi::parse_doctype
    | pugi::parse_declaration | pugi::parse_ws_pcdata_single;

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string_view trim(std::string_view text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos)
    return {};
  auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

template <class Int>
bool parse_int(std::string_view text, Int& out) {
  text = trim(text);
  if (!text.empty() && text[0] == '+')
    text.remove_prefix(1);
  if (text.empty())
    return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size();
}

bool parse_double(std::string_view text, double& out) {
  text = trim(text);
  if (!text.empty() && text[0] == '+')
    text.remove_prefix(1);
  if (text.empty())
    return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size()
         && std::isfinite(out);
}

// Walks a parsed document; the first problem found becomes `error`.
class reader {
public:
  explicit reader(const limits& lim) : lim_(lim) {}

  fault error;

  bool fail(std::int32_t code, std::string message) {
    error = fault{code, std::move(message)};
    return false;
  }

  // Parses `body` in place and returns its single root element, which must
  // be called `root_name`.
  pugi::xml_node parse(pugi::xml_document& doc, std::string& body,
                       std::string_view root_name) {
    std::size_t skip = 0;
    if (body.size() >= 3 && body.compare(0, 3, "\xEF\xBB\xBF") == 0)
      skip = 3; // UTF-8 byte order mark
    if (auto checked = check_xml_text(std::string_view{body}.substr(skip));
        !checked) {
      fail(fault_code::not_well_formed,
           "XML not well-formed: " + checked.error());
      return {};
    }
    auto res = doc.load_buffer_inplace(body.data() + skip, body.size() - skip,
                                       parse_options, pugi::encoding_utf8);
    if (!res) {
      fail(fault_code::not_well_formed, std::string{"XML not well-formed: "}
                                          + res.description() + " at byte "
                                          + std::to_string(res.offset + skip));
      return {};
    }
    pugi::xml_node root;
    for (auto node : doc.children()) {
      switch (node.type()) {
      case pugi::node_doctype:
        fail(fault_code::not_well_formed,
             "XML not well-formed: DOCTYPE declarations are not accepted "
             "(no DTD processing)");
        return {};
      case pugi::node_declaration: {
        auto enc = std::string{node.attribute("encoding").value()};
        for (auto& c : enc)
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!enc.empty() && enc != "utf-8" && enc != "us-ascii") {
          fail(fault_code::not_well_formed,
               "XML not well-formed: encoding '" + enc
                 + "' is not supported (UTF-8 only)");
          return {};
        }
        break;
      }
      case pugi::node_element:
        if (root) {
          fail(fault_code::not_well_formed,
               "XML not well-formed: more than one root element");
          return {};
        }
        root = node;
        break;
      default:
        break;
      }
    }
    if (!root) {
      fail(fault_code::not_well_formed, "XML not well-formed: no root element");
      return {};
    }
    if (root_name != root.name()) {
      fail(fault_code::invalid_request,
           "root element is <" + std::string{root.name()} + ">, expected <"
             + std::string{root_name} + ">");
      return {};
    }
    return root;
  }

  // Collects the element children of `parent`, rejecting text that is not
  // whitespace. Returns false on error.
  bool elements(pugi::xml_node parent, std::size_t depth,
                std::vector<pugi::xml_node>& out) {
    if (depth > lim_.max_depth)
      return fail(fault_code::invalid_request,
                  "elements nest deeper than the limit of "
                    + std::to_string(lim_.max_depth));
    out.clear();
    for (auto child : parent.children()) {
      if (child.type() == pugi::node_element)
        out.push_back(child);
      else if ((child.type() == pugi::node_pcdata
                || child.type() == pugi::node_cdata)
               && !is_blank(child.value()))
        return fail(fault_code::invalid_request, "unexpected text inside <"
                                                   + std::string{parent.name()}
                                                   + ">");
    }
    return true;
  }

  // The text content of a leaf element, references resolved.
  bool text_of(pugi::xml_node node, std::string& out) {
    for (auto child : node.children()) {
      switch (child.type()) {
      case pugi::node_pcdata:
        if (auto done = append_unescaped(out, child.value()); !done)
          return fail(fault_code::not_well_formed,
                      "XML not well-formed: " + done.error());
        break;
      case pugi::node_cdata:
        out += child.value();
        break;
      case pugi::node_element:
        return fail(fault_code::invalid_request,
                    "unexpected element <" + std::string{child.name()}
                      + "> inside <" + node.name() + ">");
      default:
        break;
      }
    }
    return true;
  }

  // Decodes a <value> element at nesting `depth`.
  bool read_value(pugi::xml_node node, std::size_t depth, value& out) {
    if (depth > lim_.max_depth)
      return fail(fault_code::invalid_request,
                  "elements nest deeper than the limit of "
                    + std::to_string(lim_.max_depth));
    pugi::xml_node typed;
    for (auto child : node.children()) {
      if (child.type() != pugi::node_element)
        continue;
      if (typed)
        return fail(fault_code::invalid_request,
                    "<value> holds more than one element");
      typed = child;
    }
    if (!typed) { // untyped value: a string
      std::string text;
      if (!text_of(node, text))
        return false;
      out = std::move(text);
      return true;
    }
    for (auto child : node.children())
      if (child.type() != pugi::node_element && !is_blank(child.value()))
        return fail(fault_code::invalid_request,
                    "<value> mixes text and an element");
    return read_typed(typed, depth + 1, out);
  }

  bool bad_value(std::string_view type, std::string_view text) {
    std::string shown{text.substr(0, 40)};
    return fail(fault_code::invalid_request,
                "invalid <" + std::string{type} + "> value '" + shown + "'");
  }

  bool read_typed(pugi::xml_node node, std::size_t depth, value& out) {
    if (depth > lim_.max_depth)
      return fail(fault_code::invalid_request,
                  "elements nest deeper than the limit of "
                    + std::to_string(lim_.max_depth));
    std::string_view type = node.name();
    if (type == "array")
      return read_array(node, depth, out);
    if (type == "struct")
      return read_struct(node, depth, out);
    if (type == "nil" || type == "ex:nil") {
      if (node.first_child())
        return fail(fault_code::invalid_request, "<nil> must be empty");
      out = nil{};
      return true;
    }
    std::string text;
    if (!text_of(node, text))
      return false;
    if (type == "string") {
      out = std::move(text);
    } else if (type == "int" || type == "i4") {
      std::int32_t x = 0;
      if (!parse_int(text, x))
        return bad_value(type, text);
      out = x;
    } else if (type == "i8" || type == "ex:i8") {
      std::int64_t x = 0;
      if (!parse_int(text, x))
        return bad_value(type, text);
      out = x;
    } else if (type == "boolean") {
      auto t = trim(text);
      if (t != "0" && t != "1")
        return bad_value(type, text);
      out = (t == "1");
    } else if (type == "double") {
      double x = 0;
      if (!parse_double(text, x))
        return bad_value(type, text);
      out = x;
    } else if (type == "dateTime.iso8601") {
      auto t = trim(text);
      if (!is_iso8601(t))
        return bad_value(type, text);
      out = date_time{std::string{t}};
    } else if (type == "base64") {
      auto bytes = decode_base64(text);
      if (!bytes)
        return bad_value(type, text);
      out = binary{std::move(*bytes)};
    } else {
      return fail(fault_code::invalid_request,
                  "unknown value type <" + std::string{type} + ">");
    }
    return true;
  }

  bool read_array(pugi::xml_node node, std::size_t depth, value& out) {
    std::vector<pugi::xml_node> kids;
    if (!elements(node, depth + 1, kids))
      return false;
    if (kids.size() != 1 || std::string_view{kids[0].name()} != "data")
      return fail(fault_code::invalid_request,
                  "<array> must hold exactly one <data>");
    std::vector<pugi::xml_node> items;
    if (!elements(kids[0], depth + 2, items))
      return false;
    array result;
    result.reserve(items.size());
    for (auto item : items) {
      if (std::string_view{item.name()} != "value")
        return fail(fault_code::invalid_request, "unexpected <"
                                                   + std::string{item.name()}
                                                   + "> inside <data>");
      if (!read_value(item, depth + 2, result.emplace_back()))
        return false;
    }
    out = std::move(result);
    return true;
  }

  bool read_struct(pugi::xml_node node, std::size_t depth, value& out) {
    std::vector<pugi::xml_node> members;
    if (!elements(node, depth + 1, members))
      return false;
    structure result;
    result.members.reserve(members.size());
    std::unordered_set<std::string_view> seen;
    std::vector<pugi::xml_node> parts;
    for (auto member : members) {
      if (std::string_view{member.name()} != "member")
        return fail(fault_code::invalid_request, "unexpected <"
                                                   + std::string{member.name()}
                                                   + "> inside <struct>");
      if (!elements(member, depth + 2, parts))
        return false;
      if (parts.size() != 2 || std::string_view{parts[0].name()} != "name"
          || std::string_view{parts[1].name()} != "value")
        return fail(fault_code::invalid_request,
                    "<member> must hold <name> then <value>");
      auto& [name, val] = result.members.emplace_back();
      if (!text_of(parts[0], name) || !read_value(parts[1], depth + 2, val))
        return false;
    }
    for (auto& member : result.members)
      if (!seen.insert(member.first).second)
        return fail(fault_code::invalid_request,
                    "struct member '" + member.first + "' appears twice");
    out = std::move(result);
    return true;
  }

  bool read_params(pugi::xml_node params, std::vector<value>& out) {
    std::vector<pugi::xml_node> list;
    if (!elements(params, 3, list))
      return false;
    out.reserve(list.size());
    std::vector<pugi::xml_node> inner;
    for (auto param : list) {
      if (std::string_view{param.name()} != "param")
        return fail(fault_code::invalid_request, "unexpected <"
                                                   + std::string{param.name()}
                                                   + "> inside <params>");
      if (!elements(param, 4, inner))
        return false;
      if (inner.size() != 1 || std::string_view{inner[0].name()} != "value")
        return fail(fault_code::invalid_request,
                    "<param> must hold exactly one <value>");
      if (!read_value(inner[0], 4, out.emplace_back()))
        return false;
    }
    return true;
  }

private:
  const limits& lim_;
};

bool is_method_name(std::string_view name) {
  if (name.empty())
    return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':'
              || c == '/';
    if (!ok)
      return false;
  }
  return true;
}

} // namespace

result<method_call> decode_method_call(std::string& body, const limits& lim) {
  pugi::xml_document doc;
  reader rd{lim};
  auto root = rd.parse(doc, body, "methodCall");
  if (!root)
    return rd.error;
  std::vector<pugi::xml_node> parts;
  if (!rd.elements(root, 2, parts))
    return rd.error;
  method_call call;
  if (parts.empty() || std::string_view{parts[0].name()} != "methodName")
    return fault{fault_code::invalid_request,
                 "<methodCall> must start with <methodName>"};
  if (!rd.text_of(parts[0], call.method))
    return rd.error;
  call.method = std::string{trim(call.method)};
  if (!is_method_name(call.method))
    return fault{fault_code::invalid_request,
                 "<methodName> must be a non-empty name of letters, digits "
                 "and _ . : /"};
  if (parts.size() > 2
      || (parts.size() == 2 && std::string_view{parts[1].name()} != "params"))
    return fault{fault_code::invalid_request,
                 call.method
                   + ": <methodCall> may only hold <methodName> and <params>"};
  if (parts.size() == 2 && !rd.read_params(parts[1], call.params)) {
    auto err = rd.error;
    err.message = call.method + ": " + err.message;
    return err;
  }
  return call;
}

result<std::variant<value, fault>> decode_response(std::string& body,
                                                   const limits& lim) {
  using reply = std::variant<value, fault>;
  pugi::xml_document doc;
  reader rd{lim};
  auto root = rd.parse(doc, body, "methodResponse");
  if (!root)
    return rd.error;
  std::vector<pugi::xml_node> parts;
  if (!rd.elements(root, 2, parts))
    return rd.error;
  if (parts.size() != 1)
    return fault{fault_code::invalid_request,
                 "<methodResponse> must hold <params> or <fault>"};
  std::string_view kind = parts[0].name();
  if (kind == "params") {
    std::vector<value> values;
    if (!rd.read_params(parts[0], values))
      return rd.error;
    if (values.size() != 1)
      return fault{fault_code::invalid_request,
                   "<methodResponse> must hold exactly one <param>"};
    return reply{std::move(values[0])};
  }
  if (kind != "fault")
    return fault{fault_code::invalid_request, "unexpected <" + std::string{kind}
                                                + "> inside <methodResponse>"};
  std::vector<pugi::xml_node> inner;
  if (!rd.elements(parts[0], 3, inner))
    return rd.error;
  value detail;
  if (inner.size() != 1 || std::string_view{inner[0].name()} != "value"
      || !rd.read_value(inner[0], 3, detail))
    return fault{fault_code::invalid_request, "malformed <fault>"};
  const auto* st = detail.get_if<structure>();
  const value* code = st ? st->find("faultCode") : nullptr;
  const value* text = st ? st->find("faultString") : nullptr;
  if (!code || !code->get_if<std::int32_t>() || !text
      || !text->get_if<std::string>())
    return fault{fault_code::invalid_request,
                 "<fault> must hold a struct of faultCode and faultString"};
  return reply{
    fault{*code->get_if<std::int32_t>(), *text->get_if<std::string>()}};
}

result<value> decode_method_response(std::string& body, const limits& lim) {
  auto res = decode_response(body, lim);
  if (!res)
    return res.error();
  if (auto* f = std::get_if<fault>(&*res))
    return std::move(*f);
  return std::move(std::get<value>(*res));
}

} // namespace xmlrpc
