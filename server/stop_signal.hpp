#pragma once

#include <atomic>
#include <functional>
#include <thread>

#include <csignal>

namespace server {

/// SIGINT and SIGTERM, blocked in the calling thread and every thread it
/// starts afterwards (CAF's and Asio's inherit the mask): a stop signal is
/// then never the default action, not even during start-up, and no
/// asynchronous handler runs at all. Call first thing in main.
sigset_t block_stop_signals();

/// Takes the first of `signals` (blocked in every thread) on a thread of
/// its own and calls `on_signal` there; stop() ends it if none came.
class stop_signal_waiter {
public:
  stop_signal_waiter(sigset_t signals, std::function<void()> on_signal);
  stop_signal_waiter(const stop_signal_waiter&) = delete;
  stop_signal_waiter& operator=(const stop_signal_waiter&) = delete;
  ~stop_signal_waiter();

  void stop();

private:
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

} // namespace server
