#include "base/log.hpp"

#include <cerrno>
#include <string>

#include <unistd.h>

namespace base {

namespace {

std::string program = "inventory";

} // namespace

void set_log_program(std::string_view name) {
  program = name;
}

void log(log_level level, std::string_view text) {
  std::string line = program;
  line += ": ";
  if (level == log_level::warning)
    line += "warning: ";
  line += text;
  line += '\n';
  // One write per line: lines from several threads never interleave (up to
  // PIPE_BUF bytes on a pipe), and a failing stderr is not our problem here.
  std::string_view rest = line;
  while (!rest.empty()) {
    auto n = ::write(STDERR_FILENO, rest.data(), rest.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
}

} // namespace base
