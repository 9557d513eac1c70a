#include "client/item.hpp"

#include <algorithm>

#include "base/decimal.hpp"
#include "client/render.hpp"

namespace client {

namespace {

// An integer member (int or i8); nothing if missing or of another type.
std::optional<std::int64_t> integer(const xmlrpc::structure& st,
                                    const char* name) {
  const auto* m = st.find(name);
  if (!m)
    return std::nullopt;
  if (const auto* i = m->get_if<std::int32_t>())
    return *i;
  if (const auto* l = m->get_if<std::int64_t>())
    return *l;
  return std::nullopt;
}

} // namespace

base::expected<item, std::string> item_of(const xmlrpc::value& x) {
  const auto* st = x.get_if<xmlrpc::structure>();
  if (!st)
    return "an item must be a struct, got " + std::string{xmlrpc::type_name(x)};
  const auto* name = st->find("name");
  auto id = integer(*st, "id");
  auto quantity = integer(*st, "quantity");
  if (!id || *id < INT32_MIN || *id > INT32_MAX)
    return std::string{"an item needs an int id"};
  if (!name || !name->get_if<std::string>())
    return "item " + std::to_string(*id) + " has no string name";
  if (!quantity)
    return "item " + std::to_string(*id) + " has no integer quantity";
  return item{static_cast<std::int32_t>(*id), *name->get_if<std::string>(),
              *quantity, integer(*st, "version").value_or(0)};
}

base::expected<std::vector<item>, std::string>
rows_of_all_items(const xmlrpc::value& x) {
  const auto* all = x.get_if<xmlrpc::structure>();
  if (!all)
    return "get_all_items must answer a struct, got "
           + std::string{xmlrpc::type_name(x)};
  std::vector<item> rows;
  rows.reserve(all->members.size());
  for (const auto& [key, val] : all->members) {
    auto id = base::parse_decimal<std::int32_t>(key, 1, INT32_MAX);
    if (!id)
      return "get_all_items: item id " + id.error();
    const auto* details = val.get_if<xmlrpc::structure>();
    const auto* name = details ? details->find("name") : nullptr;
    auto quantity = details ? integer(*details, "quantity") : std::nullopt;
    if (!name || !name->get_if<std::string>() || !quantity)
      return "get_all_items: entry " + key
             + " is not {name: string, quantity: int}";
    rows.push_back(item{*id, *name->get_if<std::string>(), *quantity, 0});
  }
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  return rows;
}

std::optional<item> item_of_seed_text(std::string_view text) {
  constexpr std::string_view head = "Product ID: ";
  constexpr std::string_view middle = ", Name: ";
  constexpr std::string_view tail = ", Quantity: ";
  if (!text.empty() && text.back() == '\n')
    text.remove_suffix(1);
  if (text.substr(0, head.size()) != head)
    return std::nullopt;
  text.remove_prefix(head.size());
  auto comma = text.find(middle);
  auto last = text.rfind(tail); // the quantity holds no ", Quantity: "
  if (comma == std::string_view::npos || last == std::string_view::npos
      || last < comma + middle.size())
    return std::nullopt;
  auto id = base::parse_decimal<std::int32_t>(text.substr(0, comma));
  auto quantity
    = base::parse_decimal<std::int64_t>(text.substr(last + tail.size()));
  if (!id || !quantity)
    return std::nullopt;
  auto name_start = comma + middle.size();
  return item{*id, std::string{text.substr(name_start, last - name_start)},
              *quantity, 0};
}

std::optional<std::int32_t> id_of_added_text(std::string_view text) {
  constexpr std::string_view head = "Product added with ID ";
  if (!text.empty() && text.back() == '\n')
    text.remove_suffix(1);
  if (text.substr(0, head.size()) != head)
    return std::nullopt;
  auto id = base::parse_decimal<std::int32_t>(text.substr(head.size()));
  if (!id)
    return std::nullopt;
  return *id;
}

std::string render_row(const item& row) {
  return "Product ID: " + std::to_string(row.id)
         + ", Name: " + escape_controls(row.name)
         + ", Quantity: " + std::to_string(row.quantity);
}

} // namespace client
