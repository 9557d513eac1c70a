// The retry policy (client/retries.hpp): what is sent again, how often,
// with which key, and what it says.

#include <algorithm>
#include <sstream>

#include <gtest/gtest.h>

#include "base/command_line.hpp"
#include "client/retries.hpp"

using client::call_result;
using client::transport_error;

namespace {

const transport_error timed_out{transport_error::kind::unreachable,
                                "timed out"};
const transport_error closed{transport_error::kind::unreachable,
                             "connection closed by the server"};
const transport_error refused{transport_error::kind::refused,
                              "Connection refused"};

call_result failed(client::call_error e) {
  return e;
}

call_result answered(xmlrpc::value x) {
  return x;
}

// `retry` over a scripted series of results: how many attempts ran, the
// pauses taken and the lines logged.
struct scripted {
  explicit scripted(std::vector<call_result> series)
    : results(std::move(series)) {}

  std::vector<call_result> results;
  std::size_t attempts = 0;
  std::vector<std::chrono::milliseconds> pauses;
  std::ostringstream log;

  call_result run(int retries) {
    return client::retry([this] { return results.at(attempts++); }, retries,
                         log, [this](auto wait) { pauses.push_back(wait); });
  }
};

} // namespace

TEST(retries, only_a_call_without_any_answer_is_worth_another_attempt) {
  EXPECT_TRUE(client::is_no_reply(timed_out));
  EXPECT_TRUE(client::is_no_reply(closed));
  EXPECT_TRUE(client::is_no_reply(refused));
  EXPECT_FALSE(client::is_no_reply(xmlrpc::fault{422, "no"}));
  EXPECT_FALSE(client::is_no_reply(
    transport_error{transport_error::kind::http_status, "Unauthorized", 401}));
  EXPECT_FALSE(client::is_no_reply(transport_error{
    transport_error::kind::http_status, "Service Unavailable", 503}));
  EXPECT_FALSE(client::is_no_reply(
    transport_error{transport_error::kind::invalid_reply, "invalid reply"}));
  EXPECT_FALSE(client::is_no_reply(
    transport_error{transport_error::kind::tls, "certificate not trusted"}));
}

TEST(retries, a_lost_reply_is_sent_again_until_one_comes) {
  scripted s{
    {failed(timed_out), failed(closed), answered("Product added with ID 1\n")}};
  auto res = s.run(2);
  ASSERT_TRUE(res);
  EXPECT_EQ(*res, xmlrpc::value{"Product added with ID 1\n"});
  EXPECT_EQ(s.attempts, 3u);
  EXPECT_EQ(s.log.str(),
            "inventory-client: no reply (timed out), retrying with the same "
            "Idempotency-Key (1 of 2)\n"
            "inventory-client: no reply (connection closed by the server), "
            "retrying with the same Idempotency-Key (2 of 2)\n");
  using ms = std::chrono::milliseconds;
  EXPECT_EQ(s.pauses, (std::vector<ms>{ms{100}, ms{200}}));
}

TEST(retries, the_last_error_stays_when_the_retries_are_used_up) {
  scripted s{{failed(closed), failed(refused), failed(timed_out), answered(1)}};
  auto res = s.run(2);
  ASSERT_FALSE(res);
  EXPECT_EQ(std::get<transport_error>(res.error()), timed_out);
  EXPECT_EQ(s.attempts, 3u);
}

TEST(retries, zero_retries_is_one_attempt_and_no_line) {
  scripted s{{failed(timed_out), answered(1)}};
  auto res = s.run(0);
  ASSERT_FALSE(res);
  EXPECT_EQ(s.attempts, 1u);
  EXPECT_EQ(s.log.str(), "");
  EXPECT_TRUE(s.pauses.empty());
}

TEST(retries, a_fault_or_an_http_status_is_never_sent_again) {
  scripted fault{{failed(xmlrpc::fault{422, "add_item: idempotency key "
                                            "reused with a different request"}),
                  answered(1)}};
  auto res = fault.run(5);
  ASSERT_FALSE(res);
  EXPECT_EQ(std::get<xmlrpc::fault>(res.error()).code, 422);
  EXPECT_EQ(fault.attempts, 1u);
  scripted status{{failed(transport_error{transport_error::kind::http_status,
                                          "Unavailable", 503}),
                   answered(1)}};
  EXPECT_FALSE(status.run(5));
  EXPECT_EQ(status.attempts, 1u);
  // After a lost reply, a fault ends the retries too.
  scripted later{{failed(closed), failed(xmlrpc::fault{1, "x"}), answered(1)}};
  EXPECT_FALSE(later.run(5));
  EXPECT_EQ(later.attempts, 2u);
}

