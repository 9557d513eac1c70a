#pragma once

// What SIGHUP does. The server never dies of SIGHUP: the signal is blocked
// in every thread (stop_signal.hpp) and the signal thread, on taking it,
// calls reload_actions::run_all(). Whatever should follow a change on disk
// registers one action here at start-up: the access log's file is reopened
// (for logrotate), and the TLS certificates and the users file are loaded
// again (server/security.hpp).
//
// How to write an action:
// - It runs on the signal thread, not on the thread that owns what it
//   reloads. Do the slow, fallible part there (read and check the new file)
//   and hand the result over to its owner: boost::asio::post to the I/O
//   context for what the listener or connections use, a CAF message for
//   what an actor owns, or a mutex-guarded swap as the access log does.
// - Report a failure as the returned error: the old state stays in force,
//   the error is one diagnostic line ("reload: {name}: {error}"), and the
//   other actions still run. A bad new file never takes the server down.
// - Actions run one after another, in the order they were added, on every
//   SIGHUP; a SIGHUP that arrives while they run is taken after them.

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "base/expected.hpp"

namespace server {

/// The actions SIGHUP runs; see the comment above.
class reload_actions {
public:
  using action = std::function<base::expected<void, std::string>()>;

  /// Adds `what`, named `name` in diagnostics ("access log"). Any thread.
  void add(std::string name, action what);

  /// Runs every action in order; each failure is logged as one line and
  /// returned (as logged), the rest still run. Called by the signal thread.
  std::vector<std::string> run_all();

private:
  struct entry {
    std::string name;
    action what;
  };
  std::mutex mtx_;
  std::vector<entry> actions_;
};

} // namespace server
