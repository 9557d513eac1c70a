#include "auth/password.hpp"

#include <sodium.h>

namespace auth {

namespace {

bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

} // namespace

base::expected<std::string, std::string>
hash_password(std::string_view password) {
  if (!sodium_ready())
    return base::unexpected{std::string{"libsodium failed to initialise"}};
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13)
      != 0)
    return base::unexpected{
      std::string{"out of memory while hashing the password"}};
  return std::string{out};
}

bool verify_password(const std::string& hash, std::string_view password) {
  if (!sodium_ready() || hash.size() >= crypto_pwhash_STRBYTES)
    return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(),
                                  password.size())
         == 0;
}

} // namespace auth
