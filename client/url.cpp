#include "client/url.hpp"

#include <algorithm>

namespace cli {

std::optional<url> parse_url(const std::string& text) {
  constexpr std::string_view scheme = "http://";
  if (text.compare(0, scheme.size(), scheme) != 0)
    return std::nullopt;
  auto rest = text.substr(scheme.size());
  url result;
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  if (slash != std::string::npos)
    result.path = rest.substr(slash);
  if (!authority.empty() && authority.front() == '[') { // [::1]:port
    auto close = authority.find(']');
    if (close == std::string::npos)
      return std::nullopt;
    result.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':')
        return std::nullopt;
      result.port = authority.substr(close + 2);
    }
  } else {
    auto colon = authority.rfind(':');
    result.host = authority.substr(0, colon);
    if (colon != std::string::npos)
      result.port = authority.substr(colon + 1);
  }
  if (result.host.empty() || result.port.empty()
      || !std::all_of(result.port.begin(), result.port.end(),
                      [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return result;
}

} // namespace cli
