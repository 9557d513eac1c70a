#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "client/url.hpp"
#include "xmlrpc/fault.hpp"
#include "xmlrpc/value.hpp"

namespace cli {

/// What a call produced: a value, the server's fault, or a transport
/// problem (cannot connect, timeout, not an XML-RPC reply).
struct call_result {
  std::optional<xmlrpc::value> value;
  std::optional<xmlrpc::fault> fault;
  /// Set when the server could not be reached or answered garbage.
  std::string transport_error;
};

/// A keep-alive XML-RPC client over HTTP/1.1 (Boost.Beast). It reconnects
/// when the server closed the connection, as the Python original does after
/// every reply.
class rpc_client {
public:
  rpc_client(url target, std::chrono::milliseconds timeout);

  call_result call(const std::string& method,
                   const std::vector<xmlrpc::value>& params);

private:
  bool connect(std::string& error);
  enum class outcome { ok, failed, stale };
  /// One request/response exchange. `stale`: the connection was closed
  /// before a single byte of the reply, so the request can be sent again.
  outcome exchange(const std::string& body, std::string& reply,
                   std::string& error);
  void disconnect();

  url target_;
  std::string host_header_;
  std::chrono::milliseconds timeout_;
  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
};

} // namespace cli
