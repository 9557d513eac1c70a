// inventory-server's command line as a plain function: decimal numbers
// (issue 16, defect 1), the config file, and the flags that exclude each
// other.

#include "server/flags.hpp"

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

namespace {

base::expected<server::config, server::stop_with>
parse(std::vector<std::string> args) {
  args.insert(args.begin(), "inventory-server");
  std::vector<char*> argv;
  argv.reserve(args.size());
  for (auto& arg : args)
    argv.push_back(arg.data());
  return server::parse_flags(static_cast<int>(argv.size()), argv.data());
}

int usage_code(std::vector<std::string> args) {
  auto parsed = parse(std::move(args));
  return parsed ? -1 : parsed.error().code;
}

TEST(server_flags, zero_padded_numbers_are_decimal) {
  auto cfg = parse({"--port", "020000", "--max-depth", "010", "--threads", "08",
                    "--max-body", "0100", "--read-timeout", "010.5"});
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->http.port, 20000);
  EXPECT_EQ(cfg->max_depth, 10u);
  EXPECT_EQ(cfg->threads, 8u);
  EXPECT_EQ(cfg->http.max_body, 100u);
  EXPECT_EQ(cfg->http.read_timeout, std::chrono::milliseconds{10500});
}

TEST(server_flags, other_notations_and_out_of_range_values_are_usage_errors) {
  for (auto args :
       std::vector<std::vector<std::string>>{{"--port", "0x10"},
                                             {"--port", "70000"},
                                             {"--port", "-1"},
                                             {"--max-depth", "1e2"},
                                             {"--threads", "0"},
                                             {"--read-timeout", "0x1p3"},
                                             {"--idle-timeout", "nan"},
                                             {"--request-timeout", "0"}})
    EXPECT_EQ(usage_code(args), server::exit_usage) << args[0] << args[1];
}

TEST(server_flags, in_memory_and_data_exclude_each_other) {
  EXPECT_EQ(usage_code({"--in-memory", "--data", "x.db"}), server::exit_usage);
  EXPECT_EQ(usage_code({"--quiet", "--access-log", "a.log"}),
            server::exit_usage);
}

TEST(server_flags, the_access_log_format_is_one_of_three) {
  auto cfg = parse({"--access-log", "a.log", "--access-log-format", "json"});
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->access_log, "a.log");
  EXPECT_EQ(cfg->access_log_format, http::log_format::json);
  EXPECT_EQ(parse({})->access_log_format, http::log_format::seed);
  EXPECT_EQ(usage_code({"--access-log-format", "xml"}), server::exit_usage);
}

class server_config_file : public ::testing::Test {
protected:
  void SetUp() override {
    char name[] = "/tmp/server-flags-XXXXXX";
    int fd = ::mkstemp(name);
    ASSERT_GE(fd, 0);
    ::close(fd);
    path_ = name;
  }
  void TearDown() override { std::remove(path_.c_str()); }

  void write(const std::string& text) { std::ofstream{path_} << text; }

  std::string path_;
};

TEST_F(server_config_file, every_flag_can_come_from_it) {
  write("host = \"0.0.0.0\"\nport = 09090\nthreads = 3\nscheduler = "
        "\"stealing\"\nmax-body = 2048\nmax-header = 1024\nmax-depth = 9\n"
        "max-connections = 7\nread-timeout = 1.5\nidle-timeout = 2\n"
        "request-timeout = 0.25\naccess-log = \"a.log\"\n"
        "access-log-format = \"combined\"\ndata = \"x.db\"\n");
  auto cfg = parse({"--config", path_});
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->http.host, "0.0.0.0");
  EXPECT_EQ(cfg->http.port, 9090);
  EXPECT_EQ(cfg->threads, 3u);
  EXPECT_EQ(cfg->scheduler, "stealing");
  EXPECT_EQ(cfg->http.max_body, 2048u);
  EXPECT_EQ(cfg->http.max_header, 1024u);
  EXPECT_EQ(cfg->max_depth, 9u);
  EXPECT_EQ(cfg->http.max_connections, 7u);
  EXPECT_EQ(cfg->http.read_timeout, std::chrono::milliseconds{1500});
  EXPECT_EQ(cfg->http.idle_timeout, std::chrono::milliseconds{2000});
  EXPECT_EQ(cfg->request_timeout, std::chrono::milliseconds{250});
  EXPECT_EQ(cfg->access_log, "a.log");
  EXPECT_EQ(cfg->access_log_format, http::log_format::combined);
  EXPECT_EQ(cfg->data, "x.db");
}

TEST_F(server_config_file, flags_override_it) {
  write("port = 1234\nquiet = true\n");
  auto cfg = parse({"--config", path_, "--port", "4321"});
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->http.port, 4321);
  EXPECT_TRUE(cfg->quiet);
}

TEST_F(server_config_file, its_numbers_are_decimal_too) {
  write("port = 0x10\n");
  EXPECT_EQ(usage_code({"--config", path_}), server::exit_usage);
}

TEST_F(server_config_file, an_unknown_key_is_a_usage_error) {
  write("prot = 9090\n");
  EXPECT_EQ(usage_code({"--config", path_}), server::exit_usage);
}

TEST_F(server_config_file, in_memory_there_and_data_here_exclude_each_other) {
  write("in-memory = true\n");
  EXPECT_EQ(usage_code({"--config", path_, "--data", "x.db"}),
            server::exit_usage);
}

} // namespace
