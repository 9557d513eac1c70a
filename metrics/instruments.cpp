#include "metrics/instruments.hpp"

#include <algorithm>

namespace metrics {

std::size_t this_shard() noexcept {
  static std::atomic<std::size_t> next{0};
  thread_local std::size_t mine
    = next.fetch_add(1, std::memory_order_relaxed) % shard_count;
  return mine;
}

std::uint64_t counter::value() const noexcept {
  std::uint64_t sum = 0;
  for (const auto& c : cells_)
    sum += c.value.load(std::memory_order_relaxed);
  return sum;
}

histogram::shard::shard(std::size_t buckets)
  : counts(new std::atomic<std::uint64_t>[buckets]) {
  for (std::size_t i = 0; i < buckets; ++i)
    counts[i].store(0, std::memory_order_relaxed);
}

histogram::histogram(std::vector<double> bounds) : bounds_(std::move(bounds)) {
  std::sort(bounds_.begin(), bounds_.end());
  shards_.reserve(shard_count);
  for (std::size_t i = 0; i < shard_count; ++i)
    shards_.push_back(std::make_unique<shard>(bounds_.size() + 1));
}

void histogram::observe(double x) noexcept {
  // le semantics: the first bound at or above x.
  auto i = static_cast<std::size_t>(
    std::lower_bound(bounds_.begin(), bounds_.end(), x) - bounds_.begin());
  auto& s = *shards_[this_shard()];
  s.counts[i].fetch_add(1, std::memory_order_relaxed);
  auto old = s.sum.load(std::memory_order_relaxed);
  while (!s.sum.compare_exchange_weak(old, old + x, std::memory_order_relaxed))
    ;
}

histogram::snapshot histogram::read() const {
  snapshot out;
  out.bounds = bounds_;
  std::vector<std::uint64_t> per_bucket(bounds_.size() + 1, 0);
  for (const auto& s : shards_) {
    for (std::size_t i = 0; i < per_bucket.size(); ++i)
      per_bucket[i] += s->counts[i].load(std::memory_order_relaxed);
    out.sum += s->sum.load(std::memory_order_relaxed);
  }
  out.cumulative.resize(per_bucket.size());
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < per_bucket.size(); ++i) {
    running += per_bucket[i];
    out.cumulative[i] = running;
  }
  out.count = running;
  return out;
}

std::vector<double> latency_bounds() {
  return {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,    0.1,    0.25,    0.5,    1,     2.5,    5,     10};
}

std::vector<double> size_bounds() {
  std::vector<double> out;
  for (double x = 1; x <= 4096; x *= 2)
    out.push_back(x);
  return out;
}

} // namespace metrics
