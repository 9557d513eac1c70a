#include "auth/login_throttle.hpp"

#include <algorithm>

namespace auth {

std::chrono::seconds login_throttle::blocked_for(const std::string& address,
                                                 clock::time_point now) const {
  auto i = entries_.find(address);
  if (i == entries_.end() || i->second.blocked_until <= now)
    return std::chrono::seconds{0};
  // Rounded up: a client that waits Retry-After seconds is let in.
  auto left = i->second.blocked_until - now;
  return std::chrono::ceil<std::chrono::seconds>(left);
}

void login_throttle::record_failure(const std::string& address,
                                    clock::time_point now) {
  auto i = entries_.find(address);
  if (i == entries_.end()) {
    make_room(now);
    i = entries_.emplace(address, entry{}).first;
  }
  auto& e = i->second;
  if (e.blocks > 0 && now - e.blocked_until > settings_.max_block)
    e.blocks = 0; // quiet long enough: start from the first block again
  if (e.failures == 0 || now - e.window_start > settings_.window) {
    e.failures = 0;
    e.window_start = now;
  }
  if (++e.failures < settings_.max_failures)
    return;
  auto block = settings_.first_block * (1LL << std::min(e.blocks, 16));
  e.blocked_until
    = now + std::min<std::chrono::seconds>(block, settings_.max_block);
  ++e.blocks;
  e.failures = 0;
}

void login_throttle::record_success(const std::string& address) {
  entries_.erase(address);
}

// Forgets addresses that are neither blocked nor inside a window; if that
// frees nothing, the one whose block ends first.
void login_throttle::make_room(clock::time_point now) {
  if (entries_.size() < settings_.max_addresses)
    return;
  for (auto i = entries_.begin(); i != entries_.end();) {
    const auto& e = i->second;
    if (e.blocked_until <= now && now - e.window_start > settings_.window)
      i = entries_.erase(i);
    else
      ++i;
  }
  if (entries_.size() < settings_.max_addresses)
    return;
  auto first = std::min_element(
    entries_.begin(), entries_.end(), [](const auto& x, const auto& y) {
      return x.second.blocked_until < y.second.blocked_until;
    });
  entries_.erase(first);
}

} // namespace auth
