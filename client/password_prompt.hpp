#pragma once

#include <optional>
#include <string>

namespace client {

/// Whether stdin is a terminal, the only place a password is asked on.
bool can_prompt();

/// Asks for a password on the terminal that is stdin, without echo: the
/// prompt goes to stderr (stdout stays the program's output), the line is
/// read from stdin, and the terminal is restored afterwards, also when
/// Ctrl-C ends the prompt (the signal then goes on to the handler that was
/// in place). None when stdin is not a terminal or the input ended.
std::optional<std::string> read_password(const std::string& prompt);

} // namespace client
