#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/response.hpp"

namespace http {

/// The access log's line formats (--access-log-format).
enum class log_format {
  /// The original's: `127.0.0.1 - - [24/Nov/2026 10:45:47] "POST /RPC2
  /// HTTP/1.1" 200 -`, with the user field filled in when someone logged in
  /// (`127.0.0.1 - alice [...]`).
  seed,
  /// Apache's combined format, then the XML-RPC method, the fault code (0:
  /// none) and the latency in seconds: `127.0.0.1 - - [24/Nov/2026:10:45:47
  /// +0000] "POST /RPC2 HTTP/1.1" 200 312 "-" "curl/7.88" inventory.get 404
  /// 0.000211`.
  combined,
  /// One JSON object per line with the same fields.
  json,
};

/// The format a --access-log-format value names.
std::optional<log_format> parse_log_format(std::string_view name);

/// One answered request, as the access log records it.
struct log_entry {
  std::string_view remote;
  /// The authenticated user; "anonymous" when nobody logged in.
  std::string_view principal;
  /// `POST /RPC2 HTTP/1.1`, or "-" when no request line was read.
  std::string_view request_line;
  unsigned status = 0;
  /// Body bytes sent.
  std::size_t bytes = 0;
  /// The request's Referer and User-Agent headers (empty: none).
  std::string_view referer;
  std::string_view user_agent;
  /// The XML-RPC method as the method table names it; empty when the
  /// request named none that exists (or was not an XML-RPC call).
  std::string_view method;
  /// The reply's fault code; 0 when it is not a fault.
  std::int32_t fault_code = 0;
  /// From the request's first byte to its reply's last byte written.
  std::chrono::microseconds latency{0};
};

/// Appends `entry` as one line (with its newline) in `format` to `out`.
/// Text a client chose (the request line, the headers) is escaped, so a
/// line can never be split or forged.
void append_log_line(std::string& out, log_format format,
                     const log_entry& entry, clock_cache& clock);

} // namespace http
