#include "tools/stress/report.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "client/url.hpp"

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

std::string render_header(const options& opts) {
  std::string urls;
  for (const auto& u : opts.urls)
    urls += (urls.empty() ? "" : ", ") + client::redact_url(u);
  return "inventory-stress: " + urls + ", scenario " + opts.scenario + ", "
         + std::to_string(opts.clients) + " clients, "
         + (opts.rate > 0 ? "open loop" : "closed loop")
         + (opts.keep_alive ? ", keep-alive" : ", a connection per request")
         + (opts.retry_lost ? ", lost replies re-sent" : "") + "\n";
}

std::string render_figures(const summary& s, const ledger& book) {
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
  return out.str();
}

std::string render_verdict(const verdict& v) {
  std::string out;
  for (const auto& note : v.notes)
    out += note + "\n";
  out += "uncertain: " + std::to_string(v.uncertain)
         + ", applied twice: " + std::to_string(v.applied_twice) + "\n";
  if (v.violations.empty())
    return out + "invariants: OK\n";
  for (const auto& violation : v.violations)
    out += "violation: " + violation + "\n";
  return out + "invariants: " + std::to_string(v.violations.size())
         + " violated\n";
}

std::string render_json(const options& opts, const summary& s,
                        const ledger& book, const verdict* v,
                        bool server_stopped) {
  nlohmann::ordered_json j;
  j["url"] = client::redact_url(opts.urls.front());
  auto shown = nlohmann::ordered_json::array();
  for (const auto& u : opts.urls)
    shown.push_back(client::redact_url(u));
  j["urls"] = shown;
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
  j["retry_lost"] = opts.retry_lost;
  j["resent"] = book.resent;
  j["replayed"] = book.replayed;
  j["uncertain"] = book.uncertain;
  j["applied_twice"] = v ? nlohmann::ordered_json(v->applied_twice) : nullptr;
  if (opts.scenario == "checkout")
    j["checkout"] = {{"orders_placed", book.orders_placed},
                     {"orders_refused", book.orders_refused},
                     {"units_sold", book.units_sold},
                     {"restocks", book.restocks},
                     {"units_restocked", book.units_restocked}};
  j["server_stopped"] = server_stopped;
  j["invariants_checked"] = v != nullptr;
  j["notes"] = v ? v->notes : std::vector<std::string>{};
  j["violations"] = v ? v->violations : std::vector<std::string>{};
  j["invariants_ok"] = v && v->violations.empty();
  return j.dump(2) + "\n";
}

std::vector<std::string> missed_thresholds(const options& opts,
                                           const summary& s) {
  std::vector<std::string> missed;
  if (opts.max_p99 && s.p99 > *opts.max_p99)
    missed.push_back("p99 " + format_latency(s.p99) + " is above --max-p99 "
                     + format_latency(*opts.max_p99));
  if (opts.min_rps && s.rps < *opts.min_rps) {
    char buf[128];
    auto limit = *opts.min_rps;
    std::snprintf(buf, sizeof(buf),
                  limit == std::floor(limit) && limit < 1e15
                    ? "%.0f req/s is below --min-rps %.0f"
                    : "%.0f req/s is below --min-rps %g",
                  s.rps, limit);
    missed.emplace_back(buf);
  }
  return missed;
}

} // namespace stress
