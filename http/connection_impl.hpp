#pragma once

// The member definitions of basic_connection, included where it is
// instantiated: connection.cpp for TCP, the tests for Beast's test stream.

#include <algorithm>
#include <array>
#include <cstring>

#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_cat.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

#include "base/idempotency_key.hpp"
#include "http/connection.hpp"
#include "http/gzip.hpp"
#include "http/http_metrics.hpp"

namespace http {

namespace connection_detail {

constexpr std::size_t read_chunk = 4096;
constexpr std::size_t max_kept_reply = std::size_t{1024} * 1024;
// zlib's fastest level: XML shrinks about tenfold at it, and a 24 MB
// get_all_items reply must not take longer to compress than to send.
constexpr int gzip_level = 1;
constexpr std::string_view idempotency_key_field = "Idempotency-Key";

} // namespace connection_detail

template <class Stream>
basic_connection<Stream>::basic_connection(Stream stream, std::string remote,
                                           connection_host& host,
                                           boost::beast::flat_buffer read)
  : stream_(std::move(stream)), host_(host), buffer_(std::move(read)) {
  who.remote = std::move(remote);
  // Without users there is nobody to authenticate: anyone may do anything,
  // as with the original server.
  if (host_.authentication() == nullptr)
    who.role = auth::role::admin;
}

template <class Stream>
void basic_connection<Stream>::start() {
  calls_ = host_.open_calls();
  phase_ = phase::reading;
  // The handshake counts as reading: a client that connects and never
  // finishes it is cut off like a slowloris.
  ops::expires_after(stream_, host_.config().read_timeout);
  ops::async_handshake(stream_, buffer_,
                       [self = this->shared_from_this()](error_code ec) {
                         self->on_handshake(ec);
                       });
}

template <class Stream>
void basic_connection<Stream>::on_handshake(error_code ec) {
  if (ec)
    return close();
  auto* users = host_.authentication();
  if (users != nullptr) {
    // A verified client certificate logs in as the user it names.
    if (auto name = ops::peer_common_name(stream_)) {
      if (auto user = users->certificate_user(*name)) {
        who.principal = user->name;
        who.role = user->role;
        certificate_login_ = true;
      }
    }
  }
  wait_for_request();
}

template <class Stream>
void basic_connection<Stream>::shutdown() {
  stopping_ = true;
  if (phase_ == phase::idle)
    ops::cancel(stream_); // on_idle_data closes
}

template <class Stream>
void basic_connection<Stream>::abort() {
  // A session actor still busy with this call keeps it alive; its late
  // reply finds the connection closed and is dropped.
  close();
}

// Waits for the first byte of the next request under the idle timeout, so
// keep-alive connections cannot hold the server forever.
template <class Stream>
void basic_connection<Stream>::wait_for_request() {
  if (stopping_)
    return close();
  if (buffer_.size() > 0)
    return read_header();
  phase_ = phase::idle;
  // An idle connection keeps no read buffer (4 KiB each, at 10,000 idle
  // connections 40 MiB): the next request's first bytes go into idle_bytes_,
  // which holds a whole small call, and the buffer comes back with them.
  buffer_.shrink_to_fit();
  ops::expires_after(stream_, host_.config().idle_timeout);
  stream_.async_read_some(
    boost::asio::buffer(idle_bytes_),
    boost::beast::bind_front_handler(&basic_connection::on_idle_data,
                                     this->shared_from_this()));
}

template <class Stream>
void basic_connection<Stream>::on_idle_data(error_code ec, std::size_t n) {
  if (ec)
    return close();
  auto room = buffer_.prepare(std::max(n, connection_detail::read_chunk));
  std::memcpy(room.data(), idle_bytes_.data(), n);
  buffer_.commit(n);
  read_header();
}

template <class Stream>
void basic_connection<Stream>::read_header() {
  phase_ = phase::reading;
  status_ = http_status::ok;
  request_line_ = "-";
  referer_.clear();
  user_agent_.clear();
  method = {};
  fault_code = 0;
  received_bytes_ = 0;
  started_ = std::chrono::steady_clock::now();
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(host_.config().max_header));
  parser_->body_limit(host_.config().max_body);
  // One deadline for header and body: a slowloris client is cut off.
  ops::expires_after(stream_, host_.config().read_timeout);
  boost::beast::http::async_read_header(
    stream_, buffer_, *parser_,
    boost::beast::bind_front_handler(&basic_connection::on_header,
                                     this->shared_from_this()));
}

