// The latency recorder's quantiles (tools/stress/latency.hpp).

#include <gtest/gtest.h>

#include "tools/stress/latency.hpp"

using namespace std::chrono_literals;
using std::chrono::microseconds;

TEST(latency, an_empty_recorder_reports_zero) {
  stress::latency_recorder r;
  EXPECT_EQ(r.count(), 0u);
  EXPECT_EQ(r.quantile(0.5), 0us);
  EXPECT_EQ(r.quantile(0.99), 0us);
}

TEST(latency, quantiles_are_never_optimistic_and_never_above_the_max) {
  stress::latency_recorder r;
  for (int i = 1; i <= 1000; ++i)
    r.record(microseconds{i * 10}); // 10us .. 10ms
  EXPECT_EQ(r.count(), 1000u);
  EXPECT_EQ(r.max(), 10000us);
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    auto exact = microseconds{static_cast<long long>(q * 1000) * 10 + 10};
    auto got = r.quantile(q);
    EXPECT_GE(got, exact) << q; // the upper edge of its bucket
    EXPECT_LE(got.count(), exact.count() * 107 / 100) << q; // 300 log buckets
    EXPECT_LE(got, r.max());
  }
  EXPECT_EQ(r.quantile(1.0), r.max());
}

TEST(latency, one_slow_request_shows_in_the_tail_only) {
  stress::latency_recorder r;
  for (int i = 0; i < 999; ++i)
    r.record(100us);
  r.record(2s);
  EXPECT_LT(r.quantile(0.5), 110us);
  EXPECT_LT(r.quantile(0.99), 110us);
  EXPECT_EQ(r.quantile(0.9995), 2s);
  EXPECT_EQ(r.max(), 2s);
}

TEST(latency, errors_are_counted_apart_from_latencies) {
  stress::latency_recorder r;
  r.record(5us);
  r.record_error();
  r.record_error();
  EXPECT_EQ(r.count(), 1u);
  EXPECT_EQ(r.errors(), 2u);
}

TEST(latency, samples_outside_the_axis_are_kept) {
  stress::latency_recorder r;
  r.record(0us);  // below 1us: counted as 1us
  r.record(200s); // above 100s: overflow
  EXPECT_EQ(r.count(), 2u);
  EXPECT_EQ(r.quantile(0.99), 200s);
}
