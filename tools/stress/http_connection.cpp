#include "tools/stress/http_connection.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

namespace stress {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

using client::transport_error;

http_connection::http_connection(asio::io_context& io,
                                 asio::ip::tcp::endpoint server,
                                 std::string host, std::string path,
                                 bool keep_alive,
                                 std::chrono::milliseconds timeout)
  : stream_(io), server_(server), host_(std::move(host)),
    path_(std::move(path)), keep_alive_(keep_alive), timeout_(timeout) {}

void http_connection::send(std::string body, callback done) {
  asio::post(stream_.get_executor(), [self = shared_from_this(),
                                      body = std::move(body),
                                      done = std::move(done)]() mutable {
    // The request is rendered by hand: one buffer, one write.
    auto& req = self->request_;
    req.clear();
    req += "POST ";
    req += self->path_;
    req += " HTTP/1.1\r\nHost: ";
    req += self->host_;
    req += "\r\nContent-Type: text/xml\r\nContent-Length: ";
    req += std::to_string(body.size());
    req += self->keep_alive_ ? "\r\n\r\n" : "\r\nConnection: close\r\n\r\n";
    req += body;
    self->done_ = std::move(done);
    self->start();
  });
}

void http_connection::start() {
  if (connected_) {
    reused_ = true;
    return write();
  }
  reused_ = false;
  stream_.expires_after(timeout_);
  stream_.async_connect(server_, [self = shared_from_this()](error_code ec) {
    if (ec == asio::error::connection_refused)
      return self->fail(
        {transport_error::kind::refused, "connect: " + ec.message()});
    if (ec)
      return self->fail(
        {transport_error::kind::unreachable, "connect: " + ec.message()});
    error_code ignored;
    self->stream_.socket().set_option(asio::ip::tcp::no_delay(true), ignored);
    self->connected_ = true;
    self->buffer_.clear();
    self->write();
  });
}

void http_connection::write() {
  stream_.expires_after(timeout_);
  parser_.reset();
  asio::async_write(stream_, asio::buffer(request_),
                    [self = shared_from_this()](error_code ec, std::size_t) {
                      self->on_write(ec);
                    });
}

void http_connection::on_write(error_code ec) {
  if (ec)
    return on_transport_error(ec);
  parser_.emplace();
  parser_->body_limit(std::size_t{1} << 30);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](error_code rec, std::size_t) {
                     self->on_read(rec);
                   });
}

void http_connection::on_read(error_code ec) {
  if (ec)
    return on_transport_error(ec);
  auto& res = parser_->get();
  if (res.result() != http::status::ok) {
    close();
    return fail({transport_error::kind::http_status, std::string{res.reason()},
                 res.result_int()});
  }
  if (!keep_alive_ || !res.keep_alive())
    close();
  auto done = std::move(done_);
  done(std::move(res.body()));
}

void http_connection::on_transport_error(error_code ec) {
  bool stale = reused_
               && (ec == http::error::end_of_stream
                   || ec == asio::error::connection_reset
                   || ec == asio::error::broken_pipe)
               && (!parser_ || !parser_->got_some());
  close();
  if (stale) // the server closed an idle connection: once more, fresh
    return start();
  fail({transport_error::kind::unreachable,
        ec == beast::error::timeout ? "timeout" : ec.message()});
}

void http_connection::fail(transport_error error) {
  auto done = std::move(done_);
  done(std::move(error));
}

void http_connection::close() {
  error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();
  connected_ = false;
}

} // namespace stress
