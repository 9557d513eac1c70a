#include "actors/storage.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "base/xml_text.hpp"

namespace actors {

namespace {

failure unavailable(std::string text) {
  return failure{inventory_errc::storage_unavailable, 0, std::move(text)};
}

failure sqlite_error(sqlite3* db, const std::string& what) {
  return unavailable(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

// Runs `sql` and returns its first column as an integer, if any row.
std::optional<std::int64_t> query_int(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK)
    return std::nullopt;
  std::optional<std::int64_t> first;
  if (sqlite3_step(stmt) == SQLITE_ROW)
    first = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return first;
}

// The PID holding a flock on `fd`'s file, from /proc/locks (Linux; flock
// itself does not say): "1: FLOCK  ADVISORY  WRITE 4242 fe:00:10958457 0
// EOF". 0 when it cannot be told.
long flock_holder(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    return 0;
  char want[64];
  std::snprintf(want, sizeof(want), "%02x:%02x:%llu", major(st.st_dev),
                minor(st.st_dev), static_cast<unsigned long long>(st.st_ino));
  std::ifstream locks{"/proc/locks"};
  std::string line;
  while (std::getline(locks, line)) {
    std::istringstream fields{line};
    std::string id, type, mode, access, device;
    long pid = 0;
    fields >> id >> type;
    if (type == "->") // a waiter, not the holder
      continue;
    if (fields >> mode >> access >> pid >> device && type == "FLOCK"
        && device == want)
      return pid;
  }
  return 0;
}

// The PID holding an fcntl lock (SQLite's) on `path` or, in WAL mode, on
// its -shm file; 0 when none is held or it cannot be told.
long posix_lock_holder(const std::string& path) {
  for (const auto& file : {path, path + "-shm"}) {
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      continue;
    struct flock probe {};
    probe.l_type = F_WRLCK;
    probe.l_whence = SEEK_SET; // l_start 0, l_len 0: the whole file
    bool held = ::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
    ::close(fd);
    if (held && probe.l_pid > 0)
      return probe.l_pid;
  }
  return 0;
}

// Binds text or bytes that outlive the statement's next step.
void bind_text(sqlite3_stmt* stmt, int index, const std::string& x) {
  sqlite3_bind_text(stmt, index, x.data(), static_cast<int>(x.size()),
                    SQLITE_STATIC);
}

void bind_blob(sqlite3_stmt* stmt, int index, const std::string& x) {
  sqlite3_bind_blob(stmt, index, x.data(), static_cast<int>(x.size()),
                    SQLITE_STATIC);
}

std::string column_bytes(sqlite3_stmt* stmt, int index) {
  const auto* data = sqlite3_column_blob(stmt, index);
  auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, index));
  return data ? std::string{static_cast<const char*>(data), size}
              : std::string{};
}

} // namespace

result<std::shared_ptr<key_reader>>
storage::open_key_reader(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db,
                      SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr)
      != SQLITE_OK) {
    auto err = sqlite_error(db, "cannot open a reader for keys");
    sqlite3_close(db);
    return err;
  }
  sqlite3_busy_timeout(db, 1000);
  sqlite3_stmt* find = nullptr;
  if (sqlite3_prepare_v3(db,
                         "SELECT fingerprint, outcome, created_ms FROM "
                         "idempotency WHERE principal = ?1 AND key = ?2",
                         -1, SQLITE_PREPARE_PERSISTENT, &find, nullptr)
      != SQLITE_OK) {
    auto err = sqlite_error(db, "cannot prepare the key lookup");
    sqlite3_close(db);
    return err;
  }
  return std::shared_ptr<key_reader>{new key_reader(db, find)};
}

key_reader::key_reader(sqlite3* db, sqlite3_stmt* find)
  : db_(db), find_(find) {}

key_reader::~key_reader() {
  sqlite3_finalize(find_);
  sqlite3_close(db_);
}

