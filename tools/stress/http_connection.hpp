#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "base/expected.hpp"
#include "client/call_result.hpp"
#include "client/endpoint.hpp"

namespace stress {

/// A reply's body, and whether the server marked it as the stored reply
/// to an earlier request with the same Idempotency-Key.
struct http_answer {
  std::string body;
  bool replayed = false; // Idempotent-Replayed: true
};

/// What one HTTP round trip produced: the reply, or why there is none.
using http_reply = base::expected<http_answer, client::transport_error>;

/// One simulated client's connection (async Beast on the shared I/O
/// thread), plain or TLS as `target` says, logging in as its login with
/// every request. Keeps alive unless told not to; reconnects when the
/// server closed it.
class http_connection : public std::enable_shared_from_this<http_connection> {
public:
  using callback = std::function<void(http_reply)>;

  /// `server` is the address `target` resolved to.
  http_connection(boost::asio::io_context& io,
                  boost::asio::ip::tcp::endpoint server,
                  const client::endpoint& target, bool keep_alive,
                  std::chrono::milliseconds timeout);

  /// POSTs `body`, with `Idempotency-Key: key` unless it is empty; `done`
  /// runs on the I/O thread. Callable from any thread. A kept-alive
  /// connection found closed before the request goes is replaced; one that
  /// closes without a byte of reply after the request went is sent on once
  /// more, fresh, only if `may_resend`: the server may have run it.
  void send(std::string body, std::string key, bool may_resend, callback done);

  /// Closes the connection; I/O thread only.
  void close();

private:
  using error_code = boost::beast::error_code;
  using tls_stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
  void start();
  /// Whether the server closed the idle kept-alive connection (or reset it).
  bool peer_closed();
  void on_connect(error_code ec);
  void write();
  void on_write(error_code ec);
  void on_read(error_code ec);
  /// A write or read failed: retry once on a fresh connection when the
  /// server closed an idle one and the request may be sent again, else fail.
  void on_transport_error(error_code ec);
  void fail(client::transport_error error);
  boost::beast::tcp_stream& lowest();
  /// Runs `f` on the stream requests go through: TLS or plain.
  template <class F>
  void with_stream(F&& f) {
    if (secure_)
      f(*secure_);
    else
      f(plain_);
  }

  boost::asio::io_context& io_;
  boost::beast::tcp_stream plain_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::unique_ptr<tls_stream> secure_; // made afresh for each connection
  boost::asio::ip::tcp::endpoint server_;
  std::string host_; // for TLS: the name or address the certificate is for
  std::string head_; // the request head up to its last fixed header
  bool keep_alive_;
  std::chrono::milliseconds timeout_;
  boost::beast::flat_buffer buffer_;
  std::string request_;
  std::optional<
    boost::beast::http::response_parser<boost::beast::http::string_body>>
    parser_;
  callback done_;
  bool connected_ = false;
  bool reused_ = false;
  bool may_resend_ = true;
};

} // namespace stress
