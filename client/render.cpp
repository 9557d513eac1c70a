#include "client/render.hpp"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "xmlrpc/text.hpp"

namespace cli {

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

std::optional<std::vector<listed_item>>
rows_of_all_items(const xmlrpc::value& x) {
  const auto* all = x.get_if<xmlrpc::structure>();
  if (!all)
    return std::nullopt;
  std::vector<listed_item> rows;
  for (const auto& [key, val] : all->members) {
    listed_item row;
    auto [ptr, ec]
      = std::from_chars(key.data(), key.data() + key.size(), row.id);
    const auto* details = val.get_if<xmlrpc::structure>();
    if (ec != std::errc{} || ptr != key.data() + key.size() || !details)
      return std::nullopt;
    const auto* name = details->find("name");
    const auto* quantity = details->find("quantity");
    if (!name || !quantity)
      return std::nullopt;
    row.name = to_text(*name);
    row.quantity = to_text(*quantity);
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  return rows;
}

std::string render_row(const listed_item& row) {
  return "Product ID: " + std::to_string(row.id) + ", Name: " + row.name
         + ", Quantity: " + row.quantity;
}

std::string to_json(const xmlrpc::value& x, bool pretty) {
  return json_of(x).dump(pretty ? 2 : -1, ' ', false,
                         nlohmann::json::error_handler_t::replace);
}

std::string to_text(const xmlrpc::value& x) {
  if (const auto* s = x.get_if<std::string>())
    return *s;
  return to_json(x);
}

} // namespace cli
