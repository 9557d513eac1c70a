#include "server/database.hpp"

#include <filesystem>
#include <system_error>

#include "actors/storage.hpp"
#include "server/flags.hpp"

namespace server {

base::expected<database_info, std::string>
open_database(const config& cfg, actors::supervisor_options& opts) {
  database_info info;
  opts.keys.ttl = cfg.idempotency_ttl;
  opts.keys.cache_size = cfg.idempotency_keys;
  if (cfg.in_memory)
    return info;
  std::error_code ec;
  auto absolute = std::filesystem::absolute(cfg.data, ec);
  info.path = ec ? cfg.data : absolute.lexically_normal().string();
  info.created = !std::filesystem::exists(info.path, ec) && !ec;
  auto opened = actors::storage::open(info.path);
  if (!opened)
    return opened.error().detail;
  opts.db = std::move(*opened);
  auto loaded = opts.db->load();
  if (!loaded)
    return info.path + ": " + loaded.error().detail;
  opts.initial = std::move(*loaded);
  info.items = opts.initial.items.size();
  return info;
}

std::string data_line(const database_info& info) {
  std::string line = "Data: ";
  if (info.path.empty()) {
    line += "in memory only (--in-memory)";
  } else {
    line += info.path + " (";
    if (info.created)
      line += "new database, ";
    line += std::to_string(info.items) + " items)";
  }
  return line + "; " + version_text;
}

} // namespace server
