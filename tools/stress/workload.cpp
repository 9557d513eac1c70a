#include "tools/stress/workload.hpp"

#include <algorithm>
#include <set>

#include "client/item.hpp"

namespace stress {

namespace {

std::optional<std::int32_t> int_member(const xmlrpc::value& v,
                                       const char* name) {
  const auto* st = v.get_if<xmlrpc::structure>();
  const auto* m = st ? st->find(name) : nullptr;
  const auto* i = m ? m->get_if<std::int32_t>() : nullptr;
  if (!i)
    return std::nullopt;
  return *i;
}

// An inventory.adjust of item `id` by `d`.
operation adjust_one(std::int32_t id, std::int32_t d) {
  operation op;
  op.kind = op_kind::adjust;
  op.method = "inventory.adjust";
  op.id = id;
  op.deltas = {{id, d}};
  op.params = {id, d};
  return op;
}

// An inventory.adjust_many of the given (id, delta) pairs.
operation adjust_many(std::vector<std::pair<std::int32_t, std::int32_t>> xs) {
  operation op;
  op.kind = op_kind::adjust_many;
  op.method = "inventory.adjust_many";
  xmlrpc::array entries;
  for (auto [id, d] : xs) {
    xmlrpc::structure st;
    st.members.emplace_back("id", id);
    st.members.emplace_back("delta", d);
    entries.emplace_back(std::move(st));
  }
  op.params = {std::move(entries)};
  op.deltas = std::move(xs);
  return op;
}

} // namespace

bool changes_data(const operation& op) {
  switch (op.kind) {
  case op_kind::adjust:
  case op_kind::adjust_many:
  case op_kind::add:
  case op_kind::remove:
  case op_kind::seed_add:
  case op_kind::seed_update:
  case op_kind::seed_delete:
  case op_kind::rmw_write:
    return true;
  default:
    return false;
  }
}

workload::workload(const options& opts, const run_setup& setup,
                   std::uint32_t index)
  : opts_(opts), setup_(setup), index_(index), rng_(opts.seed * 7919u + index) {
  for (const auto& [name, weight] : opts.mix) {
    mix_.emplace_back(name, weight);
    mix_total_ += weight;
  }
}

std::int32_t workload::any_item() {
  std::uniform_int_distribution<std::size_t> pick(0, setup_.ids.size() - 1);
  return setup_.ids[pick(rng_)];
}

operation workload::next() {
  operation op;
  if (opts_.scenario == "lost-update") {
    if (index_ % 2 == 0) { // the way the original client had to do it
      op.kind = op_kind::rmw_read;
      op.method = "get_item";
      op.id = setup_.rmw_item;
      op.params = {op.id};
      return op;
    }
    return adjust_one(setup_.adjust_item, 1);
  }
  if (opts_.scenario == "checkout")
    return checkout();
  return from_mix();
}

operation workload::checkout() {
  std::uniform_int_distribution<int> amount(1, 3);
  if (index_ % 4 == 3) // restocker
    return adjust_one(any_item(), amount(rng_) * 2);
  // An order: a basket of distinct items.
  std::set<std::int32_t> basket;
  for (int n = amount(rng_); n > 0; --n)
    basket.insert(any_item());
  std::vector<std::pair<std::int32_t, std::int32_t>> xs;
  xs.reserve(basket.size());
  for (auto id : basket)
    xs.emplace_back(id, -amount(rng_));
  return adjust_many(std::move(xs));
}

operation workload::from_mix() {
  std::uniform_int_distribution<unsigned> roll(0, mix_total_ - 1);
  auto r = roll(rng_);
  std::string name;
  for (const auto& [n, w] : mix_) {
    if (r < w) {
      name = n;
      break;
    }
    r -= w;
  }
  operation op;
  op.method = name;
  std::uniform_int_distribution<int> delta(-3, 5);
  if (name == "get") {
    op.method = "inventory.get";
    op.id = any_item();
    op.params = {op.id};
  } else if (name == "get_item") {
    op.id = any_item();
    op.params = {op.id};
  } else if (name == "adjust") {
    op = adjust_one(any_item(), delta(rng_));
  } else if (name == "adjust_many") {
    std::vector<std::pair<std::int32_t, std::int32_t>> xs;
    for (auto id : std::set<std::int32_t>{any_item(), any_item()})
      xs.emplace_back(id, delta(rng_));
    op = adjust_many(std::move(xs));
  } else if (name == "add" || name == "add_item") {
    op.kind = name == "add" ? op_kind::add : op_kind::seed_add;
    op.method = name == "add" ? "inventory.add" : "add_item";
    op.amount = static_cast<std::int32_t>(rng_() % 100);
    op.params
      = {setup_.prefix + "added-by-" + std::to_string(index_), op.amount};
  } else if ((name == "delete" || name == "delete_item")
             && !own_added_.empty()) {
    op.kind = name == "delete" ? op_kind::remove : op_kind::seed_delete;
    op.method = name == "delete" ? "inventory.delete" : "delete_item";
    op.id = own_added_.back();
    own_added_.pop_back();
    op.params = {op.id};
  } else if (name == "delete" || name == "delete_item") {
    op.method = name == "delete" ? "inventory.get" : "get_item";
    op.id = any_item(); // nothing of our own to delete yet: read instead
    op.params = {op.id};
  } else if (name == "update_item") {
    op.kind = op_kind::seed_update;
    op.id = any_item();
    op.params = {op.id, static_cast<std::int32_t>(rng_() % 1000)};
  } else if (name == "list") {
    op.method = "inventory.list";
    op.params = {static_cast<std::int32_t>(rng_() % 1000), 100};
  } else if (name == "count") {
    op.method = "inventory.count";
  } else { // get_all_items
    op.method = "get_all_items";
  }
  return op;
}

std::optional<operation> workload::followup(const operation& done,
                                            const xmlrpc::value& reply) {
  if (done.kind != op_kind::rmw_read)
    return std::nullopt;
  const auto* text = reply.get_if<std::string>();
  auto read = text ? client::item_of_seed_text(*text) : std::nullopt;
  if (!read || read->quantity >= INT32_MAX)
    return std::nullopt;
  operation op;
  op.kind = op_kind::rmw_write;
  op.method = "update_item";
  op.id = done.id;
  op.params = {op.id, static_cast<std::int32_t>(read->quantity + 1)};
  return op;
}

void workload::record(const operation& op, const client::call_result& result) {
  ++book_.requests;
  if (result)
    return record_reply(op, *result);
  if (const auto* f = std::get_if<xmlrpc::fault>(&result.error()))
    return record_fault(op, f->code);
  record_unknown(op, std::get<client::transport_error>(result.error()));
}

void workload::record_resend(const client::transport_error& e) {
  ++book_.transport_errors[client::describe(e)];
  ++book_.resent;
}

void workload::record_unknown(const operation& op,
                              const client::transport_error& e) {
  auto& b = book_;
  ++b.transport_errors[client::describe(e)];
  if (changes_data(op))
    ++b.uncertain;
  for (const auto& [id, d] : op.deltas) {
    (d > 0 ? b.unknown_up : b.unknown_down)[id] += d;
    ++b.unknown_changes[id];
  }
  if (op.kind == op_kind::add || op.kind == op_kind::seed_add)
    ++b.unknown_adds;
  if (op.kind == op_kind::rmw_write || op.kind == op_kind::seed_update)
    ++b.unknown_changes[op.id];
  if (op.kind == op_kind::remove || op.kind == op_kind::seed_delete)
    b.maybe_deleted.insert(op.id);
}

void workload::record_fault(const operation& op, std::int32_t code) {
  // 422: a basket or adjustment the stock could not cover, as designed.
  bool expected
    = code == xmlrpc::fault_code::unprocessable
      && (op.kind == op_kind::adjust || op.kind == op_kind::adjust_many);
  if (expected && op.kind == op_kind::adjust_many
      && opts_.scenario == "checkout")
    ++book_.orders_refused;
  auto what = op.method + " " + std::to_string(code);
  if (expected)
    ++book_.expected_faults[what];
  else // a re-sent change the server ran again, say (a delete: 404)
    ++book_.unexpected_faults[what + (op.resent ? " after a re-send" : "")];
}

void workload::record_reply(const operation& op, const xmlrpc::value& reply) {
  auto& b = book_;
  auto book_added = [&](std::optional<std::int32_t> id) {
    if (!id)
      return;
    if (!b.added.emplace(*id, op.amount).second)
      b.duplicate_ids.push_back(*id);
    own_added_.push_back(*id);
  };
  switch (op.kind) {
  case op_kind::adjust:
  case op_kind::adjust_many:
    for (const auto& [id, d] : op.deltas) {
      b.delta[id] += d;
      ++b.changes[id];
    }
    if (op.id == setup_.adjust_item && opts_.scenario == "lost-update")
      ++b.adjust_acked;
    if (opts_.scenario == "checkout") { // orders are baskets, restocks one
      for (const auto& [id, d] : op.deltas) {
        if (d < 0)
          b.units_sold -= d;
        else
          b.units_restocked += d;
      }
      if (op.kind == op_kind::adjust_many)
        ++b.orders_placed;
      else
        ++b.restocks;
    }
    break;
  case op_kind::add:
    book_added(int_member(reply, "id"));
    break;
  case op_kind::seed_add: {
    const auto* text = reply.get_if<std::string>();
    book_added(text ? client::id_of_added_text(*text) : std::nullopt);
    break;
  }
  case op_kind::remove:
    b.deleted.insert(op.id);
    break;
  case op_kind::seed_delete: {
    const auto* text = reply.get_if<std::string>();
    if (text && text->find("deleted successfully") != std::string::npos)
      b.deleted.insert(op.id);
    else
      ++b.unexpected_faults[op.resent ? "delete_item not found after a re-send"
                                      : "delete_item not found"];
    break;
  }
  case op_kind::seed_update:
    b.overwritten.insert(op.id);
    break;
  case op_kind::rmw_write:
    ++b.rmw_acked;
    ++b.changes[op.id];
    break;
  default:
    break;
  }
}

} // namespace stress
