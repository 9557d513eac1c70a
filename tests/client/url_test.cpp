// The client's URL parsing (client/url.hpp).

#include <gtest/gtest.h>

#include "client/url.hpp"

using client::parse_url;

TEST(url, host_port_and_path_are_split) {
  auto u = parse_url("http://127.0.0.1:9090/RPC2");
  ASSERT_TRUE(u) << u.error();
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, "9090");
  EXPECT_EQ(u->path, "/RPC2");
}

TEST(url, port_and_path_have_defaults) {
  auto u = parse_url("http://example.org");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "example.org");
  EXPECT_EQ(u->port, "80");
  EXPECT_EQ(u->path, "/");
  EXPECT_EQ(parse_url("http://h/x/y?z")->path, "/x/y?z");
}

TEST(url, ipv6_hosts_come_in_brackets) {
  auto u = parse_url("http://[::1]:8080/RPC2");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, "8080");
  EXPECT_EQ(parse_url("http://[::1]/")->port, "80");
  EXPECT_EQ(parse_url("http://[::1/").error(), "no ']' after the IPv6 address");
  EXPECT_EQ(parse_url("http://[::1]x/").error(),
            "':' must follow the IPv6 address");
}

TEST(url, a_zero_padded_port_is_decimal) {
  EXPECT_EQ(parse_url("http://h:020000/")->port, "20000");
  EXPECT_EQ(parse_url("http://h:08080/")->port, "8080");
}

TEST(url, a_bad_port_names_the_range) {
  EXPECT_EQ(parse_url("http://h:99999/").error(),
            "port '99999' is out of range 1..65535");
  EXPECT_EQ(parse_url("http://h:0/").error(),
            "port '0' is out of range 1..65535");
  EXPECT_EQ(parse_url("http://h:0x50/").error(),
            "port '0x50' is not a decimal whole number");
  EXPECT_EQ(parse_url("http://h:+80/").error(),
            "port '+80' is not a decimal whole number");
  EXPECT_EQ(parse_url("http://h:/").error(),
            "port '' is not a decimal whole number");
}

TEST(url, other_schemes_and_missing_hosts_are_refused) {
  EXPECT_EQ(parse_url("ftp://x/RPC2").error(), "not an http or https URL");
  EXPECT_EQ(parse_url("localhost:9090").error(), "not an http or https URL");
  EXPECT_EQ(parse_url("httpss://h/").error(), "not an http or https URL");
  EXPECT_EQ(parse_url("http:///RPC2").error(), "no host");
  EXPECT_EQ(parse_url("http://:80/").error(), "no host");
}

TEST(url, https_means_tls_on_port_443_by_default) {
  auto u = parse_url("https://example.org/RPC2");
  ASSERT_TRUE(u) << u.error();
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->port, "443");
  EXPECT_EQ(u->path, "/RPC2");
  EXPECT_FALSE(parse_url("http://example.org/")->tls);
  // Schemes are case-insensitive, as Python's urlsplit reads them.
  EXPECT_TRUE(parse_url("HTTPS://h/")->tls);
  EXPECT_EQ(parse_url("https://h:8443/")->port, "8443");
}

TEST(url, user_and_password_come_from_the_userinfo) {
  auto u = parse_url("https://alice:s3cret@127.0.0.1:9443/RPC2");
  ASSERT_TRUE(u) << u.error();
  EXPECT_EQ(u->user, "alice");
  EXPECT_EQ(u->password, "s3cret");
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, "9443");
  auto none = parse_url("https://h/");
  EXPECT_FALSE(none->user);
  EXPECT_FALSE(none->password);
  // A name without ':' has no password (it is asked for); an empty
  // userinfo is no user at all (Python sends no header for it).
  auto name_only = parse_url("http://bob@h/");
  EXPECT_EQ(name_only->user, "bob");
  EXPECT_FALSE(name_only->password);
  EXPECT_FALSE(parse_url("http://@h/")->user);
  EXPECT_EQ(parse_url("http://:pw@h/")->user, "");
  EXPECT_EQ(parse_url("http://:pw@h/")->password, "pw");
  EXPECT_EQ(parse_url("http://a:@h/")->password, "");
}

