#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "metrics/instruments.hpp"
#include "metrics/registry.hpp"

namespace rpc {

/// The per-method counting of the dispatcher (the one place every call
/// passes), and the request timeouts of the actor port. Every label set
/// exists from the start: methods of the table plus "unknown", outcomes
/// "ok", each fault code, and "other".
class rpc_metrics {
public:
  /// Registers every instrument in `r` (which must outlive the result).
  static std::shared_ptr<rpc_metrics> make(metrics::registry& r);

  /// One request answered: `method` indexes method_table() (its size:
  /// none that exists), `fault_code` is 0 for a value.
  void record(std::size_t method, std::int32_t fault_code,
              double seconds) const noexcept;

  void timed_out() const noexcept { timeouts_->add(); }

  /// The outcome label of a fault code ("ok" for 0).
  static const char* outcome(std::int32_t fault_code) noexcept;

private:
  static constexpr std::size_t outcome_count = 11;
  static std::size_t outcome_index(std::int32_t fault_code) noexcept;

  std::vector<std::array<metrics::counter*, outcome_count>> requests_;
  std::vector<metrics::histogram*> latency_;
  metrics::counter* timeouts_ = nullptr;
};

} // namespace rpc
