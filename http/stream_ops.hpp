#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "http/io_types.hpp"

namespace http {

/// What a connection does to its stream beyond reading and writing:
/// deadlines, the handshake, half-close, close and the peer's certificate.
/// Specialised per stream type, so the connection's state machine runs over
/// a socket and over TLS in the server (tls_stream_ops.hpp), and over
/// Beast's in-memory test stream in the tests.
template <class Stream>
struct stream_ops;

template <>
struct stream_ops<tcp_stream> {
  using stream = tcp_stream;

  static void expires_after(stream& s, std::chrono::milliseconds d) {
    s.expires_after(d);
  }
  static void expires_never(stream& s) { s.expires_never(); }
  /// Ends a pending read (the handler sees operation_aborted).
  static void cancel(stream& s) {
    boost::system::error_code ec;
    s.socket().cancel(ec);
  }
  /// Plain TCP has no handshake.
  template <class Handler>
  static void async_handshake(stream&, boost::beast::flat_buffer&,
                              Handler&& done) {
    done(boost::system::error_code{});
  }
  /// Stops sending: the peer reads our reply, then the end of the stream.
  static bool shutdown_send(stream& s) {
    boost::system::error_code ec;
    s.socket().shutdown(tcp_socket::shutdown_send, ec);
    return !ec;
  }
  static void close(stream& s) {
    boost::system::error_code ec;
    s.socket().shutdown(tcp_socket::shutdown_both, ec);
    s.close();
  }
  static std::optional<std::string> peer_common_name(stream&) {
    return std::nullopt;
  }
};

} // namespace http
