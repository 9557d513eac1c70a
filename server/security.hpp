#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include "auth/users.hpp"
#include "base/expected.hpp"
#include "http/authenticator.hpp"
#include "http/listener.hpp"
#include "http/tls_context.hpp"
#include "server/config.hpp"
#include "server/reload.hpp"

namespace server {

/// What --tls-* and --users set up, loaded and checked at start-up.
struct security {
  /// Nullptr: plain HTTP.
  std::shared_ptr<boost::asio::ssl::context> tls;
  /// Nothing: no users, anyone may do anything.
  std::optional<std::vector<auth::user>> users;
};

/// The TLS files --tls-cert, --tls-key and --tls-client-ca name.
http::tls_files tls_files_of(const config& cfg);

/// Loads the certificate, key, client CA and users file `cfg` names; the
/// error is the one line to print.
base::expected<security, std::string> load_security(const config& cfg);

/// Whether serving on the bound address is safe: an address other than
/// loopback needs both TLS and users unless --insecure. The error is the
/// one line to print (exit 2); a warning line when --insecure allows it.
base::expected<std::optional<std::string>, std::string>
check_exposure(const config& cfg, const std::string& address, bool loopback);

/// Whether a node link may run as `cfg` sets it up: a store publishing, or
/// a gateway connecting, anywhere but loopback needs mutual TLS
/// (--node-cert, --node-key, --node-ca). The error is the one line to print
/// (exit 2).
base::expected<void, std::string> check_node_link(const config& cfg);

/// Adds the SIGHUP actions for what `cfg` secures: the certificate, key
/// and client CA are loaded again and new connections use them (open ones
/// keep theirs); the users file is loaded again and replaces the users,
/// dropping every verified credential. A bad new file keeps the old state.
void add_security_reloads(reload_actions& reloads, const config& cfg,
                          boost::asio::io_context& io, http::listener& server,
                          http::authenticator* users);

} // namespace server
