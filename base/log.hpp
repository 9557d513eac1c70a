#pragma once

// Diagnostic lines (startup, storage failures, restarts, link changes), as
// opposed to the access log: one line each, written whole, from any thread,
// with a UTC timestamp and a level.

#include <optional>
#include <string>
#include <string_view>

namespace base {

enum class log_level { info, warning, error };

/// text: `2026-12-02T06:01:02.345Z error inventory-server: message`;
/// json: one object per line for log shippers,
/// `{"time":"...","level":"error","program":"inventory-server","message":"..."}`.
enum class log_format { text, json };

/// "text" or "json"; nothing for another word.
std::optional<log_format> parse_log_format(std::string_view word);

/// Names the program in every line; call once, before other threads start.
void set_log_program(std::string_view name);

/// Chooses the format; call once, before other threads start.
void set_log_format(log_format format);

/// Writes one diagnostic line to stderr with a single write().
void log(log_level level, std::string_view text);

/// The line log() writes for `text` at `unix_ms` (milliseconds since the
/// epoch), newline included; for tests.
std::string format_log_line(log_format format, std::string_view program,
                            log_level level, std::string_view text,
                            long long unix_ms);

} // namespace base
