// The connection's state machine over Beast's in-memory test stream: no
// sockets, no actors. A test host plays the listener, and a test handler
// plays the session actor.

#include "http/connection.hpp"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/_experimental/test/stream.hpp>

#include "auth/password.hpp"
#include "http/authenticator.hpp"
#include "http/connection_impl.hpp"
#include "http/gzip.hpp"

namespace beast_test = boost::beast::test;

namespace http {

// The test stream has no deadlines and no half-close: closing it makes the
// peer read what was written, then the end of the stream.
template <>
struct stream_ops<beast_test::stream> {
  static void expires_after(beast_test::stream&, std::chrono::milliseconds) {}
  static void expires_never(beast_test::stream&) {}
  template <class Handler>
  static void async_handshake(beast_test::stream&, boost::beast::flat_buffer&,
                              Handler&& done) {
    done(boost::system::error_code{});
  }
  static std::optional<std::string> peer_common_name(beast_test::stream&) {
    return std::nullopt;
  }
  static void cancel(beast_test::stream& s) { s.close(); }
  static bool shutdown_send(beast_test::stream& s) {
    s.close();
    return true;
  }
  static void close(beast_test::stream& s) { s.close(); }
};

template class basic_connection<beast_test::stream>;

} // namespace http

namespace {

using test_connection = http::basic_connection<beast_test::stream>;

// Answers every call with "reply to <body>", or keeps it when `hold` is set.
struct test_handler final : http::call_handler {
  std::vector<std::shared_ptr<rpc::pending_call>>* seen;
  bool hold = false;
  void handle(std::shared_ptr<rpc::pending_call> call) override {
    seen->push_back(call);
    if (hold)
      return;
    call->reply = "reply to " + call->body;
    if (call->body == "fault") { // as the dispatcher reports a fault
      call->method = "inventory.get";
      call->fault_code = 404;
    }
    call->reply_ready();
  }
};

struct test_host final : http::connection_host {
  http::listener_config cfg;
  std::unique_ptr<http::access_log> log_
    = std::make_unique<http::access_log>(-1, false);
  http::clock_cache clock_;
  std::vector<std::shared_ptr<rpc::pending_call>> calls;
  bool hold = false;
  int handlers_open = 0;
  int removed = 0;

  http::authenticator* users = nullptr;

  const http::listener_config& config() const override { return cfg; }
  http::authenticator* authentication() override { return users; }
  http::access_log& log() override { return *log_; }
  http::clock_cache& clock() override { return clock_; }
  std::unique_ptr<http::call_handler> open_calls() override {
    auto h = std::make_unique<test_handler>();
    h->seen = &calls;
    h->hold = hold;
    ++handlers_open;
    return h;
  }
  void remove(const void*) override { ++removed; }
  void replace(const void*, std::shared_ptr<http::connection_control>,
               std::shared_ptr<void>) override {}
};

class connection_test : public ::testing::Test {
protected:
  // Starts a connection whose peer has sent `input` (and, with `close`,
  // nothing more), runs the I/O, and returns what the connection wrote.
  std::string exchange_bytes(std::string_view input, bool close = true) {
    start();
    send(input);
    if (close)
      client.close(); // the peer is done sending
    run();
    return std::string{client.str()};
  }

  // Runs the I/O until nothing is left to do (a connection waiting for a
  // held reply has nothing to do).
  void run() {
    io.restart();
    io.run();
  }

  // What the peer sends.
  void send(std::string_view input) {
    boost::asio::write(client, boost::asio::buffer(input.data(), input.size()));
  }

  void start() {
    beast_test::stream server{io};
    client.connect(server);
    conn
      = std::make_shared<test_connection>(std::move(server), "192.0.2.1", host);
    conn->start();
  }

  static std::string post(std::string_view body, std::string_view extra = {}) {
    std::string req = "POST /RPC2 HTTP/1.1\r\nHost: x\r\n";
    req += extra;
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    req += body;
    return req;
  }

  static std::size_t count(std::string_view text, std::string_view what) {
    std::size_t n = 0;
    for (auto i = text.find(what); i != std::string_view::npos;
         i = text.find(what, i + 1))
      ++n;
    return n;
  }

