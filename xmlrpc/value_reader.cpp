#include "xmlrpc/value_reader.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <unordered_set>

#include "xmlrpc/base64.hpp"
#include "xmlrpc/iso8601.hpp"
#include "xmlrpc/xml_text.hpp"

namespace xmlrpc {

namespace {

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

template <class Int>
bool parse_int(std::string_view text, Int& out) {
  text = trim_space(text);
  if (!text.empty() && text[0] == '+')
    text.remove_prefix(1);
  if (text.empty())
    return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size();
}

bool parse_double(std::string_view text, double& out) {
  text = trim_space(text);
  if (!text.empty() && text[0] == '+')
    text.remove_prefix(1);
  if (text.empty())
    return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size()
         && std::isfinite(out);
}

} // namespace

std::string_view trim_space(std::string_view text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos)
    return {};
  auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

bool value_reader::fail(std::int32_t code, std::string message) {
  error = fault{code, std::move(message)};
  return false;
}

// The one depth check: every element is reached through elements() or is
// the typed child of a <value>, and both ask here first.
bool value_reader::within_limit(std::size_t depth) {
  if (depth <= lim_.max_depth)
    return true;
  return fail(fault_code::invalid_request,
              "elements nest deeper than the limit of "
                + std::to_string(lim_.max_depth));
}

bool value_reader::elements(pugi::xml_node parent, std::size_t depth,
                            std::vector<pugi::xml_node>& out) {
  if (!within_limit(depth))
    return false;
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

bool value_reader::text_of(pugi::xml_node node, std::string& out) {
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

bool value_reader::read_value(pugi::xml_node node, std::size_t depth,
                              value& out) {
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
  return within_limit(depth + 1) && read_typed(typed, depth + 1, out);
}

bool value_reader::bad_value(std::string_view type, std::string_view text) {
  std::string shown{text.substr(0, 40)};
  return fail(fault_code::invalid_request,
              "invalid <" + std::string{type} + "> value '" + shown + "'");
}

bool value_reader::read_typed(pugi::xml_node node, std::size_t depth,
                              value& out) {
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
    auto t = trim_space(text);
    if (t != "0" && t != "1")
      return bad_value(type, text);
    out = (t == "1");
  } else if (type == "double") {
    double x = 0;
    if (!parse_double(text, x))
      return bad_value(type, text);
    out = x;
  } else if (type == "dateTime.iso8601") {
    auto t = trim_space(text);
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

bool value_reader::read_array(pugi::xml_node node, std::size_t depth,
                              value& out) {
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

bool value_reader::read_struct(pugi::xml_node node, std::size_t depth,
                               value& out) {
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

bool value_reader::read_params(pugi::xml_node params, std::vector<value>& out) {
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

} // namespace xmlrpc
