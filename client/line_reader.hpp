#pragma once

#include <optional>
#include <string>

namespace client {

/// Reads lines after a prompt: with GNU readline (editing and history) when
/// stdin is a terminal, plainly otherwise, so a transcript has no control
/// codes in it. It owns SIGINT while it lives: Ctrl-C while it waits for a
/// line ends the input as end of input does (readline has restored the
/// terminal by then), and interrupted() says so; Ctrl-C at any other moment
/// prints `Client session ended.` and exits 130 at once.
class line_reader {
public:
  line_reader();

  /// The next line without its newline; nothing at end of input or after
  /// Ctrl-C.
  std::optional<std::string> read(const std::string& prompt);

  /// Whether Ctrl-C ended the input.
  bool interrupted() const;

private:
  bool interactive_;
};

} // namespace client
