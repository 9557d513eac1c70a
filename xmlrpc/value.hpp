#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace xmlrpc {

struct value;

/// `<nil/>`, the common extension for "no value".
struct nil {
  friend bool operator==(nil, nil) { return true; }
};

/// `dateTime.iso8601`, kept as its validated text (XML-RPC gives no zone).
struct date_time {
  std::string text;
  friend bool operator==(const date_time& x, const date_time& y) {
    return x.text == y.text;
  }
};

/// `base64`, held decoded.
struct binary {
  std::vector<std::uint8_t> bytes;
  friend bool operator==(const binary& x, const binary& y) {
    return x.bytes == y.bytes;
  }
};

/// `array`: values in order.
using array = std::vector<value>;

/// `struct`: members in document order (names are unique).
struct structure {
  std::vector<std::pair<std::string, value>> members;

  /// The member called `name`, or nullptr.
  const value* find(std::string_view name) const;

  friend bool operator==(const structure& x, const structure& y);
};

/// One XML-RPC value; `int`/`i4` decode to int32, `i8` to int64.
struct value {
  using variant_type
    = std::variant<nil, std::int32_t, std::int64_t, bool, double, std::string,
                   date_time, binary, array, structure>;
  variant_type data;

  value() = default;
  template <class T,
            class = std::enable_if_t<
              std::is_constructible_v<
                variant_type, T&&> && !std::is_same_v<std::decay_t<T>, value>>>
  value(T&& x) : data(std::forward<T>(x)) {}
  value(const char* x) : data(std::string{x}) {}

  template <class T>
  const T* get_if() const {
    return std::get_if<T>(&data);
  }

  friend bool operator==(const value& x, const value& y) {
    return x.data == y.data;
  }
  friend bool operator!=(const value& x, const value& y) { return !(x == y); }
};

/// The XML-RPC type name of `x`, as used in fault messages ("int", "struct").
std::string_view type_name(const value& x);

/// A decoded `methodCall`.
struct method_call {
  std::string method;
  std::vector<value> params;
};

} // namespace xmlrpc
