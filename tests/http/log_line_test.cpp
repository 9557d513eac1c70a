// The access log's line formats, as plain functions: no sockets, no threads.

#include "http/log_line.hpp"

#include <gtest/gtest.h>

namespace {

using http::log_format;

http::log_entry sample() {
  http::log_entry e;
  e.remote = "192.0.2.7";
  e.principal = "anonymous";
  e.request_line = "POST /RPC2 HTTP/1.1";
  e.status = 200;
  e.bytes = 312;
  e.user_agent = "curl/7.88";
  e.method = "inventory.get";
  e.fault_code = 404;
  e.latency = std::chrono::microseconds{1234};
  return e;
}

std::string line(log_format format, const http::log_entry& e) {
  http::clock_cache clock;
  std::string out;
  http::append_log_line(out, format, e, clock);
  return out;
}

TEST(log_line, seed_is_the_originals_format) {
  auto out = line(log_format::seed, sample());
  EXPECT_EQ(out.rfind("192.0.2.7 - - [", 0), 0u) << out;
  EXPECT_EQ(out.substr(out.size() - 30), "] \"POST /RPC2 HTTP/1.1\" 200 -\n");
  EXPECT_EQ(out.size(), 15 + 20 + 30u) << out; // "dd/Mon/yyyy hh:mm:ss"
}

TEST(log_line, seed_names_the_user_who_logged_in) {
  auto e = sample();
  e.principal = "alice";
  auto out = line(log_format::seed, e);
  EXPECT_EQ(out.rfind("192.0.2.7 - alice [", 0), 0u) << out;
  e.principal = "anonymous";
  EXPECT_EQ(line(log_format::seed, e).rfind("192.0.2.7 - - [", 0), 0u);
}

TEST(log_line, combined_is_apaches_plus_method_fault_code_and_latency) {
  auto out = line(log_format::combined, sample());
  auto date_end = out.find("] ");
  ASSERT_NE(date_end, std::string::npos);
  EXPECT_EQ(out.rfind("192.0.2.7 - - [", 0), 0u) << out;
  // "01/Dec/2026:23:01:44 +0000"
  EXPECT_EQ(date_end - 15, 26u) << out;
  EXPECT_EQ(out.substr(date_end),
            "] \"POST /RPC2 HTTP/1.1\" 200 312 \"-\" \"curl/7.88\" "
            "inventory.get 404 0.001234\n");
}

TEST(log_line, combined_shows_a_user_and_dashes_for_what_is_missing) {
  auto e = sample();
  e.principal = "alice";
  e.method = {};
  e.fault_code = 0;
  e.user_agent = {};
  auto out = line(log_format::combined, e);
  EXPECT_EQ(out.rfind("192.0.2.7 - alice [", 0), 0u) << out;
  EXPECT_NE(out.find("\" 200 312 \"-\" \"-\" - 0 0.001234\n"),
            std::string::npos)
    << out;
}

TEST(log_line, client_text_is_escaped_so_no_line_can_be_forged) {
  auto e = sample();
  e.user_agent = "a\"b\\c\nd\x01\xe9";
  auto combined = line(log_format::combined, e);
  EXPECT_NE(combined.find(R"("a\"b\\c\x0ad\x01\xe9")"), std::string::npos)
    << combined;
  auto json = line(log_format::json, e);
  EXPECT_NE(json.find(R"("user_agent":"a\"b\\c\u000ad\u0001\u00e9")"),
            std::string::npos)
    << json;
  EXPECT_EQ(combined.find('\n'), combined.size() - 1);
  EXPECT_EQ(json.find('\n'), json.size() - 1);
}

TEST(log_line, json_holds_every_field) {
  auto out = line(log_format::json, sample());
  EXPECT_EQ(out.rfind("{\"time\":\"", 0), 0u) << out;
  auto rest = out.substr(out.find("\",\"remote\""));
  EXPECT_EQ(rest, R"(","remote":"192.0.2.7","user":"anonymous",)"
                  R"("request":"POST /RPC2 HTTP/1.1","status":200,"bytes":312,)"
                  R"("referer":"","user_agent":"curl/7.88",)"
                  R"("method":"inventory.get","fault_code":404,)"
                  R"("latency_s":0.001234})"
                  "\n");
}

TEST(log_line, json_says_null_for_no_method) {
  auto e = sample();
  e.method = {};
  auto out = line(log_format::json, e);
  EXPECT_NE(out.find(R"("method":null,)"), std::string::npos) << out;
}

TEST(log_line, format_names_are_the_flag_values) {
  EXPECT_EQ(http::parse_log_format("seed"), log_format::seed);
  EXPECT_EQ(http::parse_log_format("combined"), log_format::combined);
  EXPECT_EQ(http::parse_log_format("json"), log_format::json);
  EXPECT_FALSE(http::parse_log_format("xml"));
}

} // namespace
