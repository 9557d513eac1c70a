#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "metrics/instruments.hpp"

namespace metrics {

/// A metric's labels, in order: bounded values only (a method, an outcome,
/// a status), never an item id or a user.
using labels = std::vector<std::pair<std::string, std::string>>;

/// Prometheus' metric types, as the exposition names them.
enum class kind { counter, gauge, histogram };

/// Owns the instruments and names them: one family per name (its type and
/// help fixed by the first registration), one member per label set.
/// Registering happens at startup; counting needs no lock; expose() runs
/// on whichever thread serves a scrape.
class registry {
public:
  registry() = default;
  registry(const registry&) = delete;
  registry& operator=(const registry&) = delete;

  counter& make_counter(const std::string& name, const std::string& help,
                        labels l = {});
  gauge& make_gauge(const std::string& name, const std::string& help,
                    labels l = {});
  histogram& make_histogram(const std::string& name, const std::string& help,
                            std::vector<double> bounds, labels l = {});

  /// A counter or gauge read by calling `read` at each scrape (process
  /// readings, state owned elsewhere). `read` must be thread-safe.
  void add_sampled(const std::string& name, const std::string& help, kind k,
                   std::function<double()> read, labels l = {});

  /// The Prometheus text exposition (format 0.0.4) of everything.
  std::string expose() const;

  /// The content type that goes with expose().
  static constexpr const char* content_type
    = "text/plain; version=0.0.4; charset=utf-8";

private:
  struct member {
    labels l;
    counter* c = nullptr;
    gauge* g = nullptr;
    histogram* h = nullptr;
    std::function<double()> read;
  };
  struct family {
    std::string name;
    std::string help;
    kind type;
    std::vector<member> members;
  };
  family& family_for(const std::string& name, const std::string& help, kind k);

  mutable std::mutex mtx_;
  std::vector<std::unique_ptr<family>> families_;
  std::vector<std::unique_ptr<counter>> counters_;
  std::vector<std::unique_ptr<gauge>> gauges_;
  std::vector<std::unique_ptr<histogram>> histograms_;
};

/// Adds the standard process_* metrics, read from /proc/self at each
/// scrape: CPU seconds, resident and virtual memory, open and maximum
/// descriptors, start time.
void add_process_metrics(registry& r);

/// Adds `<prefix>_build_info{version=...} 1`.
void add_build_info(registry& r, const std::string& prefix,
                    const std::string& version);

} // namespace metrics
