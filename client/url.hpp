#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/expected.hpp"

namespace client {

/// The parts of an `http[s]://[user[:password]@]host[:port]/path` URL.
struct url {
  bool tls = false; ///< https
  std::string host;
  std::string port = "80"; // decimal, 1..65535, without leading zeros
  std::string path = "/";
  /// From `user:password@`, percent-decoded; split at the first ':' of
  /// the decoded text (the join Basic sends is the same either way).
  std::optional<std::string> user;
  /// None when the userinfo has no ':' at all.
  std::optional<std::string> password;
};

/// Parses an http or https URL (IPv6 hosts in brackets) as Python's
/// ServerProxy reads it: the userinfo ends at the last '@' before the
/// first '/', '?' or '#', and percent escapes in it are decoded (a '%' not
/// followed by two hex digits stays as it is). The error says what is
/// wrong: another scheme, no host, or a port that is not a decimal number
/// in 1..65535; it never repeats the userinfo.
base::expected<url, std::string> parse_url(const std::string& text);

/// Python's urllib.parse.unquote_to_bytes: `%XX` (hex, either case) is
/// that byte, anything else stays as it is.
std::string percent_decode(std::string_view text);

/// `text` fit to be shown or logged: a password in the userinfo is
/// replaced by `***` (`https://alice:***@host/RPC2`); a URL without one
/// is returned unchanged.
std::string redact_url(const std::string& text);

} // namespace client
