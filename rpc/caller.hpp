#pragma once

#include <string>

namespace rpc {

/// Who sent a request, as the transport knows it. The dispatcher decides
/// per method what the caller may do, and counts per method.
struct caller {
  /// The peer's address ("127.0.0.1", "::1"), "-" when unknown.
  std::string remote = "-";
  /// The authenticated user; "anonymous" when nobody logged in.
  std::string principal = "anonymous";
};

} // namespace rpc
