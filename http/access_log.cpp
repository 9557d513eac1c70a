#include "http/access_log.hpp"

#include <algorithm>
#include <cerrno>
#include <unistd.h>

namespace http {

namespace {

constexpr std::size_t flush_threshold = std::size_t{32} * 1024;
constexpr std::size_t max_waiting = std::size_t{4} * 1024 * 1024;

void write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    auto n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return; // nowhere to log to: nothing sensible left to do
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

} // namespace

access_log::access_log(int fd, bool enabled) : fd_(fd), enabled_(enabled) {
  if (enabled_)
    writer_ = std::thread{[this] { run(); }};
}

access_log::~access_log() {
  if (!enabled_)
    return;
  flush();
  {
    std::lock_guard<std::mutex> guard{mtx_};
    stop_ = true;
  }
  cv_.notify_one();
  writer_.join();
}

void access_log::record(std::string_view remote, std::string_view user,
                        std::string_view date, std::string_view request_line,
                        unsigned status) {
  if (!enabled_)
    return;
  pending_ += remote;
  pending_ += " - ";
  pending_ += user;
  pending_ += " [";
  pending_ += date;
  pending_ += "] \"";
  pending_ += request_line;
  pending_ += "\" ";
  pending_ += std::to_string(status);
  pending_ += " -\n";
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
    else // one line per request
      dropped_ += static_cast<std::size_t>(
        std::count(pending_.begin(), pending_.end(), '\n'));
  }
  pending_.clear();
  cv_.notify_one();
}

void access_log::run() {
  std::string batch;
  std::unique_lock<std::mutex> guard{mtx_};
  for (;;) {
    cv_.wait(guard, [this] { return stop_ || !handoff_.empty(); });
    batch.swap(handoff_);
    auto dropped = dropped_;
    dropped_ = 0;
    auto stopping = stop_;
    guard.unlock();
    write_all(fd_, batch);
    if (dropped > 0)
      write_all(fd_, "access log: " + std::to_string(dropped)
                       + " lines dropped, the log could not keep up\n");
    batch.clear();
    guard.lock();
    if (stopping && handoff_.empty())
      return;
  }
}

} // namespace http
