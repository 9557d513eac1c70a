// The stress tool's oracle (tools/stress/oracle.hpp): what it accepts and
// each violation it must report.

#include <algorithm>

#include <gtest/gtest.h>

#include "tools/stress/oracle.hpp"
#include "tools/stress/report.hpp"

using client::item;
using stress::ledger;
using stress::observed_items;

namespace {

observed_items items(std::vector<item> xs) {
  observed_items out;
  for (auto& x : xs)
    out.emplace(x.id, std::move(x));
  return out;
}

bool mentions(const std::vector<std::string>& lines, const std::string& what) {
  return std::any_of(lines.begin(), lines.end(), [&](const auto& l) {
    return l.find(what) != std::string::npos;
  });
}

struct oracle_test : ::testing::Test {
  stress::options opts;
  stress::run_setup setup;
  ledger book;

  oracle_test() {
    setup.prefix = "stress-00000001-";
    setup.ids = {2, 3};
  }

  stress::verdict judge(const observed_items& before,
                        const observed_items& after) {
    return stress::judge_run(opts, setup, before, after, book);
  }
};

} // namespace

TEST_F(oracle_test, acknowledged_changes_that_all_arrived_pass) {
  book.delta = {{2, -3}, {3, 5}};
  book.changes = {{2, 2}, {3, 1}};
  auto before = items({{1, "theirs", 7, 4}, {2, "a", 10, 1}, {3, "b", 0, 1}});
  auto after = items({{1, "theirs", 7, 4}, {2, "a", 7, 3}, {3, "b", 5, 2}});
  auto v = judge(before, after);
  EXPECT_TRUE(v.violations.empty()) << v.violations.front();
}

TEST_F(oracle_test, a_dropped_adjust_breaks_conservation_and_versions) {
  book.delta = {{2, 4}};
  book.changes = {{2, 1}};
  auto v = judge(items({{2, "a", 10, 1}, {3, "b", 0, 1}}),
                 items({{2, "a", 10, 2}, {3, "b", 0, 1}}));
  ASSERT_EQ(v.violations.size(), 1u);
  EXPECT_EQ(v.violations[0], "item 2: quantity 10, expected 14 (start 10 + "
                             "acknowledged deltas)");
  v = judge(items({{2, "a", 10, 1}, {3, "b", 0, 1}}),
            items({{2, "a", 14, 1}, {3, "b", 0, 1}}));
  ASSERT_EQ(v.violations.size(), 1u);
  EXPECT_EQ(v.violations[0],
            "item 2: version 1, expected 2 after 1 acknowledged changes");
}

TEST_F(oracle_test, a_lost_reply_widens_the_range_only_by_its_own_change) {
  book.unknown_up = {{2, 5}};
  book.unknown_changes = {{2, 1}};
  auto before = items({{2, "a", 10, 1}, {3, "b", 0, 1}});
  EXPECT_TRUE(
    judge(before, items({{2, "a", 10, 1}, {3, "b", 0, 1}})).violations.empty());
  EXPECT_TRUE(
    judge(before, items({{2, "a", 15, 2}, {3, "b", 0, 1}})).violations.empty());
  EXPECT_FALSE(
    judge(before, items({{2, "a", 16, 2}, {3, "b", 0, 1}})).violations.empty());
  EXPECT_FALSE(
    judge(before, items({{2, "a", 15, 3}, {3, "b", 0, 1}})).violations.empty());
}

