#pragma once

#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

#include "base/expected.hpp"

namespace client {

/// A client TLS context: TLS 1.2 at least, the server's certificate
/// verified against the CA certificates in `cacert` (PEM) or, when it is
/// empty, the system's trust store. The error names the file.
base::expected<std::shared_ptr<boost::asio::ssl::context>, std::string>
make_tls_context(const std::string& cacert);

/// Sets what the handshake with `host` sends and checks on `ssl`: the
/// server name (SNI, for host names only, as RFC 6066 says) and the host
/// name or IP address the certificate must be for. The error says why not.
base::expected<void, std::string> prepare_tls(SSL* ssl,
                                              const std::string& host);

/// The line for a failed handshake: `TLS handshake failed: ...`, naming
/// why the certificate was not accepted when that was the reason.
std::string describe_tls_failure(const boost::system::error_code& ec, SSL* ssl);

} // namespace client
