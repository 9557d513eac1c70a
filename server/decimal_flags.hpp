#pragma once

// Decimal-only numeric flags (issue 16, defect 1: CLI11 2.1 reads integers
// with strtoll base 0, so `--port 020000` was 8192 and `0x10` was 16).
//
// Interim: base/command_line.hpp (from the client and stress-tool work)
// provides base::decimal<T>(min, max) and base::decimal_number(min, max)
// for every program. Where it exists this header is only a forward to it;
// until then it defines the same two validators with the same semantics.
// Once base/command_line.hpp is on main, flags.cpp includes it instead and
// this file goes (a one-line change).

#if __has_include("base/command_line.hpp")
#include "base/command_line.hpp"
#else

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

#include <CLI/CLI.hpp>

namespace base {

/// "min..max", as error messages and help texts name a range.
template <class T>
std::string range_text(T min, T max) {
  if constexpr (std::is_floating_point_v<T>) {
    return CLI::detail::to_string(min) + ".." + CLI::detail::to_string(max);
  } else {
    return std::to_string(min) + ".." + std::to_string(max);
  }
}

/// A CLI11 transform for an integer option: an optional sign and the
/// digits 0-9 only (leading zeros do not make it octal), within [min, max];
/// the error quotes the text and names the range. It rewrites the text
/// without leading zeros, so CLI11's own conversion never sees `010`.
template <class T>
CLI::Validator decimal(T min, T max) {
  static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
  return CLI::Validator{
    [min, max](std::string& text) -> std::string {
      auto quoted = "'" + text + "'";
      std::string_view digits = text;
      bool negative = !digits.empty() && digits.front() == '-';
      if (!digits.empty() && (negative || digits.front() == '+'))
        digits.remove_prefix(1);
      if (digits.empty()
          || digits.find_first_not_of("0123456789") != std::string_view::npos)
        return quoted + " is not a decimal whole number";
      auto out_of_range = quoted + " is out of range " + range_text(min, max);
      // The magnitude as the widest unsigned type; from_chars reads base 10.
      unsigned long long magnitude = 0;
      auto [ptr, ec] = std::from_chars(
        digits.data(), digits.data() + digits.size(), magnitude);
      if (ec != std::errc{} || ptr != digits.data() + digits.size())
        return out_of_range;
      if (negative && magnitude != 0) {
        if constexpr (std::is_unsigned_v<T>) {
          return out_of_range;
        } else {
          // |min| and |max| as unsigned, without overflowing T.
          auto abs_of
            = [](T v) { return static_cast<unsigned long long>(-(v + 1)) + 1; };
          if (min >= 0 || magnitude > abs_of(min)
              || (max < 0 && magnitude < abs_of(max)))
            return out_of_range;
          text = "-" + std::to_string(magnitude);
          return {};
        }
      }
      if (max < 0 || magnitude > static_cast<unsigned long long>(max)
          || (min > 0 && magnitude < static_cast<unsigned long long>(min)))
        return out_of_range;
      text = std::to_string(magnitude);
      return {};
    },
    "in " + range_text(min, max), "decimal"};
}

/// The same for a floating-point option: decimal notation only (`5`,
/// `-2.5`, `.5`, `1e3`; no hexadecimal, `inf` or `nan`), within [min, max].
inline CLI::Validator decimal_number(double min, double max) {
  return CLI::Validator{
    [min, max](std::string& text) -> std::string {
      auto quoted = "'" + text + "'";
      if (text.empty()
          || text.find_first_not_of("0123456789+-.eE") != std::string::npos)
        return quoted + " is not a decimal number";
      errno = 0;
      char* end = nullptr;
      double x = std::strtod(text.c_str(), &end);
      if (end != text.c_str() + text.size())
        return quoted + " is not a decimal number";
      if (errno != 0 || !std::isfinite(x) || x < min || x > max)
        return quoted + " is out of range " + range_text(min, max);
      return {};
    },
    "in " + range_text(min, max), "decimal_number"};
}

} // namespace base

#endif
