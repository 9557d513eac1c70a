#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/exchange.hpp"
#include "http/handler_memory.hpp"
#include "http/session_actor.hpp"

namespace srv {

class listener;

/// One accepted socket (Beast I/O only): reads a request, hands XML-RPC
/// bodies to its session actor, writes the reply, then reads the next one.
/// One request at a time, so pipelined requests are answered in order and
/// each connection has at most one request in flight (backpressure).
class connection : public exchange,
                   public std::enable_shared_from_this<connection> {
public:
  connection(boost::asio::ip::tcp::socket socket, listener& owner);

  void start();

  /// Finishes the request in progress, if any, then closes.
  void shutdown();

  /// Closes at once (shutdown grace expired).
  void abort();

  void reply_ready() override;

private:
  using error_code = boost::beast::error_code;
  enum class phase { idle, reading, processing, writing, closed };

  void wait_for_request();
  void on_idle_data(error_code ec, std::size_t n);
  void read_header();
  void on_header(error_code ec, std::size_t n);
  void read_body();
  void on_body(error_code ec, std::size_t n);
  void on_read_error(error_code ec);
  void on_reply();
  void send_error(boost::beast::http::status status, bool keep_alive,
                  std::string_view extra = {});
  void write(bool with_reply);
  void on_write(error_code ec, std::size_t n);
  void linger_close();
  void drain();
  void close();

  boost::beast::tcp_stream stream_;
  listener& owner_;
  boost::beast::flat_buffer buffer_;
  std::optional<
    boost::beast::http::request_parser<boost::beast::http::string_body>>
    parser_;
  session_actor session_;
  handler_memory post_memory_;
  std::string head_;
  std::string error_body_;
  std::string remote_;
  std::string request_line_;
  phase phase_ = phase::idle;
  boost::beast::http::status status_ = boost::beast::http::status::ok;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool stopping_ = false;
};

} // namespace srv
