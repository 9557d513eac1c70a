// The stress tool's durations, mixes and flags (tools/stress/options.hpp).

#include <gtest/gtest.h>

#include "tools/stress/options.hpp"
#include "tools/stress/setup.hpp"

using namespace std::chrono_literals;
using stress::parse_duration;

namespace {

// parse_options over `args`; the exit code, or -1 to go on.
int parse(std::vector<const char*> args, stress::options& opts) {
  args.insert(args.begin(), "inventory-stress");
  testing::internal::CaptureStderr();
  auto code = stress::parse_options(static_cast<int>(args.size()),
                                    const_cast<char**>(args.data()), opts);
  testing::internal::GetCapturedStderr();
  return code.value_or(-1);
}

} // namespace

TEST(durations, units_and_bare_seconds) {
  EXPECT_EQ(*parse_duration("250us"), 250us);
  EXPECT_EQ(*parse_duration("5ms"), 5ms);
  EXPECT_EQ(*parse_duration("2s"), 2s);
  EXPECT_EQ(*parse_duration("1.5s"), 1500ms);
  EXPECT_EQ(*parse_duration("1m"), 60s);
  EXPECT_EQ(*parse_duration("10"), 10s);
  EXPECT_EQ(*parse_duration("0s"), 0s);
}

TEST(durations, numbers_are_decimal) {
  EXPECT_EQ(*parse_duration("010s"), 10s);
  for (const char* text : {"0x10s", "1e3ms", "inf", "soon", "-5s", "5 s", "",
                           "ms", "5h", "1.2.3s", " 5s"})
    EXPECT_EQ(parse_duration(text).error(),
              "'" + std::string{text}
                + "' is not a duration (a decimal number and us, ms, s or "
                  "m, e.g. 500ms, 10s, 1.5m)")
      << text;
}

TEST(mixes, weights_are_decimal_and_methods_known) {
  auto mix = stress::parse_mix("get=070,adjust=30");
  ASSERT_TRUE(mix) << mix.error();
  EXPECT_EQ(mix->at("get"), 70u);
  EXPECT_EQ(mix->at("adjust"), 30u);
  EXPECT_EQ(stress::parse_mix("get=0x10").error(),
            "mix weight of get: '0x10' is not a decimal whole number");
  EXPECT_EQ(stress::parse_mix("bogus=1").error(), "unknown mix method 'bogus'");
  EXPECT_EQ(stress::parse_mix("get").error(),
            "mix entry 'get' is not method=weight");
  EXPECT_EQ(stress::parse_mix("get=0").error(), "mix weights add up to 0");
}

TEST(flags, numbers_are_decimal_and_name_their_range) {
  stress::options opts;
  EXPECT_EQ(parse({"--clients", "010", "--items", "020", "--seed", "09"}, opts),
            -1);
  EXPECT_EQ(opts.clients, 10u);
  EXPECT_EQ(opts.items, 20u);
  EXPECT_EQ(opts.seed, 9u);
  for (std::vector<const char*> bad :
       {std::vector<const char*>{"--clients", "0x10"},
        {"--clients", "0"},
        {"--clients", "10001"},
        {"--rate", "0x10"},
        {"--rate", "inf"},
        {"--min-rps", "1e"},
        {"--requests", "-1"},
        {"--duration", "0x1s"}}) {
    stress::options o;
    EXPECT_EQ(parse(bad, o), 2) << bad[0] << " " << bad[1];
  }
}

TEST(flags, several_urls_and_keep) {
  stress::options opts;
  EXPECT_EQ(
    parse({"--url", "http://a:1/RPC2", "--url", "http://b:2/RPC2", "--keep"},
          opts),
    -1);
  EXPECT_EQ(opts.urls,
            (std::vector<std::string>{"http://a:1/RPC2", "http://b:2/RPC2"}));
  EXPECT_TRUE(opts.keep);
  stress::options defaults;
  EXPECT_EQ(parse({}, defaults), -1);
  EXPECT_EQ(defaults.urls.size(), 1u);
  EXPECT_FALSE(defaults.keep);
  EXPECT_FALSE(defaults.retry_lost);
}

TEST(flags, retry_lost) {
  stress::options opts;
  EXPECT_EQ(parse({"--retry-lost"}, opts), -1);
  EXPECT_TRUE(opts.retry_lost);
}

TEST(run_prefix, names_a_run_with_eight_hex_digits) {
  EXPECT_EQ(stress::run_prefix(0x1a2b3c4d), "stress-1a2b3c4d-");
  EXPECT_EQ(stress::run_prefix(7), "stress-00000007-");
}
