#pragma once

#include <string>
#include <string_view>

#include "base/expected.hpp"

namespace auth {

/// A user name and password from an HTTP Basic Authorization header.
struct credentials {
  std::string user;
  std::string password;
};

/// Longest Authorization header accepted, in bytes.
constexpr std::size_t max_authorization = 1024;

/// Parses `Basic <base64 of user:password>` (RFC 7617; the scheme is
/// case-insensitive, the password may contain ':'). Anything else is an
/// error saying what is wrong, never the header itself.
base::expected<credentials, std::string>
parse_basic_authorization(std::string_view header);

} // namespace auth
