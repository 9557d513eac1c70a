#include "http/item_codec.hpp"

#include <array>
#include <charconv>
#include <string_view>

#include "xmlrpc/encode.hpp"
#include "xmlrpc/text.hpp"

namespace srv {

xmlrpc::value to_value(const inv::item& x) {
  xmlrpc::structure result;
  result.members.reserve(4);
  result.members.emplace_back("id", x.id);
  result.members.emplace_back("name", x.name);
  result.members.emplace_back("quantity", x.quantity);
  result.members.emplace_back("version", x.version);
  return result;
}

xmlrpc::value to_value(const inv::inventory_snapshot& x) {
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

namespace {

constexpr std::string_view item_open = "<member><name>";
constexpr std::string_view item_middle
  = "</name><value><struct><member><name>name</name><value><string>";
constexpr std::string_view item_quantity
  = "</string></value></member><member><name>quantity</name><value><int>";
constexpr std::string_view item_close
  = "</int></value></member></struct></value></member>";

void append_int(std::string& out, std::int32_t x) {
  std::array<char, 16> buf{};
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  out.append(buf.data(), res.ptr);
}

} // namespace

void write_all_items(std::string& out, const inv::inventory_snapshot& x) {
  // One exact-enough reservation, then plain appends: the reply for 100,000
  // items is ~24 MB and must not be copied while it grows. Names were
  // checked as XML text when they arrived, so they only need escaping.
  constexpr auto fixed = item_open.size() + item_middle.size()
                         + item_quantity.size() + item_close.size() + 24;
  std::size_t total = 256;
  for (const auto& it : *x.items)
    total += fixed + it.name.size() + it.name.size() / 8;
  out.reserve(out.size() + total);
  xmlrpc::writer w{out};
  w.begin_response();
  w.begin_struct();
  for (const auto& it : *x.items) {
    out += item_open;
    append_int(out, it.id);
    out += item_middle;
    xmlrpc::append_escaped(out, it.name);
    out += item_quantity;
    append_int(out, it.quantity);
    out += item_close;
  }
  w.end_struct();
  w.end_response();
}

} // namespace srv
