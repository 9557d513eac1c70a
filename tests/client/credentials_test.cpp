// Logins (client/credentials.hpp, client/endpoint.hpp): the Basic header,
// where the password comes from, and the endpoints' redacted URLs; no
// sockets, no terminal.

#include <gtest/gtest.h>

#include "client/credentials.hpp"
#include "client/endpoint.hpp"

using client::credentials;
using client::login_for;
using client::parse_url;
using client::password_sources;

namespace {

// A prompt that must not be asked.
password_sources no_prompt(std::optional<std::string> env = std::nullopt) {
  password_sources s;
  s.environment = std::move(env);
  return s;
}

} // namespace

TEST(credentials, basic_is_the_base64_of_user_colon_password) {
  // RFC 7617's example.
  EXPECT_EQ(client::basic_authorization({"Aladdin", "open sesame"}),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  EXPECT_EQ(client::basic_authorization({"a", ""}), "Basic YTo=");
  // UTF-8 as its bytes (RFC 7617's charset="UTF-8" example).
  EXPECT_EQ(client::basic_authorization({"test", "123\xc2\xa3"}),
            "Basic dGVzdDoxMjPCow==");
  // Long enough to need several base64 lines elsewhere: one line here.
  auto header = client::basic_authorization({std::string(200, 'u'), "p"});
  EXPECT_EQ(header.find('\n'), std::string::npos);
}

TEST(credentials, the_header_matches_pythons_for_the_same_url) {
  // Python: base64 of unquote_to_bytes("al%69ce:p%40ss") == "alice:p@ss".
  auto u = parse_url("https://al%69ce:p%40ss@h/");
  auto login = login_for(*u, "", no_prompt());
  ASSERT_TRUE(login) << login.error();
  ASSERT_TRUE(*login);
  EXPECT_EQ(client::basic_authorization(**login), "Basic YWxpY2U6cEBzcw==");
}

TEST(credentials, no_user_means_no_login) {
  auto login = login_for(*parse_url("https://h/"), "", no_prompt("ignored"));
  ASSERT_TRUE(login);
  EXPECT_FALSE(*login);
}

TEST(credentials, the_url_password_needs_nothing_else) {
  password_sources s;
  s.environment = "from-env";
  s.prompt = [](const std::string&) -> std::optional<std::string> {
    ADD_FAILURE() << "asked although the URL has the password";
    return std::nullopt;
  };
  auto login = login_for(*parse_url("https://alice:pw@h/"), "", s);
  ASSERT_TRUE(login);
  EXPECT_EQ((*login)->user, "alice");
  EXPECT_EQ((*login)->password, "pw");
}

TEST(credentials, the_environment_comes_before_the_prompt) {
  password_sources s;
  s.environment = "from-env";
  s.prompt = [](const std::string&) -> std::optional<std::string> {
    ADD_FAILURE() << "asked although INVENTORY_PASSWORD is set";
    return std::nullopt;
  };
  auto login = login_for(*parse_url("https://h/"), "bob", s);
  ASSERT_TRUE(login) << login.error();
  EXPECT_EQ((*login)->user, "bob");
  EXPECT_EQ((*login)->password, "from-env");
  // A user named in the URL without a password takes it too.
  login = login_for(*parse_url("https://carol@h/"), "", s);
  EXPECT_EQ((*login)->user, "carol");
  EXPECT_EQ((*login)->password, "from-env");
}

TEST(credentials, the_prompt_is_asked_for_the_named_user) {
  std::string asked;
  password_sources s;
  s.prompt = [&](const std::string& user) -> std::optional<std::string> {
    asked = user;
    return std::string{"typed"};
  };
  auto login = login_for(*parse_url("https://h/"), "dave", s);
  ASSERT_TRUE(login) << login.error();
  EXPECT_EQ(asked, "dave");
  EXPECT_EQ((*login)->password, "typed");
}

TEST(credentials, without_a_terminal_a_missing_password_is_an_error) {
  auto login = login_for(*parse_url("https://h/"), "erin", no_prompt());
  ASSERT_FALSE(login);
  EXPECT_NE(login.error().find("INVENTORY_PASSWORD"), std::string::npos);
  EXPECT_NE(login.error().find("erin"), std::string::npos);
  password_sources ended;
  ended.prompt = [](const std::string&) -> std::optional<std::string> {
    return std::nullopt; // Ctrl-D at the prompt
  };
  login = login_for(*parse_url("https://h/"), "erin", ended);
  ASSERT_FALSE(login);
  EXPECT_EQ(login.error(), "no password given for user 'erin'");
}

TEST(credentials, a_user_in_the_url_and_user_flag_conflict) {
  auto login = login_for(*parse_url("https://a:b@h/"), "c", no_prompt());
  ASSERT_FALSE(login);
  EXPECT_EQ(login.error(), "--user and a user in the URL: give one of them");
}

TEST(endpoints, https_urls_share_one_context_and_show_no_password) {
  client::login_options opts;
  auto made = client::make_endpoints(
    {"https://alice:pw@h:1/RPC2", "https://alice:pw@h:2/RPC2", "http://h:3/"},
    opts, no_prompt());
  ASSERT_TRUE(made) << made.error();
  ASSERT_EQ(made->size(), 3u);
  EXPECT_EQ((*made)[0].shown, "https://alice:***@h:1/RPC2");
  EXPECT_TRUE((*made)[0].tls);
  EXPECT_EQ((*made)[0].tls, (*made)[1].tls);
  EXPECT_FALSE((*made)[2].tls);
  EXPECT_EQ((*made)[0].login->password, "pw");
  EXPECT_FALSE((*made)[2].login);
}

TEST(endpoints, the_prompt_asks_once_per_user) {
  int asked = 0;
  password_sources s;
  s.prompt = [&](const std::string&) -> std::optional<std::string> {
    ++asked;
    return std::string{"typed"};
  };
  client::login_options opts;
  opts.user = "alice";
  auto made = client::make_endpoints({"http://h:1/", "http://h:2/"}, opts, s);
  ASSERT_TRUE(made) << made.error();
  EXPECT_EQ(asked, 1);
  EXPECT_EQ((*made)[1].login->password, "typed");
}

TEST(endpoints, bad_urls_and_cacert_files_are_usage_errors) {
  client::login_options opts;
  auto made
    = client::make_endpoints({"https://alice:s3cret@h:0/"}, opts, no_prompt());
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error(),
            "--url https://alice:***@h:0/: port '0' is out of range 1..65535");
  opts.cacert = "/nonexistent/ca.pem";
  made = client::make_endpoints({"http://h/"}, opts, no_prompt());
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error(), "--cacert applies to https URLs only");
  made = client::make_endpoints({"https://h/"}, opts, no_prompt());
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().rfind("--cacert /nonexistent/ca.pem: cannot load", 0),
            0u)
    << made.error();
}
