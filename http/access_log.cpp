#include "http/access_log.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include "base/log.hpp"

namespace http {

namespace {

constexpr std::size_t flush_threshold = std::size_t{32} * 1024;
constexpr std::size_t max_waiting = std::size_t{4} * 1024 * 1024;

// Writes `text`; returns what was left unwritten (empty: all of it) and
// leaves errno as the failing write set it.
std::string_view write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    auto n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n == 0)
        errno = EIO;
      return text;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return text;
}

std::size_t count_lines(std::string_view text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

} // namespace

access_log::access_log(int fd, bool enabled, log_format format,
                       std::string path)
  : fd_(fd), enabled_(enabled), format_(format), path_(std::move(path)) {
  if (enabled_)
    writer_ = std::thread{[this] { run(); }};
}

access_log::~access_log() {
  stop();
  if (!path_.empty() && fd_ >= 0)
    ::close(fd_);
  if (next_fd_ >= 0)
    ::close(next_fd_);
}

void access_log::stop() {
  if (!writer_.joinable())
    return;
  flush();
  {
    std::lock_guard<std::mutex> guard{mtx_};
    stop_ = true;
  }
  cv_.notify_one();
  writer_.join();
}

base::expected<int, std::string>
access_log::open_file(const std::string& path) {
  int fd
    = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0)
    return "access log " + path + ": " + std::strerror(errno);
  return fd;
}

void access_log::record(const log_entry& entry, clock_cache& clock) {
  if (!enabled_)
    return;
  append_log_line(pending_, format_, entry, clock);
  if (pending_.size() >= flush_threshold)
    flush();
}

void access_log::flush() {
  if (!enabled_ || pending_.empty())
    return;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (handoff_.size() + pending_.size() <= max_waiting)
      handoff_ += pending_;
    else { // one line per request
      auto lines = count_lines(pending_);
      dropped_ += lines;
      dropped_total_ += lines;
    }
  }
  pending_.clear();
  cv_.notify_one();
}

base::expected<void, std::string> access_log::reopen() {
  if (path_.empty() || !enabled_)
    return {};
  auto fd = open_file(path_);
  if (!fd)
    return fd.error();
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (next_fd_ >= 0)
      ::close(next_fd_); // two reopens before a write: the newer wins
    next_fd_ = *fd;
  }
  cv_.notify_one();
  return {};
}

void access_log::run() {
  std::string batch;
  std::unique_lock<std::mutex> guard{mtx_};
  for (;;) {
    cv_.wait(guard,
             [this] { return stop_ || !handoff_.empty() || next_fd_ >= 0; });
    if (next_fd_ >= 0) {
      // Only this thread writes to fd_, so it can switch here.
      ::close(fd_);
      fd_ = next_fd_;
      next_fd_ = -1;
    }
    batch.swap(handoff_);
    auto dropped = dropped_;
    dropped_ = 0;
    auto stopping = stop_;
    guard.unlock();
    write_batch(batch, dropped);
    batch.clear();
    guard.lock();
    if (stopping && handoff_.empty())
      return;
  }
}

// Writer thread. A failed write loses its lines: they are counted, the
// first failure is reported on stderr, and once the log works again it
// says how many lines it lost.
void access_log::write_batch(std::string_view batch, std::size_t dropped) {
  // Woken only to switch files: nothing written proves nothing, so the
  // lost count waits for the next line.
  if (batch.empty() && dropped == 0)
    return;
  std::string notes;
  if (lost_ > 0 && !batch.empty())
    notes = "access log: " + std::to_string(lost_)
            + " lines lost, the log could not be written ("
            + std::strerror(lost_errno_) + ")\n";
  if (dropped > 0)
    notes += "access log: " + std::to_string(dropped)
             + " lines dropped, the log could not keep up\n";
  auto unwritten_notes = write_all(fd_, notes);
  auto unwritten = unwritten_notes.empty() ? write_all(fd_, batch) : batch;
  if (unwritten.empty() && unwritten_notes.empty()) {
    lost_ = 0;
    return;
  }
  auto failed_errno = errno;
  if (lost_ == 0)
    base::log(base::log_level::error,
              "access log: cannot write ("
                + std::string{std::strerror(failed_errno)}
                + "); its lines are counted as lost until it works again");
  // A line half written is lost too: its newline is in `unwritten`.
  auto lines = count_lines(unwritten);
  lost_ += lines;
  lost_errno_ = failed_errno;
  lost_total_ += lines;
}

} // namespace http
