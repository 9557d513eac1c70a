#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace metrics {

/// Whether the server can serve: every check says nothing (fine) or why
/// not. Checks are added at startup and run on each GET /health, on the
/// scraping thread, so they must be thread-safe and quick.
class health {
public:
  using check = std::function<std::optional<std::string>()>;

  void add(check c) { checks_.push_back(std::move(c)); }

  /// The first reason the server cannot serve, or nothing.
  std::optional<std::string> problem() const {
    for (const auto& c : checks_)
      if (auto why = c())
        return why;
    return std::nullopt;
  }

private:
  std::vector<check> checks_;
};

} // namespace metrics
