#include "tools/stress/http_connection.hpp"

#include <cerrno>

#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <sys/socket.h>

#include "client/tls.hpp"

namespace stress {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

using client::transport_error;

http_connection::http_connection(asio::io_context& io,
                                 asio::ip::tcp::endpoint server,
                                 const client::endpoint& target,
                                 bool keep_alive,
                                 std::chrono::milliseconds timeout)
  : io_(io), plain_(io), tls_(target.tls), server_(server),
    host_(target.parts.host), keep_alive_(keep_alive), timeout_(timeout) {
  // The head is the same for every request but its length: rendered once.
  const auto& u = target.parts;
  head_ = "POST " + u.path + " HTTP/1.1\r\nHost: ";
  head_ += u.host.find(':') != std::string::npos ? "[" + u.host + "]:" + u.port
                                                 : u.host + ":" + u.port;
  if (target.login)
    head_ += "\r\nAuthorization: " + client::basic_authorization(*target.login);
  if (!keep_alive_)
    head_ += "\r\nConnection: close";
  head_ += "\r\nContent-Type: text/xml\r\n";
}

beast::tcp_stream& http_connection::lowest() {
  return secure_ ? beast::get_lowest_layer(*secure_) : plain_;
}

void http_connection::send(std::string body, std::string key, bool may_resend,
                           callback done) {
  asio::post(io_, [self = shared_from_this(), body = std::move(body),
                   key = std::move(key), may_resend,
                   done = std::move(done)]() mutable {
    // The request is rendered by hand: one buffer, one write.
    auto& req = self->request_;
    req.clear();
    req += self->head_;
    if (!key.empty()) {
      req += "Idempotency-Key: ";
      req += key;
      req += "\r\n";
    }
    req += "Content-Length: ";
    req += std::to_string(body.size());
    req += "\r\n\r\n";
    req += body;
    self->may_resend_ = may_resend;
    self->done_ = std::move(done);
    self->start();
  });
}

bool http_connection::peer_closed() {
  // A peek that does not wait: 0 is the server's FIN, an error other than
  // "nothing yet" a reset. Data (a TLS record, say) is left to the read.
  char byte = 0;
  auto n = ::recv(lowest().socket().native_handle(), &byte, 1,
                  MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

void http_connection::start() {
  // A kept-alive connection the server has closed is replaced before the
  // request goes: no change is sent into it only to lose its reply.
  if (connected_ && peer_closed())
    close();
  if (connected_) {
    reused_ = true;
    return write();
  }
  reused_ = false;
  if (tls_) {
    // The old stream may still be unwinding a handler that led here:
    // it goes once that is over.
    if (secure_)
      asio::post(io_,
                 [old = std::shared_ptr<tls_stream>(std::move(secure_))] {});
    secure_ = std::make_unique<tls_stream>(io_, *tls_);
    if (auto ready = client::prepare_tls(secure_->native_handle(), host_);
        !ready)
      return fail({transport_error::kind::tls, ready.error()});
  }
  lowest().expires_after(timeout_);
  lowest().async_connect(server_, [self = shared_from_this()](error_code ec) {
    self->on_connect(ec);
  });
}

void http_connection::on_connect(error_code ec) {
  if (ec == asio::error::connection_refused)
    return fail({transport_error::kind::refused, "connect: " + ec.message()});
  if (ec)
    return fail(
      {transport_error::kind::unreachable, "connect: " + ec.message()});
  error_code ignored;
  lowest().socket().set_option(asio::ip::tcp::no_delay(true), ignored);
  buffer_.clear();
  if (!secure_) {
    connected_ = true;
    return write();
  }
  lowest().expires_after(timeout_);
  secure_->async_handshake(
    asio::ssl::stream_base::client,
    [self = shared_from_this()](error_code hec) {
      if (hec) {
        auto error
          = hec == beast::error::timeout
              ? transport_error{transport_error::kind::unreachable,
                                "timeout in the TLS handshake"}
              : transport_error{transport_error::kind::tls,
                                client::describe_tls_failure(
                                  hec, self->secure_->native_handle())};
        self->close();
        return self->fail(std::move(error));
      }
      self->connected_ = true;
      self->write();
    });
}

void http_connection::write() {
  lowest().expires_after(timeout_);
  parser_.reset();
  with_stream([this](auto& stream) {
    asio::async_write(stream, asio::buffer(request_),
                      [self = shared_from_this()](error_code ec, std::size_t) {
                        self->on_write(ec);
                      });
  });
}

void http_connection::on_write(error_code ec) {
  if (ec)
    return on_transport_error(ec);
  parser_.emplace();
  parser_->body_limit(std::size_t{1} << 30);
  with_stream([this](auto& stream) {
    http::async_read(stream, buffer_, *parser_,
                     [self = shared_from_this()](error_code rec, std::size_t) {
                       self->on_read(rec);
                     });
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
  auto replayed = res.find("Idempotent-Replayed");
  http_answer answer{std::move(res.body()),
                     replayed != res.end()
                       && beast::iequals(replayed->value(), "true")};
  if (!keep_alive_ || !res.keep_alive())
    close();
  auto done = std::move(done_);
  done(std::move(answer));
}

void http_connection::on_transport_error(error_code ec) {
  // Over TLS a server that closes without close_notify truncates the
  // stream: the same as a reset.
  bool stale = reused_
               && (ec == http::error::end_of_stream
                   || ec == asio::error::connection_reset
                   || ec == asio::error::broken_pipe
                   || ec == asio::ssl::error::stream_truncated)
               && (!parser_ || !parser_->got_some()) && may_resend_;
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
  // No TLS close_notify: every reply is framed by Content-Length, and a
  // load generator should not wait for the server's answer to it.
  error_code ignored;
  lowest().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  lowest().close();
  connected_ = false;
}

} // namespace stress
