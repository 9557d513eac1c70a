// The structured inventory.* methods: items as structs, failures as faults.

#include <string>

#include "rpc/method_table.hpp"
#include "rpc/param_rules.hpp"
#include "rpc/replies.hpp"

namespace rpc {

namespace {

using xmlrpc::params_reader;

plan add(const params_reader& params) {
  if (auto arity = params.arity(2, 2); !arity)
    return arity.error();
  auto name = checked_name(params, 0);
  if (!name)
    return name.error();
  auto quantity = checked_quantity(params, 1);
  if (!quantity)
    return quantity.error();
  return inventory_call{add_request{std::move(*name), *quantity}, item_reply};
}

plan get(const params_reader& params) {
  if (auto arity = params.arity(1, 1); !arity)
    return arity.error();
  auto id = params.int32(0, "id");
  if (!id)
    return id.error();
  return inventory_call{get_request{*id}, item_reply, *id};
}

plan set_quantity(const params_reader& params) {
  if (auto arity = params.arity(2, 3); !arity)
    return arity.error();
  auto id = params.int32(0, "id");
  if (!id)
    return id.error();
  auto quantity = checked_quantity(params, 1);
  if (!quantity)
    return quantity.error();
  auto expected = params.optional_int32(2, "expected_version");
  if (!expected)
    return expected.error();
  if (*expected && **expected < 1)
    return params.invalid("expected_version must be at least 1");
  return inventory_call{
    set_quantity_request{*id, *quantity, expected->value_or(0)}, item_reply,
    *id};
}

plan adjust(const params_reader& params) {
  if (auto arity = params.arity(2, 2); !arity)
    return arity.error();
  auto id = params.int32(0, "id");
  if (!id)
    return id.error();
  auto delta = params.int32(1, "delta");
  if (!delta)
    return delta.error();
  return inventory_call{adjust_request{*id, *delta}, item_reply, *id};
}

// One {id, delta} entry of adjust_many, described as `where`.
xmlrpc::result<actors::adjustment> to_adjustment(const params_reader& params,
                                                 const xmlrpc::value& entry,
                                                 const std::string& where) {
  const auto* st = entry.get_if<xmlrpc::structure>();
  if (!st || st->members.size() != 2 || !st->find("id") || !st->find("delta"))
    return params.invalid(where + " must be a struct {id, delta}");
  auto id = params.to_int32(*st->find("id"), where + " id");
  if (!id)
    return id.error();
  auto delta = params.to_int32(*st->find("delta"), where + " delta");
  if (!delta)
    return delta.error();
  return actors::adjustment{*id, *delta};
}

plan adjust_many(const params_reader& params) {
  if (auto arity = params.arity(1, 1); !arity)
    return arity.error();
  auto list = params.array_at(0, "adjustments");
  if (!list)
    return list.error();
  const auto& entries = **list;
  if (entries.size() > max_adjustments)
    return params.invalid("at most " + std::to_string(max_adjustments)
                          + " adjustments per call");
  adjust_many_request request;
  request.adjustments.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto x = to_adjustment(params, entries[i],
                           "adjustment " + std::to_string(i + 1));
    if (!x)
      return x.error();
    request.adjustments.push_back(*x);
  }
  return inventory_call{std::move(request), items_reply};
}

plan remove(const params_reader& params) {
  if (auto arity = params.arity(1, 1); !arity)
    return arity.error();
  auto id = params.int32(0, "id");
  if (!id)
    return id.error();
  return inventory_call{remove_request{*id}, plain_reply, *id};
}

plan list(const params_reader& params) {
  if (auto arity = params.arity(2, 2); !arity)
    return arity.error();
  auto after = params.int32(0, "after_id");
  if (!after)
    return after.error();
  auto limit = checked_limit(params, 1);
  if (!limit)
    return limit.error();
  return inventory_call{list_request{*after, *limit}, items_reply};
}

plan count(const params_reader& params) {
  if (auto arity = params.arity(0, 0); !arity)
    return arity.error();
  return inventory_call{count_request{}, plain_reply};
}

} // namespace

std::vector<method_info> inventory_methods() {
  return {
    {"inventory.add",
     {{"struct", "string", "int"}},
     "inventory.add(name, quantity): adds an item and returns it as {id, "
     "name, quantity, version}. Faults: -32602 for an empty or over-long "
     "name or a negative quantity.",
     auth::role::writer,
     add},
    {"inventory.get",
     {{"struct", "int"}},
     "inventory.get(id): the item {id, name, quantity, version}. Faults: 404 "
     "when there is no such item.",
     auth::role::reader,
     get},
    {"inventory.set_quantity",
     {{"struct", "int", "int"}, {"struct", "int", "int", "int"}},
     "inventory.set_quantity(id, quantity [, expected_version]): sets the "
     "quantity, only if the item still has expected_version when given "
     "(nil: not given), and returns the item. Faults: 404 no such item, 409 "
     "version differs.",
     auth::role::writer,
     set_quantity},
    {"inventory.adjust",
     {{"struct", "int", "int"}},
     "inventory.adjust(id, delta): adds delta to the quantity atomically and "
     "returns the item. Faults: 404 no such item, 422 the quantity would go "
     "below 0.",
     auth::role::writer,
     adjust},
    {"inventory.adjust_many",
     {{"array", "array"}},
     "inventory.adjust_many([{id, delta}, ...]): applies up to 1000 "
     "adjustments all or nothing and returns the changed items in order. "
     "Faults: 404 an item does not exist, 422 a quantity would go below 0; "
     "either way nothing is applied.",
     auth::role::writer,
     adjust_many},
    {"inventory.delete",
     {{"boolean", "int"}},
     "inventory.delete(id): removes the item and returns true. Faults: 404 "
     "no such item.",
     auth::role::writer,
     remove},
    {"inventory.list",
     {{"array", "int", "int"}},
     "inventory.list(after_id, limit): up to limit (1..1000) items with an "
     "id above after_id, ordered by id; page with the last id seen.",
     auth::role::reader,
     list},
    {"inventory.count",
     {{"int"}},
     "inventory.count(): the number of items.",
     auth::role::reader,
     count},
  };
}

} // namespace rpc
