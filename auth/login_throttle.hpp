#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>

namespace auth {

/// Counts failed logins per address: after `max_failures` within `window`
/// the address is refused for `first_block`, and for twice as long at each
/// block that follows, up to `max_block`; a success forgets the address. At
/// most `max_addresses` are remembered. Plain code for one thread.
class login_throttle {
public:
  using clock = std::chrono::steady_clock;

  struct settings {
    std::size_t max_failures = 5;
    std::chrono::seconds window{10};
    std::chrono::seconds first_block{5};
    std::chrono::seconds max_block{300};
    std::size_t max_addresses = 10000;
  };

  login_throttle() = default;
  explicit login_throttle(settings s) : settings_(s) {}

  /// How long `address` is still refused (zero: it is not).
  std::chrono::seconds blocked_for(const std::string& address,
                                   clock::time_point now) const;

  /// A failed login from `address`.
  void record_failure(const std::string& address, clock::time_point now);

  /// A successful login from `address`.
  void record_success(const std::string& address);

  std::size_t remembered() const { return entries_.size(); }

private:
  struct entry {
    /// Failures in the current window, and when it started.
    std::size_t failures = 0;
    clock::time_point window_start;
    clock::time_point blocked_until;
    /// Blocks so far; each doubles the next.
    int blocks = 0;
  };

  void make_room(clock::time_point now);

  settings settings_;
  std::unordered_map<std::string, entry> entries_;
};

} // namespace auth
