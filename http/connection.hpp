#pragma once

#include <array>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/authenticator.hpp"
#include "http/connection_host.hpp"
#include "http/handler_memory.hpp"
#include "http/io_types.hpp"
#include "http/stream_ops.hpp"
#include "rpc/pending_call.hpp"

namespace http {

/// One accepted stream: reads a request with Beast, hands an XML-RPC body to
/// the connection's call handler (a session actor in the server), writes the
/// reply, then reads the next one. One request at a time, so pipelined
/// requests are answered in order and each connection has at most one
/// request in flight (backpressure). `Stream` is Beast's tcp_stream in the
/// server and its test stream in the tests; stream_ops<Stream> says how to
/// set deadlines and close it.
template <class Stream>
class basic_connection
  : public rpc::pending_call,
    public connection_control,
    public std::enable_shared_from_this<basic_connection<Stream>> {
public:
  /// `remote` is the peer's address as the access log shows it; `read`
  /// holds bytes already read from the stream (by the TLS detector).
  basic_connection(Stream stream, std::string remote, connection_host& host,
                   boost::beast::flat_buffer read = {});

  /// Runs the handshake (TLS), then serves requests.
  void start();

  void shutdown() override;
  void abort() override;

  void reply_ready() override;

private:
  using error_code = boost::beast::error_code;
  using http_status = boost::beast::http::status;
  using ops = stream_ops<Stream>;
  enum class phase {
    idle,
    reading,
    authenticating,
    processing,
    writing,
    lingering,
    closed
  };

  void on_handshake(error_code ec);
  void on_login(const auth_decision& d, std::string header,
                std::uint64_t generation);
  void after_login();
  void forget_login();
  void wait_for_request();
  void on_idle_data(error_code ec, std::size_t n);
  void read_header();
  void on_header(error_code ec, std::size_t n);
  void read_body();
  void on_body(error_code ec, std::size_t n);
  void on_read_error(error_code ec);
  void on_reply();
  void send_error(http_status status, bool keep_alive);
  void write(boost::asio::const_buffer content);
  void on_write(error_code ec, std::size_t n);
  void linger_close();
  void drain();
  void close();

  Stream stream_;
  connection_host& host_;
  boost::beast::flat_buffer buffer_;
  std::optional<
    boost::beast::http::request_parser<boost::beast::http::string_body>>
    parser_;
  std::unique_ptr<call_handler> calls_;
  handler_memory post_memory_;
  std::string head_;
  std::string error_body_;
  std::string request_line_;
  // For the access log: the headers its formats show, the body bytes sent,
  // and when the request's first byte was there.
  std::string referer_;
  std::string user_agent_;
  std::size_t sent_bytes_ = 0;
  std::size_t received_bytes_ = 0;
  std::chrono::steady_clock::time_point started_;
  phase phase_ = phase::idle;
  http_status status_ = http_status::ok;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool stopping_ = false;
  // Who logged in on this connection: by certificate (for good), or by the
  // Authorization header kept here (compared in constant time, cheaper
  // than a digest per request), under the authenticator's generation (0:
  // nobody).
  bool certificate_login_ = false;
  std::string login_header_;
  std::uint64_t login_generation_ = 0;
  std::chrono::seconds retry_after_{1};
  // gzip: the request's body arrived compressed; the client accepts a
  // compressed reply; this reply is compressed (into compressed_).
  bool gzip_body_ = false;
  bool accept_gzip_ = false;
  bool gzip_reply_ = false;
  std::string compressed_;
  // Where an idle connection reads the first bytes of its next request.
  std::array<char, 512> idle_bytes_{};
};

/// A connection over a TCP socket.
using connection = basic_connection<tcp_stream>;

extern template class basic_connection<tcp_stream>;

} // namespace http
