#include "auth/password_verifier.hpp"

#include <sodium.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "auth/password.hpp"

namespace auth {

password_verifier::password_verifier(std::size_t max_pending)
  : max_pending_(max_pending), thread_([this] { run(); }) {}

password_verifier::~password_verifier() {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

bool password_verifier::submit(job x) {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (jobs_.size() >= max_pending_)
      return false;
    jobs_.push_back(std::move(x));
  }
  cv_.notify_one();
  return true;
}

void password_verifier::run() {
  // Lowest priority for this thread only (Linux applies nice per thread).
  setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 19);
  // Unknown users are checked against this, so they cost as much time.
  auto dummy = hash_password("not a password of anyone");
  for (;;) {
    job next;
    {
      std::unique_lock<std::mutex> guard{mtx_};
      cv_.wait(guard, [this] { return stop_ || !jobs_.empty(); });
      if (stop_)
        return;
      next = std::move(jobs_.front());
      jobs_.pop_front();
    }
    bool known = !next.hash.empty();
    const auto& hash = known ? next.hash : (dummy ? *dummy : next.hash);
    bool matches = verify_password(hash, next.password) && known;
    sodium_memzero(next.password.data(), next.password.size());
    next.done(matches);
  }
}

} // namespace auth
