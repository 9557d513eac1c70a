#include <limits>

#include <gtest/gtest.h>

#include "tools/stress/server_metrics.hpp"

namespace {

constexpr const char* before_text
  = "# TYPE inventory_rpc_requests_total counter\n"
    "inventory_rpc_requests_total{method=\"get_item\",outcome=\"ok\"} 10\n"
    "inventory_rpc_requests_total{method=\"add_item\",outcome=\"ok\"} 5\n"
    "inventory_rpc_request_duration_seconds_bucket{method=\"get_item\","
    "le=\"0.001\"} 10\n"
    "inventory_rpc_request_duration_seconds_bucket{method=\"get_item\","
    "le=\"0.002\"} 10\n"
    "inventory_rpc_request_duration_seconds_bucket{method=\"get_item\","
    "le=\"+Inf\"} 10\n"
    "inventory_rpc_request_duration_seconds_bucket{method=\"add_item\","
    "le=\"0.001\"} 0\n"
    "inventory_rpc_request_duration_seconds_bucket{method=\"add_item\","
    "le=\"0.002\"} 5\n"
    "inventory_rpc_request_duration_seconds_bucket{method=\"add_item\","
    "le=\"+Inf\"} 5\n";

TEST(ServerMetrics, SumsOverMethods) {
  auto c = stress::parse_server_counts(before_text);
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->requests, 15);
  EXPECT_EQ(c->buckets.at(0.001), 10);
  EXPECT_EQ(c->buckets.at(0.002), 15);
}

TEST(ServerMetrics, QuantilesInterpolateTheIncrease) {
  auto before = *stress::parse_server_counts(before_text);
  auto after = before;
  after.requests += 100;
  // 100 more: 50 under 1 ms, 50 between 1 and 2 ms.
  after.buckets[0.001] += 50;
  after.buckets[0.002] += 100;
  after.buckets[std::numeric_limits<double>::infinity()] += 100;
  EXPECT_DOUBLE_EQ(stress::server_quantile(0.5, before, after), 0.001);
  EXPECT_DOUBLE_EQ(stress::server_quantile(0.75, before, after), 0.0015);
  EXPECT_DOUBLE_EQ(stress::server_quantile(0.5, before, before), 0);
  auto line = stress::render_server_side(before, after, 2.0);
  EXPECT_EQ(
    line.rfind("server side (its /metrics): 100 requests, 50.0 req/s;", 0), 0u)
    << line;
}

TEST(ServerMetrics, OtherTextIsRefused) {
  EXPECT_FALSE(stress::parse_server_counts("<html>not metrics</html>\n"));
}

} // namespace
