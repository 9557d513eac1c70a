#pragma once

namespace server {

/// `inventory-server users add|remove|list ...`: manages a users file.
/// `argv[0]` is "users". Returns the exit code: 0 done, 1 failed (the file,
/// an unknown user), 2 bad command line.
int run_users_command(int argc, char** argv);

} // namespace server
