#pragma once

#include <cstddef>

namespace xmlrpc {

/// Bounds the decoder applies to untrusted documents.
struct limits {
  /// Deepest element nesting accepted (`methodCall` is depth 1).
  std::size_t max_depth = 64;
};

} // namespace xmlrpc