TEST(url, the_userinfo_ends_at_the_last_at_sign_as_in_python) {
  // urllib's _splituser: rpartition('@') of the netloc.
  auto u = parse_url("https://a@b:p@ss@h:1/x");
  ASSERT_TRUE(u) << u.error();
  EXPECT_EQ(u->user, "a@b");
  EXPECT_EQ(u->password, "p@ss");
  EXPECT_EQ(u->host, "h");
  // The netloc ends at the first '/', '?' or '#', so an '@' after one is
  // part of the path.
  auto path_at = parse_url("http://h/a@b");
  EXPECT_FALSE(path_at->user);
  EXPECT_EQ(path_at->host, "h");
  EXPECT_EQ(path_at->path, "/a@b");
  EXPECT_EQ(parse_url("http://h?q=a@b")->path, "/?q=a@b");
  EXPECT_FALSE(parse_url("http://h#a:b@c")->user);
  auto v6 = parse_url("http://u:p@[::1]:8080/");
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->user, "u");
}

TEST(url, percent_escapes_in_the_userinfo_are_decoded) {
  auto u = parse_url("https://al%69ce:p%40ss%3Aw%2Fd%25@h/");
  ASSERT_TRUE(u) << u.error();
  EXPECT_EQ(u->user, "alice");
  EXPECT_EQ(u->password, "p@ss:w/d%");
  // UTF-8 arrives as its bytes.
  EXPECT_EQ(parse_url("https://caf%C3%A9:x@h/")->user, "caf\xc3\xa9");
  // An escaped ':' splits as a written one does (Python decodes the whole
  // userinfo and the server splits at its first ':').
  auto escaped = parse_url("https://a%3Ab:c@h/");
  EXPECT_EQ(escaped->user, "a");
  EXPECT_EQ(escaped->password, "b:c");
  // '+' is not a space in a URL's userinfo.
  EXPECT_EQ(parse_url("https://a+b:c@h/")->user, "a+b");
}

TEST(url, a_bad_escape_stays_as_written_as_in_python) {
  EXPECT_EQ(client::percent_decode("100%"), "100%");
  EXPECT_EQ(client::percent_decode("%4"), "%4");
  EXPECT_EQ(client::percent_decode("%zz%41"), "%zzA");
  EXPECT_EQ(client::percent_decode("%4a%4A"), "JJ");
  EXPECT_EQ(client::percent_decode("%%41"), "%A");
  EXPECT_EQ(client::percent_decode("%00"), std::string(1, '\0'));
  EXPECT_EQ(parse_url("https://u:50%@h/")->password, "50%");
}

TEST(url, a_shown_url_never_holds_the_password) {
  using client::redact_url;
  EXPECT_EQ(redact_url("https://alice:s3cret@h:1/RPC2"),
            "https://alice:***@h:1/RPC2");
  EXPECT_EQ(redact_url("https://a@b:p@ss@h/"), "https://a@b:***@h/");
  EXPECT_EQ(redact_url("https://a%3As3cret@h/"), "https://a:***@h/");
  EXPECT_EQ(redact_url("https://a%3as3cret@h/"), "https://a:***@h/");
  // Nothing to hide: the text as typed.
  EXPECT_EQ(redact_url("http://127.0.0.1:020000/RPC2"),
            "http://127.0.0.1:020000/RPC2");
  EXPECT_EQ(redact_url("https://bob@h/"), "https://bob@h/");
  EXPECT_EQ(redact_url("http://h/a:b@c"), "http://h/a:b@c");
  EXPECT_EQ(redact_url("not a url"), "not a url");
}

TEST(url, an_error_never_repeats_the_userinfo) {
  for (const auto* text :
       {"https://alice:s3cret@h:99999/", "https://alice:s3cret@h:x/",
        "https://alice:s3cret@/", "https://alice:s3cret@[::1/"}) {
    auto u = parse_url(text);
    ASSERT_FALSE(u) << text;
    EXPECT_EQ(u.error().find("s3cret"), std::string::npos) << u.error();
  }
}