TEST(retries, the_pause_doubles_from_100_ms_up_to_1_s) {
  using ms = std::chrono::milliseconds;
  EXPECT_EQ(client::backoff(1), ms{100});
  EXPECT_EQ(client::backoff(2), ms{200});
  EXPECT_EQ(client::backoff(3), ms{400});
  EXPECT_EQ(client::backoff(4), ms{800});
  EXPECT_EQ(client::backoff(5), ms{1000});
  EXPECT_EQ(client::backoff(client::retry_policy::max_retries), ms{1000});
}

TEST(retries, changing_calls_get_the_given_key_or_a_fresh_one_reads_none) {
  client::retry_policy fresh;
  auto first = client::idempotency_key_for("add_item", fresh);
  auto second = client::idempotency_key_for("add_item", fresh);
  EXPECT_EQ(first.size(), 36u);
  EXPECT_NE(first, second);
  EXPECT_EQ(client::idempotency_key_for("get_item", fresh), "");
  EXPECT_EQ(client::idempotency_key_for("system.multicall", fresh), "");
  client::retry_policy given{2, "my-key"};
  EXPECT_EQ(client::idempotency_key_for("inventory.adjust", given), "my-key");
  EXPECT_EQ(client::idempotency_key_for("inventory.count", given), "");
}

namespace {

// An app with the retry options: the exit code of parsing `args` (-1: go
// on) and the usage error line.
struct retry_app {
  CLI::App app{"test", "inventory-client"};
  client::retry_policy policy;
  std::string err;

  retry_app() { client::add_retry_options(app, policy); }

  int parse(std::vector<const char*> args) {
    args.insert(args.begin(), "inventory-client");
    std::ostringstream e;
    auto* old_err = std::cerr.rdbuf(e.rdbuf());
    auto code = base::parse_command_line(app, static_cast<int>(args.size()),
                                         args.data());
    std::cerr.rdbuf(old_err);
    err = e.str();
    return code.value_or(-1);
  }
};

} // namespace

TEST(retries, the_flags_default_to_two_retries_and_fresh_keys) {
  retry_app t;
  EXPECT_EQ(t.parse({}), -1);
  EXPECT_EQ(t.policy.retries, 2);
  EXPECT_EQ(t.policy.key, "");
}

TEST(retries, retries_are_decimal_from_0_to_10) {
  for (auto [text, n] : {std::pair{"0", 0}, {"010", 10}, {"3", 3}}) {
    retry_app t;
    EXPECT_EQ(t.parse({"--retries", text}), -1) << text << t.err;
    EXPECT_EQ(t.policy.retries, n) << text;
  }
  for (const char* bad : {"11", "-1", "0x2", "two", "", "1.5"}) {
    retry_app t;
    EXPECT_EQ(t.parse({"--retries", bad}), 2) << bad;
    EXPECT_NE(t.err.find("--retries"), std::string::npos) << t.err;
    EXPECT_EQ(std::count(t.err.begin(), t.err.end(), '\n'), 1) << t.err;
    EXPECT_EQ(t.err.rfind("inventory-client: ", 0), 0u) << t.err;
  }
  retry_app t;
  t.parse({"--retries", "11"});
  EXPECT_NE(t.err.find("'11' is out of range 0..10"), std::string::npos)
    << t.err;
}

TEST(retries, a_given_key_is_taken_verbatim_or_refused_like_the_server_does) {
  retry_app t;
  EXPECT_EQ(t.parse({"--idempotency-key", "order 17/2 ~retry"}), -1) << t.err;
  EXPECT_EQ(t.policy.key, "order 17/2 ~retry");
  auto long_key = std::string(256, 'k');
  for (const char* bad : {"", "new\nline", "caf\xc3\xa9", long_key.c_str()}) {
    retry_app u;
    EXPECT_EQ(u.parse({"--idempotency-key", bad}), 2) << bad;
    EXPECT_NE(u.err.find("Idempotency-Key"), std::string::npos) << u.err;
    EXPECT_EQ(std::count(u.err.begin(), u.err.end(), '\n'), 1) << u.err;
  }
}
