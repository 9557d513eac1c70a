#pragma once

#include <optional>
#include <string>

namespace client {

/// Reads lines after a prompt: with GNU readline (editing and history) when
/// stdin is a terminal, plainly otherwise, so a transcript has no control
/// codes in it.
class line_reader {
public:
  line_reader();

  /// The next line without its newline; nothing at end of input.
  std::optional<std::string> read(const std::string& prompt);

private:
  bool interactive_;
};

} // namespace client
