#include "auth/basic_credentials.hpp"

#include <sodium.h>

namespace auth {

namespace {

bool iequals(std::string_view x, std::string_view y) {
  if (x.size() != y.size())
    return false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    auto a = static_cast<unsigned char>(x[i]);
    auto b = static_cast<unsigned char>(y[i]);
    if ((a | 0x20) != (b | 0x20))
      return false;
  }
  return true;
}

} // namespace

base::expected<credentials, std::string>
parse_basic_authorization(std::string_view header) {
  if (header.size() > max_authorization)
    return std::string{"Authorization header too long"};
  while (!header.empty() && (header.front() == ' ' || header.front() == '\t'))
    header.remove_prefix(1);
  while (!header.empty() && (header.back() == ' ' || header.back() == '\t'))
    header.remove_suffix(1);
  auto space = header.find(' ');
  if (space == std::string_view::npos
      || !iequals(header.substr(0, space), "basic"))
    return std::string{"not Basic credentials"};
  auto encoded = header.substr(space + 1);
  while (!encoded.empty() && encoded.front() == ' ')
    encoded.remove_prefix(1);
  if (encoded.empty())
    return std::string{"empty Basic credentials"};
  std::string decoded(encoded.size(), '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()),
                        decoded.size(), encoded.data(), encoded.size(), nullptr,
                        &length, &end, sodium_base64_VARIANT_ORIGINAL)
        != 0
      || end != encoded.data() + encoded.size())
    return std::string{"Basic credentials are not base64"};
  decoded.resize(length);
  auto colon = decoded.find(':');
  if (colon == std::string::npos)
    return std::string{"Basic credentials without ':'"};
  credentials result;
  result.user = decoded.substr(0, colon);
  result.password = decoded.substr(colon + 1);
  sodium_memzero(decoded.data(), decoded.size());
  return result;
}

} // namespace auth