  boost::asio::io_context io;
  beast_test::stream client{io};
  test_host host;
  std::shared_ptr<test_connection> conn;
};

TEST_F(connection_test, a_post_to_rpc2_is_handed_over_and_answered) {
  auto out = exchange_bytes(post("<a/>"));
  ASSERT_EQ(host.calls.size(), 1u);
  EXPECT_EQ(host.calls[0]->body, "<a/>");
  EXPECT_EQ(host.calls[0]->who.remote, "192.0.2.1");
  EXPECT_EQ(out.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << out;
  EXPECT_NE(out.find("Content-Type: text/xml\r\n"), std::string::npos);
  EXPECT_NE(out.find("Content-Length: 13\r\n"), std::string::npos);
  EXPECT_EQ(out.substr(out.size() - 13), "reply to <a/>");
  EXPECT_EQ(host.removed, 1); // the peer closed: so did we
}

TEST_F(connection_test, pipelined_requests_are_answered_in_order) {
  auto out = exchange_bytes(post("one") + post("two") + post("three"));
  ASSERT_EQ(host.calls.size(), 3u);
  auto one = out.find("reply to one");
  auto two = out.find("reply to two");
  auto three = out.find("reply to three");
  ASSERT_NE(three, std::string::npos) << out;
  EXPECT_LT(one, two);
  EXPECT_LT(two, three);
  EXPECT_EQ(count(out, "HTTP/1.1 200 OK"), 3u);
  EXPECT_EQ(host.handlers_open, 1); // one handler (session) per connection
}

TEST_F(connection_test, a_second_request_waits_until_the_first_is_answered) {
  host.hold = true;
  start();
  send(post("first") + post("second"));
  run();
  ASSERT_EQ(host.calls.size(), 1u); // one request in flight, not two
  EXPECT_TRUE(client.str().empty());
  host.calls[0]->reply = "done";
  host.calls[0]->reply_ready();
  run();
  EXPECT_EQ(host.calls.size(), 2u);
  EXPECT_NE(client.str().find("done"), std::string::npos);
  client.close();
  host.calls[1]->reply_ready();
  run();
}

TEST_F(connection_test, wrong_paths_and_methods_are_refused_without_a_call) {
  auto not_found
    = exchange_bytes("POST /rpc2 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
                     "GET /RPC2 HTTP/1.1\r\n\r\n");
  EXPECT_EQ(not_found.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u) << not_found;
  auto allowed = not_found.find("HTTP/1.1 405 Method Not Allowed\r\n");
  ASSERT_NE(allowed, std::string::npos) << not_found;
  EXPECT_NE(not_found.find("Allow: POST\r\n", allowed), std::string::npos);
  EXPECT_TRUE(host.calls.empty());
}

TEST_F(connection_test, expect_100_continue_is_answered_before_the_body) {
  auto out = exchange_bytes(post("body", "Expect: 100-continue\r\n"));
  EXPECT_EQ(out.rfind("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK", 0), 0u)
    << out;
  ASSERT_EQ(host.calls.size(), 1u);
  EXPECT_EQ(host.calls[0]->body, "body");
}

TEST_F(connection_test, expect_on_a_wrong_path_is_refused_before_the_body) {
  auto out = exchange_bytes("POST /x HTTP/1.1\r\nExpect: 100-continue\r\n"
                            "Content-Length: 4\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u) << out;
  EXPECT_EQ(out.find("100 Continue"), std::string::npos);
  EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos);
}

TEST_F(connection_test, an_unknown_expectation_is_417) {
  auto out = exchange_bytes(post("x", "Expect: something-else\r\n"));
  EXPECT_EQ(out.rfind("HTTP/1.1 417 Expectation Failed\r\n", 0), 0u) << out;
  EXPECT_TRUE(host.calls.empty());
}

TEST_F(connection_test, limits_on_body_and_header_are_413_and_431) {
  host.cfg.max_body = 8;
  auto big = exchange_bytes(post("123456789"));
  EXPECT_EQ(big.rfind("HTTP/1.1 413 Payload Too Large\r\n", 0), 0u) << big;
  EXPECT_NE(big.find("Connection: close\r\n"), std::string::npos);
  EXPECT_TRUE(host.calls.empty());
}

TEST_F(connection_test, an_oversized_header_is_431) {
  host.cfg.max_header = 256;
  auto out
    = exchange_bytes(post("x", "X-Long: " + std::string(400, 'a') + "\r\n"));
  EXPECT_EQ(out.rfind("HTTP/1.1 431 Request Header Fields Too Large\r\n", 0),
            0u)
    << out;
  EXPECT_TRUE(host.calls.empty());
}

TEST_F(connection_test, malformed_http_is_400_and_closes) {
  auto out = exchange_bytes("NOT HTTP AT ALL\r\n\r\n" + post("later"));
  EXPECT_EQ(out.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << out;
  EXPECT_EQ(count(out, "HTTP/1.1"), 1u); // nothing after it is served
  EXPECT_TRUE(host.calls.empty());
}

TEST_F(connection_test, http_1_0_closes_after_the_reply_unless_asked) {
  auto out = exchange_bytes("POST /RPC2 HTTP/1.0\r\nContent-Length: 1\r\n\r\n"
                            "a",
                            false);
  EXPECT_EQ(out.rfind("HTTP/1.0 200 OK\r\n", 0), 0u) << out;
  EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(host.removed, 1); // closed without the peer closing first
}

TEST_F(connection_test, connection_close_is_honoured) {
  auto out
    = exchange_bytes(post("a", "Connection: close\r\n") + post("b"), false);
  EXPECT_EQ(count(out, "HTTP/1.1 200 OK"), 1u) << out;
  EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(host.calls.size(), 1u);
}

TEST_F(connection_test, chunked_bodies_are_read_whole) {
  auto out = exchange_bytes("POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: "
                            "chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  ASSERT_EQ(host.calls.size(), 1u);
  EXPECT_EQ(host.calls[0]->body, "abcde");
  EXPECT_NE(out.find("reply to abcde"), std::string::npos);
}

TEST_F(connection_test, a_failing_read_closes_the_connection) {
  beast_test::fail_count fails{0}; // the first operation, a read, fails
  beast_test::stream server{io, fails};
  client.connect(server);
  conn = std::make_shared<test_connection>(std::move(server), "-", host);
  conn->start();
  send(post("x"));
  run();
  EXPECT_TRUE(host.calls.empty());
  EXPECT_TRUE(client.str().empty());
  EXPECT_EQ(host.removed, 1);
}

TEST_F(connection_test, a_peer_gone_before_the_reply_closes_the_connection) {
  host.hold = true;
  auto peer = std::make_unique<beast_test::stream>(io);
  {
    beast_test::stream server{io};
    peer->connect(server);
    conn = std::make_shared<test_connection>(std::move(server), "-", host);
  }
  conn->start();
  auto req = post("x");
  boost::asio::write(*peer, boost::asio::buffer(req));
  run();
  ASSERT_EQ(host.calls.size(), 1u);
  peer.reset(); // the reply's write now fails
  host.calls[0]->reply = "late";
  host.calls[0]->reply_ready();
  run();
  EXPECT_EQ(host.removed, 1);
}

TEST_F(connection_test, shutdown_closes_an_idle_connection_at_once) {
  start();
  io.run_for(std::chrono::milliseconds(20)); // waiting for a request
  EXPECT_EQ(host.removed, 0);
  conn->shutdown();
  run();
  EXPECT_EQ(host.removed, 1);
  EXPECT_TRUE(host.calls.empty());
}

TEST_F(connection_test, shutdown_lets_the_request_in_flight_finish) {
  host.hold = true;
  start();
  send(post("late"));
  run();
  ASSERT_EQ(host.calls.size(), 1u);
  conn->shutdown();
  run();
  EXPECT_EQ(host.removed, 0); // still waiting for the reply
  host.calls[0]->reply = "finished";
  host.calls[0]->reply_ready();
  run();
  auto out = std::string{client.str()};
  EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos) << out;
  EXPECT_NE(out.find("finished"), std::string::npos);
  EXPECT_EQ(host.removed, 1);
}

// With users: the connection logs in from the header, before the body.
class login_test : public connection_test {
protected:
  login_test() {
    auto hash = auth::hash_password("pw");
    users.emplace(
      io.get_executor(),
      std::vector<auth::user>{auth::user{"alice", auth::role::writer, *hash},
                              auth::user{"bob", auth::role::reader, *hash}});
    host.users = &*users;
  }

  // Runs the I/O (and the verifier thread's answers) until `done` holds.
  // The verifier runs at nice 19 and yields to everything else, so on a
  // busy machine (tests in parallel, under a sanitizer) one Argon2id run
  // has taken over 10 s: the bound only stops a hang.
  template <class Pred>
  void run_until(Pred done) {
    auto guard = boost::asio::make_work_guard(io);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io.restart();
      io.run_for(std::chrono::milliseconds(5));
    }
  }

  // "Authorization: Basic base64(user:pw)\r\n"
  static std::string basic(std::string_view user) {
    return user == "alice" ? "Authorization: Basic YWxpY2U6cHc=\r\n"
                           : "Authorization: Basic Ym9iOnB3\r\n";
  }

  std::optional<http::authenticator> users;
};

TEST_F(login_test, no_credentials_is_401_with_the_basic_challenge) {
  auto out = exchange_bytes(post("secret body"));
  EXPECT_EQ(out.rfind("HTTP/1.1 401 Unauthorized\r\n", 0), 0u) << out;
  EXPECT_NE(out.find("WWW-Authenticate: Basic realm=\"inventory\", "
                     "charset=\"UTF-8\"\r\n"),
            std::string::npos);
  EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos);
  EXPECT_TRUE(host.calls.empty());
}

TEST_F(login_test, a_login_sets_the_caller_and_lasts_while_the_header_repeats) {
  start();
  send(post("one", basic("alice")) + post("two", basic("alice")));
  run_until([&] { return host.calls.size() == 2; });
  ASSERT_EQ(host.calls.size(), 2u);
  for (const auto& c : host.calls) {
    EXPECT_EQ(c->who.principal, "alice");
    EXPECT_EQ(c->who.role, auth::role::writer);
  }
  client.close();
  run();
}

TEST_F(login_test, connections_logging_in_at_once_share_one_verification) {
  std::vector<std::unique_ptr<beast_test::stream>> peers;
  std::vector<std::shared_ptr<test_connection>> conns;
  for (int i = 0; i < 5; ++i) {
    peers.push_back(std::make_unique<beast_test::stream>(io));
    beast_test::stream server{io};
    peers.back()->connect(server);
    conns.push_back(
      std::make_shared<test_connection>(std::move(server), "-", host));
    conns.back()->start();
    auto req = post("x", basic("alice"));
    boost::asio::write(*peers.back(), boost::asio::buffer(req));
  }
  run_until([&] { return host.calls.size() == 5; });
  EXPECT_EQ(host.calls.size(), 5u);
  EXPECT_EQ(users->verifications(), 1u);
  // A new connection later finds the header in the cache.
  start();
  send(post("y", basic("alice")));
  run_until([&] { return host.calls.size() == 6; });
  EXPECT_EQ(users->verifications(), 1u);
  for (auto& p : peers)
    p->close();
  client.close();
  run_until([&] { return host.removed == 6; });
}

TEST_F(login_test, a_reload_that_drops_the_user_ends_the_open_login) {
  start();
  send(post("one", basic("bob")));
  run_until([&] { return host.calls.size() == 1; });
  ASSERT_EQ(host.calls.size(), 1u);
  EXPECT_EQ(host.calls[0]->who.role, auth::role::reader);
  users->set_users({}); // bob is gone
  send(post("two", basic("bob")));
  run_until(
    [&] { return std::string{client.str()}.find("401") != std::string::npos; });
  EXPECT_EQ(host.calls.size(), 1u);
  EXPECT_NE(std::string{client.str()}.find("HTTP/1.1 401"), std::string::npos);
}

} // namespace

