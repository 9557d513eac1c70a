#pragma once

#include <cstddef>
#include <ctime>
#include <string>
#include <string_view>

#include <ostream> // boost/core/detail/string_view.hpp needs it complete

#include <boost/beast/http/status.hpp>

namespace http {

/// Renders a response head with Content-Length into `out`, replacing it.
/// `extra` holds further complete header lines ("Allow: POST\r\n").
void render_head(std::string& out, unsigned version,
                 boost::beast::http::status status,
                 std::string_view content_type, std::size_t length,
                 bool keep_alive, std::string_view date,
                 std::string_view extra = {});

/// The HTTP date and the access-log dates of the current second, formatted
/// once per second.
class clock_cache {
public:
  /// "Tue, 24 Nov 2026 10:45:47 GMT".
  const std::string& http_date();
  /// "24/Nov/2026 10:45:47", local time, as Python's log_date_time_string.
  const std::string& log_date();
  /// "24/Nov/2026:10:45:47 +0100", local time, as Apache's combined log.
  const std::string& combined_date();
  /// "2026-11-24T10:45:47Z", UTC (ISO 8601).
  const std::string& iso_date();

private:
  void refresh();

  std::time_t second_ = -1;
  std::string http_date_;
  std::string log_date_;
  std::string combined_date_;
  std::string iso_date_;
};

} // namespace http
