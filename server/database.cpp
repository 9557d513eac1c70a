#include "server/database.hpp"

#include "actors/storage.hpp"

namespace server {

base::expected<void, std::string>
open_database(const config& cfg, actors::supervisor_options& opts) {
  if (cfg.in_memory)
    return {};
  auto opened = actors::storage::open(cfg.data);
  if (!opened)
    return opened.error().detail;
  opts.db = std::move(*opened);
  auto loaded = opts.db->load();
  if (!loaded)
    return cfg.data + ": " + loaded.error().detail;
  opts.initial = std::move(*loaded);
  return {};
}

} // namespace server
