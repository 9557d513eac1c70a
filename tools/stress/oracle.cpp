#include "tools/stress/oracle.hpp"

#include <set>

namespace stress {

namespace {

std::int64_t get_or_zero(const std::map<std::int32_t, std::int64_t>& m,
                         std::int32_t id) {
  auto i = m.find(id);
  return i == m.end() ? 0 : i->second;
}

std::string item_text(const client::item& x) {
  return "'" + x.name + "' quantity " + std::to_string(x.quantity)
         + (x.version > 0 ? " version " + std::to_string(x.version) : "");
}

// Versions grow by one per applied change: an item's must have grown by
// its acknowledged changes, plus at most its uncertain ones. Growth beyond
// that is a change applied more often than it was sent.
void judge_version(const client::item& start, const client::item& end,
                   const ledger& book, verdict& v) {
  if (start.version <= 0)
    return; // a server without versions (get_all_items)
  auto id = start.id;
  auto acked = get_or_zero(book.changes, id);
  auto vexp = start.version + acked;
  auto vmax = vexp + get_or_zero(book.unknown_changes, id);
  if (end.version < vexp || end.version > vmax)
    v.violations.push_back("item " + std::to_string(id) + ": version "
                           + std::to_string(end.version) + ", expected "
                           + std::to_string(vexp) + " after "
                           + std::to_string(acked) + " acknowledged changes");
  if (end.version > vmax)
    v.applied_twice += end.version - vmax;
}

// The run's own items that existed before the clients started.
void judge_own_item(const options& opts, const run_setup& setup,
                    const client::item& start, const observed_items& after,
                    const ledger& book, verdict& v) {
  auto id = start.id;
  auto it = after.find(id);
  if (it == after.end()) {
    if (!book.deleted.count(id) && !book.maybe_deleted.count(id))
      v.violations.push_back("item " + std::to_string(id) + " vanished");
    return;
  }
  if (opts.scenario == "seed" || book.overwritten.count(id))
    return; // update_item sets quantities: nothing to conserve
  judge_version(start, it->second, book, v);
  auto got = it->second.quantity;
  if (opts.scenario == "lost-update" && id == setup.rmw_item) {
    auto applied = got - start.quantity;
    auto lost = static_cast<std::int64_t>(book.rmw_acked) - applied;
    v.notes.push_back("read-modify-write (get_item + update_item): "
                      + std::to_string(book.rmw_acked)
                      + " increments acknowledged, " + std::to_string(applied)
                      + " applied, " + std::to_string(lost) + " lost");
    return;
  }
  auto expected = start.quantity + get_or_zero(book.delta, id);
  auto low = expected + get_or_zero(book.unknown_down, id);
  auto high = expected + get_or_zero(book.unknown_up, id);
  if (got < low || got > high)
    v.violations.push_back(
      "item " + std::to_string(id) + ": quantity " + std::to_string(got)
      + ", expected " + std::to_string(expected) + " (start "
      + std::to_string(start.quantity) + " + acknowledged deltas)");
  if (got < 0)
    v.violations.push_back("item " + std::to_string(id)
                           + ": negative quantity");
  if (opts.scenario == "lost-update" && id == setup.adjust_item)
    v.notes.push_back(
      "inventory.adjust(+1): " + std::to_string(book.adjust_acked)
      + " increments acknowledged, " + std::to_string(got - start.quantity)
      + " applied, "
      + std::to_string(static_cast<std::int64_t>(book.adjust_acked)
                       - (got - start.quantity))
      + " lost");
}

// Items the clients added during the run.
void judge_added(const options& opts, const observed_items& before,
                 const observed_items& after, const ledger& book, verdict& v) {
  std::int32_t max_before = before.empty() ? 0 : before.rbegin()->first;
  for (const auto& [id, quantity] : book.added) {
    if (id <= max_before)
      v.violations.push_back("added id " + std::to_string(id)
                             + " reuses an existing id");
    auto it = after.find(id);
    bool deleted = book.deleted.count(id) > 0;
    bool maybe_deleted = book.maybe_deleted.count(id) > 0;
    if (deleted && it != after.end())
      v.violations.push_back("deleted item " + std::to_string(id)
                             + " is still there");
    if (!deleted && !maybe_deleted && it == after.end())
      v.violations.push_back("added item " + std::to_string(id)
                             + " is missing");
    if (!deleted && it != after.end() && opts.scenario != "seed"
        && (it->second.quantity != quantity || it->second.version != 1))
      v.violations.push_back("added item " + std::to_string(id)
                             + " changed although nobody touched it");
  }
}

// The checkout scenario's orders and the stock over all its items.
void checkout_notes(const run_setup& setup, const observed_items& before,
                    const observed_items& after, const ledger& book,
                    verdict& v) {
  std::int64_t start = 0, end = 0;
  std::size_t sold_out = 0;
  for (auto id : setup.ids) {
    if (auto i = before.find(id); i != before.end())
      start += i->second.quantity;
    if (auto i = after.find(id); i != after.end()) {
      end += i->second.quantity;
      sold_out += i->second.quantity == 0;
    }
  }
  v.notes.push_back("checkout: " + std::to_string(book.orders_placed)
                    + " orders placed, " + std::to_string(book.orders_refused)
                    + " refused (not enough stock), "
                    + std::to_string(book.restocks) + " restocks");
  v.notes.push_back("stock: " + std::to_string(start) + " units at start, "
                    + std::to_string(book.units_sold) + " sold, "
                    + std::to_string(book.units_restocked) + " restocked, "
                    + std::to_string(end) + " at end; "
                    + std::to_string(sold_out) + " of "
                    + std::to_string(setup.ids.size()) + " items sold out");
}

} // namespace

base::expected<observed_items, std::string> read_items(client::rpc_client& rpc,
                                                       bool seed_only) {
  observed_items items;
  if (seed_only) {
    auto res = rpc.call("get_all_items", {});
    if (!res)
      return "get_all_items: " + client::describe(res.error());
    auto rows = client::rows_of_all_items(*res);
    if (!rows)
      return rows.error();
    for (auto& row : *rows)
      items.emplace(row.id, std::move(row));
    return items;
  }
  constexpr std::int32_t page_size = 1000; // the most inventory.list gives
  std::int32_t after = 0;
  for (;;) {
    auto res = rpc.call("inventory.list", {after, page_size});
    if (!res)
      return "inventory.list: " + client::describe(res.error());
    const auto* page = res->get_if<xmlrpc::array>();
    if (!page)
      return std::string{"inventory.list: the reply is not an array"};
    for (const auto& v : *page) {
      auto x = client::item_of(v);
      if (!x)
        return "inventory.list: " + x.error();
      if (x->id <= after)
        return "inventory.list: ids out of order after "
               + std::to_string(after);
      after = x->id;
      items.emplace(x->id, std::move(*x));
    }
    if (page->size() < static_cast<std::size_t>(page_size))
      return items; // a short page is the last
  }
}

verdict judge_run(const options& opts, const run_setup& setup,
                  const observed_items& before, const observed_items& after,
                  const ledger& book) {
  verdict v;
  for (const auto& [what, n] : book.unexpected_faults)
    v.violations.push_back("unexpected fault " + what + " (x"
                           + std::to_string(n) + ")");
  for (auto id : book.duplicate_ids)
    v.violations.push_back("id " + std::to_string(id)
                           + " was handed out twice");
  std::set<std::int32_t> own(setup.ids.begin(), setup.ids.end());
  for (const auto& [id, start] : before) {
    if (own.count(id)) {
      judge_own_item(opts, setup, start, after, book, v);
      continue;
    }
    auto it = after.find(id);
    if (it == after.end())
      v.violations.push_back("item " + std::to_string(id)
                             + ", not created by this run, vanished");
    else if (!(it->second == start))
      v.violations.push_back(
        "item " + std::to_string(id) + ", not created by this run, changed: "
        + item_text(start) + " before, " + item_text(it->second) + " after");
  }
  judge_added(opts, before, after, book, v);
  auto expected_count = static_cast<std::int64_t>(before.size())
                        + static_cast<std::int64_t>(book.added.size())
                        - static_cast<std::int64_t>(book.deleted.size());
  auto count = static_cast<std::int64_t>(after.size());
  auto uncertain_deletes = static_cast<std::int64_t>(book.maybe_deleted.size());
  if (count < expected_count - uncertain_deletes
      || count > expected_count + book.unknown_adds)
    v.violations.push_back("the server holds " + std::to_string(count)
                           + " items, expected "
                           + std::to_string(expected_count));
  // Items named for this run that no acknowledged add created: adds whose
  // replies were lost, or adds applied twice.
  std::int64_t unbooked = 0;
  for (const auto& [id, x] : after)
    if (!before.count(id) && !book.added.count(id)
        && x.name.compare(0, setup.prefix.size(), setup.prefix) == 0)
      ++unbooked;
  if (unbooked > book.unknown_adds)
    v.applied_twice += unbooked - book.unknown_adds;
  v.uncertain = book.uncertain;
  if (opts.retry_lost && book.uncertain > 0)
    v.violations.push_back(
      std::to_string(book.uncertain)
      + " changes stayed uncertain: their replies were lost and re-sending "
        "them ran out of time (--retry-lost allows none)");
  if (v.applied_twice > 0)
    v.violations.push_back(std::to_string(v.applied_twice)
                           + " changes applied more than once");
  if (opts.retry_lost)
    v.notes.push_back(
      "--retry-lost: " + std::to_string(book.resent)
      + " re-sends of changes whose reply was lost, with the same "
        "Idempotency-Key; "
      + std::to_string(book.replayed) + " replies marked replayed");
  if (opts.scenario == "checkout")
    checkout_notes(setup, before, after, book, v);
  if (opts.scenario == "lost-update") {
    v.notes.emplace_back(
      "lost-update: the lost read-modify-write increments are the point of "
      "this scenario and the oracle expected them: each client read the "
      "quantity, added 1 and wrote it back, so concurrent writes overwrote "
      "each other.");
    v.notes.emplace_back(
      "lost-update: inventory.adjust sends the +1 to the one actor that owns "
      "the item, so it must lose none; a single lost one is a violation.");
  }
  return v;
}

} // namespace stress