TEST_F(oracle_test,
       items_the_run_did_not_create_must_stay_exactly_as_they_were) {
  auto before = items({{1, "hand-made", 20, 3},
                       {2, "a", 1, 1},
                       {3, "b", 1, 1},
                       {4, "other", 5, 1}});
  auto v = judge(
    before, items({{1, "hand-made", 21, 4}, {2, "a", 1, 1}, {3, "b", 1, 1}}));
  ASSERT_EQ(v.violations.size(), 3u) << v.violations[0];
  EXPECT_EQ(v.violations[0], "item 1, not created by this run, changed: "
                             "'hand-made' quantity 20 version 3 before, "
                             "'hand-made' quantity 21 version 4 after");
  EXPECT_EQ(v.violations[1], "item 4, not created by this run, vanished");
  EXPECT_EQ(v.violations[2], "the server holds 3 items, expected 4");
  // The seed scenario sees no versions, but a renamed item all the same.
  opts.scenario = "seed";
  v = judge(items({{1, "x", 2, 0}, {2, "a", 1, 0}, {3, "b", 1, 0}}),
            items({{1, "y", 2, 0}, {2, "a", 9, 0}, {3, "b", 1, 0}}));
  ASSERT_EQ(v.violations.size(), 1u);
  EXPECT_TRUE(mentions(v.violations, "item 1, not created by this run"));
}

TEST_F(oracle_test, added_and_deleted_items_are_accounted_for) {
  auto before = items({{2, "a", 1, 1}, {3, "b", 1, 1}});
  book.added = {{4, 7}, {5, 8}, {6, 9}};
  book.deleted = {5, 6};
  auto after = items({{2, "a", 1, 1}, {3, "b", 1, 1}, {4, "p-4", 7, 1}});
  EXPECT_TRUE(judge(before, after).violations.empty());
  after.erase(4);
  after.emplace(6, item{6, "p-6", 9, 1});
  auto v = judge(before, after);
  EXPECT_TRUE(mentions(v.violations, "added item 4 is missing"));
  EXPECT_TRUE(mentions(v.violations, "deleted item 6 is still there"));
  book.added = {{3, 1}};
  book.deleted.clear();
  EXPECT_TRUE(mentions(judge(before, before).violations,
                       "added id 3 reuses an existing id"));
}

TEST_F(oracle_test, a_delete_whose_reply_was_lost_may_or_may_not_have_run) {
  auto before = items({{2, "a", 1, 1}});
  book.added = {{4, 7}, {5, 8}};
  book.maybe_deleted = {4, 5};
  // One of them went, the other stayed: both are consistent.
  auto after = items({{2, "a", 1, 1}, {5, "p-5", 8, 1}});
  EXPECT_TRUE(judge(before, after).violations.empty());
  // An item with no delete in doubt still may not vanish.
  book.maybe_deleted = {5};
  EXPECT_TRUE(
    mentions(judge(before, after).violations, "added item 4 is missing"));
}

TEST_F(oracle_test, unexpected_faults_and_duplicate_ids_are_violations) {
  book.unexpected_faults = {{"inventory.adjust 404", 2}};
  book.duplicate_ids = {9};
  auto state = items({{2, "a", 1, 1}, {3, "b", 1, 1}});
  auto v = judge(state, state);
  EXPECT_TRUE(
    mentions(v.violations, "unexpected fault inventory.adjust 404 (x2)"));
  EXPECT_TRUE(mentions(v.violations, "id 9 was handed out twice"));
}

TEST_F(oracle_test, lost_updates_are_expected_only_for_read_modify_write) {
  opts.scenario = "lost-update";
  setup.rmw_item = 2;
  setup.adjust_item = 3;
  book.rmw_acked = 100;
  book.changes = {{2, 100}, {3, 50}};
  book.delta = {{3, 50}};
  book.adjust_acked = 50;
  auto before = items({{2, "rmw", 0, 1}, {3, "adj", 0, 1}});
  auto v = judge(before, items({{2, "rmw", 30, 101}, {3, "adj", 50, 51}}));
  EXPECT_TRUE(v.violations.empty()) << v.violations.front();
  EXPECT_TRUE(mentions(v.notes, "read-modify-write (get_item + update_item): "
                                "100 increments acknowledged, 30 applied, 70 "
                                "lost"));
  EXPECT_TRUE(mentions(v.notes, "inventory.adjust(+1): 50 increments "
                                "acknowledged, 50 applied, 0 lost"));
  EXPECT_TRUE(mentions(v.notes, "the oracle expected them"));
  v = judge(before, items({{2, "rmw", 30, 101}, {3, "adj", 49, 51}}));
  EXPECT_TRUE(mentions(v.violations, "item 3: quantity 49, expected 50"));
}

