#pragma once

#include <array>
#include <cstddef>
#include <memory>

#include "metrics/instruments.hpp"
#include "metrics/registry.hpp"

namespace http {

class access_log;

/// What the XML-RPC listener and its connections count, on the I/O
/// thread: responses by status, connections, body bytes; and the access
/// log's lost lines, read at each scrape.
class http_metrics {
public:
  /// Registers every instrument in `r`; `log` and `r` must outlive it.
  static std::shared_ptr<http_metrics> make(metrics::registry& r,
                                            const access_log& log);

  void responded(unsigned status, std::size_t request_body,
                 std::size_t reply_body) const noexcept;

  /// The listener's connections after one opened or closed.
  void open_connections(std::size_t n) const noexcept {
    open_->set(static_cast<std::int64_t>(n));
  }
  void accepted() const noexcept { accepted_->add(); }
  /// Over --max-connections: answered 503, or closed at once when too
  /// many are being answered already.
  void rejected(bool answered) const noexcept {
    (answered ? rejected_limit_ : rejected_overflow_)->add();
  }

private:
  // The statuses the server sends, then "other".
  static constexpr std::array<unsigned, 12> statuses{
    200, 400, 401, 404, 405, 413, 417, 429, 431, 500, 503, 0};

  std::array<metrics::counter*, statuses.size()> responses_{};
  metrics::gauge* open_ = nullptr;
  metrics::counter* accepted_ = nullptr;
  metrics::counter* rejected_limit_ = nullptr;
  metrics::counter* rejected_overflow_ = nullptr;
  metrics::counter* request_bytes_ = nullptr;
  metrics::counter* reply_bytes_ = nullptr;
};

} // namespace http
