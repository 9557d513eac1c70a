#pragma once

// A database file of its own for one CAF test, removed afterwards, and a
// way to read it past the storage's lock.

#include <filesystem>
#include <memory>
#include <string>

#include <sqlite3.h>
#include <unistd.h>

#include "actors/storage.hpp"

#include "caf/test/unit_test.hpp"

struct temp_database {
  explicit temp_database(const std::string& name)
    : dir(std::filesystem::temp_directory_path()
          / (name + "-" + std::to_string(::getpid()))),
      path((dir / "inventory.db").string()) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~temp_database() { std::filesystem::remove_all(dir); }

  // The first column of the first row.
  std::string query(const char* sql) const {
    sqlite3* conn = nullptr;
    sqlite3_stmt* stmt = nullptr;
    std::string result;
    if (sqlite3_open(path.c_str(), &conn) == SQLITE_OK
        && sqlite3_prepare_v2(conn, sql, -1, &stmt, nullptr) == SQLITE_OK
        && sqlite3_step(stmt) == SQLITE_ROW)
      result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    sqlite3_close(conn);
    return result;
  }

  std::shared_ptr<actors::storage> open() const {
    auto res = actors::storage::open(path);
    if (!res)
      CAF_FAIL(res.error().detail);
    return std::move(*res);
  }

  std::filesystem::path dir;
  std::string path;
};
