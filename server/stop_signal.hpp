#pragma once

#include <atomic>
#include <functional>
#include <thread>

#include <csignal>

namespace server {

/// SIGINT, SIGTERM and SIGHUP, blocked in the calling thread and every
/// thread it starts afterwards (CAF's and Asio's inherit the mask): a stop
/// signal is then never the default action, not even during start-up, SIGHUP
/// never kills, and no asynchronous handler runs at all. SIGPIPE is ignored:
/// a log whose reader went away fails its writes with EPIPE instead of
/// killing the server. Call first thing in main.
sigset_t block_stop_signals();

/// Takes the signals of block_stop_signals() on a thread of its own: the
/// first SIGINT or SIGTERM calls `on_stop` there and ends the thread; each
/// SIGHUP before it calls `on_reload` there (see reload.hpp). stop() ends
/// the thread if no stop signal came.
class stop_signal_waiter {
public:
  stop_signal_waiter(sigset_t signals, std::function<void()> on_stop,
                     std::function<void()> on_reload = {});
  stop_signal_waiter(const stop_signal_waiter&) = delete;
  stop_signal_waiter& operator=(const stop_signal_waiter&) = delete;
  ~stop_signal_waiter();

  void stop();

private:
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

} // namespace server
