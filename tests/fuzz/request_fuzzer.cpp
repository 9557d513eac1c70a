// libFuzzer target: the full request path. Raw bytes go over loopback to a
// real server in this process (Beast connection, session actor, a real
// inventory actor); whatever it answers must be HTTP, and the server must
// keep answering.

#include <arpa/inet.h>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include "actors/supervisor.hpp"
#include "http/listener.hpp"
#include "http/session_actor.hpp"

namespace {

// Lives for the whole process on purpose: libFuzzer exits without
// unwinding, and everything stays reachable (no leak report).
struct server {
  caf::actor_system_config cfg;
  caf::actor_system* sys;
  http::listener_config config;
  http::session_settings settings;
  boost::asio::io_context io{1};
  http::access_log log{STDERR_FILENO, false};
  http::listener* listen;
  std::uint16_t port;
  std::thread* io_thread;

  server() {
    cfg.add_message_types<caf::id_block::inventory>();
    cfg.add_message_types<caf::id_block::session>();
    cfg.set("scheduler.max-threads", std::size_t{2});
    sys = new caf::actor_system(cfg);
    config.port = 0;
    config.max_body = 64 * 1024;
    config.read_timeout = std::chrono::milliseconds(500);
    config.idle_timeout = std::chrono::milliseconds(500);
    settings.inventory.inventory = std::make_shared<actors::inventory_ref>();
    actors::spawn_supervisor(*sys, actors::supervisor_options{},
                             settings.inventory.inventory);
    listen = new http::listener(io, *sys, config, settings, log);
    if (!listen->open())
      std::abort();
    port = listen->port();
    listen->start();
    io_thread = new std::thread([this] { io.run(); });
  }
};

server& the_server() {
  static auto* s = new server;
  return *s;
}

// Sends `data`, closes our side, and reads until the server closes.
std::string round_trip(const std::uint8_t* data, std::size_t size) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(the_server().port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // Far above every server timeout (0.5 s reads, 2 s lingering close), so
  // only a real hang trips it, not a loaded machine.
  timeval tv{15, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  // libFuzzer's -timeout watchdog raises SIGALRM every second: calls it
  // interrupts are simply made again.
  int rc;
  do
    rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  while (rc != 0 && errno == EINTR);
  if (rc != 0)
    std::abort();
  for (std::size_t sent = 0; sent < size;) {
    auto n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break; // the server may close early (413, 400): fine
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  std::string reply;
  char buf[65536];
  for (;;) {
    auto n = ::recv(fd, buf, sizeof(buf), 0);
    if (n < 0 && errno == EINTR)
      continue;
    if (n == 0 || (n < 0 && errno == ECONNRESET))
      break;
    if (n < 0)
      std::abort(); // EAGAIN after 15 s: the server hung on this input
    reply.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return reply;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto reply = round_trip(data, size);
  if (!reply.empty() && reply.compare(0, 5, "HTTP/") != 0)
    std::abort();
  // The server is still healthy: one request (its length computed, not
  // counted by hand) gets exactly one 200 with the count in it.
  static const std::string probe = [] {
    std::string body = "<methodCall><methodName>inventory.count</methodName>"
                       "</methodCall>";
    return "POST /RPC2 HTTP/1.1\r\nContent-Length: "
           + std::to_string(body.size()) + "\r\n\r\n" + body;
  }();
  auto check = round_trip(reinterpret_cast<const std::uint8_t*>(probe.data()),
                          probe.size());
  if (check.compare(0, 15, "HTTP/1.1 200 OK") != 0
      || check.find("<int>") == std::string::npos
      || check.find("HTTP/", 1) != std::string::npos)
    std::abort();
  return 0;
}
