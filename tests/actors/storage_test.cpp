// The SQLite storage: schema, round trips, every startup error leaving the
// file untouched, and a failed write changing nothing.

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include "actors/storage.hpp"

namespace fs = std::filesystem;
using actors::change;
using actors::item;
using actors::storage;

namespace {

class storage_test : public ::testing::Test {
protected:
  void SetUp() override {
    dir_
      = fs::temp_directory_path()
        / ("storage-test-" + std::to_string(::getpid()) + "-"
           + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    path_ = (dir_ / "inventory.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<storage> open_ok() {
    auto res = storage::open(path_);
    if (!res) {
      ADD_FAILURE() << res.error().detail;
      return nullptr;
    }
    return std::move(*res);
  }

  std::string open_error() {
    auto res = storage::open(path_);
    EXPECT_FALSE(res) << "opened " << path_;
    return res ? std::string{} : res.error().detail;
  }

  std::string contents() {
    std::ifstream in{path_, std::ios::binary};
    return {std::istreambuf_iterator<char>{in}, {}};
  }

  void run_sql(const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  fs::path dir_;
  std::string path_;
};

actors::write_batch batch(std::vector<change> changes, std::int32_t next_id) {
  actors::write_batch b;
  b.changes = std::move(changes);
  b.next_id = next_id;
  return b;
}

actors::stored_state load(storage& db) {
  auto res = db.load();
  EXPECT_TRUE(res);
  return res ? std::move(*res) : actors::stored_state{};
}

} // namespace

TEST_F(storage_test, a_new_file_starts_empty_with_id_1) {
  auto db = open_ok();
  ASSERT_TRUE(db);
  auto state = load(*db);
  EXPECT_TRUE(state.items.empty());
  EXPECT_EQ(state.next_id, 1);
}

TEST_F(storage_test, writes_survive_reopening) {
  {
    auto db = open_ok();
    ASSERT_TRUE(db);
    EXPECT_TRUE(db->write(batch(
      {change{item{1, "a", 5, 1}, 1}, change{item{2, "b", 6, 1}, 2}}, 3)));
    EXPECT_TRUE(db->write(
      batch({change{item{1, "a", 7, 2}, 1}, change{std::nullopt, 2}}, 3)));
  }
  auto db = open_ok();
  ASSERT_TRUE(db);
  auto state = load(*db);
  ASSERT_EQ(state.items.size(), 1u);
  EXPECT_EQ(state.items[0], (item{1, "a", 7, 2}));
  EXPECT_EQ(state.next_id, 3);
}

TEST_F(storage_test, a_second_opener_is_refused_while_the_first_holds_it) {
  auto first = open_ok();
  ASSERT_TRUE(first);
  EXPECT_NE(open_error().find("locked by another inventory-server"),
            std::string::npos);
}

TEST_F(storage_test, a_newer_schema_is_refused_and_left_untouched) {
  run_sql("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER);"
          "INSERT INTO meta VALUES ('schema_version', 3);");
  auto before = contents();
  EXPECT_NE(open_error().find("schema version 3 is newer"), std::string::npos);
  EXPECT_EQ(contents(), before);
  EXPECT_FALSE(fs::exists(path_ + "-wal"));
}

TEST_F(storage_test, a_corrupt_file_is_refused_and_left_untouched) {
  {
    std::ofstream out{path_, std::ios::binary};
    for (int i = 0; i < 4096; ++i)
      out.put(static_cast<char>((i * 7919) % 251));
  }
  auto before = contents();
  EXPECT_NE(open_error().find("not a usable database"), std::string::npos);
  EXPECT_EQ(contents(), before);
}

TEST_F(storage_test, a_foreign_database_is_refused_and_left_untouched) {
  run_sql("CREATE TABLE other (x INTEGER);");
  auto before = contents();
  EXPECT_NE(open_error().find("not an inventory database"), std::string::npos);
  EXPECT_EQ(contents(), before);
}

TEST_F(storage_test, a_database_locked_by_another_process_is_refused) {
  { auto db = open_ok(); }
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_NE(open_error().find("cannot write"), std::string::npos);
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
}

TEST_F(storage_test, a_path_that_cannot_be_written_is_refused) {
  path_ = (dir_ / "missing" / "inventory.db").string();
  EXPECT_NE(open_error().find("cannot open"), std::string::npos);
  path_ = dir_.string();
  EXPECT_NE(open_error().find("not a regular file"), std::string::npos);
}

TEST_F(storage_test, a_failed_write_changes_nothing) {
  auto db = open_ok();
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->write(batch({change{item{1, "keep", 1, 1}, 1}}, 2)));
  // A full disk, simulated: no file may grow past its current size.
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit old_limit{};
  getrlimit(RLIMIT_FSIZE, &old_limit);
  rlimit tiny = old_limit;
  tiny.rlim_cur = static_cast<rlim_t>(fs::file_size(path_ + "-wal") + 1024);
  setrlimit(RLIMIT_FSIZE, &tiny);
  std::vector<change> big;
  for (int i = 2; i < 200; ++i)
    big.push_back(change{item{i, std::string(200, 'x'), i, 1}, i});
  auto written = db->write(batch(big, 200));
  setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);
  ASSERT_FALSE(written);
  auto state = load(*db);
  ASSERT_EQ(state.items.size(), 1u);
  EXPECT_EQ(state.items[0].name, "keep");
  EXPECT_EQ(state.next_id, 2);
  // and the storage works again once there is room
  EXPECT_TRUE(db->write(batch({change{item{2, "next", 1, 1}, 2}}, 3)));
  EXPECT_EQ(load(*db).items.size(), 2u);
}

TEST_F(storage_test, a_stored_name_xml_cannot_carry_is_refused_at_load) {
  {
    auto db = open_ok();
    ASSERT_TRUE(db);
    EXPECT_TRUE(db->write(batch({change{item{1, "fine", 5, 1}, 1}}, 2)));
  }
  // As sqlite3 or another tool could write it: a C0 control, which every
  // later get_all_items reply would carry as XML no parser accepts.
  run_sql("INSERT INTO items (id, name, quantity, version) "
          "VALUES (2, 'bell' || char(7), 1, 1)");
  auto db = open_ok();
  ASSERT_TRUE(db);
  auto res = db->load();
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().detail, "item 2: stored name is not text XML can "
                                "carry (character U+0007 at byte 4 is not "
                                "allowed in XML)");
}

TEST_F(storage_test, a_stored_name_that_is_not_utf8_is_refused_at_load) {
  {
    auto db = open_ok();
    ASSERT_TRUE(db);
  }
  run_sql("INSERT INTO items (id, name, quantity, version) "
          "VALUES (3, CAST(X'61FF' AS TEXT), 1, 1)");
  auto db = open_ok();
  ASSERT_TRUE(db);
  auto res = db->load();
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().detail, "item 3: stored name is not text XML can "
                                "carry (invalid UTF-8 at byte 1)");
}
