#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "actors/item.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace inv {

/// Everything the database holds.
struct stored_state {
  std::vector<item> items;
  std::int32_t next_id = 1;
};

/// One change of one item, as the storage writes it.
struct change {
  /// The item's new state; nothing when it was deleted.
  std::optional<item> after;
  std::int32_t id = 0;
};

/// The inventory's SQLite file (WAL, synchronous=FULL). Plain code: the
/// storage actor owns one and is the only one to use it.
class storage {
public:
  /// The schema this build writes; a newer one is refused.
  static constexpr int schema_version = 1;

  /// Opens `path`, creating it when missing. A corrupt file, a newer schema,
  /// a file another process holds or one that cannot be written is an error
  /// (returned as text) and leaves the file untouched.
  static std::variant<std::unique_ptr<storage>, std::string>
  open(const std::string& path);

  ~storage();
  storage(const storage&) = delete;
  storage& operator=(const storage&) = delete;

  /// Reads every item and the id counter.
  std::variant<stored_state, std::string> load();

  /// Writes `changes` and the id counter in one transaction, durable when
  /// it returns nothing; on an error nothing was written.
  std::optional<std::string> write(const std::vector<change>& changes,
                                   std::int32_t next_id);

  const std::string& path() const { return path_; }

private:
  storage(std::string path, sqlite3* db, int lock_fd);
  std::optional<std::string> exec(const char* sql);
  std::optional<std::string> prepare();

  std::string path_;
  sqlite3* db_;
  int lock_fd_;
  sqlite3_stmt* upsert_ = nullptr;
  sqlite3_stmt* remove_ = nullptr;
  sqlite3_stmt* set_next_id_ = nullptr;
};

} // namespace inv
