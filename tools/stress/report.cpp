#include "tools/stress/report.hpp"

#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

namespace stress {

std::string format_latency(std::chrono::microseconds x) {
  char buf[32];
  auto us = static_cast<double>(x.count());
  if (us < 1000)
    std::snprintf(buf, sizeof(buf), "%.0fus", us);
  else if (us < 1e6)
    std::snprintf(buf, sizeof(buf), "%.2fms", us / 1e3);
  else
    std::snprintf(buf, sizeof(buf), "%.2fs", us / 1e6);
  return buf;
}

summary summarize(const latency_recorder& latency, double seconds) {
  summary s;
  s.requests = latency.count();
  s.seconds = seconds;
  s.rps = seconds > 0 ? static_cast<double>(s.requests) / seconds : 0;
  s.p50 = latency.quantile(0.5);
  s.p90 = latency.quantile(0.9);
  s.p99 = latency.quantile(0.99);
  s.p999 = latency.quantile(0.999);
  s.max = latency.max();
  s.transport_errors = latency.errors();
  return s;
}

std::string render_report(const options& opts, const summary& s,
                          const ledger& book, const verdict& v) {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof(line), "%10s %10s %9s %9s %9s %9s %9s\n",
                "requests", "req/s", "p50", "p90", "p99", "p99.9", "max");
  out << line;
  std::snprintf(line, sizeof(line), "%10llu %10.0f %9s %9s %9s %9s %9s\n",
                static_cast<unsigned long long>(s.requests), s.rps,
                format_latency(s.p50).c_str(), format_latency(s.p90).c_str(),
                format_latency(s.p99).c_str(), format_latency(s.p999).c_str(),
                format_latency(s.max).c_str());
  out << line;
  auto list = [&out](const char* title, const auto& counts) {
    out << title << ":";
    if (counts.empty())
      out << " none";
    for (const auto& [what, n] : counts)
      out << "\n  " << what << ": " << n;
    out << "\n";
  };
  list("faults (expected)", book.expected_faults);
  list("faults (unexpected)", book.unexpected_faults);
  list("transport errors", book.transport_errors);
  for (const auto& note : v.notes)
    out << note << "\n";
  if (v.violations.empty()) {
    out << "invariants: OK\n";
  } else {
    for (const auto& violation : v.violations)
      out << "violation: " << violation << "\n";
    out << "invariants: " << v.violations.size() << " violated\n";
  }
  (void)opts;
  return out.str();
}

std::string render_json(const options& opts, const summary& s,
                        const ledger& book, const verdict& v) {
  nlohmann::ordered_json j;
  j["url"] = opts.url;
  j["scenario"] = opts.scenario;
  j["clients"] = opts.clients;
  j["keep_alive"] = opts.keep_alive;
  j["rate"] = opts.rate;
  j["seconds"] = s.seconds;
  j["requests"] = s.requests;
  j["rps"] = s.rps;
  j["latency_us"] = {{"p50", s.p50.count()},
                     {"p90", s.p90.count()},
                     {"p99", s.p99.count()},
                     {"p99.9", s.p999.count()},
                     {"max", s.max.count()}};
  j["faults_expected"] = book.expected_faults;
  j["faults_unexpected"] = book.unexpected_faults;
  j["transport_errors"] = book.transport_errors;
  j["notes"] = v.notes;
  j["violations"] = v.violations;
  j["invariants_ok"] = v.violations.empty();
  return j.dump(2) + "\n";
}

} // namespace stress
