#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/role.hpp"
#include "base/expected.hpp"

namespace auth {

/// One line of a users file: `name:role:hash`.
struct user {
  std::string name;
  auth::role role = auth::role::reader;
  /// An Argon2id string from libsodium ("$argon2id$v=19$..."), or "!" for
  /// a user who logs in only with a client certificate.
  std::string hash;
};

/// Hash text meaning "no password login".
constexpr std::string_view certificate_only = "!";

/// Longest user name, in bytes.
constexpr std::size_t max_user_name = 64;

/// Whether `name` can be a user name: 1 to max_user_name printable ASCII
/// characters without ':' or spaces, not starting with '#'.
bool valid_user_name(std::string_view name);

/// Parses a users file: one user a line, blank lines and `#` comments
/// allowed; a malformed line, an unknown role, a hash that is not Argon2id
/// or a name given twice is an error naming the line.
base::expected<std::vector<user>, std::string>
parse_users(std::string_view text);

/// The text of a users file holding `users`, one line each.
std::string format_users(const std::vector<user>& users);

/// Reads and parses the users file at `path`; refuses a file that others
/// (neither its owner nor its group) may read or write.
base::expected<std::vector<user>, std::string>
load_users_file(const std::string& path);

/// Replaces the users file at `path` with `users`, atomically (a temporary
/// file renamed over it), readable and writable by its owner only.
base::expected<void, std::string>
save_users_file(const std::string& path, const std::vector<user>& users);

} // namespace auth
