#include "client/render.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "xmlrpc/text.hpp"

namespace client {

namespace {

nlohmann::ordered_json json_of(const xmlrpc::value& x) {
  struct visitor {
    nlohmann::ordered_json operator()(xmlrpc::nil) { return nullptr; }
    nlohmann::ordered_json operator()(std::int32_t i) { return i; }
    nlohmann::ordered_json operator()(std::int64_t i) { return i; }
    nlohmann::ordered_json operator()(bool b) { return b; }
    nlohmann::ordered_json operator()(double d) { return d; }
    nlohmann::ordered_json operator()(const std::string& s) { return s; }
    nlohmann::ordered_json operator()(const xmlrpc::date_time& t) {
      return t.text;
    }
    nlohmann::ordered_json operator()(const xmlrpc::binary& b) {
      return xmlrpc::encode_base64(b.bytes);
    }
    nlohmann::ordered_json operator()(const xmlrpc::array& a) {
      auto out = nlohmann::ordered_json::array();
      for (const auto& v : a)
        out.push_back(json_of(v));
      return out;
    }
    nlohmann::ordered_json operator()(const xmlrpc::structure& s) {
      auto out = nlohmann::ordered_json::object();
      for (const auto& [k, v] : s.members)
        out[k] = json_of(v);
      return out;
    }
  };
  return std::visit(visitor{}, x.data);
}

} // namespace

std::string escape_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    char buf[8];
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else if (c == 0xc2 && i + 1 < text.size()
               && static_cast<unsigned char>(text[i + 1]) >= 0x80
               && static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      // U+0080..U+009F in UTF-8: C1 controls (U+009B is a terminal's CSI).
      std::snprintf(buf, sizeof(buf), "\\u%04x",
                    static_cast<unsigned char>(text[i + 1]));
      out += buf;
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string to_json(const xmlrpc::value& x, bool pretty) {
  return json_of(x).dump(pretty ? 2 : -1, ' ', false,
                         nlohmann::json::error_handler_t::replace);
}

std::string to_text(const xmlrpc::value& x) {
  const auto* s = x.get_if<std::string>();
  if (!s)
    return to_json(x);
  std::string_view text{*s};
  bool newline = !text.empty() && text.back() == '\n';
  if (newline)
    text.remove_suffix(1);
  return escape_controls(text) + (newline ? "\n" : "");
}

} // namespace client
