#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xmlrpc/fault.hpp"
#include "xmlrpc/value.hpp"

namespace xmlrpc {

/// Typed access to the parameters of one call. Every problem is a -32602
/// fault whose message names the method and the parameter.
class params_reader {
public:
  params_reader(std::string_view method, const std::vector<value>& params)
    : method_(method), params_(params) {}

  /// A fault unless there are between `min` and `max` parameters.
  result<void> arity(std::size_t min, std::size_t max) const;

  /// An `int`, or an `i8` that fits 32 bits. A string such as "5" is refused.
  result<std::int32_t> int32(std::size_t index, std::string_view name) const;

  /// Like int32, but an absent parameter or `<nil/>` means "not given".
  result<std::optional<std::int32_t>>
  optional_int32(std::size_t index, std::string_view name) const;

  result<std::string> string(std::size_t index, std::string_view name) const;

  result<const array*> array_at(std::size_t index, std::string_view name) const;

  /// Converts `x`, described as `what`, to a 32-bit int.
  result<std::int32_t> to_int32(const value& x, std::string_view what) const;

  /// A -32602 fault "{method}: {message}".
  fault invalid(std::string_view message) const;

  std::string_view method() const { return method_; }

private:
  fault wrong_type(const value& x, std::string_view what,
                   std::string_view expected) const;

  std::string_view method_;
  const std::vector<value>& params_;
};

} // namespace xmlrpc
