// How a simulated client's workload generates requests and books their
// outcomes (tools/stress/workload.hpp), without sockets or actors.

#include <gtest/gtest.h>

#include "tools/stress/workload.hpp"

using client::call_error;
using client::call_result;
using client::transport_error;
using stress::op_kind;
using stress::operation;

namespace {

struct workload_test : ::testing::Test {
  stress::options opts;
  stress::run_setup setup;

  workload_test() {
    setup.prefix = "stress-0000abcd-";
    setup.ids = {5, 6, 7};
    opts.mix = {{"get", 1}, {"adjust", 1}, {"add", 1}, {"delete", 1}};
  }

  static operation adjust(std::int32_t id, std::int32_t d) {
    operation op;
    op.kind = op_kind::adjust;
    op.method = "inventory.adjust";
    op.id = id;
    op.deltas = {{id, d}};
    return op;
  }

  static call_result fault(std::int32_t code) {
    return call_error{xmlrpc::fault{code, "no"}};
  }

  static call_result lost() {
    return call_error{
      transport_error{transport_error::kind::unreachable, "timeout"}};
  }

  static xmlrpc::value item(std::int32_t id, std::int32_t quantity) {
    xmlrpc::structure st;
    st.members = {{"id", id},
                  {"name", "x"},
                  {"quantity", quantity},
                  {"version", std::int32_t{1}}};
    return st;
  }
};

} // namespace

TEST_F(workload_test, an_acknowledged_adjust_books_its_delta_and_one_change) {
  stress::workload w{opts, setup, 0};
  w.record(adjust(5, -2), item(5, 8));
  w.record(adjust(5, 3), item(5, 11));
  EXPECT_EQ(w.book().delta.at(5), 1);
  EXPECT_EQ(w.book().changes.at(5), 2);
  EXPECT_EQ(w.book().requests, 2u);
  EXPECT_TRUE(w.book().unknown_changes.empty());
}

TEST_F(workload_test, a_lost_reply_books_the_change_as_maybe) {
  stress::workload w{opts, setup, 0};
  w.record(adjust(5, -2), lost());
  w.record(adjust(5, 4), lost());
  EXPECT_TRUE(w.book().delta.empty());
  EXPECT_EQ(w.book().unknown_down.at(5), -2);
  EXPECT_EQ(w.book().unknown_up.at(5), 4);
  EXPECT_EQ(w.book().unknown_changes.at(5), 2);
  EXPECT_EQ(w.book().transport_errors.at("timeout"), 2u);
}

TEST_F(workload_test, only_a_lost_change_is_uncertain_and_a_resend_is_not) {
  stress::workload w{opts, setup, 0};
  operation read;
  read.method = "inventory.get";
  w.record(read, lost());
  EXPECT_EQ(w.book().uncertain, 0u);
  operation del;
  del.kind = op_kind::remove;
  del.method = "inventory.delete";
  del.id = 9;
  w.record(del, lost());
  w.record(adjust(5, 1), lost());
  EXPECT_EQ(w.book().uncertain, 2u);
  EXPECT_EQ(w.book().maybe_deleted, std::set<std::int32_t>{9});
  // --retry-lost: a lost reply that is re-sent leaves nothing in doubt;
  // the answer to the re-send books the change once.
  stress::workload r{opts, setup, 1};
  auto change = adjust(6, 2);
  r.record_resend(
    transport_error{transport_error::kind::unreachable, "end of stream"});
  change.resent = true;
  r.record_replay();
  r.record(change, item(6, 12));
  EXPECT_EQ(r.book().uncertain, 0u);
  EXPECT_EQ(r.book().resent, 1u);
  EXPECT_EQ(r.book().replayed, 1u);
  EXPECT_EQ(r.book().transport_errors.at("end of stream"), 1u);
  EXPECT_EQ(r.book().delta.at(6), 2);
  EXPECT_EQ(r.book().changes.at(6), 1);
  EXPECT_TRUE(r.book().unknown_changes.empty());
  // A re-sent delete that finds its item gone ran twice: said so.
  del.resent = true;
  r.record(del, fault(404));
  EXPECT_EQ(r.book().unexpected_faults.at("inventory.delete 404 after a "
                                          "re-send"),
            1u);
}

TEST_F(workload_test, only_changes_are_changes) {
  stress::workload w{opts, setup, 0};
  for (int i = 0; i < 200; ++i) {
    auto op = w.next();
    auto reads = op.method == "inventory.get" || op.method == "get_item";
    EXPECT_EQ(stress::changes_data(op), !reads) << op.method;
  }
  operation write;
  write.kind = op_kind::rmw_write;
  EXPECT_TRUE(stress::changes_data(write));
  write.kind = op_kind::rmw_read;
  EXPECT_FALSE(stress::changes_data(write));
}

TEST_F(workload_test, only_stock_refusals_of_adjustments_are_expected_faults) {
  stress::workload w{opts, setup, 0};
  w.record(adjust(5, -100), fault(422));
  w.record(adjust(5, 1), fault(404));
  operation read;
  read.method = "inventory.get";
  w.record(read, fault(422));
  EXPECT_EQ(w.book().expected_faults.at("inventory.adjust 422"), 1u);
  EXPECT_EQ(w.book().unexpected_faults.at("inventory.adjust 404"), 1u);
  EXPECT_EQ(w.book().unexpected_faults.at("inventory.get 422"), 1u);
  EXPECT_TRUE(w.book().delta.empty());
}

