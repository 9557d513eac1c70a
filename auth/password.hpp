#pragma once

#include <string>
#include <string_view>

#include "base/expected.hpp"

namespace auth {

/// An Argon2id hash of `password` (libsodium's interactive limits: about
/// 64 MiB and a few tens of milliseconds), as a users file stores it.
base::expected<std::string, std::string>
hash_password(std::string_view password);

/// Whether `password` matches `hash` (an Argon2id string); slow on purpose,
/// and in constant time with respect to the password.
bool verify_password(const std::string& hash, std::string_view password);

} // namespace auth
