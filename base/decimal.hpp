#pragma once

// Numbers people type are decimal: `010` is ten, `0x10` and `1e3` are not
// whole numbers, and a value out of range says which range is allowed.
// strtol with base 0 (what CLI11 and std::stoi-style code end up calling)
// reads `010` as eight; these parsers never do.

#include <charconv>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "base/expected.hpp"

namespace base {

/// "min..max", as error messages and help texts name a range.
template <class T>
std::string range_text(T min, T max) {
  if constexpr (std::is_floating_point_v<T>) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%g..%g", static_cast<double>(min),
                  static_cast<double>(max));
    return buf;
  } else {
    return std::to_string(min) + ".." + std::to_string(max);
  }
}

/// Whether `text` is written as a decimal whole number: an optional sign and
/// the digits 0-9, nothing else, whatever its magnitude.
inline bool is_decimal_integer(std::string_view text) {
  if (!text.empty() && (text.front() == '+' || text.front() == '-'))
    text.remove_prefix(1);
  return !text.empty()
         && text.find_first_not_of("0123456789") == std::string_view::npos;
}

/// `text` as a decimal integer of type T within [min, max]: an optional
/// sign and the digits 0-9, nothing else (no spaces, no `0x`; leading zeros
/// are allowed and do not make it octal). The error quotes the text and,
/// for a number out of range, names the allowed range.
template <class T>
expected<T, std::string> parse_decimal(std::string_view text,
                                       T min = std::numeric_limits<T>::min(),
                                       T max = std::numeric_limits<T>::max()) {
  static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>,
                "parse_decimal reads integers");
  auto quoted = "'" + std::string{text} + "'";
  if (!is_decimal_integer(text))
    return quoted + " is not a decimal whole number";
  bool negative = text.front() == '-';
  auto digits = text.substr(text.front() == '+' || negative ? 1 : 0);
  auto out_of_range = quoted + " is out of range " + range_text(min, max);
  // The magnitude as the widest unsigned type; from_chars reads base 10.
  unsigned long long magnitude = 0;
  auto [ptr, ec]
    = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
  if (ec != std::errc{} || ptr != digits.data() + digits.size())
    return out_of_range;
  if (negative && magnitude != 0) {
    if constexpr (std::is_unsigned_v<T>) {
      return out_of_range;
    } else {
      constexpr auto lowest = std::numeric_limits<long long>::min();
      // -(lowest + 1) + 1 is |lowest| without overflowing long long.
      auto limit = static_cast<unsigned long long>(-(lowest + 1)) + 1;
      if (magnitude > limit)
        return out_of_range;
      auto x = magnitude == limit ? lowest : -static_cast<long long>(magnitude);
      if (x < static_cast<long long>(min))
        return out_of_range;
      return static_cast<T>(x);
    }
  }
  if (magnitude > static_cast<unsigned long long>(max)
      || (min > 0 && magnitude < static_cast<unsigned long long>(min)))
    return out_of_range;
  return static_cast<T>(magnitude);
}

/// `text` as a decimal number (`5`, `-2.5`, `.5`, `1e3`) within [min, max]:
/// no hexadecimal, no `inf` or `nan`, no spaces.
inline expected<double, std::string>
parse_decimal_number(std::string_view text,
                     double min = std::numeric_limits<double>::lowest(),
                     double max = std::numeric_limits<double>::max()) {
  auto quoted = "'" + std::string{text} + "'";
  auto rest = text; // what from_chars reads: it takes '-' but not '+'
  bool plus = !rest.empty() && rest.front() == '+';
  if (plus)
    rest.remove_prefix(1);
  auto body = rest; // without its sign
  if (!plus && !body.empty() && body.front() == '-')
    body.remove_prefix(1);
  auto mantissa = body.substr(0, body.find_first_of("eE"));
  auto exponent = body.substr(mantissa.size());
  auto point = mantissa.find('.');
  auto integral = mantissa.substr(0, point);
  auto fraction = point == std::string_view::npos ? std::string_view{}
                                                  : mantissa.substr(point + 1);
  auto all_digits = [](std::string_view s) {
    return s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  bool well_formed = !(integral.empty() && fraction.empty())
                     && all_digits(integral) && all_digits(fraction);
  if (well_formed && !exponent.empty()) {
    exponent.remove_prefix(1);
    if (!exponent.empty()
        && (exponent.front() == '+' || exponent.front() == '-'))
      exponent.remove_prefix(1);
    well_formed = !exponent.empty() && all_digits(exponent);
  }
  if (!well_formed)
    return quoted + " is not a decimal number";
  double x = 0;
  auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), x);
  if (ec != std::errc{} || ptr != rest.data() + rest.size() || x < min
      || x > max)
    return quoted + " is out of range " + range_text(min, max);
  return x;
}

} // namespace base
