#include "client/credentials.hpp"

#include <openssl/evp.h>

namespace client {

std::string basic_authorization(const credentials& login) {
  auto plain = login.user + ":" + login.password;
  std::string encoded(4 * ((plain.size() + 2) / 3) + 1, '\0');
  auto n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                           reinterpret_cast<const unsigned char*>(plain.data()),
                           static_cast<int>(plain.size()));
  encoded.resize(static_cast<std::size_t>(n));
  return "Basic " + encoded;
}

base::expected<std::optional<credentials>, std::string>
login_for(const url& target, const std::string& flag_user,
          const password_sources& sources) {
  if (target.user && !flag_user.empty())
    return std::string{"--user and a user in the URL: give one of them"};
  if (target.user && target.password)
    return std::optional<credentials>{
      credentials{*target.user, *target.password}};
  if (!target.user && flag_user.empty())
    return std::optional<credentials>{};
  auto user = target.user ? *target.user : flag_user;
  if (sources.environment)
    return std::optional<credentials>{credentials{user, *sources.environment}};
  if (sources.prompt) {
    if (auto typed = sources.prompt(user))
      return std::optional<credentials>{credentials{user, std::move(*typed)}};
    return "no password given for user '" + user + "'";
  }
  return "no password for user '" + user
         + "': set INVENTORY_PASSWORD, put it in the URL (user:password@), "
           "or run on a terminal to be asked";
}

} // namespace client
