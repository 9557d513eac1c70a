#pragma once

// Diagnostic lines (startup, storage failures, restarts, link changes), as
// opposed to the access log: one line each, written whole, from any thread.

#include <string_view>

namespace base {

enum class log_level { info, warning, error };

/// Names the program in every line; call once, before other threads start.
void set_log_program(std::string_view name);

/// Writes one diagnostic line to stderr with a single write().
void log(log_level level, std::string_view text);

} // namespace base
