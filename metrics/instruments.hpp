#pragma once

// The instruments the layers count into. Hot paths touch only relaxed
// atomics in cache-line-sized shards picked per thread, so threads that
// count the same thing do not fight over one line; a scrape sums them.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace metrics {

/// Shards per instrument: more than the threads that count at once here
/// (the I/O thread and the CAF workers).
constexpr std::size_t shard_count = 16;

/// This thread's shard, fixed for its life (threads take them in turn).
std::size_t this_shard() noexcept;

/// A monotonic count.
class counter {
public:
  void add(std::uint64_t n = 1) noexcept {
    cells_[this_shard()].value.fetch_add(n, std::memory_order_relaxed);
  }

  /// The sum over every shard; any thread.
  std::uint64_t value() const noexcept;

private:
  struct alignas(64) cell {
    std::atomic<std::uint64_t> value{0};
  };
  std::array<cell, shard_count> cells_;
};

/// A value that goes up and down; set from one thread at a time (the I/O
/// thread, an actor), read by a scrape.
class gauge {
public:
  void set(std::int64_t x) noexcept {
    value_.store(x, std::memory_order_relaxed);
  }
  void add(std::int64_t x) noexcept {
    value_.fetch_add(x, std::memory_order_relaxed);
  }
  std::int64_t value() const noexcept {
    return value_.load(std::memory_order_relaxed);
  }

private:
  std::atomic<std::int64_t> value_{0};
};

/// A distribution over fixed upper bounds (the last bucket, +Inf, is
/// implied).
class histogram {
public:
  explicit histogram(std::vector<double> bounds);

  void observe(double x) noexcept;

  /// What a scrape reads: cumulative counts per bound, +Inf last.
  struct snapshot {
    std::vector<double> bounds;
    std::vector<std::uint64_t> cumulative;
    std::uint64_t count = 0;
    double sum = 0;
  };
  snapshot read() const;

  const std::vector<double>& bounds() const { return bounds_; }

private:
  struct alignas(64) shard {
    explicit shard(std::size_t buckets);
    std::unique_ptr<std::atomic<std::uint64_t>[]> counts;
    std::atomic<double> sum{0};
  };
  std::vector<double> bounds_;
  std::vector<std::unique_ptr<shard>> shards_;
};

/// Bounds in seconds for request latencies: 50 µs to 10 s.
std::vector<double> latency_bounds();

/// Bounds for counts (a commit's batch size): 1, 2, 4, ... 4096.
std::vector<double> size_bounds();

} // namespace metrics
