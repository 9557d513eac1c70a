#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "client/call_result.hpp"
#include "client/credentials.hpp"
#include "client/url.hpp"
#include "xmlrpc/value.hpp"

namespace client {

/// A keep-alive XML-RPC client over HTTP/1.1 or HTTPS (Boost.Beast). It
/// reconnects when the server closed the connection, as the Python
/// original does after every reply.
class rpc_client {
public:
  /// `tls` is needed for an https target (make_tls_context); `login`, when
  /// given, goes with every request as HTTP Basic.
  rpc_client(url target, std::chrono::milliseconds timeout,
             std::shared_ptr<boost::asio::ssl::context> tls = nullptr,
             std::optional<credentials> login = std::nullopt);

  /// Calls `method`: its value, the server's fault, or the transport
  /// problem that kept the call from an XML-RPC answer (a refused login is
  /// an http_status 401). An `idempotency_key` (not empty) goes with the
  /// request as its Idempotency-Key header.
  call_result call(const std::string& method,
                   const std::vector<xmlrpc::value>& params,
                   const std::string& idempotency_key = {});

  /// Logs in as `login` from the next call on.
  void set_login(const credentials& login);

  /// Whether calls carry credentials.
  bool has_login() const { return !authorization_.empty(); }

private:
  /// Why one request/response round trip failed. `stale`: the connection
  /// was closed before a single byte of the reply, so the server did
  /// nothing and the request may be sent again.
  struct round_trip_failure {
    transport_error error;
    bool stale = false;
  };
  using tls_stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

  base::expected<void, transport_error> connect();
  /// POSTs `body` (with `idempotency_key`, if any); the reply body, or why
  /// there is none.
  base::expected<std::string, round_trip_failure>
  round_trip(const std::string& body, const std::string& idempotency_key);
  template <class Stream>
  base::expected<std::string, round_trip_failure>
  round_trip_on(Stream& stream, const std::string& body,
                const std::string& idempotency_key);
  boost::beast::tcp_stream& lowest();
  void disconnect();

  url target_;
  std::string host_header_;
  std::string authorization_; // the header's value; empty: none
  std::chrono::milliseconds timeout_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  boost::asio::io_context io_;
  boost::beast::tcp_stream plain_;
  std::optional<tls_stream> secure_; // made afresh for each connection
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
};

} // namespace client
