#include "client/rpc_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "xmlrpc/decode.hpp"
#include "xmlrpc/encode.hpp"

namespace cli {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// Runs the I/O context until the operation started before completes.
void run(asio::io_context& io) {
  io.restart();
  io.run();
}

std::string describe(const beast::error_code& ec) {
  if (ec == beast::error::timeout)
    return "timed out";
  return ec.message();
}

} // namespace

rpc_client::rpc_client(url target, std::chrono::milliseconds timeout)
  : target_(std::move(target)), timeout_(timeout), stream_(io_) {
  host_header_ = target_.host.find(':') != std::string::npos
                   ? "[" + target_.host + "]:" + target_.port
                   : target_.host + ":" + target_.port;
}

bool rpc_client::connect(std::string& error) {
  asio::ip::tcp::resolver resolver{io_};
  beast::error_code ec;
  auto endpoints = resolver.resolve(target_.host, target_.port, ec);
  if (ec) {
    error = ec.message();
    return false;
  }
  stream_.expires_after(timeout_);
  stream_.async_connect(
    endpoints,
    [&](beast::error_code cec, const asio::ip::tcp::endpoint&) { ec = cec; });
  run(io_);
  if (ec) {
    error = describe(ec);
    stream_.close();
    return false;
  }
  stream_.socket().set_option(asio::ip::tcp::no_delay(true), ec);
  buffer_.clear();
  connected_ = true;
  return true;
}

void rpc_client::disconnect() {
  beast::error_code ec;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  stream_.close();
  connected_ = false;
}

rpc_client::outcome rpc_client::exchange(const std::string& body,
                                         std::string& reply,
                                         std::string& error) {
  http::request<http::string_body> req{http::verb::post, target_.path, 11};
  req.set(http::field::host, host_header_);
  req.set(http::field::user_agent, "inventory-client");
  req.set(http::field::content_type, "text/xml");
  req.body() = body;
  req.prepare_payload();
  beast::error_code ec;
  stream_.expires_after(timeout_);
  http::async_write(stream_, req,
                    [&](beast::error_code wec, std::size_t) { ec = wec; });
  run(io_);
  if (ec == asio::error::broken_pipe || ec == asio::error::connection_reset)
    return outcome::stale;
  if (ec) {
    error = describe(ec);
    return outcome::failed;
  }
  http::response_parser<http::string_body> parser;
  parser.body_limit(std::size_t{1} << 30);
  stream_.expires_after(timeout_);
  http::async_read(stream_, buffer_, parser,
                   [&](beast::error_code rec, std::size_t) { ec = rec; });
  run(io_);
  if (ec == http::error::end_of_stream
      || (ec == asio::error::connection_reset && !parser.got_some()))
    return outcome::stale;
  if (ec) {
    error = describe(ec);
    return outcome::failed;
  }
  auto& res = parser.get();
  if (res.result() != http::status::ok) {
    error = "HTTP " + std::to_string(res.result_int()) + " "
            + std::string{res.reason()};
    disconnect();
    return outcome::failed;
  }
  if (!res.keep_alive())
    disconnect();
  reply = std::move(res.body());
  return outcome::ok;
}

call_result rpc_client::call(const std::string& method,
                             const std::vector<xmlrpc::value>& params) {
  call_result result;
  auto body = xmlrpc::encode_method_call(method, params);
  if (!body) {
    result.fault = body.error();
    return result;
  }
  std::string reply;
  for (int attempt = 0;; ++attempt) {
    bool reused = connected_;
    if (!connected_ && !connect(result.transport_error))
      return result;
    auto res = exchange(*body, reply, result.transport_error);
    if (res == outcome::ok)
      break;
    disconnect();
    // A keep-alive connection the server closed while idle: send once more
    // on a fresh one. The server answered nothing, so it did nothing.
    if (res == outcome::failed || !reused || attempt > 0) {
      if (result.transport_error.empty())
        result.transport_error = "connection closed by the server";
      return result;
    }
  }
  auto decoded = xmlrpc::decode_response(reply);
  if (!decoded)
    result.transport_error = "invalid reply: " + decoded.error().message;
  else if (auto* f = std::get_if<xmlrpc::fault>(&*decoded))
    result.fault = std::move(*f);
  else
    result.value = std::move(std::get<xmlrpc::value>(*decoded));
  return result;
}

} // namespace cli