TEST_F(oracle_test, checkout_reports_orders_and_the_stock) {
  opts.scenario = "checkout";
  book.orders_placed = 4;
  book.orders_refused = 1;
  book.units_sold = 12;
  book.restocks = 2;
  book.units_restocked = 6;
  book.delta = {{2, -10}, {3, 4}};
  book.changes = {{2, 4}, {3, 2}};
  auto v = judge(items({{2, "a", 10, 1}, {3, "b", 10, 1}}),
                 items({{2, "a", 0, 5}, {3, "b", 14, 3}}));
  EXPECT_TRUE(v.violations.empty()) << v.violations.front();
  EXPECT_TRUE(mentions(v.notes, "checkout: 4 orders placed, 1 refused (not "
                                "enough stock), 2 restocks"));
  EXPECT_TRUE(mentions(v.notes, "stock: 20 units at start, 12 sold, 6 "
                                "restocked, 14 at end; 1 of 2 items sold out"));
}

TEST_F(oracle_test,
       an_uncertain_change_is_counted_and_tolerated_without_retries) {
  book.uncertain = 1;
  book.unknown_up = {{2, 5}};
  book.unknown_changes = {{2, 1}};
  auto before = items({{2, "a", 10, 1}, {3, "b", 0, 1}});
  for (auto applied : {false, true}) {
    auto v = judge(before, items({{2, "a", applied ? 15 : 10, applied ? 2 : 1},
                                  {3, "b", 0, 1}}));
    EXPECT_TRUE(v.violations.empty()) << v.violations.front();
    EXPECT_EQ(v.uncertain, 1u);
    EXPECT_EQ(v.applied_twice, 0);
    EXPECT_EQ(stress::render_verdict(v),
              "uncertain: 1, applied twice: 0\ninvariants: OK\n");
  }
}

TEST_F(oracle_test, with_retry_lost_not_a_single_change_may_stay_uncertain) {
  opts.retry_lost = true;
  book.uncertain = 1;
  book.unknown_up = {{2, 5}};
  book.unknown_changes = {{2, 1}};
  auto v = judge(items({{2, "a", 10, 1}, {3, "b", 0, 1}}),
                 items({{2, "a", 15, 2}, {3, "b", 0, 1}}));
  ASSERT_EQ(v.violations.size(), 1u);
  EXPECT_EQ(v.violations[0],
            "1 changes stayed uncertain: their replies were lost and "
            "re-sending them ran out of time (--retry-lost allows none)");
  EXPECT_EQ(v.uncertain, 1u);
  EXPECT_TRUE(
    mentions({stress::render_verdict(v)}, "uncertain: 1, applied twice: 0\n"));
}

TEST_F(oracle_test, with_retry_lost_every_change_applied_exactly_once_passes) {
  opts.retry_lost = true;
  book.delta = {{2, 4}, {3, -1}};
  book.changes = {{2, 2}, {3, 1}};
  book.resent = 3;
  book.replayed = 3;
  auto v = judge(items({{2, "a", 10, 1}, {3, "b", 5, 7}}),
                 items({{2, "a", 14, 3}, {3, "b", 4, 8}}));
  EXPECT_TRUE(v.violations.empty()) << v.violations.front();
  EXPECT_EQ(v.uncertain, 0u);
  EXPECT_EQ(v.applied_twice, 0);
  EXPECT_TRUE(mentions(v.notes, "--retry-lost: 3 re-sends of changes whose "
                                "reply was lost, with the same "
                                "Idempotency-Key; 3 replies marked replayed"));
  EXPECT_TRUE(mentions({stress::render_verdict(v)},
                       "uncertain: 0, applied twice: 0\ninvariants: OK\n"));
}

