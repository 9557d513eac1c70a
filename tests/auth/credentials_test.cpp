// Basic credentials, the verified-credential cache, the login throttle and
// the verifier thread.

#include "auth/basic_credentials.hpp"

#include <future>

#include <gtest/gtest.h>

#include "auth/credential_cache.hpp"
#include "auth/login_throttle.hpp"
#include "auth/password.hpp"
#include "auth/password_verifier.hpp"

namespace {

using namespace std::chrono_literals;

TEST(basic_credentials, are_parsed_as_rfc_7617_says) {
  // "alice:se:cret" in base64
  auto c = auth::parse_basic_authorization("Basic YWxpY2U6c2U6Y3JldA==");
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->user, "alice");
  EXPECT_EQ(c->password, "se:cret");
  auto lower = auth::parse_basic_authorization("  basic   YWxpY2U6eA== ");
  ASSERT_TRUE(lower);
  EXPECT_EQ(lower->password, "x");
  auto empty_password = auth::parse_basic_authorization("Basic YWxpY2U6");
  ASSERT_TRUE(empty_password);
  EXPECT_EQ(empty_password->password, "");
}

TEST(basic_credentials, anything_else_is_an_error_without_the_secret) {
  auto err = [](std::string_view h) {
    auto c = auth::parse_basic_authorization(h);
    return c ? std::string{"parsed"} : c.error();
  };
  EXPECT_EQ(err(""), "not Basic credentials");
  EXPECT_EQ(err("Bearer abc"), "not Basic credentials");
  EXPECT_EQ(err("Basic"), "not Basic credentials");
  EXPECT_EQ(err("Basic "), "not Basic credentials");
  EXPECT_EQ(err("Basic !!!!"), "Basic credentials are not base64");
  EXPECT_EQ(err("Basic YWxpY2U="), "Basic credentials without ':'");
  EXPECT_EQ(err("Basic " + std::string(2000, 'A')),
            "Authorization header too long");
}

TEST(credential_cache, remembers_headers_by_a_keyed_digest) {
  auth::credential_cache cache{2};
  auto a = cache.digest_of("Basic YWxpY2U6eA==");
  auto b = cache.digest_of("Basic Ym9iOnk=");
  EXPECT_EQ(a, cache.digest_of("Basic YWxpY2U6eA=="));
  EXPECT_NE(a, b);
  // Another process (another key) gets another digest for the same header.
  auth::credential_cache other;
  EXPECT_NE(other.digest_of("Basic YWxpY2U6eA=="), a);
  EXPECT_EQ(cache.find(a), nullptr);
  cache.insert(a, auth::principal{"alice", auth::role::writer});
  ASSERT_NE(cache.find(a), nullptr);
  EXPECT_EQ(cache.find(a)->name, "alice");
  cache.insert(b, auth::principal{"bob", auth::role::reader});
  cache.insert(cache.digest_of("third"),
               auth::principal{"c", auth::role::reader});
  EXPECT_EQ(cache.size(), 1u); // full: it started over
  cache.clear();
  EXPECT_EQ(cache.size(), 0u);
}

TEST(login_throttle, five_failures_in_ten_seconds_block_for_a_growing_time) {
  using clock = auth::login_throttle::clock;
  auth::login_throttle t;
  auto now = clock::now();
  for (int i = 0; i < 4; ++i)
    t.record_failure("10.0.0.1", now + std::chrono::seconds(i));
  EXPECT_EQ(t.blocked_for("10.0.0.1", now + 4s).count(), 0);
  t.record_failure("10.0.0.1", now + 4s);
  EXPECT_EQ(t.blocked_for("10.0.0.1", now + 4s).count(), 5);
  EXPECT_EQ(t.blocked_for("10.0.0.2", now + 4s).count(), 0); // others fine
  EXPECT_EQ(t.blocked_for("10.0.0.1", now + 9s).count(), 0);
  for (int i = 0; i < 5; ++i)
    t.record_failure("10.0.0.1", now + 10s);
  EXPECT_EQ(t.blocked_for("10.0.0.1", now + 10s).count(), 10); // doubled
  t.record_success("10.0.0.1");
  EXPECT_EQ(t.blocked_for("10.0.0.1", now + 10s).count(), 0);
}

TEST(login_throttle, failures_spread_over_more_than_the_window_do_not_block) {
  using clock = auth::login_throttle::clock;
  auth::login_throttle t;
  auto now = clock::now();
  for (int i = 0; i < 10; ++i)
    t.record_failure("a", now + std::chrono::seconds(3 * i));
  EXPECT_EQ(t.blocked_for("a", now + 30s).count(), 0);
}

TEST(login_throttle, remembers_a_bounded_number_of_addresses) {
  using clock = auth::login_throttle::clock;
  auth::login_throttle::settings s;
  s.max_addresses = 100;
  auth::login_throttle t{s};
  auto now = clock::now();
  for (int i = 0; i < 1000; ++i)
    t.record_failure("10.0." + std::to_string(i),
                     now + std::chrono::seconds(i));
  EXPECT_LE(t.remembered(), 100u);
}

TEST(password_verifier, answers_on_its_thread_and_refuses_past_its_bound) {
  auto hash = auth::hash_password("pw");
  ASSERT_TRUE(hash);
  auth::password_verifier verifier{2};
  std::promise<bool> right, wrong, unknown;
  ASSERT_TRUE(
    verifier.submit({*hash, "pw", [&](bool ok) { right.set_value(ok); }}));
  ASSERT_TRUE(
    verifier.submit({*hash, "nope", [&](bool ok) { wrong.set_value(ok); }}));
  // Two wait (or run) already: a third may be refused; keep submitting
  // until the bound shows, then check every answer.
  bool refused = false;
  for (int i = 0; i < 8 && !refused; ++i)
    refused = !verifier.submit({*hash, "pw", [](bool) {}});
  EXPECT_TRUE(refused);
  EXPECT_TRUE(right.get_future().get());
  EXPECT_FALSE(wrong.get_future().get());
  ASSERT_TRUE(
    verifier.submit({"", "pw", [&](bool ok) { unknown.set_value(ok); }}));
  EXPECT_FALSE(unknown.get_future().get()); // unknown user: a dummy, never yes
}

} // namespace
