#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace auth {

/// Runs Argon2id verifications on a thread of its own at low priority, so
/// the slow hash never runs on the I/O thread or a CAF worker and a login
/// storm cannot starve requests that are already authenticated. Bounded:
/// past `max_pending` waiting jobs, submit() refuses.
class password_verifier {
public:
  struct job {
    /// The stored Argon2id string; empty for an unknown user, which is
    /// verified against a dummy hash so it takes as long as a known one.
    std::string hash;
    std::string password;
    /// Called on the verifier's thread with the outcome.
    std::function<void(bool matches)> done;
  };

  explicit password_verifier(std::size_t max_pending = 256);
  /// Stops the thread; jobs still waiting are dropped unanswered.
  ~password_verifier();

  password_verifier(const password_verifier&) = delete;
  password_verifier& operator=(const password_verifier&) = delete;

  /// Queues `x`; false when max_pending jobs wait already.
  bool submit(job x);

private:
  void run();

  std::size_t max_pending_;
  std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<job> jobs_;
  bool stop_ = false;
  std::thread thread_;
};

} // namespace auth
