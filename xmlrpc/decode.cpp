#include "xmlrpc/decode.hpp"

#include <vector>

#include "xmlrpc/value_reader.hpp"
#include "xmlrpc/xml_policy.hpp"

namespace xmlrpc {

namespace {

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

// The prelude both decoders share: the document, its root element called
// `root_name`, and the root's element children (at depth 2) in `parts`.
result<void> open_root(pugi::xml_document& doc, std::string& body,
                       std::string_view root_name, value_reader& rd,
                       std::vector<pugi::xml_node>& parts) {
  auto root = parse_document(doc, body, root_name);
  if (!root)
    return std::move(root).error();
  if (!rd.elements(*root, 2, parts))
    return rd.error;
  return {};
}

} // namespace

result<method_call> decode_method_call(std::string& body, const limits& lim) {
  pugi::xml_document doc;
  value_reader rd{lim};
  std::vector<pugi::xml_node> parts;
  if (auto opened = open_root(doc, body, "methodCall", rd, parts); !opened)
    return std::move(opened).error();
  method_call call;
  if (parts.empty() || std::string_view{parts[0].name()} != "methodName")
    return fault{fault_code::invalid_request,
                 "<methodCall> must start with <methodName>"};
  if (!rd.text_of(parts[0], call.method))
    return rd.error;
  call.method = std::string{trim_space(call.method)};
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
  value_reader rd{lim};
  std::vector<pugi::xml_node> parts;
  if (auto opened = open_root(doc, body, "methodResponse", rd, parts); !opened)
    return std::move(opened).error();
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
