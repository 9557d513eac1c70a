// The seed-compatible methods (reply strings exactly as the original Python
// server's) and the structured inventory.* methods.

#include <string>

#include "http/ask.hpp"
#include "http/item_codec.hpp"
#include "http/methods.hpp"

namespace srv {

namespace {

using xmlrpc::params_reader;

// Evaluates `expr`, a result<T>; on a fault, completes the call with it.
// NOLINTBEGIN(bugprone-macro-parentheses): `var` names a new variable.
#define TAKE_OR_FAULT(var, expr)                                               \
  auto var = (expr);                                                           \
  if (!var)                                                                    \
  return complete(self, slot, var.error())
// NOLINTEND(bugprone-macro-parentheses)

#define CHECK_ARITY(min, max)                                                  \
  if (auto arity = params.arity((min), (max)); !arity)                         \
  return complete(self, slot, arity.error())

constexpr std::size_t max_name_bytes = 256;
constexpr std::int32_t max_list_limit = 1000;
constexpr std::size_t max_batch = 1000;

xmlrpc::result<std::string> checked_name(const params_reader& params,
                                         std::size_t index) {
  auto name = params.string(index, "name");
  if (!name)
    return name;
  if (name->empty())
    return params.invalid("name must not be empty");
  if (name->size() > max_name_bytes)
    return params.invalid("name is " + std::to_string(name->size())
                          + " bytes long, at most "
                          + std::to_string(max_name_bytes) + " are allowed");
  return name;
}

xmlrpc::result<std::int32_t> checked_quantity(const params_reader& params,
                                              std::size_t index) {
  auto quantity = params.int32(index, "quantity");
  if (quantity && *quantity < 0)
    return params.invalid("quantity must not be negative, got "
                          + std::to_string(*quantity));
  return quantity;
}

std::string not_found_text(std::int32_t id) {
  return "Product with ID " + std::to_string(id) + " not found";
}

// -- seed-compatible methods ------------------------------------------------

void add_item(session_pointer self, const params_reader& params,
              call_slot slot) {
  CHECK_ARITY(2, 2);
  TAKE_OR_FAULT(name, checked_name(params, 0));
  TAKE_OR_FAULT(quantity, checked_quantity(params, 1));
  ask(
    self,
    [self, slot](inv::item& x) {
      complete(
        self, slot,
        xmlrpc::value{"Product added with ID " + std::to_string(x.id) + "\n"});
    },
    fault_to(self, slot, params.method()), inv::add_item_atom_v,
    std::move(*name), *quantity);
}

void update_item(session_pointer self, const params_reader& params,
                 call_slot slot) {
  CHECK_ARITY(2, 2);
  TAKE_OR_FAULT(id, params.int32(0, "product_id"));
  TAKE_OR_FAULT(quantity, checked_quantity(params, 1));
  auto method = params.method();
  ask(
    self,
    [self, slot](inv::item& x) {
      complete(self, slot,
               xmlrpc::value{"Product with ID " + std::to_string(x.id)
                             + " quantity updated\n"});
    },
    [self, slot, method, id = *id](caf::error& err) {
      if (domain_error(err) == inv::inventory_errc::not_found)
        return complete(self, slot, xmlrpc::value{not_found_text(id) + "\n"});
      complete(self, slot, to_fault(err, method));
    },
    inv::set_qty_atom_v, *id, *quantity, std::int32_t{0});
}

void delete_item(session_pointer self, const params_reader& params,
                 call_slot slot) {
  CHECK_ARITY(1, 1);
  TAKE_OR_FAULT(id, params.int32(0, "product_id"));
  auto method = params.method();
  ask(
    self,
    [self, slot, id = *id](bool) {
      complete(self, slot,
               xmlrpc::value{"Product with ID " + std::to_string(id)
                             + " deleted successfully\n"});
    },
    [self, slot, method, id = *id](caf::error& err) {
      if (domain_error(err) == inv::inventory_errc::not_found)
        return complete(self, slot, xmlrpc::value{not_found_text(id) + "\n"});
      complete(self, slot, to_fault(err, method));
    },
    inv::del_item_atom_v, *id);
}

void get_item(session_pointer self, const params_reader& params,
              call_slot slot) {
  CHECK_ARITY(1, 1);
  TAKE_OR_FAULT(id, params.int32(0, "product_id"));
  auto method = params.method();
  ask(
    self,
    [self, slot](inv::item& x) {
      std::string text = "Product ID: ";
      text += std::to_string(x.id);
      text += ", Name: ";
      text += x.name;
      text += ", Quantity: ";
      text += std::to_string(x.quantity);
      text += '\n';
      complete(self, slot, xmlrpc::value{std::move(text)});
    },
    [self, slot, method, id = *id](caf::error& err) {
      // The original answers this one without a newline.
      if (domain_error(err) == inv::inventory_errc::not_found)
        return complete(self, slot, xmlrpc::value{not_found_text(id)});
      complete(self, slot, to_fault(err, method));
    },
    inv::get_item_atom_v, *id);
}

void get_all_items(session_pointer self, const params_reader& params,
                   call_slot slot) {
  CHECK_ARITY(0, 0);
  ask(
    self,
    [self, slot](inv::inventory_snapshot& x) {
      complete(self, slot, std::move(x));
    },
    fault_to(self, slot, params.method()), inv::snapshot_atom_v);
}

// -- structured methods -------------------------------------------------------

auto item_reply(session_pointer self, call_slot slot) {
  return [self, slot](inv::item& x) { complete(self, slot, to_value(x)); };
}

auto items_reply(session_pointer self, call_slot slot) {
  return [self, slot](std::vector<inv::item>& xs) {
    xmlrpc::array result;
    result.reserve(xs.size());
    for (const auto& x : xs)
      result.push_back(to_value(x));
    complete(self, slot, xmlrpc::value{std::move(result)});
  };
}

void inventory_add(session_pointer self, const params_reader& params,
                   call_slot slot) {
  CHECK_ARITY(2, 2);
  TAKE_OR_FAULT(name, checked_name(params, 0));
  TAKE_OR_FAULT(quantity, checked_quantity(params, 1));
  ask(self, item_reply(self, slot), fault_to(self, slot, params.method()),
      inv::add_item_atom_v, std::move(*name), *quantity);
}

void inventory_get(session_pointer self, const params_reader& params,
                   call_slot slot) {
  CHECK_ARITY(1, 1);
  TAKE_OR_FAULT(id, params.int32(0, "id"));
  ask(self, item_reply(self, slot), fault_to(self, slot, params.method()),
      inv::get_item_atom_v, *id);
}

void inventory_set_quantity(session_pointer self, const params_reader& params,
                            call_slot slot) {
  CHECK_ARITY(2, 3);
  TAKE_OR_FAULT(id, params.int32(0, "id"));
  TAKE_OR_FAULT(quantity, checked_quantity(params, 1));
  TAKE_OR_FAULT(expected, params.optional_int32(2, "expected_version"));
  if (*expected && **expected < 1)
    return complete(self, slot,
                    params.invalid("expected_version must be at least 1"));
  ask(self, item_reply(self, slot), fault_to(self, slot, params.method()),
      inv::set_qty_atom_v, *id, *quantity, expected->value_or(0));
}

void inventory_adjust(session_pointer self, const params_reader& params,
                      call_slot slot) {
  CHECK_ARITY(2, 2);
  TAKE_OR_FAULT(id, params.int32(0, "id"));
  TAKE_OR_FAULT(delta, params.int32(1, "delta"));
  ask(self, item_reply(self, slot), fault_to(self, slot, params.method()),
      inv::adjust_atom_v, *id, *delta);
}

void inventory_adjust_many(session_pointer self, const params_reader& params,
                           call_slot slot) {
  CHECK_ARITY(1, 1);
  TAKE_OR_FAULT(list, params.array_at(0, "adjustments"));
  if ((*list)->size() > max_batch)
    return complete(self, slot,
                    params.invalid("at most " + std::to_string(max_batch)
                                   + " adjustments per call"));
  std::vector<inv::adjustment> batch;
  batch.reserve((*list)->size());
  for (std::size_t i = 0; i < (*list)->size(); ++i) {
    auto where = "adjustment " + std::to_string(i + 1);
    const auto* entry = (**list)[i].get_if<xmlrpc::structure>();
    if (!entry || entry->members.size() != 2 || !entry->find("id")
        || !entry->find("delta"))
      return complete(self, slot,
                      params.invalid(where + " must be a struct {id, delta}"));
    TAKE_OR_FAULT(id, params.to_int32(*entry->find("id"), where + " id"));
    TAKE_OR_FAULT(delta,
                  params.to_int32(*entry->find("delta"), where + " delta"));
    batch.push_back(inv::adjustment{*id, *delta});
  }
  ask(self, items_reply(self, slot), fault_to(self, slot, params.method()),
      inv::adjust_n_atom_v, std::move(batch));
}

void inventory_delete(session_pointer self, const params_reader& params,
                      call_slot slot) {
  CHECK_ARITY(1, 1);
  TAKE_OR_FAULT(id, params.int32(0, "id"));
  ask(
    self, [self, slot](bool) { complete(self, slot, xmlrpc::value{true}); },
    fault_to(self, slot, params.method()), inv::del_item_atom_v, *id);
}

void inventory_list(session_pointer self, const params_reader& params,
                    call_slot slot) {
  CHECK_ARITY(2, 2);
  TAKE_OR_FAULT(after, params.int32(0, "after_id"));
  TAKE_OR_FAULT(limit, params.int32(1, "limit"));
  if (*limit < 1 || *limit > max_list_limit)
    return complete(self, slot,
                    params.invalid("limit must be between 1 and "
                                   + std::to_string(max_list_limit) + ", got "
                                   + std::to_string(*limit)));
  ask(self, items_reply(self, slot), fault_to(self, slot, params.method()),
      inv::list_atom_v, *after, *limit);
}

void inventory_count(session_pointer self, const params_reader& params,
                     call_slot slot) {
  CHECK_ARITY(0, 0);
  ask(
    self,
    [self, slot](std::int32_t n) { complete(self, slot, xmlrpc::value{n}); },
    fault_to(self, slot, params.method()), inv::count_atom_v);
}

#undef CHECK_ARITY
#undef TAKE_OR_FAULT

} // namespace

std::vector<method_info> inventory_methods() {
  return {
    {"add_item",
     {{"string", "string", "int"}},
     "add_item(name, quantity): adds a product and answers \"Product added "
     "with ID {id}\\n\". The name is 1 to 256 bytes, the quantity >= 0.",
     add_item},
    {"update_item",
     {{"string", "int", "int"}},
     "update_item(product_id, quantity): sets the quantity and answers "
     "\"Product with ID {id} quantity updated\\n\", or \"Product with ID {id} "
     "not found\\n\".",
     update_item},
    {"delete_item",
     {{"string", "int"}},
     "delete_item(product_id): removes a product and answers \"Product with "
     "ID {id} deleted successfully\\n\", or \"Product with ID {id} not "
     "found\\n\". IDs are never reused.",
     delete_item},
    {"get_item",
     {{"string", "int"}},
     "get_item(product_id): answers \"Product ID: {id}, Name: {name}, "
     "Quantity: {quantity}\\n\", or \"Product with ID {id} not found\".",
     get_item},
    {"get_all_items",
     {{"struct"}},
     "get_all_items(): every product as a struct keyed by decimal ID: "
     "{\"1\": {\"name\": ..., \"quantity\": ...}, ...}.",
     get_all_items},
    {"inventory.add",
     {{"struct", "string", "int"}},
     "inventory.add(name, quantity): adds an item and returns it as {id, "
     "name, quantity, version}. Faults: -32602 for an empty or over-long "
     "name or a negative quantity.",
     inventory_add},
    {"inventory.get",
     {{"struct", "int"}},
     "inventory.get(id): the item {id, name, quantity, version}. Faults: 404 "
     "when there is no such item.",
     inventory_get},
    {"inventory.set_quantity",
     {{"struct", "int", "int"}, {"struct", "int", "int", "int"}},
     "inventory.set_quantity(id, quantity [, expected_version]): sets the "
     "quantity, only if the item still has expected_version when given "
     "(nil: not given), and returns the item. Faults: 404 no such item, 409 "
     "version differs.",
     inventory_set_quantity},
    {"inventory.adjust",
     {{"struct", "int", "int"}},
     "inventory.adjust(id, delta): adds delta to the quantity atomically and "
     "returns the item. Faults: 404 no such item, 422 the quantity would go "
     "below 0.",
     inventory_adjust},
    {"inventory.adjust_many",
     {{"array", "array"}},
     "inventory.adjust_many([{id, delta}, ...]): applies up to 1000 "
     "adjustments all or nothing and returns the changed items in order. "
     "Faults: 404 an item does not exist, 422 a quantity would go below 0; "
     "either way nothing is applied.",
     inventory_adjust_many},
    {"inventory.delete",
     {{"boolean", "int"}},
     "inventory.delete(id): removes the item and returns true. Faults: 404 "
     "no such item.",
     inventory_delete},
    {"inventory.list",
     {{"array", "int", "int"}},
     "inventory.list(after_id, limit): up to limit (1..1000) items with an "
     "id above after_id, ordered by id; page with the last id seen.",
     inventory_list},
    {"inventory.count",
     {{"int"}},
     "inventory.count(): the number of items.",
     inventory_count},
  };
}

} // namespace srv
