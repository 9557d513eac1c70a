#include "tools/stress/latency.hpp"

namespace stress {

latency_recorder::latency_recorder()
  : hist_(boost::histogram::make_histogram_with(storage_type{},
                                                axis_type{300, 1.0, 1e8})) {}

void latency_recorder::record(std::chrono::microseconds latency) {
  auto us = std::max<std::int64_t>(1, latency.count());
  hist_(static_cast<double>(us));
  auto prev = max_.load(std::memory_order_relaxed);
  while (us > prev
         && !max_.compare_exchange_weak(prev, us, std::memory_order_relaxed))
    ;
}

std::uint64_t latency_recorder::count() const {
  std::uint64_t total = 0;
  const auto& ax = hist_.axis(0);
  for (int i = -1; i <= ax.size(); ++i) // underflow, bins, overflow
    total += hist_.at(i).value();
  return total;
}

std::chrono::microseconds latency_recorder::quantile(double q) const {
  auto total = count();
  if (total == 0)
    return std::chrono::microseconds{0};
  auto rank = static_cast<std::uint64_t>(q * static_cast<double>(total));
  std::uint64_t seen = 0;
  const auto& ax = hist_.axis(0);
  for (int i = -1; i <= ax.size(); ++i) {
    seen += hist_.at(i).value();
    if (seen > rank) {
      auto upper = ax.bin(i).upper();
      if (!std::isfinite(upper))
        return max();
      return std::min(
        max(), std::chrono::microseconds{static_cast<std::int64_t>(upper)});
    }
  }
  return max();
}

} // namespace stress
