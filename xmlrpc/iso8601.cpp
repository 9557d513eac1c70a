#include "xmlrpc/iso8601.hpp"

#include <cstddef>

namespace xmlrpc {

bool is_iso8601(std::string_view text) {
  std::size_t i = 0;
  auto digits = [&](std::size_t n) {
    for (std::size_t k = 0; k < n; ++k, ++i)
      if (i >= text.size() || text[i] < '0' || text[i] > '9')
        return false;
    return true;
  };
  auto optional = [&](char c) {
    if (i < text.size() && text[i] == c)
      ++i;
  };
  if (!digits(4))
    return false;
  optional('-');
  if (!digits(2))
    return false;
  optional('-');
  if (!digits(2) || i >= text.size() || text[i++] != 'T' || !digits(2))
    return false;
  optional(':');
  if (!digits(2))
    return false;
  optional(':');
  if (!digits(2))
    return false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    auto start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9')
      ++i;
    if (i == start)
      return false;
  }
  if (i < text.size() && text[i] == 'Z') {
    ++i;
  } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    ++i;
    if (!digits(2))
      return false;
    optional(':');
    if (!digits(2))
      return false;
  }
  return i == text.size();
}

} // namespace xmlrpc
