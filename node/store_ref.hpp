#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

#include "node/store_actor.hpp"

namespace node {

/// Where a gateway's sessions find the store: the handle of its published
/// actor while the link is up. The link actor (store_link.hpp) writes it,
/// every session reads it; the lock guards the handle only. It also bounds
/// the gateway's requests at the store: one TCP connection carries them
/// all, and BASP has no backpressure of its own.
class store_ref {
public:
  explicit store_ref(std::size_t max_in_flight = 1024)
    : max_in_flight_(max_in_flight) {}

  /// Bumped whenever the link goes up or down; cheap to poll.
  std::uint64_t generation() const {
    return generation_.load(std::memory_order_acquire);
  }

  /// The store's handle, or an invalid one while the link is down.
  store_actor get() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return current_;
  }

  bool up() const { return up_.load(std::memory_order_acquire); }

  /// The link is up with `x`, or (invalid `x`) down.
  void set(store_actor x) {
    std::lock_guard<std::mutex> guard{mtx_};
    up_.store(static_cast<bool>(x), std::memory_order_release);
    current_ = std::move(x);
    generation_.fetch_add(1, std::memory_order_acq_rel);
  }

  /// Takes one of the in-flight slots; false when all are taken.
  bool try_begin() {
    auto n = in_flight_.fetch_add(1, std::memory_order_acq_rel);
    if (n < max_in_flight_)
      return true;
    in_flight_.fetch_sub(1, std::memory_order_acq_rel);
    return false;
  }

  /// Gives a slot back.
  void end() { in_flight_.fetch_sub(1, std::memory_order_acq_rel); }

  std::size_t in_flight() const {
    return in_flight_.load(std::memory_order_acquire);
  }

private:
  mutable std::mutex mtx_;
  store_actor current_;
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<bool> up_{false};
  std::size_t max_in_flight_;
  std::atomic<std::size_t> in_flight_{0};
};

} // namespace node
