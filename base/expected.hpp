#pragma once

// The one result shape of the project: a value or the error that prevented
// it, as C++23's std::expected. Each layer names its own error type
// (xmlrpc::fault, actors::failure, ...) and aliases this template.

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace base {

/// An error, said explicitly: needed where the value and the error have one
/// type (`expected<std::string, std::string>`), optional elsewhere.
template <class E>
struct unexpected {
  explicit unexpected(E x) : error(std::move(x)) {}
  E error;
};

/// A value of type T or an error of type E; never both, never neither.
template <class T, class E>
class [[nodiscard]] expected {
public:
  expected(T x) : data_(std::in_place_index<0>, std::move(x)) {}
  /// An error; implicit only where it cannot be taken for a value.
  template <class U = E, std::enable_if_t<!std::is_same_v<T, U>, int> = 0>
  expected(E x) : data_(std::in_place_index<1>, std::move(x)) {}
  expected(unexpected<E> x)
    : data_(std::in_place_index<1>, std::move(x.error)) {}

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
  expected(unexpected<E> x) : error_(std::move(x.error)) {}

  bool has_value() const noexcept { return !error_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }

  E& error() & { return *error_; }
  const E& error() const& { return *error_; }
  E&& error() && { return std::move(*error_); }

private:
  std::optional<E> error_;
};

} // namespace base
