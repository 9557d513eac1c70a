// The methods of the original Python server, with its reply strings: a
// missing item is a string reply, not a fault.

#include <string>

#include "rpc/fault_mapping.hpp"
#include "rpc/method_table.hpp"
#include "rpc/param_rules.hpp"
#include "rpc/replies.hpp"

namespace rpc {

namespace {

using xmlrpc::params_reader;

std::string id_text(std::int32_t id) {
  return "Product with ID " + std::to_string(id);
}

// The seed reply for `answer`: `found(item)` when there is one, the
// original's not-found string (with or without its newline) when the item
// is missing, a fault otherwise.
template <class Found>
reply seed_reply(std::string_view method, std::int32_t id,
                 inventory_answer& answer, bool newline, Found found) {
  if (answer)
    return xmlrpc::value{found(*answer)};
  if (answer.error().code == actors::inventory_errc::not_found)
    return xmlrpc::value{id_text(id)
                         + (newline ? " not found\n" : " not found")};
  return to_fault(answer.error(), method);
}

reply added(std::string_view method, std::int32_t id, inventory_answer& a) {
  return seed_reply(method, id, a, true, [](inventory_reply& x) {
    return "Product added with ID "
           + std::to_string(std::get<actors::item>(x).id) + "\n";
  });
}

reply updated(std::string_view method, std::int32_t id, inventory_answer& a) {
  return seed_reply(method, id, a, true, [id](inventory_reply&) {
    return id_text(id) + " quantity updated\n";
  });
}

reply deleted(std::string_view method, std::int32_t id, inventory_answer& a) {
  return seed_reply(method, id, a, true, [id](inventory_reply&) {
    return id_text(id) + " deleted successfully\n";
  });
}

reply got(std::string_view method, std::int32_t id, inventory_answer& a) {
  // The original answers a missing item here without a newline.
  return seed_reply(method, id, a, false, [](inventory_reply& x) {
    const auto& it = std::get<actors::item>(x);
    return "Product ID: " + std::to_string(it.id) + ", Name: " + it.name
           + ", Quantity: " + std::to_string(it.quantity) + "\n";
  });
}

plan add_item(const params_reader& params) {
  if (auto arity = params.arity(2, 2); !arity)
    return arity.error();
  auto name = checked_name(params, 0);
  if (!name)
    return name.error();
  auto quantity = checked_quantity(params, 1);
  if (!quantity)
    return quantity.error();
  return inventory_call{add_request{std::move(*name), *quantity}, added};
}

plan update_item(const params_reader& params) {
  if (auto arity = params.arity(2, 2); !arity)
    return arity.error();
  auto id = params.int32(0, "product_id");
  if (!id)
    return id.error();
  auto quantity = checked_quantity(params, 1);
  if (!quantity)
    return quantity.error();
  return inventory_call{set_quantity_request{*id, *quantity, 0}, updated, *id};
}

plan delete_item(const params_reader& params) {
  if (auto arity = params.arity(1, 1); !arity)
    return arity.error();
  auto id = params.int32(0, "product_id");
  if (!id)
    return id.error();
  return inventory_call{remove_request{*id}, deleted, *id};
}

plan get_item(const params_reader& params) {
  if (auto arity = params.arity(1, 1); !arity)
    return arity.error();
  auto id = params.int32(0, "product_id");
  if (!id)
    return id.error();
  return inventory_call{get_request{*id}, got, *id};
}

plan get_all_items(const params_reader& params) {
  if (auto arity = params.arity(0, 0); !arity)
    return arity.error();
  return inventory_call{snapshot_request{}, plain_reply};
}

} // namespace

std::vector<method_info> seed_methods() {
  return {
    {"add_item",
     {{"string", "string", "int"}},
     "add_item(name, quantity): adds a product and answers \"Product added "
     "with ID {id}\\n\". The name is 1 to 256 bytes, the quantity >= 0.",
     auth::role::writer,
     add_item},
    {"update_item",
     {{"string", "int", "int"}},
     "update_item(product_id, quantity): sets the quantity and answers "
     "\"Product with ID {id} quantity updated\\n\", or \"Product with ID {id} "
     "not found\\n\".",
     auth::role::writer,
     update_item},
    {"delete_item",
     {{"string", "int"}},
     "delete_item(product_id): removes a product and answers \"Product with "
     "ID {id} deleted successfully\\n\", or \"Product with ID {id} not "
     "found\\n\". IDs are never reused.",
     auth::role::writer,
     delete_item},
    {"get_item",
     {{"string", "int"}},
     "get_item(product_id): answers \"Product ID: {id}, Name: {name}, "
     "Quantity: {quantity}\\n\", or \"Product with ID {id} not found\".",
     auth::role::reader,
     get_item},
    {"get_all_items",
     {{"struct"}},
     "get_all_items(): every product as a struct keyed by decimal ID: "
     "{\"1\": {\"name\": ..., \"quantity\": ...}, ...}.",
     auth::role::reader,
     get_all_items},
  };
}

} // namespace rpc
