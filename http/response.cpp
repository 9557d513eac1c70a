#include "http/response.hpp"

#include <boost/beast/http/status.hpp>

namespace http {

void render_head(std::string& out, unsigned version,
                 boost::beast::http::status status,
                 std::string_view content_type, std::size_t length,
                 bool keep_alive, std::string_view date,
                 std::string_view extra) {
  out.clear();
  out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(static_cast<unsigned>(status));
  out += ' ';
  auto reason = boost::beast::http::obsolete_reason(status);
  out.append(reason.data(), reason.size());
  out += "\r\nServer: inventory-server/" INVENTORY_VERSION "\r\nDate: ";
  out += date;
  out += "\r\nContent-Type: ";
  out += content_type;
  out += "\r\nContent-Length: ";
  out += std::to_string(length);
  out += "\r\n";
  // HTTP/1.1 keeps alive unless told otherwise; HTTP/1.0 only when asked.
  if (!keep_alive)
    out += "Connection: close\r\n";
  else if (version == 10)
    out += "Connection: keep-alive\r\n";
  out += extra;
  out += "\r\n";
}

const std::string& clock_cache::http_date() {
  refresh();
  return http_date_;
}

const std::string& clock_cache::log_date() {
  refresh();
  return log_date_;
}

const std::string& clock_cache::combined_date() {
  refresh();
  return combined_date_;
}

const std::string& clock_cache::iso_date() {
  refresh();
  return iso_date_;
}

void clock_cache::refresh() {
  auto now = std::time(nullptr);
  if (now == second_)
    return;
  second_ = now;
  std::tm utc{};
  std::tm local{};
  gmtime_r(&now, &utc);
  localtime_r(&now, &local);
  char buf[64];
  auto n = std::strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", &utc);
  http_date_.assign(buf, n);
  n = std::strftime(buf, sizeof(buf), "%d/%b/%Y %H:%M:%S", &local);
  log_date_.assign(buf, n);
  n = std::strftime(buf, sizeof(buf), "%d/%b/%Y:%H:%M:%S %z", &local);
  combined_date_.assign(buf, n);
  n = std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &utc);
  iso_date_.assign(buf, n);
}

} // namespace http
