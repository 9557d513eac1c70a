#include "http/connection.hpp"

#include <array>

#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <caf/send.hpp>

#include "http/listener.hpp"
#include "http/response.hpp"

namespace srv {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr std::size_t read_chunk = 4096;
constexpr std::size_t max_kept_reply = std::size_t{1024} * 1024;

bool iequals(std::string_view x, std::string_view y) {
  if (x.size() != y.size())
    return false;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(x[i]))
        != std::tolower(static_cast<unsigned char>(y[i])))
      return false;
  return true;
}

} // namespace

connection::connection(asio::ip::tcp::socket socket, listener& owner)
  : stream_(std::move(socket)), owner_(owner) {
  error_code ec;
  auto ep = stream_.socket().remote_endpoint(ec);
  remote_ = ec ? "-" : ep.address().to_string();
}

void connection::start() {
  session_ = spawn_session_actor(owner_.system(), owner_.settings());
  wait_for_request();
}

void connection::shutdown() {
  stopping_ = true;
  if (phase_ == phase::idle) {
    error_code ec;
    stream_.socket().cancel(ec); // on_idle_data closes
  }
}

void connection::abort() {
  // A session actor still busy with this exchange keeps it alive; its late
  // reply finds the connection closed and is dropped.
  close();
}

// Waits for the first byte of the next request under the idle timeout, so
// keep-alive connections cannot hold the server forever.
void connection::wait_for_request() {
  if (stopping_)
    return close();
  if (buffer_.size() > 0)
    return read_header();
  phase_ = phase::idle;
  stream_.expires_after(owner_.config().idle_timeout);
  stream_.async_read_some(
    buffer_.prepare(read_chunk),
    beast::bind_front_handler(&connection::on_idle_data, shared_from_this()));
}

void connection::on_idle_data(error_code ec, std::size_t n) {
  if (ec)
    return close();
  buffer_.commit(n);
  read_header();
}

void connection::read_header() {
  phase_ = phase::reading;
  status_ = http::status::ok;
  request_line_ = "-";
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(owner_.config().max_header));
  parser_->body_limit(owner_.config().max_body);
  // One deadline for header and body: a slowloris client is cut off.
  stream_.expires_after(owner_.config().read_timeout);
  http::async_read_header(
    stream_, buffer_, *parser_,
    beast::bind_front_handler(&connection::on_header, shared_from_this()));
}

void connection::on_header(error_code ec, std::size_t) {
  if (ec)
    return on_read_error(ec);
  auto& req = parser_->get();
  version_ = req.version();
  keep_alive_ = req.keep_alive();
  request_line_.assign(req.method_string().data(), req.method_string().size());
  request_line_ += ' ';
  request_line_.append(req.target().data(), req.target().size());
  request_line_ += version_ == 10 ? " HTTP/1.0" : " HTTP/1.1";
  if (req.target() != "/RPC2")
    status_ = http::status::not_found;
  else if (req.method() != http::verb::post)
    status_ = http::status::method_not_allowed;
  auto expect = req[http::field::expect];
  if (!expect.empty()) {
    if (!iequals(expect, "100-continue"))
      return send_error(http::status::expectation_failed, false);
    if (status_ != http::status::ok) // refuse before the body is sent
      return send_error(
        status_, false,
        status_ == http::status::method_not_allowed ? "Allow: POST\r\n" : "");
    static constexpr std::string_view go_on = "HTTP/1.1 100 Continue\r\n\r\n";
    return asio::async_write(
      stream_, asio::buffer(go_on.data(), go_on.size()),
      [self = shared_from_this()](error_code wec, std::size_t) {
        if (wec)
          return self->close();
        self->read_body();
      });
  }
  read_body();
}

void connection::read_body() {
  if (parser_->is_done())
    return on_body({}, 0);
  http::async_read(
    stream_, buffer_, *parser_,
    beast::bind_front_handler(&connection::on_body, shared_from_this()));
}

void connection::on_body(error_code ec, std::size_t) {
  if (ec)
    return on_read_error(ec);
  if (status_ != http::status::ok)
    return send_error(
      status_, keep_alive_,
      status_ == http::status::method_not_allowed ? "Allow: POST\r\n" : "");
  body = std::move(parser_->get().body());
  parser_.reset();
  phase_ = phase::processing;
  stream_.expires_never();
  caf::anon_send(session_, rpc_atom_v, exchange_ref{shared_from_this()});
}

void connection::on_read_error(error_code ec) {
  if (ec == http::error::body_limit)
    return send_error(http::status::payload_too_large, false);
  if (ec == http::error::header_limit)
    return send_error(http::status::request_header_fields_too_large, false);
  // On a timeout Beast has already closed the socket: no 408 can be sent.
  if (ec == http::error::end_of_stream || ec == http::error::partial_message
      || ec == asio::error::operation_aborted
      || ec == asio::error::connection_reset || ec == asio::error::eof)
    return close();
  send_error(http::status::bad_request, false); // malformed HTTP
}

void connection::reply_ready() {
  // Runs on a CAF worker: hand the reply back to the I/O thread.
  asio::post(
    stream_.get_executor(),
    asio::bind_allocator(handler_allocator<char>{post_memory_},
                         [self = shared_from_this()] { self->on_reply(); }));
}

void connection::on_reply() {
  if (phase_ == phase::closed)
    return;
  status_ = http::status::ok;
  keep_alive_ = keep_alive_ && !stopping_;
  render_head(head_, version_, status_, "text/xml", reply.size(), keep_alive_,
              owner_.clock().http_date());
  write(true);
}

void connection::send_error(http::status status, bool keep_alive,
                            std::string_view extra) {
  status_ = status;
  keep_alive_ = keep_alive && !stopping_;
  auto reason = http::obsolete_reason(status);
  error_body_ = std::to_string(static_cast<unsigned>(status)) + " ";
  error_body_.append(reason.data(), reason.size());
  error_body_ += '\n';
  render_head(head_, version_, status, "text/plain", error_body_.size(),
              keep_alive_, owner_.clock().http_date(), extra);
  write(false);
}

void connection::write(bool with_reply) {
  phase_ = phase::writing;
  stream_.expires_after(owner_.config().read_timeout);
  std::array<asio::const_buffer, 2> buffers{
    asio::buffer(head_),
    with_reply ? asio::buffer(reply) : asio::buffer(error_body_)};
  asio::async_write(
    stream_, buffers,
    beast::bind_front_handler(&connection::on_write, shared_from_this()));
}

void connection::on_write(error_code ec, std::size_t) {
  owner_.log().record(remote_, owner_.clock().log_date(), request_line_,
                      static_cast<unsigned>(status_));
  if (reply.capacity() > max_kept_reply)
    std::string{}.swap(reply); // a huge reply's memory is not kept around
  if (ec)
    return close();
  if (!keep_alive_)
    return linger_close();
  wait_for_request();
}

// Stops sending, then reads and discards what the client still sends for a
// moment, so it sees our reply instead of a connection reset.
void connection::linger_close() {
  phase_ = phase::writing;
  error_code ec;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  if (ec)
    return close();
  stream_.expires_after(std::chrono::seconds(2));
  drain();
}

void connection::drain() {
  buffer_.clear();
  stream_.async_read_some(
    buffer_.prepare(read_chunk),
    [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec)
        return self->close();
      self->drain();
    });
}

void connection::close() {
  if (phase_ == phase::closed)
    return;
  phase_ = phase::closed;
  error_code ec;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  stream_.close();
  caf::anon_send_exit(session_, caf::exit_reason::user_shutdown);
  session_ = nullptr;
  owner_.remove(this);
}

} // namespace srv
