#include "client/url.hpp"

#include <cstdint>

#include "base/decimal.hpp"

namespace client {

base::expected<url, std::string> parse_url(const std::string& text) {
  constexpr std::string_view scheme = "http://";
  if (text.compare(0, scheme.size(), scheme) != 0)
    return std::string{"not an http URL"};
  auto rest = text.substr(scheme.size());
  url result;
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  if (slash != std::string::npos)
    result.path = rest.substr(slash);
  std::string port;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') { // [::1]:port
    auto close = authority.find(']');
    if (close == std::string::npos)
      return std::string{"no ']' after the IPv6 address"};
    result.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':')
        return std::string{"':' must follow the IPv6 address"};
      port = authority.substr(close + 2);
      has_port = true;
    }
  } else {
    auto colon = authority.rfind(':');
    result.host = authority.substr(0, colon);
    if (colon != std::string::npos) {
      port = authority.substr(colon + 1);
      has_port = true;
    }
  }
  if (result.host.empty())
    return std::string{"no host"};
  if (has_port) {
    if (port.empty() || port.front() == '+' || port.front() == '-')
      return "port '" + port + "' is not a decimal whole number";
    auto number = base::parse_decimal<std::uint16_t>(port, 1, 65535);
    if (!number)
      return "port " + number.error();
    result.port = std::to_string(*number);
  }
  return result;
}

} // namespace client
