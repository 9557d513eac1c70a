#include "client/rpc_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "client/tls.hpp"
#include "xmlrpc/decode.hpp"
#include "xmlrpc/encode.hpp"

namespace client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// Runs the I/O context until the operation started before completes.
void run(asio::io_context& io) {
  io.restart();
  io.run();
}

transport_error unreachable(const beast::error_code& ec) {
  if (ec == asio::error::connection_refused)
    return {transport_error::kind::refused, ec.message()};
  if (ec == beast::error::timeout)
    return {transport_error::kind::unreachable, "timed out"};
  return {transport_error::kind::unreachable, ec.message()};
}

// The server closed the connection before it answered anything: over TLS
// without close_notify (stream_truncated) too.
bool closed_early(const beast::error_code& ec, bool got_some) {
  return ec == http::error::end_of_stream
         || ((ec == asio::error::connection_reset
              || ec == asio::ssl::error::stream_truncated)
             && !got_some);
}

} // namespace

rpc_client::rpc_client(url target, std::chrono::milliseconds timeout,
                       std::shared_ptr<asio::ssl::context> tls,
                       std::optional<credentials> login)
  : target_(std::move(target)), timeout_(timeout), tls_(std::move(tls)),
    plain_(io_) {
  host_header_ = target_.host.find(':') != std::string::npos
                   ? "[" + target_.host + "]:" + target_.port
                   : target_.host + ":" + target_.port;
  if (login)
    set_login(*login);
}

void rpc_client::set_login(const credentials& login) {
  authorization_ = basic_authorization(login);
}

beast::tcp_stream& rpc_client::lowest() {
  return secure_ ? beast::get_lowest_layer(*secure_) : plain_;
}

base::expected<void, transport_error> rpc_client::connect() {
  asio::ip::tcp::resolver resolver{io_};
  beast::error_code ec;
  auto endpoints = resolver.resolve(target_.host, target_.port, ec);
  if (ec)
    return transport_error{transport_error::kind::unreachable, ec.message()};
  if (target_.tls) {
    if (!tls_)
      return transport_error{transport_error::kind::tls,
                             "no TLS context for an https URL"};
    secure_.emplace(io_, *tls_);
    if (auto ready = prepare_tls(secure_->native_handle(), target_.host);
        !ready)
      return transport_error{transport_error::kind::tls, ready.error()};
  }
  auto& tcp = lowest();
  tcp.expires_after(timeout_);
  tcp.async_connect(
    endpoints,
    [&](beast::error_code cec, const asio::ip::tcp::endpoint&) { ec = cec; });
  run(io_);
  if (ec) {
    disconnect();
    return unreachable(ec);
  }
  tcp.socket().set_option(asio::ip::tcp::no_delay(true), ec);
  if (secure_) {
    tcp.expires_after(timeout_); // the handshake has the same time
    secure_->async_handshake(asio::ssl::stream_base::client,
                             [&](beast::error_code hec) { ec = hec; });
    run(io_);
    if (ec) {
      auto error = ec == beast::error::timeout
                     ? transport_error{transport_error::kind::unreachable,
                                       "timed out in the TLS handshake"}
                     : transport_error{
                       transport_error::kind::tls,
                       describe_tls_failure(ec, secure_->native_handle())};
      disconnect();
      return error;
    }
  }
  buffer_.clear();
  connected_ = true;
  return {};
}

void rpc_client::disconnect() {
  // No TLS close_notify: the replies are framed by Content-Length, so a
  // cut connection cannot pass for a shorter reply, and waiting for the
  // server's close_notify would only delay the end.
  auto& tcp = lowest();
  beast::error_code ec;
  tcp.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  tcp.close();
  secure_.reset();
  connected_ = false;
}

base::expected<std::string, rpc_client::round_trip_failure>
rpc_client::round_trip(const std::string& body,
                       const std::string& idempotency_key) {
  return secure_ ? round_trip_on(*secure_, body, idempotency_key)
                 : round_trip_on(plain_, body, idempotency_key);
}

template <class Stream>
base::expected<std::string, rpc_client::round_trip_failure>
rpc_client::round_trip_on(Stream& stream, const std::string& body,
                          const std::string& idempotency_key) {
  http::request<http::string_body> req{http::verb::post, target_.path, 11};
  req.set(http::field::host, host_header_);
  req.set(http::field::user_agent, "inventory-client");
  req.set(http::field::content_type, "text/xml");
  if (!authorization_.empty())
    req.set(http::field::authorization, authorization_);
  if (!idempotency_key.empty())
    req.set("Idempotency-Key", idempotency_key);
  req.body() = body;
  req.prepare_payload();
  beast::error_code ec;
  lowest().expires_after(timeout_);
  http::async_write(stream, req,
                    [&](beast::error_code wec, std::size_t) { ec = wec; });
  run(io_);
  if (ec == asio::error::broken_pipe || ec == asio::error::connection_reset)
    return round_trip_failure{unreachable(ec), true};
  if (ec)
    return round_trip_failure{unreachable(ec)};
  http::response_parser<http::string_body> parser;
  parser.body_limit(std::size_t{1} << 30);
  lowest().expires_after(timeout_);
  http::async_read(stream, buffer_, parser,
                   [&](beast::error_code rec, std::size_t) { ec = rec; });
  run(io_);
  if (ec && closed_early(ec, parser.got_some()))
    return round_trip_failure{
      {transport_error::kind::unreachable, "connection closed by the server"},
      true};
  if (ec)
    return round_trip_failure{unreachable(ec)};
  auto& res = parser.get();
  if (res.result() != http::status::ok) {
    disconnect();
    return round_trip_failure{{transport_error::kind::http_status,
                               std::string{res.reason()}, res.result_int()}};
  }
  if (!res.keep_alive())
    disconnect();
  return std::move(res.body());
}

call_result rpc_client::call(const std::string& method,
                             const std::vector<xmlrpc::value>& params,
                             const std::string& idempotency_key) {
  auto body = xmlrpc::encode_method_call(method, params);
  if (!body)
    return call_error{body.error()};
  for (int attempt = 0;; ++attempt) {
    bool reused = connected_;
    if (!connected_)
      if (auto connected = connect(); !connected)
        return call_error{connected.error()};
    auto reply = round_trip(*body, idempotency_key);
    if (!reply) {
      disconnect();
      // A keep-alive connection the server closed while idle: send once
      // more on a fresh one. The server answered nothing, so it did nothing.
      if (reply.error().stale && reused && attempt == 0)
        continue;
      return call_error{std::move(reply.error().error)};
    }
    auto decoded = xmlrpc::decode_response(*reply);
    if (!decoded)
      return call_error{
        transport_error{transport_error::kind::invalid_reply,
                        "invalid reply: " + decoded.error().message}};
    if (auto* f = std::get_if<xmlrpc::fault>(&*decoded))
      return call_error{std::move(*f)};
    return std::move(std::get<xmlrpc::value>(*decoded));
  }
}

} // namespace client
