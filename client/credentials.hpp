#pragma once

#include <functional>
#include <optional>
#include <string>

#include "base/expected.hpp"
#include "client/url.hpp"

namespace client {

/// Who the client logs in as (HTTP Basic).
struct credentials {
  std::string user;
  std::string password;
};

/// The Authorization header's value: `Basic ` and the base64 of
/// `user:password`, the bytes as given (UTF-8 from a UTF-8 terminal, the
/// URL's percent escapes already decoded).
std::string basic_authorization(const credentials& login);

/// Where a password comes from when the URL carries none.
struct password_sources {
  /// $INVENTORY_PASSWORD, or none when it is not set.
  std::optional<std::string> environment;
  /// Asks for the password of the user named (without echo); none when
  /// there is no terminal to ask on or the input ended. May be empty: then
  /// there is nothing to ask on.
  std::function<std::optional<std::string>(const std::string& user)> prompt;
};

/// The credentials for `target`: the URL's `user:password@`, or the user
/// named by the URL (`user@`) or else by `flag_user` (--user) with the
/// password from the environment, else from the prompt. None when no user
/// is named at all. The error (a usage error) says what is missing or in
/// conflict; it never holds a password.
base::expected<std::optional<credentials>, std::string>
login_for(const url& target, const std::string& flag_user,
          const password_sources& sources);

} // namespace client
