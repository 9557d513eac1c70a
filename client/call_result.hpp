#pragma once

#include <string>
#include <variant>

#include "base/expected.hpp"
#include "xmlrpc/fault.hpp"
#include "xmlrpc/value.hpp"

namespace client {

/// A problem below XML-RPC: the call never got an XML-RPC answer.
struct transport_error {
  enum class kind {
    refused,       ///< nothing listens at the address
    unreachable,   ///< cannot connect, timed out, or closed mid-reply
    http_status,   ///< the server answered with an HTTP error status
    invalid_reply, ///< the reply is not an XML-RPC methodResponse
    tls,           ///< no TLS session: the certificate or TLS itself failed
  };
  kind what = kind::unreachable;
  std::string message; ///< e.g. "Connection refused", "timed out"
  unsigned status = 0; ///< the HTTP status, for http_status

  friend bool operator==(const transport_error& x, const transport_error& y) {
    return x.what == y.what && x.message == y.message && x.status == y.status;
  }
};

/// Why a call produced no value: the server's fault or a transport problem.
using call_error = std::variant<xmlrpc::fault, transport_error>;

/// The value a call returned, or why there is none.
using call_result = base::expected<xmlrpc::value, call_error>;

/// Whether the server refused the login (HTTP 401).
bool is_refused_login(const call_error& e);

/// `HTTP {status} from server` (for 401 with `: authentication failed`),
/// or the message.
std::string describe(const transport_error& e);

/// `Error {code}: {message}` for a fault, else describe(transport_error).
std::string describe(const call_error& e);

/// The line a person sees: `Error {code}: {message}`, `HTTP {status} from
/// server`, or `Cannot reach server at {url}: {message}`.
std::string describe(const call_error& e, const std::string& url);

} // namespace client
