#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

namespace stress {

/// What one HTTP exchange produced: a reply body, or a transport error.
struct http_result {
  std::string error;
  std::string body;
};

/// One simulated client's connection (async Beast on the shared I/O
/// thread). Keeps alive unless told not to; reconnects when the server
/// closed it.
class http_connection : public std::enable_shared_from_this<http_connection> {
public:
  using callback = std::function<void(http_result)>;

  http_connection(boost::asio::io_context& io,
                  boost::asio::ip::tcp::endpoint server, std::string host,
                  std::string path, bool keep_alive,
                  std::chrono::milliseconds timeout);

  /// POSTs `body`; `done` runs on the I/O thread. Callable from any thread.
  void send(std::string body, callback done);

  /// Closes the connection; I/O thread only.
  void close();

private:
  using error_code = boost::beast::error_code;
  void start();
  void write();
  void on_read(error_code ec);
  void finish(std::string error);

  boost::beast::tcp_stream stream_;
  boost::asio::ip::tcp::endpoint server_;
  std::string host_;
  std::string path_;
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
};

} // namespace stress