TEST_F(oracle_test, a_change_applied_twice_is_counted_and_a_violation) {
  for (auto retry : {true, false}) {
    opts.retry_lost = retry;
    // An adjust by +4, acknowledged once, applied twice: the quantity is 4
    // too high and the version one too far.
    book.delta = {{2, 4}};
    book.changes = {{2, 1}};
    auto before = items({{2, "a", 10, 1}, {3, "b", 0, 1}});
    auto v = judge(before, items({{2, "a", 18, 3}, {3, "b", 0, 1}}));
    EXPECT_EQ(v.applied_twice, 1);
    EXPECT_EQ(v.uncertain, 0u);
    EXPECT_TRUE(mentions(v.violations, "item 2: quantity 18, expected 14"));
    EXPECT_TRUE(mentions(v.violations,
                         "item 2: version 3, expected 2 after 1 acknowledged"));
    EXPECT_TRUE(mentions(v.violations, "1 changes applied more than once"));
    EXPECT_TRUE(mentions({stress::render_verdict(v)},
                         "uncertain: 0, applied twice: 1\n"));
    // An adjust by 0 applied twice changes no quantity; the version shows
    // it all the same.
    book.delta = {{2, 0}};
    v = judge(before, items({{2, "a", 10, 3}, {3, "b", 0, 1}}));
    EXPECT_EQ(v.applied_twice, 1);
    EXPECT_TRUE(mentions(v.violations, "1 changes applied more than once"));
  }
}

TEST_F(oracle_test, an_uncertain_change_excuses_one_application_not_two) {
  // Two uncertain changes to item 2 and three applied: one too many.
  book.uncertain = 2;
  book.unknown_up = {{2, 2}};
  book.unknown_changes = {{2, 2}};
  auto v = judge(items({{2, "a", 10, 1}, {3, "b", 0, 1}}),
                 items({{2, "a", 12, 4}, {3, "b", 0, 1}}));
  EXPECT_EQ(v.applied_twice, 1);
  EXPECT_TRUE(mentions(v.violations, "1 changes applied more than once"));
}

TEST_F(oracle_test, an_add_applied_twice_leaves_an_item_nobody_booked) {
  auto before = items({{2, "a", 1, 1}, {3, "b", 1, 1}});
  book.added = {{4, 7}};
  // Item 5 is named for the run, with the same name and quantity as 4:
  // the same add, applied again.
  auto after = items({{2, "a", 1, 1},
                      {3, "b", 1, 1},
                      {4, "stress-00000001-added-by-0", 7, 1},
                      {5, "stress-00000001-added-by-0", 7, 1}});
  auto v = judge(before, after);
  EXPECT_EQ(v.applied_twice, 1);
  EXPECT_TRUE(mentions(v.violations, "1 changes applied more than once"));
  EXPECT_TRUE(mentions(v.violations, "the server holds 4 items, expected 3"));
  // Without retries an add whose reply was lost explains it.
  book.unknown_adds = 1;
  book.uncertain = 1;
  v = judge(before, after);
  EXPECT_TRUE(v.violations.empty()) << v.violations.front();
  EXPECT_EQ(v.applied_twice, 0);
  EXPECT_EQ(v.uncertain, 1u);
}

TEST_F(oracle_test, a_read_modify_write_applied_twice_shows_in_its_version) {
  opts.scenario = "lost-update";
  setup.rmw_item = 2;
  setup.adjust_item = 3;
  book.rmw_acked = 10;
  book.changes = {{2, 10}};
  auto before = items({{2, "rmw", 0, 1}, {3, "adj", 0, 1}});
  EXPECT_TRUE(judge(before, items({{2, "rmw", 4, 11}, {3, "adj", 0, 1}}))
                .violations.empty());
  auto v = judge(before, items({{2, "rmw", 4, 12}, {3, "adj", 0, 1}}));
  EXPECT_EQ(v.applied_twice, 1);
  EXPECT_TRUE(mentions(v.violations, "item 2: version 12, expected 11"));
}
