// The SIGHUP hook as plain code: actions run in order, a failing one is
// reported and does not stop the others.

#include "server/reload.hpp"

#include <gtest/gtest.h>

namespace {

TEST(reload_actions, every_action_runs_in_the_order_added) {
  server::reload_actions reloads;
  std::string trace;
  reloads.add("a", [&]() -> base::expected<void, std::string> {
    trace += 'a';
    return {};
  });
  reloads.add("b", [&]() -> base::expected<void, std::string> {
    trace += 'b';
    return {};
  });
  EXPECT_TRUE(reloads.run_all().empty());
  EXPECT_TRUE(reloads.run_all().empty());
  EXPECT_EQ(trace, "abab");
}

TEST(reload_actions, a_failure_is_reported_and_the_rest_still_run) {
  server::reload_actions reloads;
  bool after = false;
  reloads.add("certificate", []() -> base::expected<void, std::string> {
    return std::string{"server.pem: no certificate in it"};
  });
  reloads.add("access log", [&]() -> base::expected<void, std::string> {
    after = true;
    return {};
  });
  auto failures = reloads.run_all();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0],
            "reload: certificate: server.pem: no certificate in it");
  EXPECT_TRUE(after);
}

TEST(reload_actions, an_action_may_add_another) {
  server::reload_actions reloads;
  int runs = 0;
  reloads.add("first", [&]() -> base::expected<void, std::string> {
    reloads.add("second", [&]() -> base::expected<void, std::string> {
      ++runs;
      return {};
    });
    return {};
  });
  reloads.run_all(); // adds "second" without deadlocking
  EXPECT_EQ(runs, 0);
  reloads.run_all();
  EXPECT_EQ(runs, 1);
}

} // namespace
