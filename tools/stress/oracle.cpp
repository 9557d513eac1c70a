#include "tools/stress/oracle.hpp"

namespace stress {

namespace {

std::int64_t member_int(const xmlrpc::structure& st, const char* name) {
  const auto* m = st.find(name);
  if (!m)
    return 0;
  if (const auto* i = m->get_if<std::int32_t>())
    return *i;
  if (const auto* l = m->get_if<std::int64_t>())
    return *l;
  return 0;
}

std::string member_text(const xmlrpc::structure& st, const char* name) {
  const auto* m = st.find(name);
  const auto* s = m ? m->get_if<std::string>() : nullptr;
  return s ? *s : std::string{};
}

std::int64_t get_or_zero(const std::map<std::int32_t, std::int64_t>& m,
                         std::int32_t id) {
  auto i = m.find(id);
  return i == m.end() ? 0 : i->second;
}

std::string describe(const cli::call_result& res) {
  if (!res.transport_error.empty())
    return res.transport_error;
  if (res.fault)
    return "fault " + std::to_string(res.fault->code) + ": "
           + res.fault->message;
  return "unexpected reply";
}

} // namespace

std::variant<inventory_state, std::string> read_state(cli::rpc_client& rpc,
                                                      bool seed_only) {
  inventory_state state;
  if (seed_only) {
    auto res = rpc.call("get_all_items", {});
    const auto* all
      = res.value ? res.value->get_if<xmlrpc::structure>() : nullptr;
    if (!all)
      return describe(res);
    for (const auto& [key, val] : all->members) {
      const auto* st = val.get_if<xmlrpc::structure>();
      if (!st)
        return std::string{"get_all_items: malformed entry " + key};
      state[std::stoi(key)]
        = item_row{member_text(*st, "name"), member_int(*st, "quantity"), 0};
    }
    return state;
  }
  std::int32_t after = 0;
  for (;;) {
    auto res = rpc.call("inventory.list", {after, 1000});
    const auto* page = res.value ? res.value->get_if<xmlrpc::array>() : nullptr;
    if (!page)
      return describe(res);
    if (page->empty())
      return state;
    for (const auto& v : *page) {
      const auto* st = v.get_if<xmlrpc::structure>();
      if (!st)
        return std::string{"inventory.list: malformed item"};
      auto id = static_cast<std::int32_t>(member_int(*st, "id"));
      state[id]
        = item_row{member_text(*st, "name"), member_int(*st, "quantity"),
                   member_int(*st, "version")};
      after = id;
    }
  }
}

verdict check(const options& opts, const run_setup& setup,
              const inventory_state& before, const inventory_state& after,
              const ledger& book) {
  verdict v;
  bool seed = opts.scenario == "seed";
  for (const auto& [what, n] : book.unexpected_faults)
    v.violations.push_back("unexpected fault " + what + " (x"
                           + std::to_string(n) + ")");
  for (auto id : book.duplicate_ids)
    v.violations.push_back("id " + std::to_string(id)
                           + " was handed out twice");
  // Items that existed before the run.
  for (const auto& [id, start] : before) {
    auto it = after.find(id);
    if (it == after.end()) {
      if (!book.deleted.count(id))
        v.violations.push_back("item " + std::to_string(id) + " vanished");
      continue;
    }
    if (seed || book.overwritten.count(id))
      continue; // update_item sets quantities: nothing to conserve
    if (opts.scenario == "lost-update" && id == setup.rmw_item) {
      auto applied = it->second.quantity - start.quantity;
      auto lost = static_cast<std::int64_t>(book.rmw_acked) - applied;
      v.notes.push_back("read-modify-write (get_item + update_item): "
                        + std::to_string(book.rmw_acked)
                        + " increments acknowledged, " + std::to_string(applied)
                        + " applied, " + std::to_string(lost) + " lost");
      continue;
    }
    auto expected = start.quantity + get_or_zero(book.delta, id);
    auto low = expected + get_or_zero(book.unknown_down, id);
    auto high = expected + get_or_zero(book.unknown_up, id);
    auto got = it->second.quantity;
    if (got < low || got > high)
      v.violations.push_back(
        "item " + std::to_string(id) + ": quantity " + std::to_string(got)
        + ", expected " + std::to_string(expected) + " (start "
        + std::to_string(start.quantity) + " + acknowledged deltas)");
    if (got < 0)
      v.violations.push_back("item " + std::to_string(id)
                             + ": negative quantity");
    if (start.version > 0) {
      auto vexp = start.version + get_or_zero(book.changes, id);
      auto vgot = it->second.version;
      if (vgot < vexp || vgot > vexp + get_or_zero(book.unknown_changes, id))
        v.violations.push_back("item " + std::to_string(id) + ": version "
                               + std::to_string(vgot) + ", expected "
                               + std::to_string(vexp) + " after "
                               + std::to_string(get_or_zero(book.changes, id))
                               + " acknowledged changes");
    }
    if (opts.scenario == "lost-update" && id == setup.adjust_item)
      v.notes.push_back(
        "inventory.adjust(+1): " + std::to_string(book.adjust_acked)
        + " increments acknowledged, " + std::to_string(got - start.quantity)
        + " applied, "
        + std::to_string(static_cast<std::int64_t>(book.adjust_acked)
                         - (got - start.quantity))
        + " lost");
  }
  // Items the clients added.
  std::int32_t max_before = before.empty() ? 0 : before.rbegin()->first;
  for (const auto& [id, quantity] : book.added) {
    if (id <= max_before)
      v.violations.push_back("added id " + std::to_string(id)
                             + " reuses an existing id");
    auto it = after.find(id);
    bool deleted = book.deleted.count(id) > 0;
    if (deleted && it != after.end())
      v.violations.push_back("deleted item " + std::to_string(id)
                             + " is still there");
    if (!deleted && it == after.end())
      v.violations.push_back("added item " + std::to_string(id)
                             + " is missing");
    if (!deleted && it != after.end() && !seed
        && (it->second.quantity != quantity || it->second.version != 1))
      v.violations.push_back("added item " + std::to_string(id)
                             + " changed although nobody touched it");
  }
  auto expected_count = static_cast<std::int64_t>(before.size())
                        + static_cast<std::int64_t>(book.added.size())
                        - static_cast<std::int64_t>(book.deleted.size());
  auto count = static_cast<std::int64_t>(after.size());
  if (count < expected_count || count > expected_count + book.unknown_adds)
    v.violations.push_back("the server holds " + std::to_string(count)
                           + " items, expected "
                           + std::to_string(expected_count));
  return v;
}

} // namespace stress
