#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <boost/asio/ssl/context.hpp>

#include "base/expected.hpp"
#include "client/credentials.hpp"
#include "client/url.hpp"

namespace client {

/// Everything needed to reach one server: where, over what, as whom.
struct endpoint {
  /// The URL fit to be shown (redact_url): it never holds a password.
  std::string shown;
  url parts;
  /// For an https URL: the one TLS context of the program.
  std::shared_ptr<boost::asio::ssl::context> tls;
  std::optional<credentials> login;
};

/// The options every program that calls a server shares.
struct login_options {
  std::string cacert; ///< --cacert FILE; empty: the system's trust store
  std::string user;   ///< --user NAME; empty: none
};

/// Adds --cacert and --user to `app`.
void add_login_options(CLI::App& app, login_options& opts);

/// The password sources of a program: $INVENTORY_PASSWORD, else a prompt
/// without echo when stdin is a terminal.
password_sources standard_password_sources();

/// The endpoints for `urls` (as typed): each parsed, https ones sharing
/// one TLS context (--cacert or the trust store), each with its login
/// (login_for; the prompt asks once per user). The error is a usage
/// error's text and never holds a password.
base::expected<std::vector<endpoint>, std::string>
make_endpoints(const std::vector<std::string>& urls, const login_options& opts,
               const password_sources& sources);

} // namespace client
