// The shared command-line conventions (base/command_line.hpp) on a real
// CLI11 app: decimal options, help, version, usage errors.

#include <cstdint>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "base/command_line.hpp"

namespace {

// An app with one integer and one floating-point option.
struct test_app {
  CLI::App app{"test", "prog"};
  std::int32_t count = 0;
  std::uint16_t port = 0;
  double seconds = 0;

  test_app() {
    app.set_version_flag("--version", "prog 1.2.3");
    app.add_option("--count", count)
      ->transform(base::decimal<std::int32_t>(1, 10000));
    app.add_option("--port", port)
      ->transform(base::decimal<std::uint16_t>(0, 65535));
    app.add_option("--seconds", seconds)
      ->transform(base::decimal_number(0.01, 3600));
  }

  // Parses `args`; the exit code (or -1 to go on) and what went to the
  // standard streams.
  int parse(std::vector<const char*> args, std::string* out = nullptr,
            std::string* err = nullptr) {
    args.insert(args.begin(), "prog");
    std::ostringstream o, e;
    auto* old_out = std::cout.rdbuf(o.rdbuf());
    auto* old_err = std::cerr.rdbuf(e.rdbuf());
    auto code = base::parse_command_line(app, static_cast<int>(args.size()),
                                         args.data());
    std::cout.rdbuf(old_out);
    std::cerr.rdbuf(old_err);
    if (out)
      *out = o.str();
    if (err)
      *err = e.str();
    return code.value_or(-1);
  }
};

} // namespace

TEST(command_line, integer_options_read_zero_padded_numbers_as_decimal) {
  test_app t;
  EXPECT_EQ(t.parse({"--count", "010", "--port", "020000"}), -1);
  EXPECT_EQ(t.count, 10);    // strtoll base 0 would say 8
  EXPECT_EQ(t.port, 20000u); // and 8192 here
}

TEST(command_line, hexadecimal_and_out_of_range_values_are_usage_errors) {
  std::string err;
  test_app a;
  EXPECT_EQ(a.parse({"--count", "0x10"}, nullptr, &err), 2);
  EXPECT_EQ(err, "prog: --count: '0x10' is not a decimal whole number (see "
                 "--help)\n");
  test_app b;
  EXPECT_EQ(b.parse({"--count", "0"}, nullptr, &err), 2);
  EXPECT_NE(err.find("'0' is out of range 1..10000"), std::string::npos) << err;
  test_app c;
  EXPECT_EQ(c.parse({"--port", "65536"}, nullptr, &err), 2);
  EXPECT_NE(err.find("out of range 0..65535"), std::string::npos) << err;
}

TEST(command_line, floating_options_refuse_hexadecimal_and_infinity) {
  std::string err;
  for (const char* text : {"0x10", "inf", "nan"}) {
    test_app t;
    EXPECT_EQ(t.parse({"--seconds", text}, nullptr, &err), 2) << text;
    EXPECT_NE(err.find("is not a decimal number"), std::string::npos) << err;
  }
  test_app t;
  EXPECT_EQ(t.parse({"--seconds", "0.5"}), -1);
  EXPECT_EQ(t.seconds, 0.5);
}

TEST(command_line, help_and_version_print_to_stdout_and_exit_0) {
  std::string out;
  test_app a;
  EXPECT_EQ(a.parse({"--help"}, &out), 0);
  EXPECT_NE(out.find("--count"), std::string::npos);
  EXPECT_NE(out.find("in 1..10000"), std::string::npos) << out;
  test_app b;
  EXPECT_EQ(b.parse({"--version"}, &out), 0);
  EXPECT_EQ(out, "prog 1.2.3\n");
}

TEST(command_line, an_unknown_flag_is_one_usage_line) {
  std::string err;
  test_app t;
  EXPECT_EQ(t.parse({"--frobnicate"}, nullptr, &err), 2);
  EXPECT_EQ(err.find("prog: "), 0u);
  EXPECT_EQ(err.back(), '\n');
  EXPECT_EQ(err.find('\n'), err.size() - 1);
}
