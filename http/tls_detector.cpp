#include "http/tls_detector.hpp"

#include <boost/asio/write.hpp>
#include <boost/beast/core/detect_ssl.hpp>

#include "http/connection_impl.hpp"
#include "http/response.hpp"
#include "http/tls_stream_ops.hpp"

namespace http {

template class basic_connection<tls_stream>;

namespace {

constexpr std::string_view use_https
  = "This port speaks HTTPS only: use https://\n";

} // namespace

tls_detector::tls_detector(tcp_stream stream, std::string remote,
                           connection_host& host,
                           std::shared_ptr<boost::asio::ssl::context> tls)
  : stream_(std::move(stream)), remote_(std::move(remote)), host_(host),
    tls_(std::move(tls)) {}

void tls_detector::start() {
  stream_.expires_after(host_.config().read_timeout);
  boost::beast::async_detect_ssl(
    stream_, buffer_,
    [self = shared_from_this()](boost::beast::error_code ec, bool is_tls) {
      self->on_detect(ec, is_tls);
    });
}

void tls_detector::on_detect(boost::beast::error_code ec, bool is_tls) {
  if (ec || closed_)
    return close();
  if (!is_tls)
    return refuse_plain_http();
  // The TLS connection holds its own reference to the context, so a reload
  // never pulls it away from a connection that uses it.
  auto conn = std::make_shared<basic_connection<tls_stream>>(
    tls_stream{std::move(stream_), *tls_}, remote_, host_, std::move(buffer_));
  closed_ = true;
  host_.replace(this, conn, tls_);
  conn->start();
}

void tls_detector::refuse_plain_http() {
  render_head(refusal_, 11, boost::beast::http::status::bad_request,
              "text/plain", use_https.size(), false, host_.clock().http_date());
  refusal_ += use_https;
  boost::asio::async_write(
    stream_, boost::asio::buffer(refusal_),
    [self = shared_from_this()](boost::beast::error_code ec, std::size_t) {
      if (ec)
        return self->close();
      boost::system::error_code ignored;
      self->stream_.socket().shutdown(tcp_socket::shutdown_send, ignored);
      self->stream_.expires_after(std::chrono::seconds(2));
      self->drain();
    });
}

// Reads what the client still sends, so it sees the 400 rather than a
// connection reset.
void tls_detector::drain() {
  buffer_.clear();
  stream_.async_read_some(
    buffer_.prepare(4096),
    [self = shared_from_this()](boost::beast::error_code ec, std::size_t) {
      if (ec)
        return self->close();
      self->drain();
    });
}

void tls_detector::close() {
  if (closed_)
    return;
  closed_ = true;
  boost::system::error_code ignored;
  stream_.socket().shutdown(tcp_socket::shutdown_both, ignored);
  stream_.close();
  host_.remove(this);
}

} // namespace http