template <class Stream>
void basic_connection<Stream>::on_header(error_code ec, std::size_t) {
  if (ec)
    return on_read_error(ec);
  auto& req = parser_->get();
  version_ = req.version();
  keep_alive_ = req.keep_alive();
  request_line_.assign(req.method_string().data(), req.method_string().size());
  request_line_ += ' ';
  request_line_.append(req.target().data(), req.target().size());
  request_line_ += version_ == 10 ? " HTTP/1.0" : " HTTP/1.1";
  if (host_.log().format() != log_format::seed) {
    auto referer = req[boost::beast::http::field::referer];
    auto agent = req[boost::beast::http::field::user_agent];
    referer_.assign(referer.data(), referer.size());
    user_agent_.assign(agent.data(), agent.size());
  }
  if (req.target() != "/RPC2")
    status_ = http_status::not_found;
  else if (req.method() != boost::beast::http::verb::post)
    status_ = http_status::method_not_allowed;
  // A gzip body is inflated once read; other codings are refused.
  auto coding = req[boost::beast::http::field::content_encoding];
  gzip_body_ = boost::beast::iequals(coding, "gzip")
               || boost::beast::iequals(coding, "x-gzip");
  if (!gzip_body_ && !coding.empty()
      && !boost::beast::iequals(coding, "identity")
      && status_ == http_status::ok)
    status_ = http_status::unsupported_media_type;
  accept_gzip_
    = host_.config().gzip_min_bytes > 0
      && accepts_gzip(req[boost::beast::http::field::accept_encoding]);
  // At most one key, and a well-formed one: a key the server cannot take
  // as written must not silently become "no key".
  idempotency_key.clear();
  if (auto keys = req.count(connection_detail::idempotency_key_field);
      keys > 0) {
    auto key = req[connection_detail::idempotency_key_field];
    if (keys == 1 && base::check_idempotency_key(key))
      idempotency_key.assign(key.data(), key.size());
    else if (status_ == http_status::ok)
      status_ = http_status::bad_request;
  }
  auto* users = host_.authentication();
  if (status_ != http_status::ok || users == nullptr || certificate_login_)
    return after_login();
  // Decided from the header alone, before the body is read. The same
  // header as last time on this connection needs no second look.
  auto authorization = req[boost::beast::http::field::authorization];
  if (login_generation_ == users->generation() && !authorization.empty()
      && authenticator::same(authorization, login_header_))
    return after_login();
  phase_ = phase::authenticating;
  users->check(authorization, who.remote,
               [self = this->shared_from_this(),
                header = std::string{authorization},
                generation = users->generation()](auth_decision d) mutable {
                 self->on_login(d, std::move(header), generation);
               });
}

template <class Stream>
void basic_connection<Stream>::on_login(const auth_decision& d,
                                        std::string header,
                                        std::uint64_t generation) {
  if (phase_ == phase::closed)
    return;
  phase_ = phase::reading;
  using verdict = auth_decision::verdict;
  switch (d.result) {
  case verdict::allowed:
    who.principal = d.who.name;
    who.role = d.who.role;
    login_header_ = std::move(header);
    login_generation_ = generation;
    return after_login();
  case verdict::unauthorized:
    forget_login();
    return send_error(http_status::unauthorized, false);
  case verdict::throttled:
  case verdict::busy:
    forget_login();
    retry_after_ = d.retry_after;
    return send_error(d.result == verdict::throttled
                        ? http_status::too_many_requests
                        : http_status::service_unavailable,
                      false);
  }
}

template <class Stream>
void basic_connection<Stream>::forget_login() {
  login_generation_ = 0;
  login_header_.clear();
  who.principal = "anonymous";
  who.role = auth::role::anyone;
}

