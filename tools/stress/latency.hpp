#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include <boost/histogram.hpp>

namespace stress {

/// Latencies of the whole run in a log-bucket histogram (Boost.Histogram,
/// 1 us to 100 s, 300 buckets, thread-safe counters), plus exact counts.
class latency_recorder {
public:
  latency_recorder();

  void record(std::chrono::microseconds latency);
  void record_error() { errors_.fetch_add(1, std::memory_order_relaxed); }

  std::uint64_t count() const;
  std::uint64_t errors() const {
    return errors_.load(std::memory_order_relaxed);
  }
  /// The latency below which fraction `q` of the samples lie (the upper
  /// edge of its bucket, so never optimistic).
  std::chrono::microseconds quantile(double q) const;
  std::chrono::microseconds max() const {
    return std::chrono::microseconds{max_.load(std::memory_order_relaxed)};
  }

private:
  using axis_type
    = boost::histogram::axis::regular<double,
                                      boost::histogram::axis::transform::log>;
  using storage_type = boost::histogram::dense_storage<
    boost::histogram::accumulators::count<std::uint64_t, true>>;
  boost::histogram::histogram<std::tuple<axis_type>, storage_type> hist_;
  std::atomic<std::int64_t> max_{0};
  std::atomic<std::uint64_t> errors_{0};
};

} // namespace stress
