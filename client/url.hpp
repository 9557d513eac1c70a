#pragma once

#include <optional>
#include <string>

namespace cli {

/// The parts of an `http://host[:port]/path` URL.
struct url {
  std::string host;
  std::string port = "80";
  std::string path = "/";
};

/// Parses an http URL; nothing for other schemes or a malformed URL.
std::optional<url> parse_url(const std::string& text);

} // namespace cli
