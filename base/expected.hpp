#pragma once

// The one result shape of the project: a value or the error that prevented
// it, as C++23's std::expected. Each layer names its own error type
// (xmlrpc::fault, actors::failure, ...) and aliases this template.

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace base {

/// A value of type T or an error of type E; never both, never neither.
template <class T, class E>
class [[nodiscard]] expected {
public:
  static_assert(!std::is_same_v<T, E>, "a value and an error of one type "
                                       "would be ambiguous");

  expected(T x) : data_(std::in_place_index<0>, std::move(x)) {}
  expected(E x) : data_(std::in_place_index<1>, std::move(x)) {}

  bool has_value() const noexcept { return data_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& operator*() & { return std::get<0>(data_); }
  const T& operator*() const& { return std::get<0>(data_); }
  T&& operator*() && { return std::get<0>(std::move(data_)); }
  T* operator->() { return &std::get<0>(data_); }
  const T* operator->() const { return &std::get<0>(data_); }

  E& error() & { return std::get<1>(data_); }
  const E& error() const& { return std::get<1>(data_); }
  E&& error() && { return std::get<1>(std::move(data_)); }

private:
  std::variant<T, E> data_;
};

/// Success without a value, or an error of type E.
template <class E>
class [[nodiscard]] expected<void, E> {
public:
  /// Success.
  expected() = default;
  expected(E x) : error_(std::move(x)) {}

  bool has_value() const noexcept { return !error_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }

  E& error() & { return *error_; }
  const E& error() const& { return *error_; }
  E&& error() && { return std::move(*error_); }

private:
  std::optional<E> error_;
};

} // namespace base
