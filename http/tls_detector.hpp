#pragma once

#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "http/connection_host.hpp"
#include "http/io_types.hpp"

namespace http {

/// The first step of a connection on a TLS port: reads the first bytes
/// under the read timeout. A TLS ClientHello goes on, with those bytes, to
/// a new TLS connection that takes this one's place in the host; anything
/// else (plain HTTP) gets a short plain-text 400 that says to use https,
/// and is never served.
class tls_detector final : public connection_control,
                           public std::enable_shared_from_this<tls_detector> {
public:
  tls_detector(tcp_stream stream, std::string remote, connection_host& host,
               std::shared_ptr<boost::asio::ssl::context> tls);

  void start();
  void shutdown() override { close(); }
  void abort() override { close(); }

private:
  void on_detect(boost::beast::error_code ec, bool is_tls);
  void refuse_plain_http();
  void drain();
  void close();

  tcp_stream stream_;
  std::string remote_;
  connection_host& host_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  boost::beast::flat_buffer buffer_;
  std::string refusal_;
  bool closed_ = false;
};

} // namespace http
