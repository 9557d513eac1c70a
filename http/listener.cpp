#include "http/listener.hpp"

#include <algorithm>

#include <boost/asio/write.hpp>

#include "base/log.hpp"

#include "http/tls_detector.hpp"

namespace http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// Connections answered 503 at the same time; more are closed at once, so a
// flood over --max-connections cannot tie up descriptors for seconds.
constexpr std::size_t max_rejecting = 256;

} // namespace

listener::listener(asio::io_context& io, caf::actor_system& sys,
                   const listener_config& cfg, const session_settings& settings,
                   access_log& log, authenticator* users,
                   std::shared_ptr<asio::ssl::context> tls)
  : sys_(sys), cfg_(cfg), settings_(settings), log_(log),
    io_(io.get_executor()), acceptor_(io), log_timer_(io), grace_timer_(io),
    backoff_timer_(io), users_(users), tls_(std::move(tls)) {}

// Errors are error codes, never Boost's exceptions: their what() names
// the Boost header and line that threw, which means nothing to a user.
base::expected<void, std::string> listener::open() {
  boost::system::error_code ec;
  tcp::resolver resolver{acceptor_.get_executor()};
  auto found = resolver.resolve(
    cfg_.host, std::to_string(cfg_.port),
    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec)
    return cfg_.host + ": cannot resolve: " + ec.message();
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
    if (!ec)
      return {};
    auto address = ep.address().to_string();
    if (ep.address().is_v6()) {
      address.insert(0, 1, '[');
      address += ']';
    }
    failed = address + ":" + std::to_string(ep.port()) + ": " + ec.message();
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  }
  return failed.empty() ? cfg_.host + ": no address to listen on" : failed;
}

std::uint16_t listener::port() const {
  return acceptor_.local_endpoint().port();
}

std::string listener::address() const {
  auto addr = acceptor_.local_endpoint().address();
  return addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
}

bool listener::is_loopback() const {
  return acceptor_.local_endpoint().address().is_loopback();
}

void listener::start() {
  accept();
  schedule_log_flush();
}

void listener::accept() {
  acceptor_.async_accept(
    io_, [this](boost::system::error_code ec, tcp_socket socket) {
      if (stopping_)
        return;
      // Out of descriptors (EMFILE, ENFILE) or memory: the listening socket
      // stays readable, so accepting again at once would spin.
      if (ec && ec != asio::error::connection_aborted)
        return back_off(ec);
      backoff_ = std::chrono::milliseconds{0};
      if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        if (connections_.size() >= cfg_.max_connections) {
          reject(std::move(socket));
        } else {
          auto ep = socket.remote_endpoint(ec);
          auto remote = ec ? std::string{"-"} : ep.address().to_string();
          tcp_stream stream{std::move(socket)};
          if (tls_) {
            auto detector = std::make_shared<tls_detector>(
              std::move(stream), std::move(remote), *this, tls_);
            connections_.emplace(detector.get(), tracked{detector, nullptr});
            detector->start();
          } else {
            auto conn = std::make_shared<connection>(std::move(stream),
                                                     std::move(remote), *this);
            connections_.emplace(conn.get(), tracked{conn, nullptr});
            conn->start();
          }
          if (counts_) {
            counts_->accepted();
            counts_->open_connections(connections_.size());
          }
        }
      }
      accept();
    });
}

// Waits before accepting again, 10 ms first, doubling up to 500 ms; the
// connections already open are served meanwhile, and clients not yet
// accepted wait in the listen backlog until descriptors free up.
void listener::back_off(const boost::system::error_code& ec) {
  using std::chrono::milliseconds;
  if (backoff_.count() == 0)
    base::log(base::log_level::warning,
              "cannot accept (" + ec.message() + "); retrying with a back-off");
  backoff_ = std::clamp(backoff_ * 2, milliseconds{10}, milliseconds{500});
  backoff_timer_.expires_after(backoff_);
  backoff_timer_.async_wait([this](boost::system::error_code tec) {
    if (!tec && !stopping_)
      accept();
  });
}

// Over --max-connections: 503 with Retry-After, without a session.
void listener::reject(tcp_socket socket) {
  if (counts_)
    counts_->rejected(rejections_.size() < max_rejecting);
  if (rejections_.size() >= max_rejecting) {
    boost::system::error_code ignored;
    socket.close(ignored);
    return;
  }
  auto rej = std::make_shared<rejection>(std::move(socket), clock_);
  const void* key = rej.get();
  rejections_.emplace(key, rej);
  rej->start([this, key] { rejections_.erase(key); });
}

void listener::schedule_log_flush() {
  if (!log_.enabled())
    return;
  log_timer_.expires_after(std::chrono::milliseconds(100));
  log_timer_.async_wait([this](boost::system::error_code ec) {
    log_.flush();
    if (!ec && !stopping_)
      schedule_log_flush();
  });
}

void listener::shutdown() {
  if (stopping_)
    return;
  stopping_ = true;
  boost::system::error_code ec;
  acceptor_.close(ec);
  log_timer_.cancel();
  backoff_timer_.cancel();
  auto rejects = rejections_; // copy: aborting one erases it
  for (auto& [ptr, weak] : rejects)
    if (auto rej = weak.lock())
      rej->abort();
  // Copy: shutting a connection down may remove it from the map.
  auto conns = connections_;
  for (auto& [ptr, t] : conns)
    if (auto conn = t.conn.lock())
      conn->shutdown();
  if (connections_.empty())
    return;
  grace_timer_.expires_after(cfg_.shutdown_grace);
  grace_timer_.async_wait([this](boost::system::error_code tec) {
    if (tec)
      return;
    auto rest = connections_;
    for (auto& [ptr, t] : rest)
      if (auto conn = t.conn.lock())
        conn->abort();
    connections_.clear();
  });
}

std::unique_ptr<call_handler> listener::open_calls() {
  return open_session(sys_, settings_);
}

void listener::replace(const void* id, std::shared_ptr<connection_control> next,
                       std::shared_ptr<void> keep) {
  connections_.erase(id);
  // Keyed by the whole object, as each connection names itself in remove().
  const void* key = dynamic_cast<const void*>(next.get());
  connections_.emplace(key, tracked{next, std::move(keep)});
}

void listener::set_tls_context(std::shared_ptr<asio::ssl::context> tls) {
  tls_ = std::move(tls);
}

void listener::remove(const void* id) {
  connections_.erase(id);
  if (counts_)
    counts_->open_connections(connections_.size());
  if (stopping_ && connections_.empty())
    grace_timer_.cancel();
}

} // namespace http
