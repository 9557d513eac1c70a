#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace xmlrpc {

/// Fault codes of the specification for XML-RPC interoperability, plus the
/// domain codes this service uses.
namespace fault_code {
constexpr std::int32_t not_well_formed = -32700;
constexpr std::int32_t invalid_request = -32600;
constexpr std::int32_t method_not_found = -32601;
constexpr std::int32_t invalid_params = -32602;
constexpr std::int32_t internal_error = -32603;
constexpr std::int32_t not_found = 404;
constexpr std::int32_t conflict = 409;
constexpr std::int32_t unprocessable = 422;
} // namespace fault_code

/// An XML-RPC fault: the error value of every edge of the codec.
struct fault {
  std::int32_t code = fault_code::internal_error;
  std::string message;

  friend bool operator==(const fault& x, const fault& y) {
    return x.code == y.code && x.message == y.message;
  }
};

/// A value of type T or the fault that prevented it.
template <class T>
class result {
public:
  result(T x) : data_(std::move(x)) {}
  result(fault x) : data_(std::move(x)) {}

  bool ok() const noexcept { return data_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  T& operator*() { return std::get<0>(data_); }
  const T& operator*() const { return std::get<0>(data_); }
  T* operator->() { return &std::get<0>(data_); }
  const fault& error() const { return std::get<1>(data_); }

private:
  std::variant<T, fault> data_;
};

} // namespace xmlrpc
