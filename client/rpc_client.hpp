#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "client/call_result.hpp"
#include "client/url.hpp"
#include "xmlrpc/value.hpp"

namespace client {

/// A keep-alive XML-RPC client over HTTP/1.1 (Boost.Beast). It reconnects
/// when the server closed the connection, as the Python original does after
/// every reply.
class rpc_client {
public:
  rpc_client(url target, std::chrono::milliseconds timeout);

  /// Calls `method`: its value, the server's fault, or the transport
  /// problem that kept the call from an XML-RPC answer.
  call_result call(const std::string& method,
                   const std::vector<xmlrpc::value>& params);

private:
  /// Why one request/response round trip failed. `stale`: the connection
  /// was closed before a single byte of the reply, so the server did
  /// nothing and the request may be sent again.
  struct round_trip_failure {
    transport_error error;
    bool stale = false;
  };

  base::expected<void, transport_error> connect();
  /// POSTs `body`; the reply body, or why there is none.
  base::expected<std::string, round_trip_failure>
  round_trip(const std::string& body);
  void disconnect();

  url target_;
  std::string host_header_;
  std::chrono::milliseconds timeout_;
  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
};

} // namespace client
