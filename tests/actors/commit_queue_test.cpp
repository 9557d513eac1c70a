// Group commit's bookkeeping without actors.

#include "actors/commit_queue.hpp"

#include <gtest/gtest.h>

namespace {

using actors::change;
using actors::item;
using queue = actors::commit_queue<int>;

TEST(commit_queue, a_batch_holds_the_last_state_of_each_item_in_id_order) {
  queue q;
  q.record(change{item{2, "b", 1, 1}, 2});
  q.record(change{item{1, "a", 1, 1}, 1});
  q.record(change{item{2, "b", 5, 2}, 2});
  q.wait(10);
  q.wait(11);
  queue::batch b;
  ASSERT_TRUE(q.next_batch(b));
  ASSERT_EQ(b.changes.size(), 2u);
  EXPECT_EQ(b.changes[0].id, 1);
  EXPECT_EQ(b.changes[1].after->quantity, 5);
  EXPECT_EQ(b.waiters, 2u);
  EXPECT_EQ(q.written(), (std::vector<int>{10, 11}));
}

TEST(commit_queue, one_batch_at_a_time_and_later_changes_wait_for_the_next) {
  queue q;
  queue::batch b;
  EXPECT_FALSE(q.next_batch(b)); // nothing to write
  q.record(change{item{1, "a", 1, 1}, 1});
  q.wait(1);
  ASSERT_TRUE(q.next_batch(b));
  q.record(change{item{1, "a", 2, 2}, 1});
  q.wait(2);
  EXPECT_FALSE(q.next_batch(b)); // the first is still being written
  EXPECT_EQ(q.written(), std::vector<int>{1});
  ASSERT_TRUE(q.next_batch(b));
  EXPECT_EQ(b.changes[0].after->quantity, 2);
  EXPECT_EQ(q.written(), std::vector<int>{2});
}

TEST(commit_queue, a_failed_batch_fails_every_waiter_and_drops_what_waits) {
  queue q;
  queue::batch b;
  q.record(change{item{1, "a", 1, 1}, 1});
  q.wait(1);
  ASSERT_TRUE(q.next_batch(b));
  q.record(change{std::nullopt, 1});
  q.wait(2);
  EXPECT_EQ(q.failed(), (std::vector<int>{1, 2}));
  EXPECT_EQ(q.pending(), 0u);
  EXPECT_FALSE(q.writing());
  EXPECT_FALSE(q.next_batch(b));
}

} // namespace
