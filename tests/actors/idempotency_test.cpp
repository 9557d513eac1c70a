// Keys without actors: the stored outcome's format, the cache of answered
// keys, the filter of stored keys, and the key table of the database.

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "actors/idempotency.hpp"
#include "actors/key_cache.hpp"
#include "actors/key_filter.hpp"
#include "actors/storage.hpp"

namespace fs = std::filesystem;
using actors::change_outcome;
using actors::item;
using actors::key_cache;
using actors::key_filter;
using actors::stored_key;

namespace {

std::string nth_key(int i) {
  return "key-" + std::to_string(i);
}

} // namespace

TEST(key_filter, never_says_no_for_a_key_it_holds) {
  key_filter f{10000, 60000, 0};
  for (int i = 0; i < 10000; ++i)
    f.add(nth_key(i), 0);
  for (int i = 0; i < 10000; ++i)
    ASSERT_TRUE(f.may_contain(nth_key(i))) << nth_key(i);
}

TEST(key_filter, says_no_for_nearly_every_key_it_never_held) {
  key_filter f{10000, 60000, 0};
  for (int i = 0; i < 10000; ++i)
    f.add(nth_key(i), 0);
  int maybe = 0;
  for (int i = 10000; i < 20000; ++i)
    maybe += f.may_contain(nth_key(i)) ? 1 : 0;
  EXPECT_LT(maybe, 300); // sized for about 1%
}

TEST(key_filter, its_size_is_fixed_and_overfilling_only_adds_maybes) {
  key_filter f{1000, 60000, 0};
  auto bytes = f.memory();
  EXPECT_LT(bytes, 10000u);
  for (int i = 0; i < 100000; ++i)
    f.add(nth_key(i), 0);
  EXPECT_EQ(f.memory(), bytes);
  EXPECT_TRUE(f.may_contain(nth_key(0)));
  EXPECT_TRUE(f.may_contain(nth_key(99999)));
}

TEST(key_filter, a_key_is_held_for_its_lifetime_then_dropped) {
  key_filter f{1000, 1000, 0};
  f.add("early", 0); // lives until 1000
  f.advance(999);
  EXPECT_TRUE(f.may_contain("early"));
  f.advance(1000);     // a new generation; "early" is in the older one
  f.add("late", 1000); // lives until 2000
  EXPECT_TRUE(f.may_contain("early"));
  f.advance(1999);
  EXPECT_TRUE(f.may_contain("early"));
  EXPECT_TRUE(f.may_contain("late"));
  f.advance(2000); // "early" has expired: its generation is cleared
  EXPECT_FALSE(f.may_contain("early"));
  EXPECT_TRUE(f.may_contain("late"));
  f.advance(3000);
  EXPECT_FALSE(f.may_contain("late"));
}

TEST(key_filter, a_key_from_a_clock_that_was_ahead_is_kept_until_it_expires) {
  // Read from the database at start, created 5000 by a clock since set
  // back to 0: it lives until 6000 by its own time.
  key_filter f{1000, 1000, 0};
  f.add("ahead", 5000);
  for (std::int64_t now = 0; now < 6000; now += 250) {
    f.advance(now);
    ASSERT_TRUE(f.may_contain("ahead")) << now;
  }
  f.advance(6000);
  f.advance(7000);
  EXPECT_FALSE(f.may_contain("ahead"));
}

namespace {

stored_key answer(std::int64_t created_ms, std::int32_t quantity = 1) {
  stored_key k;
  k.fingerprint = "fp";
  k.outcome.items = {item{1, "a", quantity, 2}};
  k.created_ms = created_ms;
  return k;
}

} // namespace

TEST(outcome_blob, round_trips_items_and_failures) {
  change_outcome x;
  x.items = {item{1, "a\0b", 5, 2}, item{7, std::string(300, 'x'), 0, 9}};
  x.items[0].name = std::string{"a\0b", 3};
  auto back = actors::decode_outcome(actors::encode_outcome(x));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, x);
  change_outcome refused;
  refused.failure_code = 3;
  refused.failure_id = 42;
  back = actors::decode_outcome(actors::encode_outcome(refused));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, refused);
}

TEST(outcome_blob, a_damaged_blob_is_refused) {
  change_outcome x;
  x.items = {item{1, "abc", 5, 2}};
  auto blob = actors::encode_outcome(x);
  for (std::size_t n = 0; n < blob.size(); ++n)
    EXPECT_FALSE(actors::decode_outcome(blob.substr(0, n))) << n;
  EXPECT_FALSE(actors::decode_outcome(blob + "x"));
  auto huge = blob;
  huge[7] = '\xFF'; // the item count's high byte
  EXPECT_FALSE(actors::decode_outcome(huge));
}

