#include "client/url.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "base/decimal.hpp"

namespace client {

namespace {

// Where a URL's scheme ends: "http://" or "https://" in any case.
struct scheme_end {
  std::size_t size = 0; // 0: neither
  bool tls = false;
};

scheme_end scheme_of(std::string_view text) {
  auto is = [&](std::string_view scheme) {
    return text.size() >= scheme.size()
           && std::equal(scheme.begin(), scheme.end(), text.begin(),
                         [](char lower, char c) {
                           return std::tolower(static_cast<unsigned char>(c))
                                  == lower;
                         });
  };
  if (is("http://"))
    return {7, false};
  if (is("https://"))
    return {8, true};
  return {};
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

// The authority ends where Python's urlsplit ends the netloc.
std::size_t authority_end(std::string_view rest) {
  auto end = rest.find_first_of("/?#");
  return end == std::string_view::npos ? rest.size() : end;
}

} // namespace

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      auto hi = hex_digit(text[i + 1]);
      auto lo = hex_digit(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

base::expected<url, std::string> parse_url(const std::string& text) {
  auto scheme = scheme_of(text);
  if (scheme.size == 0)
    return std::string{"not an http or https URL"};
  auto rest = std::string_view{text}.substr(scheme.size);
  url result;
  result.tls = scheme.tls;
  result.port = scheme.tls ? "443" : "80";
  auto end = authority_end(rest);
  auto authority = rest.substr(0, end);
  auto tail = rest.substr(end);
  if (!tail.empty())
    result.path
      = tail.front() == '/' ? std::string{tail} : "/" + std::string{tail};
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    auto userinfo = percent_decode(authority.substr(0, at));
    authority.remove_prefix(at + 1);
    // Python sends no header for an empty userinfo.
    if (!userinfo.empty()) {
      auto colon = userinfo.find(':');
      result.user = userinfo.substr(0, colon);
      if (colon != std::string::npos)
        result.password = userinfo.substr(colon + 1);
    }
  }
  std::string_view port;
  bool has_port = false;
  if (!authority.empty() && authority.front() == '[') { // [::1]:port
    auto close = authority.find(']');
    if (close == std::string_view::npos)
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
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      has_port = true;
    }
  }
  if (result.host.empty())
    return std::string{"no host"};
  if (has_port) {
    if (port.empty() || port.front() == '+' || port.front() == '-')
      return "port '" + std::string{port} + "' is not a decimal whole number";
    auto number = base::parse_decimal<std::uint16_t>(port, 1, 65535);
    if (!number)
      return "port " + number.error();
    result.port = std::to_string(*number);
  }
  return result;
}

std::string redact_url(const std::string& text) {
  auto scheme = scheme_of(text);
  if (scheme.size == 0)
    return text;
  auto rest = std::string_view{text}.substr(scheme.size);
  auto authority = rest.substr(0, authority_end(rest));
  auto at = authority.rfind('@');
  if (at == std::string_view::npos)
    return text;
  auto userinfo = authority.substr(0, at);
  // The user part ends at the first ':', written or escaped, as in
  // parse_url; what follows is the password.
  auto user_end = userinfo.size();
  for (std::size_t i = 0; i < userinfo.size(); ++i) {
    auto escape = userinfo.substr(i, 3);
    if (userinfo[i] == ':' || escape == "%3A" || escape == "%3a") {
      user_end = i;
      break;
    }
  }
  if (user_end == userinfo.size())
    return text; // a user name only
  return text.substr(0, scheme.size) + std::string{userinfo.substr(0, user_end)}
         + ":***" + std::string{rest.substr(at)};
}

} // namespace client
