#include "client/line_reader.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

namespace client {

line_reader::line_reader() : interactive_(isatty(STDIN_FILENO) != 0) {}

std::optional<std::string> line_reader::read(const std::string& prompt) {
  if (interactive_) {
    char* raw = readline(prompt.c_str());
    if (raw == nullptr)
      return std::nullopt;
    std::string line{raw};
    std::free(raw);
    if (!line.empty())
      add_history(line.c_str());
    return line;
  }
  std::cout << prompt << std::flush;
  std::string line;
  if (!std::getline(std::cin, line))
    return std::nullopt;
  if (!line.empty() && line.back() == '\r')
    line.pop_back();
  return line;
}

} // namespace client
