#include "server/security.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>

namespace server {

http::tls_files tls_files_of(const config& cfg) {
  return http::tls_files{cfg.tls_cert, cfg.tls_key, cfg.tls_client_ca};
}

base::expected<security, std::string> load_security(const config& cfg) {
  security result;
  if (!cfg.tls_cert.empty()) {
    auto tls = http::make_tls_context(tls_files_of(cfg));
    if (!tls)
      return tls.error();
    result.tls = std::move(*tls);
  }
  if (!cfg.users.empty()) {
    auto users = auth::load_users_file(cfg.users);
    if (!users)
      return users.error();
    result.users = std::move(*users);
  }
  return result;
}

base::expected<std::optional<std::string>, std::string>
check_exposure(const config& cfg, const std::string& address, bool loopback) {
  if (loopback || (!cfg.tls_cert.empty() && !cfg.users.empty()))
    return std::optional<std::string>{};
  std::string missing = cfg.tls_cert.empty() && cfg.users.empty()
                          ? "--tls-cert and --users"
                        : cfg.tls_cert.empty() ? "--tls-cert"
                                               : "--users";
  if (!cfg.insecure)
    return base::unexpected{address
                            + " is not a loopback address: serving it needs "
                            + missing + " (or --insecure, to accept the risk)"};
  return std::optional<std::string>{
    "serving " + address + " without " + missing
    + " (--insecure): anyone who can reach it can read and change the "
      "whole inventory"
    + (cfg.tls_cert.empty() ? ", and nothing is encrypted" : "")};
}

void add_security_reloads(reload_actions& reloads, const config& cfg,
                          boost::asio::io_context& io, http::listener& server,
                          http::authenticator* users) {
  if (!cfg.tls_cert.empty())
    reloads.add("certificates", [&cfg, &io, &server] {
      auto tls = http::make_tls_context(tls_files_of(cfg));
      if (!tls)
        return base::expected<void, std::string>{tls.error()};
      boost::asio::post(io, [&server, ctx = std::move(*tls)]() mutable {
        server.set_tls_context(std::move(ctx));
      });
      return base::expected<void, std::string>{};
    });
  if (users != nullptr)
    reloads.add("users", [&cfg, &io, users] {
      auto loaded = auth::load_users_file(cfg.users);
      if (!loaded)
        return base::expected<void, std::string>{loaded.error()};
      boost::asio::post(io, [users, list = std::move(*loaded)]() mutable {
        users->set_users(std::move(list));
      });
      return base::expected<void, std::string>{};
    });
}

base::expected<void, std::string> check_node_link(const config& cfg) {
  if (cfg.role == role::all || cfg.node.tls())
    return {};
  const auto& host
    = cfg.role == role::store ? cfg.node_listen.host : cfg.store.host;
  boost::system::error_code ec;
  auto addr = boost::asio::ip::make_address(host, ec);
  if (host == "localhost" || (!ec && addr.is_loopback()))
    return {};
  return base::unexpected{
    std::string{cfg.role == role::store ? "--node-listen " : "--store "} + host
    + " is not loopback: node links off this machine need mutual TLS "
      "(--node-cert, --node-key and --node-ca)"};
}

} // namespace server
