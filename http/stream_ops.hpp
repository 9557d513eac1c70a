#pragma once

#include <chrono>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace http {

/// What a connection does to its stream beyond reading and writing:
/// deadlines, half-close and close. Specialised per stream type, so the
/// connection's state machine runs over a socket in the server and over
/// Beast's in-memory test stream in the tests.
template <class Stream>
struct stream_ops;

template <>
struct stream_ops<boost::beast::tcp_stream> {
  using stream = boost::beast::tcp_stream;

  static void expires_after(stream& s, std::chrono::milliseconds d) {
    s.expires_after(d);
  }
  static void expires_never(stream& s) { s.expires_never(); }
  /// Ends a pending read (the handler sees operation_aborted).
  static void cancel(stream& s) {
    boost::system::error_code ec;
    s.socket().cancel(ec);
  }
  /// Stops sending: the peer reads our reply, then the end of the stream.
  static bool shutdown_send(stream& s) {
    boost::system::error_code ec;
    s.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
    return !ec;
  }
  static void close(stream& s) {
    boost::system::error_code ec;
    s.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    s.close();
  }
};

} // namespace http
