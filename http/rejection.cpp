#include "http/rejection.hpp"

#include <chrono>
#include <string_view>

#include <boost/asio/write.hpp>

namespace http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// How long to wait for the request's first bytes (a client that sends
// nothing still gets the 503), and how long to discard the rest.
constexpr auto wait_for_request = std::chrono::seconds(1);
constexpr auto discard_for = std::chrono::seconds(2);

constexpr std::string_view busy = "too many connections, retry\n";

} // namespace

rejection::rejection(tcp_socket socket, clock_cache& clock)
  : socket_(std::move(socket)), clock_(clock), timer_(socket_.get_executor()) {}

void rejection::start(std::function<void()> done) {
  done_ = std::move(done);
  timer_.expires_after(wait_for_request);
  timer_.async_wait([self = shared_from_this()](error_code ec) {
    if (!ec)
      self->socket_.cancel(); // nothing came: answer anyway
  });
  socket_.async_read_some(
    asio::buffer(discard_),
    [self = shared_from_this()](error_code ec, std::size_t) {
      self->timer_.cancel();
      if (ec && ec != asio::error::operation_aborted)
        return self->close(); // the client is gone
      self->answer();
    });
}

void rejection::answer() {
  render_head(answer_, 11, boost::beast::http::status::service_unavailable,
              "text/plain", busy.size(), false, clock_.http_date(),
              "Retry-After: 1\r\n");
  answer_ += busy;
  asio::async_write(socket_, asio::buffer(answer_),
                    [self = shared_from_this()](error_code ec, std::size_t) {
                      if (ec)
                        return self->close();
                      error_code ignored;
                      self->socket_.shutdown(tcp_socket::shutdown_send,
                                             ignored);
                      self->timer_.expires_after(discard_for);
                      self->timer_.async_wait([self](error_code tec) {
                        if (!tec)
                          self->close();
                      });
                      self->drain();
                    });
}

void rejection::drain() {
  socket_.async_read_some(
    asio::buffer(discard_),
    [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec)
        return self->close();
      self->drain();
    });
}

void rejection::abort() {
  close();
}

void rejection::close() {
  if (!socket_.is_open())
    return;
  error_code ignored;
  timer_.cancel();
  socket_.close(ignored);
  if (auto done = std::move(done_))
    done();
}

} // namespace http
