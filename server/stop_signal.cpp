#include "server/stop_signal.hpp"

#include <pthread.h>

namespace server {

sigset_t block_stop_signals() {
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

stop_signal_waiter::stop_signal_waiter(sigset_t signals,
                                       std::function<void()> on_stop,
                                       std::function<void()> on_reload)
  : thread_{[this, signals, on_stop = std::move(on_stop),
             on_reload = std::move(on_reload)] {
      for (;;) {
        int sig = 0;
        sigwait(&signals, &sig);
        if (stopping_)
          return;
        if (sig != SIGHUP)
          return on_stop();
        if (on_reload)
          on_reload();
      }
    }} {}

stop_signal_waiter::~stop_signal_waiter() {
  stop();
}

void stop_signal_waiter::stop() {
  if (!thread_.joinable())
    return;
  stopping_ = true;
  // Wakes sigwait: the signal is blocked, so it cannot end the process. A
  // no-op once the thread has taken a stop signal.
  pthread_kill(thread_.native_handle(), SIGINT);
  thread_.join();
}

} // namespace server
