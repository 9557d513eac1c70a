#pragma once

#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "base/expected.hpp"

namespace http {

/// Where the server's certificate, key and (for mutual TLS) client CA are.
struct tls_files {
  /// PEM: the server's certificate chain and private key.
  std::string certificate;
  std::string key;
  /// PEM: a CA whose client certificates authenticate their common name;
  /// empty: no client certificates are asked for.
  std::string client_ca;
};

/// A server TLS context: TLS 1.2 at least (1.3 preferred), forward-secret
/// AEAD ciphers only, no compression or renegotiation, the files loaded and
/// the key checked against the certificate. The error names the file.
base::expected<std::shared_ptr<boost::asio::ssl::context>, std::string>
make_tls_context(const tls_files& files);

} // namespace http
