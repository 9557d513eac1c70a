#include "client/line_reader.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <fcntl.h>
#include <poll.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

namespace client {

namespace {

volatile std::sig_atomic_t interrupted_flag = 0;
volatile std::sig_atomic_t waiting_for_input = 0;
int wake_pipe[2] = {-1, -1}; // the handler wakes a waiting read through it

constexpr int interrupted_key = -2; // next_byte: Ctrl-C came

// While a read waits it only wakes the read, so the session ends in normal
// code (readline restores the terminal). At any other moment, say during a
// slow call, it ends the session itself (write and _Exit are
// async-signal-safe).
extern "C" void on_interrupt(int) {
  interrupted_flag = 1;
  if (waiting_for_input) {
    char wake = 1;
    auto ignored = ::write(wake_pipe[1], &wake, 1);
    (void)ignored;
    return;
  }
  constexpr char text[] = "\nClient session ended.\n";
  auto ignored = ::write(STDOUT_FILENO, text, sizeof(text) - 1);
  (void)ignored;
  std::_Exit(128 + SIGINT);
}

// The next byte of `fd`, EOF at end of input, or interrupted_key. Waiting
// on the wake pipe too leaves no window in which a Ctrl-C that came just
// before the wait began is missed (a sanitizer's runtime may also deliver
// it only when the wait begins).
int next_byte(int fd) {
  pollfd fds[2] = {{fd, POLLIN, 0}, {wake_pipe[0], POLLIN, 0}};
  for (;;) {
    if (interrupted_flag)
      return interrupted_key;
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR)
        continue;
      return EOF;
    }
    if (fds[1].revents != 0)
      return interrupted_key;
    if (fds[0].revents == 0)
      continue;
    unsigned char c = 0;
    auto n = ::read(fd, &c, 1);
    if (n == 1)
      return c;
    if (n < 0 && errno == EINTR)
      continue;
    return EOF;
  }
}

// readline's key source. readline's own signal handling is off
// (rl_catch_signals): it would replay the signal to us from inside its
// handler, which a sanitizer's runtime holds back until the next key.
extern "C" int read_key(FILE* in) {
  auto c = next_byte(fileno(in));
  return c == interrupted_key ? EOF : c;
}

// Marks the time a read may be woken.
struct waiting_scope {
  waiting_scope() { waiting_for_input = 1; }
  ~waiting_scope() { waiting_for_input = 0; }
  waiting_scope(const waiting_scope&) = delete;
  waiting_scope& operator=(const waiting_scope&) = delete;
};

} // namespace

line_reader::line_reader() : interactive_(isatty(STDIN_FILENO) != 0) {
  if (::pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
    wake_pipe[0] = wake_pipe[1] = -1; // then Ctrl-C always exits at once
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  if (interactive_) {
    rl_catch_signals = 0;
    rl_getc_function = read_key;
  }
}

bool line_reader::interrupted() const {
  return interrupted_flag != 0;
}

std::optional<std::string> line_reader::read(const std::string& prompt) {
  if (interrupted_flag)
    return std::nullopt;
  waiting_scope waiting;
  if (wake_pipe[0] < 0)
    waiting_for_input = 0;
  std::string line;
  if (interactive_) {
    char* raw = readline(prompt.c_str());
    if (raw == nullptr || interrupted_flag) {
      std::free(raw);
      return std::nullopt;
    }
    line = raw;
    std::free(raw);
    if (!line.empty())
      add_history(line.c_str());
    return line;
  }
  std::cout << prompt << std::flush;
  for (;;) {
    auto c = next_byte(STDIN_FILENO);
    if (c == interrupted_key || (c == EOF && line.empty()))
      return std::nullopt;
    if (c == EOF || c == '\n')
      break;
    line += static_cast<char>(c);
  }
  if (!line.empty() && line.back() == '\r')
    line.pop_back();
  return line;
}

} // namespace client
