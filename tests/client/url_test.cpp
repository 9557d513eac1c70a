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
  EXPECT_EQ(parse_url("https://h/").error(), "not an http URL");
  EXPECT_EQ(parse_url("ftp://x/RPC2").error(), "not an http URL");
  EXPECT_EQ(parse_url("localhost:9090").error(), "not an http URL");
  EXPECT_EQ(parse_url("http:///RPC2").error(), "no host");
  EXPECT_EQ(parse_url("http://:80/").error(), "no host");
}
