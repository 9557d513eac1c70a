#include "client/password_prompt.hpp"

#include <cerrno>
#include <csignal>

#include <termios.h>
#include <unistd.h>

namespace client {

namespace {

// What the signal handler needs to put the terminal back.
termios saved_terminal{};
struct sigaction previous_interrupt {};

extern "C" void restore_and_resend(int sig) {
  ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);
  auto ignored = ::write(STDERR_FILENO, "\n", 1);
  (void)ignored;
  // Blocked until this handler returns, then handled as before the prompt.
  ::sigaction(SIGINT, &previous_interrupt, nullptr);
  ::raise(sig);
}

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;
    done += static_cast<std::size_t>(n);
  }
}

} // namespace

bool can_prompt() {
  return ::isatty(STDIN_FILENO) != 0;
}

std::optional<std::string> read_password(const std::string& prompt) {
  if (!can_prompt() || ::tcgetattr(STDIN_FILENO, &saved_terminal) != 0)
    return std::nullopt;
  struct sigaction on_interrupt {};
  on_interrupt.sa_handler = restore_and_resend;
  sigemptyset(&on_interrupt.sa_mask);
  ::sigaction(SIGINT, &on_interrupt, &previous_interrupt);
  auto quiet = saved_terminal;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ECHONL; // the Enter still moves to the next line
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  write_all(STDERR_FILENO, prompt);
  std::string line;
  bool ended = false;
  for (;;) {
    char c = 0;
    auto n = ::read(STDIN_FILENO, &c, 1);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      ended = line.empty();
      break;
    }
    if (c == '\n')
      break;
    line += c;
  }
  ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);
  ::sigaction(SIGINT, &previous_interrupt, nullptr);
  if (ended) {
    write_all(STDERR_FILENO, "\n");
    return std::nullopt;
  }
  if (!line.empty() && line.back() == '\r')
    line.pop_back();
  return line;
}

} // namespace client