TEST_F(connection_test, the_access_log_gets_method_fault_code_and_latency) {
  char path[] = "/tmp/connection-test-log-XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  host.log_ = std::make_unique<http::access_log>(fd, true,
                                                 http::log_format::json, path);
  // A fault, then a 404 on the same connection: the second line must not
  // inherit the first one's method and fault code.
  exchange_bytes(post("fault", "User-Agent: probe\r\n")
                 + "POST /nope HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
  host.log_.reset(); // writes everything out
  std::ifstream in{path};
  std::string first;
  std::string second;
  std::getline(in, first);
  std::getline(in, second);
  ::unlink(path);
  EXPECT_NE(first.find(R"("remote":"192.0.2.1")"), std::string::npos) << first;
  EXPECT_NE(first.find(R"("request":"POST /RPC2 HTTP/1.1","status":200)"),
            std::string::npos)
    << first;
  EXPECT_NE(first.find(R"("bytes":14,)"), std::string::npos) << first;
  EXPECT_NE(first.find(R"("user_agent":"probe")"), std::string::npos) << first;
  EXPECT_NE(first.find(R"("method":"inventory.get","fault_code":404)"),
            std::string::npos)
    << first;
  EXPECT_NE(first.find(R"("latency_s":0.)"), std::string::npos) << first;
  EXPECT_NE(second.find(R"("status":404)"), std::string::npos) << second;
  EXPECT_NE(second.find(R"("user_agent":"","method":null,"fault_code":0)"),
            std::string::npos)
    << second;
}

