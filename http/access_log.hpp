#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "base/expected.hpp"
#include "http/log_line.hpp"

namespace http {

/// The access log, one line per request (formats: log_line.hpp). Lines
/// collect in memory on the I/O thread and a writer thread puts them out,
/// so a slow or blocked log never stalls requests; past 4 MiB waiting,
/// lines are dropped and counted. A log that cannot be written (a reader
/// gone: EPIPE with SIGPIPE ignored; a full disk) is never fatal: its lines
/// are counted as lost, the failure is reported once, and the count is
/// written into the log when it works again.
class access_log {
public:
  /// Writes to `fd`; a disabled log records nothing and starts no thread.
  /// With a `path` (the file `fd` was opened from) the log owns `fd` and
  /// reopen() opens the path again.
  access_log(int fd, bool enabled, log_format format = log_format::seed,
             std::string path = {});
  ~access_log();

  access_log(const access_log&) = delete;
  access_log& operator=(const access_log&) = delete;

  /// Opens `path` for appending (created 0640 when missing), as the log
  /// file; the error is the one line to print.
  static base::expected<int, std::string> open_file(const std::string& path);

  bool enabled() const { return enabled_; }
  log_format format() const { return format_; }

  /// Adds one line; I/O thread only.
  void record(const log_entry& entry, clock_cache& clock);

  /// Hands the collected lines to the writer thread; I/O thread only.
  void flush();

  /// Flushes, writes out everything and ends the writer thread; the
  /// destructor does it too. I/O thread, once it has stopped recording.
  void stop();

  /// Opens the log's file again (after logrotate moved it) and switches to
  /// it before the next write; the old file is closed then. Any thread. A
  /// log on stderr has nothing to reopen. On an error the log stays on the
  /// old file.
  base::expected<void, std::string> reopen();

  /// Lines that could not be written (the log failed), so far.
  std::size_t lost_lines() const { return lost_total_; }

  /// Lines dropped because the writer could not keep up, so far; any
  /// thread.
  std::size_t dropped_lines() const { return dropped_total_; }

private:
  void run();
  void write_batch(std::string_view batch, std::size_t dropped);

  int fd_;
  bool enabled_;
  log_format format_;
  std::string path_;
  std::string pending_;
  std::mutex mtx_;
  std::condition_variable cv_;
  std::string handoff_;
  std::size_t dropped_ = 0;
  int next_fd_ = -1; // a reopened file, taken by the writer thread
  bool stop_ = false;
  // Writer thread only: lines lost since the log last worked, and why.
  std::size_t lost_ = 0;
  int lost_errno_ = 0;
  std::atomic<std::size_t> lost_total_{0};
  std::atomic<std::size_t> dropped_total_{0};
  std::thread writer_;
};

} // namespace http
