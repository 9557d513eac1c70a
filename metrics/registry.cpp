#include "metrics/registry.hpp"

#include <limits>
#include <sstream>
#include <stdexcept>

#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

namespace metrics {

namespace {

prometheus::MetricType to_prometheus(kind k) {
  switch (k) {
  case kind::counter:
    return prometheus::MetricType::Counter;
  case kind::gauge:
    return prometheus::MetricType::Gauge;
  case kind::histogram:
    return prometheus::MetricType::Histogram;
  }
  return prometheus::MetricType::Untyped;
}

} // namespace

registry::family& registry::family_for(const std::string& name,
                                       const std::string& help, kind k) {
  for (auto& f : families_)
    if (f->name == name) {
      if (f->type != k) // a programming error, found at startup
        throw std::logic_error("metric " + name + " registered twice");
      return *f;
    }
  families_.push_back(std::make_unique<family>(family{name, help, k, {}}));
  return *families_.back();
}

counter& registry::make_counter(const std::string& name,
                                const std::string& help, labels l) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto& f = family_for(name, help, kind::counter);
  counters_.push_back(std::make_unique<counter>());
  member m;
  m.l = std::move(l);
  m.c = counters_.back().get();
  f.members.push_back(std::move(m));
  return *counters_.back();
}

gauge& registry::make_gauge(const std::string& name, const std::string& help,
                            labels l) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto& f = family_for(name, help, kind::gauge);
  gauges_.push_back(std::make_unique<gauge>());
  member m;
  m.l = std::move(l);
  m.g = gauges_.back().get();
  f.members.push_back(std::move(m));
  return *gauges_.back();
}

histogram& registry::make_histogram(const std::string& name,
                                    const std::string& help,
                                    std::vector<double> bounds, labels l) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto& f = family_for(name, help, kind::histogram);
  histograms_.push_back(std::make_unique<histogram>(std::move(bounds)));
  member m;
  m.l = std::move(l);
  m.h = histograms_.back().get();
  f.members.push_back(std::move(m));
  return *histograms_.back();
}

void registry::add_sampled(const std::string& name, const std::string& help,
                           kind k, std::function<double()> read, labels l) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto& f = family_for(name, help, k);
  member m;
  m.l = std::move(l);
  m.read = std::move(read);
  f.members.push_back(std::move(m));
}

std::string registry::expose() const {
  std::vector<prometheus::MetricFamily> out;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    out.reserve(families_.size());
    for (const auto& f : families_) {
      prometheus::MetricFamily pf;
      pf.name = f->name;
      pf.help = f->help;
      pf.type = to_prometheus(f->type);
      for (const auto& m : f->members) {
        prometheus::ClientMetric cm;
        for (const auto& [k, v] : m.l)
          cm.label.push_back({k, v});
        if (m.read) {
          auto x = m.read();
          if (f->type == kind::counter)
            cm.counter.value = x;
          else
            cm.gauge.value = x;
        } else if (m.c) {
          cm.counter.value = static_cast<double>(m.c->value());
        } else if (m.g) {
          cm.gauge.value = static_cast<double>(m.g->value());
        } else if (m.h) {
          auto snap = m.h->read();
          cm.histogram.sample_count = snap.count;
          cm.histogram.sample_sum = snap.sum;
          for (std::size_t i = 0; i < snap.cumulative.size(); ++i) {
            prometheus::ClientMetric::Bucket b;
            b.cumulative_count = snap.cumulative[i];
            b.upper_bound = i < snap.bounds.size()
                              ? snap.bounds[i]
                              : std::numeric_limits<double>::infinity();
            cm.histogram.bucket.push_back(b);
          }
        }
        pf.metric.push_back(std::move(cm));
      }
      out.push_back(std::move(pf));
    }
  }
  std::ostringstream text;
  prometheus::TextSerializer{}.Serialize(text, out);
  return text.str();
}

void add_build_info(registry& r, const std::string& prefix,
                    const std::string& version) {
  r.add_sampled(prefix + "_build_info", "The program's version; always 1.",
                kind::gauge, [] { return 1.0; }, {{"version", version}});
}

} // namespace metrics
