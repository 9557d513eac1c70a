#include "rpc/item_values.hpp"

#include <array>
#include <charconv>
#include <string_view>

#include "xmlrpc/encode.hpp"

namespace rpc {

xmlrpc::value item_struct(const actors::item& x) {
  xmlrpc::structure result;
  result.members.reserve(4);
  result.members.emplace_back("id", x.id);
  result.members.emplace_back("name", x.name);
  result.members.emplace_back("quantity", x.quantity);
  result.members.emplace_back("version", x.version);
  return result;
}

xmlrpc::value all_items_struct(const actors::inventory_snapshot& x) {
  xmlrpc::structure result;
  result.members.reserve(x.items->size());
  for (const auto& it : *x.items) {
    xmlrpc::structure entry;
    entry.members.emplace_back("name", it.name);
    entry.members.emplace_back("quantity", it.quantity);
    result.members.emplace_back(std::to_string(it.id), std::move(entry));
  }
  return result;
}

void write_all_items(std::string& out, const actors::inventory_snapshot& x) {
  // One exact-enough reservation, then plain appends: the reply for 100,000
  // items is ~24 MB and must not be copied while it grows. Names are valid
  // XML text however they arrived (the decoder checks those from the
  // network, the storage those it loads), so they only need escaping.
  constexpr std::size_t per_item = 220;
  std::size_t total = 256;
  for (const auto& it : *x.items)
    total += per_item + it.name.size() + it.name.size() / 8;
  out.reserve(out.size() + total);
  xmlrpc::writer w{out};
  w.begin_response();
  w.begin_struct();
  std::array<char, 16> id_text{};
  for (const auto& it : *x.items) {
    auto end
      = std::to_chars(id_text.data(), id_text.data() + id_text.size(), it.id)
          .ptr;
    w.member_name(std::string_view(
      id_text.data(), static_cast<std::size_t>(end - id_text.data())));
    w.begin_struct();
    w.member_name("name");
    w.write_checked_string(it.name);
    w.end_member();
    w.member_name("quantity");
    w.write_int(it.quantity);
    w.end_member();
    w.end_struct();
    w.end_member();
  }
  w.end_struct();
  w.end_response();
}

} // namespace rpc
