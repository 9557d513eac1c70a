// libFuzzer target: bytes -> Authorization header parser. Whatever parses
// must, encoded again as Basic credentials, parse to the same user and
// password; nothing may crash or read out of bounds.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <sodium.h>

#include "auth/basic_credentials.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string header(reinterpret_cast<const char*>(data), size);
  auto creds = auth::parse_basic_authorization(header);
  if (!creds)
    return 0;
  auto plain = creds->user + ":" + creds->password;
  std::string encoded(
    sodium_base64_encoded_len(plain.size(), sodium_base64_VARIANT_ORIGINAL),
    '\0');
  sodium_bin2base64(encoded.data(), encoded.size(),
                    reinterpret_cast<const unsigned char*>(plain.data()),
                    plain.size(), sodium_base64_VARIANT_ORIGINAL);
  encoded.pop_back(); // the terminating NUL
  auto again = auth::parse_basic_authorization("Basic " + encoded);
  if (encoded.size() + 6 <= auth::max_authorization
      && (!again || again->user != creds->user
          || again->password != creds->password))
    std::abort();
  // The user never contains the separator.
  if (creds->user.find(':') != std::string::npos)
    std::abort();
  return 0;
}
