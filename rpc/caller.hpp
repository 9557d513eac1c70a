#pragma once

#include <string>

#include "auth/role.hpp"

namespace rpc {

/// Who sent a request, as the transport knows it. The dispatcher decides
/// per method what the caller may do, and counts per method.
struct caller {
  /// The peer's address ("127.0.0.1", "::1"), "-" when unknown.
  std::string remote = "-";
  /// The authenticated user; "anonymous" when nobody logged in.
  std::string principal = "anonymous";
  /// What the caller may do. The transport sets it: the user's role once
  /// authenticated, or admin for anyone when the server has no users.
  auth::role role = auth::role::anyone;
};

} // namespace rpc
