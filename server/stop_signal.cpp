#include "server/stop_signal.hpp"

#include <pthread.h>

namespace server {

sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

stop_signal_waiter::stop_signal_waiter(sigset_t signals,
                                       std::function<void()> on_signal)
  : thread_{[this, signals, on_signal = std::move(on_signal)] {
      int sig = 0;
      sigwait(&signals, &sig);
      if (!stopping_)
        on_signal();
    }} {}

stop_signal_waiter::~stop_signal_waiter() {
  stop();
}

void stop_signal_waiter::stop() {
  if (!thread_.joinable())
    return;
  stopping_ = true;
  // Wakes sigwait: the signal is blocked, so it cannot end the process. A
  // no-op once the thread has taken a signal.
  pthread_kill(thread_.native_handle(), SIGINT);
  thread_.join();
}

} // namespace server