TEST_F(workload_test, adds_book_their_ids_and_a_duplicate_is_caught) {
  stress::workload w{opts, setup, 0};
  operation add;
  add.kind = op_kind::add;
  add.method = "inventory.add";
  add.amount = 9;
  w.record(add, item(20, 9));
  w.record(add, item(20, 9));
  EXPECT_EQ(w.book().added.at(20), 9);
  EXPECT_EQ(w.book().duplicate_ids, std::vector<std::int32_t>{20});
  operation seed_add;
  seed_add.kind = op_kind::seed_add;
  seed_add.amount = 3;
  w.record(seed_add, xmlrpc::value{"Product added with ID 21\n"});
  EXPECT_EQ(w.book().added.at(21), 3);
  w.record(add, lost());
  EXPECT_EQ(w.book().unknown_adds, 1);
}

TEST_F(workload_test, a_seed_delete_that_finds_nothing_is_unexpected) {
  stress::workload w{opts, setup, 0};
  operation del;
  del.kind = op_kind::seed_delete;
  del.id = 5;
  w.record(del, xmlrpc::value{"Product with ID 5 deleted successfully\n"});
  w.record(del, xmlrpc::value{"Product with ID 5 not found\n"});
  EXPECT_EQ(w.book().deleted, std::set<std::int32_t>{5});
  EXPECT_EQ(w.book().unexpected_faults.at("delete_item not found"), 1u);
}

TEST_F(workload_test, generated_requests_touch_only_the_runs_own_items) {
  stress::workload w{opts, setup, 3};
  std::set<std::int32_t> own{5, 6, 7};
  for (int i = 0; i < 500; ++i) {
    auto op = w.next();
    for (const auto& [id, d] : op.deltas)
      EXPECT_TRUE(own.count(id)) << id;
    if (op.kind == op_kind::add) {
      EXPECT_EQ(*op.params[0].get_if<std::string>(),
                "stress-0000abcd-added-by-3");
      w.record(op, item(100 + i, op.amount));
      own.insert(100 + i); // it may delete what it added
    } else if (op.kind == op_kind::remove) {
      EXPECT_TRUE(own.count(op.id)) << op.id;
      EXPECT_GE(op.id, 100); // never a set-up item
    } else if (op.method == "inventory.get") {
      EXPECT_TRUE(own.count(op.id)) << op.id;
    }
  }
}

TEST_F(workload_test, a_read_modify_write_follows_its_read_with_plus_one) {
  opts.scenario = "lost-update";
  setup.rmw_item = 5;
  setup.adjust_item = 6;
  stress::workload w{opts, setup, 0}; // even clients read-modify-write
  auto read = w.next();
  ASSERT_EQ(read.kind, op_kind::rmw_read);
  auto write
    = w.followup(read, xmlrpc::value{"Product ID: 5, Name: n, Quantity: 41\n"});
  ASSERT_TRUE(write);
  EXPECT_EQ(write->method, "update_item");
  EXPECT_EQ(write->params,
            (std::vector<xmlrpc::value>{std::int32_t{5}, std::int32_t{42}}));
  EXPECT_FALSE(w.followup(read, xmlrpc::value{"Product with ID 5 not found"}));
  w.record(*write, xmlrpc::value{"Product with ID 5 quantity updated\n"});
  EXPECT_EQ(w.book().rmw_acked, 1u);
  stress::workload odd{opts, setup, 1}; // odd clients adjust
  auto adj = odd.next();
  EXPECT_EQ(adj.method, "inventory.adjust");
  odd.record(adj, item(6, 1));
  EXPECT_EQ(odd.book().adjust_acked, 1u);
}

TEST_F(workload_test, checkout_counts_orders_refusals_and_restocks) {
  opts.scenario = "checkout";
  stress::workload order{opts, setup, 0};
  auto basket = order.next();
  ASSERT_EQ(basket.kind, op_kind::adjust_many);
  std::int64_t units = 0;
  for (const auto& [id, d] : basket.deltas)
    units -= d;
  order.record(basket, xmlrpc::value{xmlrpc::array{}});
  order.record(basket, fault(422));
  EXPECT_EQ(order.book().orders_placed, 1u);
  EXPECT_EQ(order.book().orders_refused, 1u);
  EXPECT_EQ(order.book().units_sold, units);
  stress::workload restocker{opts, setup, 3}; // every fourth restocks
  auto restock = restocker.next();
  ASSERT_EQ(restock.kind, op_kind::adjust);
  restocker.record(restock, item(restock.id, 1));
  EXPECT_EQ(restocker.book().restocks, 1u);
  EXPECT_EQ(restocker.book().units_restocked, restock.deltas[0].second);
}

TEST(ledger, merging_adds_up_and_catches_an_id_added_twice) {
  stress::ledger a, b;
  a.delta = {{1, 2}};
  a.added = {{10, 1}};
  a.requests = 3;
  b.delta = {{1, -1}, {2, 4}};
  b.added = {{10, 5}};
  b.requests = 4;
  a.merge(b);
  EXPECT_EQ(a.delta, (std::map<std::int32_t, std::int64_t>{{1, 1}, {2, 4}}));
  EXPECT_EQ(a.duplicate_ids, std::vector<std::int32_t>{10});
  EXPECT_EQ(a.requests, 7u);
}
