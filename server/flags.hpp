#pragma once

#include "base/expected.hpp"
#include "server/config.hpp"
#include "server/exit_codes.hpp"

namespace server {

/// The program's name and version, as --version prints it.
constexpr const char* version_text = "inventory-server " INVENTORY_VERSION;

/// Parsing ended the program: --help or --version was printed (exit_ok),
/// or an error line (exit_usage).
struct stop_with {
  exit_code code;
};

/// The settings the command line asks for, or why to stop.
base::expected<config, stop_with> parse_flags(int argc, char** argv);

} // namespace server