// gzip: large replies compressed for clients that accept it, compressed
// request bodies inflated within --max-body, other codings refused.

namespace {

std::string body_of(const std::string& response) {
  return response.substr(response.find("\r\n\r\n") + 4);
}

std::string inflated(const std::string& compressed) {
  std::string out;
  EXPECT_TRUE(http::gunzip(compressed, out, std::size_t{1} << 30));
  return out;
}

} // namespace

TEST_F(connection_test, a_large_reply_is_gzipped_when_the_client_accepts_it) {
  host.cfg.gzip_min_bytes = 1000;
  std::string big(5000, 'x');
  auto out = exchange_bytes(post(big, "Accept-Encoding: gzip\r\n"));
  EXPECT_NE(out.find("Content-Encoding: gzip\r\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Vary: Accept-Encoding\r\n"), std::string::npos);
  auto body = body_of(out);
  EXPECT_LT(body.size(), 200u);
  EXPECT_NE(out.find("Content-Length: " + std::to_string(body.size())),
            std::string::npos);
  EXPECT_EQ(inflated(body), "reply to " + big);
}

TEST_F(connection_test, small_replies_and_clients_without_gzip_get_plain) {
  host.cfg.gzip_min_bytes = 1000;
  std::string big(5000, 'x');
  for (const auto& request :
       {post("<a/>", "Accept-Encoding: gzip\r\n"), post(big),
        post(big, "Accept-Encoding: gzip;q=0, identity\r\n")}) {
    auto out = exchange_bytes(request);
    EXPECT_EQ(out.find("Content-Encoding"), std::string::npos) << out;
    EXPECT_EQ(body_of(out).rfind("reply to ", 0), 0u);
    client.close();
    client = beast_test::stream{io};
  }
  host.cfg.gzip_min_bytes = 0; // never
  auto out = exchange_bytes(post(big, "Accept-Encoding: gzip\r\n"));
  EXPECT_EQ(out.find("Content-Encoding"), std::string::npos);
}

