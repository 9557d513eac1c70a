#pragma once

#include <optional>
#include <string>

#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "http/io_types.hpp"
#include "http/stream_ops.hpp"

namespace http {

using tls_stream = boost::beast::ssl_stream<tcp_stream>;

/// TLS over TCP: deadlines on the socket below, a server handshake that
/// starts from the bytes the TLS detector already read, and no half-close
/// (TLS has none without close_notify): a closing connection drains, then
/// closes.
template <>
struct stream_ops<tls_stream> {
  static void expires_after(tls_stream& s, std::chrono::milliseconds d) {
    boost::beast::get_lowest_layer(s).expires_after(d);
  }
  static void expires_never(tls_stream& s) {
    boost::beast::get_lowest_layer(s).expires_never();
  }
  static void cancel(tls_stream& s) {
    boost::system::error_code ec;
    boost::beast::get_lowest_layer(s).socket().cancel(ec);
  }
  template <class Handler>
  static void async_handshake(tls_stream& s, boost::beast::flat_buffer& buf,
                              Handler&& done) {
    s.async_handshake(
      boost::asio::ssl::stream_base::server, buf.data(),
      [&buf, done = std::forward<Handler>(done)](boost::system::error_code ec,
                                                 std::size_t used) mutable {
        buf.consume(used);
        done(ec);
      });
  }
  static bool shutdown_send(tls_stream&) { return true; }
  static void close(tls_stream& s) {
    auto& tcp = boost::beast::get_lowest_layer(s);
    boost::system::error_code ec;
    tcp.socket().shutdown(tcp_socket::shutdown_both, ec);
    tcp.close();
  }
  /// The common name of a client certificate that verified, if any.
  static std::optional<std::string> peer_common_name(tls_stream& s) {
    auto* ssl = s.native_handle();
    if (SSL_get_verify_result(ssl) != X509_V_OK)
      return std::nullopt;
    X509* cert = SSL_get1_peer_certificate(ssl);
    if (cert == nullptr)
      return std::nullopt;
    std::optional<std::string> name;
    char buf[256];
    int n = X509_NAME_get_text_by_NID(X509_get_subject_name(cert),
                                      NID_commonName, buf, sizeof(buf));
    if (n > 0 && static_cast<std::size_t>(n) < sizeof(buf))
      name.emplace(buf, static_cast<std::size_t>(n));
    X509_free(cert);
    return name;
  }
};

} // namespace http
