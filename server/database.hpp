#pragma once

#include <cstddef>
#include <string>

#include "actors/supervisor.hpp"
#include "base/expected.hpp"
#include "server/config.hpp"

namespace server {

/// What the startup line says about the data.
struct database_info {
  /// The database's absolute path; empty with --in-memory.
  std::string path;
  /// The file did not exist and was created now.
  bool created = false;
  std::size_t items = 0;
};

/// Opens and loads the database `cfg` names into `opts` (nothing with
/// --in-memory); the error is the one line to print.
base::expected<database_info, std::string>
open_database(const config& cfg, actors::supervisor_options& opts);

/// The startup line: `Data: /srv/inventory.db (12 items)`, `(new database,
/// 0 items)` when it was just created, or `Data: in memory only
/// (--in-memory)`; then `; inventory-server {version}`.
std::string data_line(const database_info& info);

} // namespace server
