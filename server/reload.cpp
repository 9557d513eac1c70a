#include "server/reload.hpp"

#include "base/log.hpp"

namespace server {

void reload_actions::add(std::string name, action what) {
  std::lock_guard<std::mutex> guard{mtx_};
  actions_.push_back(entry{std::move(name), std::move(what)});
}

std::vector<std::string> reload_actions::run_all() {
  std::vector<entry> actions;
  {
    // A copy: an action may add another without deadlocking.
    std::lock_guard<std::mutex> guard{mtx_};
    actions = actions_;
  }
  std::vector<std::string> failures;
  std::string done;
  for (auto& [name, what] : actions) {
    auto result = what();
    if (result) {
      done += done.empty() ? name : ", " + name;
      continue;
    }
    failures.push_back("reload: " + name + ": " + result.error());
    base::log(base::log_level::error, failures.back());
  }
  base::log(base::log_level::info,
            "SIGHUP: reloaded " + (done.empty() ? "nothing" : done));
  return failures;
}

} // namespace server
