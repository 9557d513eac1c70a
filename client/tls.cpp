#include "client/tls.hpp"

#include <boost/asio/ip/address.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace client {

namespace ssl = boost::asio::ssl;

namespace {

std::string openssl_error() {
  auto code = ERR_get_error();
  ERR_clear_error();
  if (code == 0)
    return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof(buf));
  return buf;
}

} // namespace

base::expected<std::shared_ptr<ssl::context>, std::string>
make_tls_context(const std::string& cacert) {
  // tls_client, not tlsv12 (which pins TLS 1.2 as the maximum too).
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  auto* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_verify(native, SSL_VERIFY_PEER, nullptr);
  ERR_clear_error();
  if (cacert.empty()) {
    if (SSL_CTX_set_default_verify_paths(native) != 1)
      return "cannot load the system's trust store (" + openssl_error() + ")";
  } else if (SSL_CTX_load_verify_locations(native, cacert.c_str(), nullptr)
             != 1) {
    return cacert + ": cannot load CA certificates (" + openssl_error() + ")";
  }
  return ctx;
}

base::expected<void, std::string> prepare_tls(SSL* ssl,
                                              const std::string& host) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  auto* param = SSL_get0_param(ssl);
  // Partial wildcards ("w*.example.org") are not accepted.
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  if (!ec) { // an IP address: its SAN must match; no SNI for addresses
    if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1)
      return "cannot check the certificate for address " + host;
    return {};
  }
  if (SSL_set1_host(ssl, host.c_str()) != 1)
    return "cannot check the certificate for host " + host;
  if (SSL_set_tlsext_host_name(ssl, host.c_str()) != 1)
    return "cannot send the server name " + host;
  return {};
}

std::string describe_tls_failure(const boost::system::error_code& ec,
                                 SSL* ssl) {
  auto verified = SSL_get_verify_result(ssl);
  if (verified != X509_V_OK) {
    std::string why = X509_verify_cert_error_string(verified);
    switch (verified) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      why += "; --cacert names the CA to trust";
      break;
    default:
      break;
    }
    return "TLS handshake failed: the server's certificate is not trusted ("
           + why + ")";
  }
  return "TLS handshake failed: " + ec.message();
}

} // namespace client
