#include "http/operator_listener.hpp"

#include <array>
#include <chrono>
#include <optional>

#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/assets.hpp"
#include "http/authenticator.hpp"

namespace http {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto read_timeout = std::chrono::seconds(10);
constexpr auto idle_timeout = std::chrono::seconds(30);

} // namespace

/// One connection to the operator listener: a request at a time.
class operator_session : public std::enable_shared_from_this<operator_session> {
public:
  operator_session(tcp_stream stream, std::string remote, operator_listener& l)
    : stream_(std::move(stream)), remote_(std::move(remote)), owner_(l) {}

  void start() { read(); }

  void close() {
    if (closed_)
      return;
    closed_ = true;
    boost::system::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
    owner_.remove(this);
  }

private:
  using error_code = boost::system::error_code;

  void read() {
    parser_.emplace();
    parser_->header_limit(8 * 1024);
    parser_->body_limit(1024);
    stream_.expires_after(first_ ? read_timeout : idle_timeout);
    first_ = false;
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](error_code ec, std::size_t) {
                        self->on_request(ec);
                      });
  }

  void on_request(error_code ec) {
    if (closed_)
      return;
    if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit)
      return answer(bhttp::status::payload_too_large, "text/plain",
                    "request too large\n", false);
    if (ec)
      return close();
    auto& req = parser_->get();
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    if (req.method() != bhttp::verb::get)
      return answer(bhttp::status::method_not_allowed, "text/plain",
                    "405 Method Not Allowed\n", keep_alive_, "Allow: GET\r\n");
    target_.assign(req.target().data(), req.target().size());
    auto* users = owner_.require_admin_ ? owner_.users_ : nullptr;
    if (users == nullptr)
      return route();
    auto header = req[bhttp::field::authorization];
    users->check(header, remote_, [self = shared_from_this()](auth_decision d) {
      self->on_login(d);
    });
  }

  void on_login(const auth_decision& d) {
    if (closed_)
      return;
    using verdict = auth_decision::verdict;
    switch (d.result) {
    case verdict::allowed:
      if (d.who.role != auth::role::admin)
        return answer(bhttp::status::forbidden, "text/plain",
                      "the admin role is required\n", keep_alive_);
      return route();
    case verdict::unauthorized:
      return answer(
        bhttp::status::unauthorized, "text/plain", "401 Unauthorized\n",
        keep_alive_,
        "WWW-Authenticate: Basic realm=\"inventory\", charset=\"UTF-8\"\r\n");
    case verdict::throttled:
    case verdict::busy:
      return answer(
        d.result == verdict::throttled ? bhttp::status::too_many_requests
                                       : bhttp::status::service_unavailable,
        "text/plain", "retry later\n", false,
        "Retry-After: " + std::to_string(d.retry_after.count()) + "\r\n");
    }
  }

  void route() {
    // The query string does not choose the page.
    auto path = target_.substr(0, target_.find('?'));
    if (path == "/metrics")
      return answer(bhttp::status::ok, metrics::registry::content_type,
                    owner_.metrics_.expose(), keep_alive_);
    if (path == "/health") {
      if (auto why = owner_.health_.problem())
        return answer(bhttp::status::service_unavailable, "text/plain",
                      *why + "\n", keep_alive_);
      return answer(bhttp::status::ok, "text/plain", "ok\n", keep_alive_);
    }
    if (path == "/dashboard")
      return answer(bhttp::status::ok, "text/html; charset=utf-8",
                    std::string{assets::dashboard_html()}, keep_alive_,
                    "Cache-Control: no-cache\r\n");
    if (path == "/chart.js")
      return answer(bhttp::status::ok, "text/javascript; charset=utf-8",
                    std::string{assets::chart_js()}, keep_alive_,
                    "Cache-Control: max-age=86400\r\n");
    answer(bhttp::status::not_found, "text/plain", "404 Not Found\n",
           keep_alive_);
  }

  void answer(bhttp::status status, std::string_view type, std::string body,
              bool keep_alive, std::string_view extra = {}) {
    keep_alive_ = keep_alive && !owner_.stopping_;
    body_ = std::move(body);
    render_head(head_, version_, status, type, body_.size(), keep_alive_,
                owner_.clock_.http_date(), extra);
    stream_.expires_after(read_timeout);
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_),
                                              asio::buffer(body_)};
    asio::async_write(stream_, buffers,
                      [self = shared_from_this()](error_code ec, std::size_t) {
                        if (ec || !self->keep_alive_)
                          return self->close();
                        self->read();
                      });
  }

  tcp_stream stream_;
  std::string remote_;
  operator_listener& owner_;
  boost::beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string target_;
  std::string head_;
  std::string body_;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool first_ = true;
  bool closed_ = false;
};

operator_listener::operator_listener(asio::io_context& io, std::string host,
                                     std::uint16_t port,
                                     const metrics::registry& metrics,
                                     const metrics::health& health,
                                     authenticator* users)
  : host_(std::move(host)), port_(port), metrics_(metrics), health_(health),
    users_(users), io_(io.get_executor()), acceptor_(io), retry_(io) {}

operator_listener::~operator_listener() {
  shutdown();
}

base::expected<void, std::string> operator_listener::open() {
  boost::system::error_code ec;
  tcp::resolver resolver{acceptor_.get_executor()};
  auto found = resolver.resolve(
    host_, std::to_string(port_),
    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec)
    return host_ + ": cannot resolve: " + ec.message();
  std::string failed;
  for (const auto& entry : found) {
    auto ep = entry.endpoint();
    acceptor_.open(ep.protocol(), ec);
    if (!ec)
      acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
      acceptor_.bind(ep, ec);
    if (!ec)
      acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec) {
      require_admin_ = users_ != nullptr && !is_loopback();
      return {};
    }
    failed = ep.address().to_string() + ":" + std::to_string(ep.port()) + ": "
             + ec.message();
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  }
  return failed.empty() ? host_ + ": no address to listen on" : failed;
}

std::uint16_t operator_listener::port() const {
  return acceptor_.local_endpoint().port();
}

std::string operator_listener::address() const {
  auto addr = acceptor_.local_endpoint().address();
  return addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
}

bool operator_listener::is_loopback() const {
  return acceptor_.local_endpoint().address().is_loopback();
}

void operator_listener::start() {
  accept();
}

void operator_listener::accept() {
  acceptor_.async_accept(io_, [this](boost::system::error_code ec,
                                     tcp_socket socket) {
    if (stopping_)
      return;
    if (!ec) {
      auto ep = socket.remote_endpoint(ec);
      auto remote = ec ? std::string{"-"} : ep.address().to_string();
      auto s = std::make_shared<operator_session>(tcp_stream{std::move(socket)},
                                                  std::move(remote), *this);
      sessions_.emplace(s.get(), s);
      s->start();
    }
    if (ec && ec != asio::error::connection_aborted) {
      // Out of descriptors: try again in a moment rather than spin.
      retry_.expires_after(std::chrono::milliseconds(100));
      retry_.async_wait([this](boost::system::error_code tec) {
        if (!tec && !stopping_)
          accept();
      });
      return;
    }
    accept();
  });
}

void operator_listener::remove(const operator_session* s) {
  sessions_.erase(s);
}

void operator_listener::shutdown() {
  if (stopping_)
    return;
  stopping_ = true;
  boost::system::error_code ec;
  acceptor_.close(ec);
  retry_.cancel();
  auto all = sessions_; // closing one erases it
  for (auto& [key, weak] : all)
    if (auto s = weak.lock())
      s->close();
  sessions_.clear();
}

} // namespace http