// The header is fine (or refused already, to be answered after its body):
// go on with Expect: 100-continue or the body.
template <class Stream>
void basic_connection<Stream>::after_login() {
  auto& req = parser_->get();
  auto expect = req[boost::beast::http::field::expect];
  if (!expect.empty()) {
    if (!boost::beast::iequals(expect, "100-continue"))
      return send_error(http_status::expectation_failed, false);
    if (status_ != http_status::ok) // refuse before the body is sent
      return send_error(status_, false);
    static constexpr std::string_view go_on = "HTTP/1.1 100 Continue\r\n\r\n";
    return boost::asio::async_write(
      stream_, boost::asio::buffer(go_on.data(), go_on.size()),
      [self = this->shared_from_this()](error_code wec, std::size_t) {
        if (wec)
          return self->close();
        self->read_body();
      });
  }
  read_body();
}

template <class Stream>
void basic_connection<Stream>::read_body() {
  if (parser_->is_done())
    return on_body({}, 0);
  boost::beast::http::async_read(
    stream_, buffer_, *parser_,
    boost::beast::bind_front_handler(&basic_connection::on_body,
                                     this->shared_from_this()));
}

template <class Stream>
void basic_connection<Stream>::on_body(error_code ec, std::size_t) {
  if (ec)
    return on_read_error(ec);
  if (status_ != http_status::ok)
    return send_error(status_, keep_alive_);
  if (gzip_body_) {
    // Inflated here, bounded by --max-body: a bomb is refused as soon as
    // its output passes the limit, before it costs memory.
    received_bytes_ = parser_->get().body().size();
    auto inflated
      = gunzip(parser_->get().body(), body, host_.config().max_body);
    if (!inflated)
      return send_error(inflated.error() == gunzip_error::too_large
                          ? http_status::payload_too_large
                          : http_status::bad_request,
                        false);
  } else {
    body = std::move(parser_->get().body());
    received_bytes_ = body.size();
  }
  parser_.reset();
  phase_ = phase::processing;
  ops::expires_never(stream_);
  calls_->handle(this->shared_from_this());
}

template <class Stream>
void basic_connection<Stream>::on_read_error(error_code ec) {
  if (ec == boost::beast::http::error::body_limit)
    return send_error(http_status::payload_too_large, false);
  if (ec == boost::beast::http::error::header_limit)
    return send_error(http_status::request_header_fields_too_large, false);
  // On a timeout Beast has already closed the socket: no 408 can be sent.
  if (ec == boost::beast::http::error::end_of_stream
      || ec == boost::beast::http::error::partial_message
      || ec == boost::asio::error::operation_aborted
      || ec == boost::asio::error::connection_reset
      || ec == boost::asio::error::eof)
    return close();
  send_error(http_status::bad_request, false); // malformed HTTP
}

template <class Stream>
void basic_connection<Stream>::reply_ready() {
  // Runs on a CAF worker, so a large reply is compressed here rather than
  // on the I/O thread every connection shares.
  gzip_reply_ = accept_gzip_ && reply.size() >= host_.config().gzip_min_bytes;
  if (gzip_reply_)
    gzip(reply, compressed_, connection_detail::gzip_level);
  // Hand the reply back to the I/O thread.
  boost::asio::post(stream_.get_executor(),
                    boost::asio::bind_allocator(
                      handler_allocator<char>{post_memory_},
                      [self = this->shared_from_this()] { self->on_reply(); }));
}

template <class Stream>
void basic_connection<Stream>::on_reply() {
  if (phase_ == phase::closed)
    return;
  status_ = http_status::ok;
  keep_alive_ = keep_alive_ && !stopping_;
  const auto& content = gzip_reply_ ? compressed_ : reply;
  std::string_view extra;
  if (gzip_reply_ && replayed)
    extra = "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n"
            "Idempotent-Replayed: true\r\n";
  else if (gzip_reply_)
    extra = "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n";
  else if (replayed)
    extra = "Idempotent-Replayed: true\r\n";
  render_head(head_, version_, status_, "text/xml", content.size(), keep_alive_,
              host_.clock().http_date(), extra);
  sent_bytes_ = content.size();
  write(boost::asio::buffer(content));
}

