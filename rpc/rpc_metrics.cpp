#include "rpc/rpc_metrics.hpp"

#include <string>

#include "rpc/method_table.hpp"
#include "xmlrpc/fault.hpp"

namespace rpc {

namespace {

namespace fc = xmlrpc::fault_code;

// Index 0 is "ok", the last "other".
constexpr std::array<std::int32_t, 9> codes{
  fc::not_well_formed, fc::invalid_request, fc::method_not_found,
  fc::invalid_params,  fc::internal_error,  fc::forbidden,
  fc::not_found,       fc::conflict,        fc::unprocessable};

} // namespace

std::size_t rpc_metrics::outcome_index(std::int32_t fault_code) noexcept {
  if (fault_code == 0)
    return 0;
  for (std::size_t i = 0; i < codes.size(); ++i)
    if (codes[i] == fault_code)
      return i + 1;
  return outcome_count - 1;
}

const char* rpc_metrics::outcome(std::int32_t fault_code) noexcept {
  static const std::array<std::string, outcome_count> names = [] {
    std::array<std::string, outcome_count> out;
    out[0] = "ok";
    for (std::size_t i = 0; i < codes.size(); ++i)
      out[i + 1] = std::to_string(codes[i]);
    out[outcome_count - 1] = "other";
    return out;
  }();
  return names[outcome_index(fault_code)].c_str();
}

std::shared_ptr<rpc_metrics> rpc_metrics::make(metrics::registry& r) {
  static constexpr std::array<std::int32_t, outcome_count> representatives{
    0,
    fc::not_well_formed,
    fc::invalid_request,
    fc::method_not_found,
    fc::invalid_params,
    fc::internal_error,
    fc::forbidden,
    fc::not_found,
    fc::conflict,
    fc::unprocessable,
    1};
  auto m = std::make_shared<rpc_metrics>();
  std::vector<std::string> names;
  for (const auto& method : method_table())
    names.emplace_back(method.name);
  names.emplace_back("unknown");
  for (const auto& name : names) {
    std::array<metrics::counter*, outcome_count> row{};
    for (std::size_t i = 0; i < outcome_count; ++i)
      row[i] = &r.make_counter(
        "inventory_rpc_requests_total",
        "XML-RPC requests answered, by method and outcome (ok or the fault "
        "code).",
        {{"method", name}, {"outcome", outcome(representatives[i])}});
    m->requests_.push_back(row);
    m->latency_.push_back(&r.make_histogram(
      "inventory_rpc_request_duration_seconds",
      "Time from a decoded request body to its rendered reply, by method.",
      metrics::latency_bounds(), {{"method", name}}));
  }
  m->timeouts_ = &r.make_counter(
    "inventory_rpc_request_timeouts_total",
    "Requests the inventory did not answer within --request-timeout.");
  return m;
}

void rpc_metrics::record(std::size_t method, std::int32_t fault_code,
                         double seconds) const noexcept {
  if (method >= requests_.size())
    method = requests_.size() - 1;
  requests_[method][outcome_index(fault_code)]->add();
  latency_[method]->observe(seconds);
}

} // namespace rpc