TEST_F(connection_test, a_gzip_request_body_is_inflated) {
  std::string compressed;
  http::gzip("<methodCall/>", compressed, 6);
  auto out = exchange_bytes(post(compressed, "Content-Encoding: gzip\r\n"));
  ASSERT_EQ(host.calls.size(), 1u);
  EXPECT_EQ(host.calls[0]->body, "<methodCall/>");
  EXPECT_EQ(body_of(out), "reply to <methodCall/>");
}

TEST_F(connection_test, a_gzip_bomb_is_413_and_a_broken_stream_400) {
  host.cfg.max_body = 64 * 1024;
  std::string bomb;
  http::gzip(std::string(10 * 1024 * 1024, 'a'), bomb, 9); // ~10 KB
  ASSERT_LT(bomb.size(), host.cfg.max_body);
  auto out = exchange_bytes(post(bomb, "Content-Encoding: gzip\r\n"));
  EXPECT_EQ(out.rfind("HTTP/1.1 413 Payload Too Large\r\n", 0), 0u) << out;
  EXPECT_TRUE(host.calls.empty());
  client = beast_test::stream{io};
  std::string truncated;
  http::gzip("<methodCall/>", truncated, 6);
  truncated.resize(truncated.size() - 4);
  out = exchange_bytes(post(truncated, "Content-Encoding: gzip\r\n"));
  EXPECT_EQ(out.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << out;
  EXPECT_TRUE(host.calls.empty());
}

TEST_F(connection_test, another_content_encoding_is_415) {
  auto out = exchange_bytes(post("x", "Content-Encoding: br\r\n"));
  EXPECT_EQ(out.rfind("HTTP/1.1 415 Unsupported Media Type\r\n", 0), 0u) << out;
  EXPECT_TRUE(host.calls.empty());
}

TEST(gzip, accept_encoding_values) {
  EXPECT_TRUE(http::accepts_gzip("gzip"));
  EXPECT_TRUE(http::accepts_gzip("deflate, GZIP;q=0.5"));
  EXPECT_TRUE(http::accepts_gzip("x-gzip"));
  EXPECT_TRUE(http::accepts_gzip("*"));
  EXPECT_FALSE(http::accepts_gzip(""));
  EXPECT_FALSE(http::accepts_gzip("identity"));
  EXPECT_FALSE(http::accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(http::accepts_gzip("gzip;q=0.0, *"));
  EXPECT_FALSE(http::accepts_gzip("*;q=0"));
}