result<std::optional<stored_key>> key_reader::find(const std::string& principal,
                                                   const std::string& key) {
  std::lock_guard<std::mutex> lock{mutex_};
  sqlite3_reset(find_);
  bind_text(find_, 1, principal);
  bind_text(find_, 2, key);
  auto rc = sqlite3_step(find_);
  if (rc == SQLITE_DONE) {
    sqlite3_reset(find_); // ends the read, so the WAL can be checkpointed
    return std::optional<stored_key>{};
  }
  if (rc != SQLITE_ROW) {
    auto err = sqlite_error(db_, "cannot look up an idempotency key");
    sqlite3_reset(find_);
    return err;
  }
  stored_key found;
  found.fingerprint = column_bytes(find_, 0);
  auto outcome = decode_outcome(column_bytes(find_, 1));
  found.created_ms = sqlite3_column_int64(find_, 2);
  sqlite3_reset(find_);
  if (!outcome)
    return unavailable("idempotency key " + key
                       + ": stored outcome is damaged");
  found.outcome = std::move(*outcome);
  return std::optional<stored_key>{std::move(found)};
}

result<void> key_reader::scan(
  std::int64_t from_ms,
  const std::function<void(std::string_view, std::string_view, std::int64_t)>&
    fn) {
  std::lock_guard<std::mutex> lock{mutex_};
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_,
                         "SELECT principal, key, created_ms FROM idempotency "
                         "WHERE created_ms >= ?1",
                         -1, &stmt, nullptr)
      != SQLITE_OK)
    return sqlite_error(db_, "cannot read the idempotency keys");
  sqlite3_bind_int64(stmt, 1, from_ms);
  auto text = [stmt](int col) {
    return std::string_view{
      reinterpret_cast<const char*>(sqlite3_column_text(stmt, col)),
      static_cast<std::size_t>(sqlite3_column_bytes(stmt, col))};
  };
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
    fn(text(0), text(1), sqlite3_column_int64(stmt, 2));
  auto done
    = rc == SQLITE_DONE
        ? result<void>{}
        : result<void>{sqlite_error(db_, "cannot read the idempotency keys")};
  sqlite3_finalize(stmt);
  return done;
}

storage::storage(sqlite3* db, int lock_fd) : db_(db), lock_fd_(lock_fd) {}

storage::~storage() {
  sqlite3_finalize(upsert_);
  sqlite3_finalize(remove_);
  sqlite3_finalize(set_next_id_);
  sqlite3_finalize(insert_key_);
  sqlite3_finalize(prune_keys_);
  sqlite3_close(db_);
  if (lock_fd_ >= 0)
    ::close(lock_fd_); // releases the flock
}

result<void> storage::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) == SQLITE_OK)
    return {};
  std::string text = message ? message : sqlite3_errmsg(db_);
  sqlite3_free(message);
  return unavailable(std::move(text));
}