template <class Stream>
void basic_connection<Stream>::send_error(http_status status, bool keep_alive) {
  // The header a status calls for.
  std::string extra;
  if (status == http_status::method_not_allowed)
    extra = "Allow: POST\r\n";
  else if (status == http_status::unauthorized)
    extra
      = "WWW-Authenticate: Basic realm=\"inventory\", charset=\"UTF-8\"\r\n";
  else if (status == http_status::too_many_requests
           || status == http_status::service_unavailable)
    extra = "Retry-After: " + std::to_string(retry_after_.count()) + "\r\n";
  status_ = status;
  keep_alive_ = keep_alive && !stopping_;
  auto reason = boost::beast::http::obsolete_reason(status);
  error_body_ = std::to_string(static_cast<unsigned>(status)) + " ";
  error_body_.append(reason.data(), reason.size());
  error_body_ += '\n';
  render_head(head_, version_, status, "text/plain", error_body_.size(),
              keep_alive_, host_.clock().http_date(), extra);
  sent_bytes_ = error_body_.size();
  write(boost::asio::buffer(error_body_));
}

// Writes head_ and `content` (the reply or an error text).
template <class Stream>
void basic_connection<Stream>::write(boost::asio::const_buffer content) {
  phase_ = phase::writing;
  ops::expires_after(stream_, host_.config().read_timeout);
  // Not a std::array of two buffers: Asio's consuming_buffers for it hands
  // the next write_some an empty first buffer once the head is out, Beast's
  // TLS stream (flat_stream) then writes 0 bytes, and async_write takes
  // that as the end: over TLS every reply above 16 KiB lost its body.
  auto buffers = boost::beast::buffers_cat(boost::asio::buffer(head_), content);
  boost::asio::async_write(
    stream_, buffers,
    boost::beast::bind_front_handler(&basic_connection::on_write,
                                     this->shared_from_this()));
}

template <class Stream>
void basic_connection<Stream>::on_write(error_code ec, std::size_t) {
  if (const auto* counts = host_.counts())
    counts->responded(static_cast<unsigned>(status_), received_bytes_,
                      sent_bytes_);
  if (host_.log().enabled()) {
    log_entry entry;
    entry.remote = who.remote;
    entry.principal = who.principal;
    entry.request_line = request_line_;
    entry.status = static_cast<unsigned>(status_);
    entry.bytes = sent_bytes_;
    entry.referer = referer_;
    entry.user_agent = user_agent_;
    entry.method = method;
    entry.fault_code = fault_code;
    entry.latency = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started_);
    host_.log().record(entry, host_.clock());
  }
  if (reply.capacity() > connection_detail::max_kept_reply)
    std::string{}.swap(reply); // a huge reply's memory is not kept around
  if (gzip_reply_) {
    std::string{}.swap(compressed_); // only large replies are compressed
    gzip_reply_ = false;
  }
  if (ec)
    return close();
  if (!keep_alive_)
    return linger_close();
  wait_for_request();
}

// Stops sending, then reads and discards what the client still sends for a
// moment, so it sees our reply instead of a connection reset.
template <class Stream>
void basic_connection<Stream>::linger_close() {
  phase_ = phase::lingering;
  if (!ops::shutdown_send(stream_))
    return close();
  ops::expires_after(stream_, std::chrono::seconds(2));
  drain();
}

template <class Stream>
void basic_connection<Stream>::drain() {
  buffer_.clear();
  stream_.async_read_some(
    buffer_.prepare(connection_detail::read_chunk),
    [self = this->shared_from_this()](error_code ec, std::size_t) {
      if (ec)
        return self->close();
      self->drain();
    });
}

template <class Stream>
void basic_connection<Stream>::close() {
  if (phase_ == phase::closed)
    return;
  phase_ = phase::closed;
  ops::close(stream_);
  calls_.reset();
  host_.remove(this);
}

} // namespace http
