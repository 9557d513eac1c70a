#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include "metrics/registry.hpp"

// prometheus-cpp's core has no process collector: these read /proc/self
// as client_golang's process collector does.
namespace metrics {

namespace {

// The fields of /proc/self/stat after the command (which may hold spaces
// and parentheses), numbered from 3 as in proc(5).
std::vector<std::string> stat_fields() {
  std::ifstream in{"/proc/self/stat"};
  std::string all{std::istreambuf_iterator<char>{in}, {}};
  std::vector<std::string> out;
  auto close = all.rfind(')');
  if (close == std::string::npos)
    return out;
  std::istringstream rest{all.substr(close + 1)};
  std::string x;
  while (rest >> x)
    out.push_back(x);
  return out;
}

double field(const std::vector<std::string>& fields, std::size_t number) {
  auto i = number - 3;
  return i < fields.size() ? std::stod(fields[i]) : 0.0;
}

double boot_time() {
  std::ifstream in{"/proc/stat"};
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime") {
      in >> value;
      return value;
    }
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return 0;
}

double open_fds() {
  double n = 0;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (auto* e = ::readdir(d))
      if (e->d_name[0] != '.')
        ++n;
    ::closedir(d);
    n -= 1; // the directory's own descriptor
  }
  return n;
}

} // namespace

void add_process_metrics(registry& r) {
  static const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  static const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  r.add_sampled("process_cpu_seconds_total",
                "Total user and system CPU time spent in seconds.",
                kind::counter, [] {
                  auto f = stat_fields();
                  return (field(f, 14) + field(f, 15)) / ticks;
                });
  r.add_sampled("process_resident_memory_bytes",
                "Resident memory size in bytes.", kind::gauge,
                [] { return field(stat_fields(), 24) * page; });
  r.add_sampled("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                kind::gauge, [] { return field(stat_fields(), 23); });
  r.add_sampled("process_open_fds", "Number of open file descriptors.",
                kind::gauge, [] { return open_fds(); });
  r.add_sampled("process_max_fds", "Maximum number of open file descriptors.",
                kind::gauge, [] {
                  rlimit lim{};
                  ::getrlimit(RLIMIT_NOFILE, &lim);
                  return static_cast<double>(lim.rlim_cur);
                });
  // Computed once: the start does not move.
  static const double start = boot_time() + field(stat_fields(), 22) / ticks;
  r.add_sampled("process_start_time_seconds",
                "Start time of the process since unix epoch in seconds.",
                kind::gauge, [] { return start; });
}

} // namespace metrics