result<std::unique_ptr<storage>> storage::open(const std::string& path) {
  struct stat st {};
  bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && !S_ISREG(st.st_mode))
    return unavailable(path + ": not a regular file");
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (!exists)
    flags |= SQLITE_OPEN_CREATE;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    auto err = sqlite_error(db, path + ": cannot open");
    sqlite3_close(db);
    return err;
  }
  // One server per file: a second one would hand out the same ids. flock
  // does not interfere with SQLite's own locks, so backups still work.
  int lock_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    std::string why = std::strerror(errno);
    if (auto pid = lock_fd >= 0 ? flock_holder(lock_fd) : 0; pid > 0)
      why = "PID " + std::to_string(pid);
    auto err = unavailable(path + ": locked by another inventory-server (" + why
                           + ")");
    if (lock_fd >= 0)
      ::close(lock_fd);
    sqlite3_close(db);
    return err;
  }
  std::unique_ptr<storage> self{new storage(db, lock_fd)};
  sqlite3_busy_timeout(db, 1000);
  // Closing after a refusal must not checkpoint a WAL left by someone else
  // into the file: a refused file stays byte for byte as it was.
  sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  // Validate before changing anything: a foreign or newer file stays as is.
  auto tables = query_int(db, "SELECT count(*) FROM sqlite_master");
  if (!tables)
    return sqlite_error(db, path + ": not a usable database");
  if (*tables > 0) {
    auto has_meta
      = query_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'meta'");
    if (!has_meta || *has_meta == 0)
      return unavailable(path + ": not an inventory database (no meta table)");
    auto version
      = query_int(db, "SELECT value FROM meta WHERE key = 'schema_version'");
    if (!version)
      return unavailable(path
                         + ": not an inventory database (no schema version)");
    if (*version > schema_version)
      return unavailable(path + ": schema version " + std::to_string(*version)
                         + " is newer than this server supports ("
                         + std::to_string(schema_version) + ")");
    if (auto bad = query_int(db, "SELECT count(*) FROM pragma_quick_check "
                                 "WHERE quick_check != 'ok'");
        !bad || *bad != 0)
      return unavailable(path + ": database is corrupt (quick_check failed)");
  }
  // Taking the write lock proves the file is writable and not held by
  // another process.
  if (auto done = self->exec("BEGIN IMMEDIATE"); !done) {
    auto why = done.error().detail;
    // Closed first: closing the probe's descriptors would drop SQLite's
    // own fcntl locks of this process.
    self.reset();
    if (auto pid = posix_lock_holder(path); pid > 0)
      why += " (PID " + std::to_string(pid) + " holds it)";
    return unavailable(path + ": cannot write: " + why);
  }
  if (auto done = self->exec("ROLLBACK"); !done)
    return unavailable(path + ": cannot write: " + done.error().detail);
  if (auto done = self->exec("PRAGMA journal_mode=WAL"); !done)
    return unavailable(path + ": cannot switch to WAL: " + done.error().detail);
  if (auto done = self->exec("PRAGMA synchronous=FULL"); !done)
    return unavailable(path + ": " + done.error().detail);
  if (*tables == 0) {
    if (auto done = self->exec(
          "BEGIN;"
          "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
          "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
          "  quantity INTEGER NOT NULL, version INTEGER NOT NULL);"
          "INSERT INTO meta VALUES ('schema_version', 1), ('next_id', 1);"
          "COMMIT;");
        !done)
      return unavailable(
        path + ": cannot create the schema: " + done.error().detail);
  }
  // Version 2 added the idempotency keys; a version 1 file gains the table.
  if (auto done = self->exec(
        "BEGIN;"
        "CREATE TABLE IF NOT EXISTS idempotency (principal TEXT NOT NULL,"
        "  key TEXT NOT NULL, fingerprint BLOB NOT NULL, outcome BLOB NOT NULL,"
        "  created_ms INTEGER NOT NULL, PRIMARY KEY (principal, key));"
        "CREATE INDEX IF NOT EXISTS idempotency_age"
        "  ON idempotency (created_ms);"
        "UPDATE meta SET value = 2 WHERE key = 'schema_version';"
        "COMMIT;");
      !done)
    return unavailable(path + ": cannot upgrade the schema to version 2: "
                       + done.error().detail);
  if (auto done = self->prepare(); !done)
    return unavailable(path + ": " + done.error().detail);
  auto reader = open_key_reader(path);
  if (!reader)
    return unavailable(path + ": " + reader.error().detail);
  self->keys_ = std::move(*reader);
  sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
  return std::unique_ptr<storage>{std::move(self)};
}

result<void> storage::prepare() {
  auto prep = [this](const char* sql, sqlite3_stmt** stmt) {
    return sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt,
                              nullptr)
           == SQLITE_OK;
  };
  if (!prep("INSERT INTO items (id, name, quantity, version) "
            "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO UPDATE SET "
            "name = ?2, quantity = ?3, version = ?4",
            &upsert_)
      || !prep("DELETE FROM items WHERE id = ?1", &remove_)
      || !prep("UPDATE meta SET value = ?1 WHERE key = 'next_id'",
               &set_next_id_)
      || !prep("INSERT OR REPLACE INTO idempotency (principal, key, "
               "fingerprint, outcome, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
               &insert_key_)
      // Bounded, so pruning a backlog never makes one batch slow.
      || !prep("DELETE FROM idempotency WHERE rowid IN (SELECT rowid FROM "
               "idempotency WHERE created_ms < ?1 ORDER BY created_ms LIMIT "
               "1000)",
               &prune_keys_))
    return unavailable(sqlite3_errmsg(db_));
  return {};
}