TEST(key_cache, drops_the_oldest_when_full_and_expires_by_age) {
  key_cache cache{2};
  cache.insert("a", answer(100));
  cache.insert("b", answer(200));
  cache.insert("c", answer(300));
  EXPECT_EQ(cache.find("a"), nullptr);
  ASSERT_NE(cache.find("b"), nullptr);
  EXPECT_EQ(cache.find("b")->created_ms, 200);
  cache.expire(250);
  EXPECT_EQ(cache.find("b"), nullptr);
  EXPECT_NE(cache.find("c"), nullptr);
  EXPECT_EQ(cache.size(), 1u);
}

namespace {

class key_table_test : public ::testing::Test {
protected:
  fs::path dir_ = fs::temp_directory_path()
                  / ("key-table-test-" + std::to_string(::getpid()));
  std::string path_ = (dir_ / "inventory.db").string();

  void SetUp() override {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<actors::storage> open() {
    auto db = actors::storage::open(path_);
    if (!db) {
      ADD_FAILURE() << db.error().detail;
      return nullptr;
    }
    return std::move(*db);
  }

  static actors::write_batch with_keys(std::vector<actors::key_row> keys,
                                       std::int64_t prune_before = 0) {
    actors::write_batch b;
    b.keys = std::move(keys);
    b.next_id = 2;
    b.prune_before_ms = prune_before;
    return b;
  }

  // Runs `sql` on a connection of its own.
  void exec(const char* sql) {
    sqlite3* conn = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &conn), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(conn, sql, nullptr, nullptr, &err), SQLITE_OK)
      << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(conn);
  }
};

} // namespace

TEST_F(key_table_test, a_written_key_is_found_by_principal_and_key) {
  auto db = open();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->write(with_keys({{"alice", "k1", answer(1000, 7)}})));
  auto reader = db->keys();
  auto found = reader->find("alice", "k1");
  ASSERT_TRUE(found);
  ASSERT_TRUE(*found);
  EXPECT_EQ((*found)->fingerprint, "fp");
  EXPECT_EQ((*found)->created_ms, 1000);
  EXPECT_EQ((*found)->outcome.items.at(0).quantity, 7);
  auto other = reader->find("bob", "k1");
  ASSERT_TRUE(other);
  EXPECT_FALSE(*other);
}

TEST_F(key_table_test, a_scan_names_the_keys_created_since_a_time) {
  auto db = open();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->write(with_keys({{"alice", "old", answer(1000)},
                                   {"alice", "new", answer(5000)},
                                   {"bob", "new", answer(6000)}})));
  std::vector<std::string> seen;
  auto done = db->keys()->scan(5000, [&](std::string_view principal,
                                         std::string_view key,
                                         std::int64_t created_ms) {
    seen.push_back(std::string{principal} + "/" + std::string{key} + "@"
                   + std::to_string(created_ms));
  });
  ASSERT_TRUE(done);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::string>{"alice/new@5000", "bob/new@6000"}));
}

TEST_F(key_table_test, keys_survive_reopening_and_old_ones_are_pruned) {
  {
    auto db = open();
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->write(
      with_keys({{"p", "old", answer(1000)}, {"p", "new", answer(5000)}})));
  }
  auto db = open();
  ASSERT_TRUE(db);
  auto kept = db->keys()->find("p", "old");
  ASSERT_TRUE(kept && *kept);
  ASSERT_TRUE(db->write(with_keys({}, 2000)));
  auto pruned = db->keys()->find("p", "old");
  ASSERT_TRUE(pruned);
  EXPECT_FALSE(*pruned);
  auto young = db->keys()->find("p", "new");
  ASSERT_TRUE(young);
  EXPECT_TRUE(*young);
}

TEST_F(key_table_test, a_version_1_database_gains_the_key_table) {
  exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
       "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
       "  quantity INTEGER NOT NULL, version INTEGER NOT NULL);"
       "INSERT INTO meta VALUES ('schema_version', 1), ('next_id', 2);"
       "INSERT INTO items VALUES (1, 'kept', 3, 1);");
  auto db = open();
  ASSERT_TRUE(db);
  auto state = db->load();
  ASSERT_TRUE(state);
  ASSERT_EQ(state->items.size(), 1u);
  EXPECT_EQ(state->items[0].name, "kept");
  ASSERT_TRUE(db->write(with_keys({{"p", "k", answer(1)}})));
  auto found = db->keys()->find("p", "k");
  ASSERT_TRUE(found && *found);
}
