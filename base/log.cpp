#include "base/log.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include <unistd.h>

namespace base {

namespace {

std::string program = "inventory";
log_format format = log_format::text;

const char* level_name(log_level level) {
  switch (level) {
  case log_level::info:
    return "info";
  case log_level::warning:
    return "warning";
  case log_level::error:
    return "error";
  }
  return "info";
}

// "2026-12-02T06:01:02.345Z".
std::string timestamp(long long unix_ms) {
  auto seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                utc.tm_min, utc.tm_sec, static_cast<int>(unix_ms % 1000));
  return text;
}

// A JSON string's contents (RFC 8259: quote, backslash, control chars).
void append_json(std::string& out, std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (u < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", u);
      out += esc;
    } else {
      out += c;
    }
  }
}

} // namespace

std::optional<log_format> parse_log_format(std::string_view word) {
  if (word == "text")
    return log_format::text;
  if (word == "json")
    return log_format::json;
  return std::nullopt;
}

void set_log_program(std::string_view name) {
  program = name;
}

void set_log_format(log_format f) {
  format = f;
}

std::string format_log_line(log_format f, std::string_view name,
                            log_level level, std::string_view text,
                            long long unix_ms) {
  std::string line;
  if (f == log_format::json) {
    line = "{\"time\":\"" + timestamp(unix_ms) + "\",\"level\":\"";
    line += level_name(level);
    line += "\",\"program\":\"";
    append_json(line, name);
    line += "\",\"message\":\"";
    append_json(line, text);
    line += "\"}\n";
    return line;
  }
  line = timestamp(unix_ms);
  line += ' ';
  line += level_name(level);
  line += ' ';
  line += name;
  line += ": ";
  // One line per entry, whatever the text holds.
  for (char c : text)
    line += c == '\n' ? ' ' : c;
  line += '\n';
  return line;
}

void log(log_level level, std::string_view text) {
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count();
  auto line = format_log_line(format, program, level, text, now);
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
