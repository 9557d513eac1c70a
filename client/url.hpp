#pragma once

#include <string>

#include "base/expected.hpp"

namespace client {

/// The parts of an `http://host[:port]/path` URL.
struct url {
  std::string host;
  std::string port = "80"; // decimal, 1..65535, without leading zeros
  std::string path = "/";
};

/// Parses an http URL (IPv6 hosts in brackets); the error says what is
/// wrong: another scheme, no host, or a port that is not a decimal number
/// in 1..65535.
base::expected<url, std::string> parse_url(const std::string& text);

} // namespace client
