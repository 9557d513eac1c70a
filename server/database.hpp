#pragma once

#include <string>

#include "actors/supervisor.hpp"
#include "base/expected.hpp"
#include "server/config.hpp"

namespace server {

/// Opens and loads the database `cfg` names into `opts` (nothing with
/// --in-memory); the error is the one line to print.
base::expected<void, std::string>
open_database(const config& cfg, actors::supervisor_options& opts);

} // namespace server
