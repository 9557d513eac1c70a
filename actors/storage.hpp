#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/errors.hpp"
#include "actors/stored_state.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace actors {

/// The inventory's SQLite file (WAL, synchronous=FULL). Plain code: the
/// storage actor owns one and is the only one to use it.
class storage {
public:
  /// The schema this build writes; a newer one is refused.
  static constexpr int schema_version = 1;

  /// Opens `path`, creating it when missing. A corrupt file, a newer schema,
  /// a file another process holds or one that cannot be written is a
  /// storage_unavailable failure saying why, and leaves the file untouched.
  static result<std::unique_ptr<storage>> open(const std::string& path);

  ~storage();
  storage(const storage&) = delete;
  storage& operator=(const storage&) = delete;

  /// Reads every item and the id counter.
  result<stored_state> load();

  /// Writes `changes` and the id counter in one transaction, durable when
  /// it succeeds; on a failure nothing was written.
  result<void> write(const std::vector<change>& changes, std::int32_t next_id);

private:
  storage(sqlite3* db, int lock_fd);
  result<void> exec(const char* sql);
  result<void> prepare();

  sqlite3* db_;
  int lock_fd_;
  sqlite3_stmt* upsert_ = nullptr;
  sqlite3_stmt* remove_ = nullptr;
  sqlite3_stmt* set_next_id_ = nullptr;
};

} // namespace actors
