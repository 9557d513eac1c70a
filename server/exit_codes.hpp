#pragma once

namespace server {

/// inventory-server's exit codes (documented in the README).
enum exit_code : int {
  /// Stopped cleanly (SIGINT, SIGTERM), or --help / --version.
  exit_ok = 0,
  /// Could not start or keep running: the port, the database.
  exit_failure = 1,
  /// Bad command line.
  exit_usage = 2,
};

} // namespace server
