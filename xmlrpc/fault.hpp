#pragma once

#include <cstdint>
#include <string>

#include "base/expected.hpp"

namespace xmlrpc {

/// Fault codes of the specification for XML-RPC interoperability, plus the
/// domain codes this service uses.
namespace fault_code {
constexpr std::int32_t not_well_formed = -32700;
constexpr std::int32_t invalid_request = -32600;
constexpr std::int32_t method_not_found = -32601;
constexpr std::int32_t invalid_params = -32602;
constexpr std::int32_t internal_error = -32603;
constexpr std::int32_t forbidden = 403;
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

/// A value of type T or the fault that prevented it; `result<void>` is
/// success or a fault.
template <class T>
using result = base::expected<T, fault>;

} // namespace xmlrpc