result<stored_state> storage::load() {
  stored_state state;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_,
                         "SELECT id, name, quantity, version FROM items "
                         "ORDER BY id",
                         -1, &stmt, nullptr)
      != SQLITE_OK)
    return sqlite_error(db_, "cannot read items");
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    item x;
    x.id = sqlite3_column_int(stmt, 0);
    const auto* name = sqlite3_column_text(stmt, 1);
    x.name.assign(reinterpret_cast<const char*>(name),
                  static_cast<std::size_t>(sqlite3_column_bytes(stmt, 1)));
    x.quantity = sqlite3_column_int(stmt, 2);
    x.version = sqlite3_column_int(stmt, 3);
    // A name written by hand (sqlite3) or by another tool would otherwise
    // go out unchecked in every get_all_items reply, breaking it for all.
    if (auto text = base::check_xml_text(x.name); !text) {
      sqlite3_finalize(stmt);
      return unavailable("item " + std::to_string(x.id)
                         + ": stored name is not text XML can carry ("
                         + text.error() + ")");
    }
    state.items.push_back(std::move(x));
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE)
    return sqlite_error(db_, "cannot read items");
  auto next = query_int(db_, "SELECT value FROM meta WHERE key = 'next_id'");
  if (!next)
    return sqlite_error(db_, "cannot read the id counter");
  state.next_id = static_cast<std::int32_t>(*next);
  return state;
}

result<void> storage::write(const write_batch& batch) {
  if (auto begun = exec("BEGIN"); !begun)
    return begun;
  auto fail = [this]() -> result<void> {
    auto err = unavailable(sqlite3_errmsg(db_));
    (void)exec("ROLLBACK"); // the failure to report is the first one
    return err;
  };
  for (const auto& c : batch.changes) {
    sqlite3_stmt* stmt = c.after ? upsert_ : remove_;
    sqlite3_reset(stmt);
    sqlite3_bind_int(stmt, 1, c.id);
    if (c.after) {
      sqlite3_bind_text(stmt, 2, c.after->name.data(),
                        static_cast<int>(c.after->name.size()), SQLITE_STATIC);
      sqlite3_bind_int(stmt, 3, c.after->quantity);
      sqlite3_bind_int(stmt, 4, c.after->version);
    }
    if (sqlite3_step(stmt) != SQLITE_DONE)
      return fail();
  }
  // A key is written with the change it answered, so neither can be
  // durable without the other.
  for (const auto& k : batch.keys) {
    auto outcome = encode_outcome(k.value.outcome);
    sqlite3_reset(insert_key_);
    bind_text(insert_key_, 1, k.principal);
    bind_text(insert_key_, 2, k.key);
    bind_blob(insert_key_, 3, k.value.fingerprint);
    bind_blob(insert_key_, 4, outcome);
    sqlite3_bind_int64(insert_key_, 5, k.value.created_ms);
    if (sqlite3_step(insert_key_) != SQLITE_DONE)
      return fail();
  }
  if (batch.prune_before_ms > 0) {
    sqlite3_reset(prune_keys_);
    sqlite3_bind_int64(prune_keys_, 1, batch.prune_before_ms);
    if (sqlite3_step(prune_keys_) != SQLITE_DONE)
      return fail();
  }
  sqlite3_reset(set_next_id_);
  sqlite3_bind_int(set_next_id_, 1, batch.next_id);
  if (sqlite3_step(set_next_id_) != SQLITE_DONE)
    return fail();
  // With WAL and synchronous=FULL, COMMIT returns after the WAL is synced.
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    return fail();
  return {};
}

} // namespace actors
