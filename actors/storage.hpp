#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/errors.hpp"
#include "actors/idempotency.hpp"
#include "actors/stored_state.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace actors {

/// Looks up idempotency keys on a read-only connection of its own: the
/// inventory actor asks it directly while the storage actor writes on the
/// other (WAL lets a reader run beside the writer, and it sees only what
/// was committed). Calls are serialised: an inventory actor being killed
/// may still be in a lookup when its successor, restarted on the same
/// reader, reads the keys (the lock is otherwise never contended).
class key_reader {
public:
  ~key_reader();
  key_reader(const key_reader&) = delete;
  key_reader& operator=(const key_reader&) = delete;

  /// The key of `principal` named `key`, if the database holds it.
  result<std::optional<stored_key>> find(const std::string& principal,
                                         const std::string& key);

  /// Calls `fn` with the principal, key and creation time of every key
  /// created at or after `from_ms` (Unix milliseconds).
  result<void> scan(
    std::int64_t from_ms,
    const std::function<void(std::string_view principal, std::string_view key,
                             std::int64_t created_ms)>& fn);

private:
  friend class storage;
  key_reader(sqlite3* db, sqlite3_stmt* find);

  std::mutex mutex_;
  sqlite3* db_;
  sqlite3_stmt* find_;
};

/// The inventory's SQLite file (WAL, synchronous=FULL). Plain code: the
/// storage actor owns one and is the only one to use it.
class storage {
public:
  /// The schema this build writes; a newer one is refused.
  static constexpr int schema_version = 2;

  /// Opens `path`, creating it when missing. A corrupt file, a newer schema,
  /// a file another process holds or one that cannot be written is a
  /// storage_unavailable failure saying why, and leaves the file untouched.
  static result<std::unique_ptr<storage>> open(const std::string& path);

  ~storage();
  storage(const storage&) = delete;
  storage& operator=(const storage&) = delete;

  /// Reads every item and the id counter.
  result<stored_state> load();

  /// Writes `batch` in one transaction, durable when it succeeds; on a
  /// failure nothing was written.
  result<void> write(const write_batch& batch);

  /// The connection for key lookups (key_reader).
  std::shared_ptr<key_reader> keys() const { return keys_; }

private:
  storage(sqlite3* db, int lock_fd);
  static result<std::shared_ptr<key_reader>>
  open_key_reader(const std::string& path);
  result<void> exec(const char* sql);
  result<void> prepare();

  sqlite3* db_;
  int lock_fd_;
  sqlite3_stmt* upsert_ = nullptr;
  sqlite3_stmt* remove_ = nullptr;
  sqlite3_stmt* set_next_id_ = nullptr;
  sqlite3_stmt* insert_key_ = nullptr;
  sqlite3_stmt* prune_keys_ = nullptr;
  std::shared_ptr<key_reader> keys_;
};

} // namespace actors
