#include "http/item_codec.hpp"

#include "xmlrpc/encode.hpp"

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

void write_all_items(std::string& out, const inv::inventory_snapshot& x) {
  // Names were checked as XML text when they arrived, so no check here.
  out.reserve(out.size() + 128 + x.items->size() * 160);
  xmlrpc::writer w{out};
  w.begin_response();
  w.begin_struct();
  for (const auto& it : *x.items) {
    w.member_name(std::to_string(it.id));
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

} // namespace srv
