#include "http/http_metrics.hpp"

#include <string>

#include "http/access_log.hpp"

namespace http {

std::shared_ptr<http_metrics> http_metrics::make(metrics::registry& r,
                                                 const access_log& log) {
  auto m = std::make_shared<http_metrics>();
  for (std::size_t i = 0; i < statuses.size(); ++i)
    m->responses_[i] = &r.make_counter(
      "inventory_http_responses_total",
      "HTTP responses sent on the XML-RPC port, by status.",
      {{"status", statuses[i] ? std::to_string(statuses[i]) : "other"}});
  m->open_ = &r.make_gauge("inventory_http_connections_open",
                           "Connections open on the XML-RPC port.");
  m->accepted_ = &r.make_counter("inventory_http_connections_accepted_total",
                                 "Connections accepted and served.");
  const char* rejected_help
    = "Connections refused over --max-connections: answered 503 (limit) "
      "or closed at once (overflow).";
  m->rejected_limit_
    = &r.make_counter("inventory_http_connections_rejected_total",
                      rejected_help, {{"reason", "limit"}});
  m->rejected_overflow_
    = &r.make_counter("inventory_http_connections_rejected_total",
                      rejected_help, {{"reason", "overflow"}});
  m->request_bytes_ = &r.make_counter("inventory_http_request_body_bytes_total",
                                      "Request body bytes received.");
  m->reply_bytes_ = &r.make_counter("inventory_http_response_body_bytes_total",
                                    "Response body bytes sent.");
  const char* log_help
    = "Access-log lines not written: the writer could not keep up "
      "(backlog) or writing failed (write_error).";
  r.add_sampled("inventory_access_log_dropped_lines_total", log_help,
                metrics::kind::counter,
                [&log] { return static_cast<double>(log.dropped_lines()); },
                {{"reason", "backlog"}});
  r.add_sampled("inventory_access_log_dropped_lines_total", log_help,
                metrics::kind::counter,
                [&log] { return static_cast<double>(log.lost_lines()); },
                {{"reason", "write_error"}});
  return m;
}

void http_metrics::responded(unsigned status, std::size_t request_body,
                             std::size_t reply_body) const noexcept {
  std::size_t i = 0;
  while (i + 1 < statuses.size() && statuses[i] != status)
    ++i;
  responses_[i]->add();
  request_bytes_->add(request_body);
  reply_bytes_->add(reply_body);
}

} // namespace http
