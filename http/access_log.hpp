#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace http {

/// The access log, one line per request in the original's format, with the
/// Common Log Format's user field filled in when someone logged in:
/// `127.0.0.1 - alice [24/Nov/2026 10:45:47] "POST /RPC2 HTTP/1.1" 200 -`.
/// Lines collect in memory on the I/O thread and a writer thread puts them
/// out, so a slow or blocked stderr never stalls requests; past 4 MiB
/// waiting, lines are dropped and counted.
class access_log {
public:
  /// Writes to `fd`; a disabled log records nothing and starts no thread.
  access_log(int fd, bool enabled);
  ~access_log();

  access_log(const access_log&) = delete;
  access_log& operator=(const access_log&) = delete;

  bool enabled() const { return enabled_; }

  /// Adds one line; `user` is "-" when nobody logged in. I/O thread only.
  void record(std::string_view remote, std::string_view user,
              std::string_view date, std::string_view request_line,
              unsigned status);

  /// Hands the collected lines to the writer thread; I/O thread only.
  void flush();

private:
  void run();

  int fd_;
  bool enabled_;
  std::string pending_;
  std::mutex mtx_;
  std::condition_variable cv_;
  std::string handoff_;
  std::size_t dropped_ = 0;
  bool stop_ = false;
  std::thread writer_;
};

} // namespace http
