// The metrics layer without a server: sharded counting is exact across
// threads, histograms are cumulative with +Inf last, and the exposition
// is what Prometheus reads.

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "metrics/health.hpp"
#include "metrics/instruments.hpp"
#include "metrics/registry.hpp"

namespace {

TEST(Counter, SumsEveryThreadsShardExactly) {
  metrics::counter c;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&c] {
      for (int i = 0; i < 100000; ++i)
        c.add();
      c.add(5);
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(c.value(), 8u * 100005u);
}

TEST(Histogram, BucketsAreCumulativeWithInfLast) {
  metrics::histogram h{{0.1, 1, 10}};
  for (double x : {0.05, 0.1, 0.5, 2.0, 20.0, 30.0})
    h.observe(x);
  auto s = h.read();
  ASSERT_EQ(s.cumulative.size(), 4u);
  // le is inclusive: 0.1 falls into the 0.1 bucket.
  EXPECT_EQ(s.cumulative, (std::vector<std::uint64_t>{2, 3, 4, 6}));
  EXPECT_EQ(s.count, 6u);
  EXPECT_DOUBLE_EQ(s.sum, 52.65);
}

TEST(Registry, ExposesTextFormatWithTypesHelpAndLabels) {
  metrics::registry r;
  r.make_counter("x_requests_total", "Requests.", {{"method", "get"}}).add(3);
  r.make_counter("x_requests_total", "Requests.", {{"method", "put"}});
  r.make_gauge("x_open", "Open.").set(-2);
  r.make_histogram("x_seconds", "Latency.", {0.5, 1}).observe(0.7);
  r.add_sampled("x_sampled", "Sampled.", metrics::kind::gauge,
                [] { return 42.0; });
  auto text = r.expose();
  EXPECT_NE(text.find("# HELP x_requests_total Requests.\n"
                      "# TYPE x_requests_total counter\n"
                      "x_requests_total{method=\"get\"} 3\n"
                      "x_requests_total{method=\"put\"} 0\n"),
            std::string::npos)
    << text;
  EXPECT_NE(text.find("x_open -2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("x_seconds_bucket{le=\"0.5\"} 0\n"
                      "x_seconds_bucket{le=\"1\"} 1\n"
                      "x_seconds_bucket{le=\"+Inf\"} 1\n"),
            std::string::npos)
    << text;
  EXPECT_NE(text.find("x_seconds_count 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("x_sampled 42\n"), std::string::npos) << text;
}

TEST(Registry, RefusesOneNameWithTwoTypes) {
  metrics::registry r;
  r.make_counter("x_total", "X.");
  EXPECT_THROW(r.make_gauge("x_total", "X."), std::logic_error);
}

TEST(Registry, ProcessMetricsReadProc) {
  metrics::registry r;
  metrics::add_process_metrics(r);
  metrics::add_build_info(r, "x", "1.2.3");
  auto text = r.expose();
  for (const char* name :
       {"process_cpu_seconds_total ", "process_resident_memory_bytes ",
        "process_open_fds ", "process_max_fds ", "process_start_time_seconds ",
        "x_build_info{version=\"1.2.3\"} 1"})
    EXPECT_NE(text.find(std::string{"\n"} + name), std::string::npos)
      << name << "\n"
      << text;
  EXPECT_EQ(text.find("\nprocess_resident_memory_bytes 0\n"),
            std::string::npos);
}

TEST(Health, FirstProblemWins) {
  metrics::health h;
  EXPECT_FALSE(h.problem());
  bool down = false;
  h.add([&down]() -> std::optional<std::string> {
    if (down)
      return "storage unavailable";
    return std::nullopt;
  });
  h.add([]() -> std::optional<std::string> { return std::nullopt; });
  EXPECT_FALSE(h.problem());
  down = true;
  EXPECT_EQ(h.problem(), "storage unavailable");
}

} // namespace
