#pragma once

// gzip bodies (RFC 1952, through zlib): replies for clients that accept
// them, requests that arrive compressed.

#include <cstddef>
#include <string>
#include <string_view>

#include "base/expected.hpp"

namespace http {

/// Whether an Accept-Encoding value accepts gzip: `gzip` or `x-gzip` (or
/// `*`) with a q-value above 0.
bool accepts_gzip(std::string_view accept_encoding);

/// Replaces `out` with `in` gzip-compressed at zlib level `level` (1 to 9).
void gzip(std::string_view in, std::string& out, int level);

enum class gunzip_error {
  /// The decompressed body would be larger than allowed (a bomb, say).
  too_large,
  /// Not a complete gzip stream.
  corrupt,
};

/// Replaces `out` with `in` decompressed, never letting it grow past
/// `max_out` bytes.
base::expected<void, gunzip_error> gunzip(std::string_view in, std::string& out,
                                          std::size_t max_out);

} // namespace http
