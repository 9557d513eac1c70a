#include "http/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace http {

namespace {

namespace ssl = boost::asio::ssl;

std::string openssl_error() {
  auto code = ERR_get_error();
  if (code == 0)
    return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof(buf));
  ERR_clear_error();
  return buf;
}

} // namespace

base::expected<std::shared_ptr<ssl::context>, std::string>
make_tls_context(const tls_files& files) {
  // tls_server, not tlsv12 (which pins TLS 1.2 as the maximum too).
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  auto* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION
                                | SSL_OP_CIPHER_SERVER_PREFERENCE
                                | SSL_OP_NO_TICKET);
  // TLS 1.2: ECDHE with AES-GCM or ChaCha20-Poly1305 only (TLS 1.3's own
  // suites are all AEAD and stay at OpenSSL's defaults).
  SSL_CTX_set_cipher_list(native,
                          "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-"
                          "SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-"
                          "AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
                          "ECDHE-RSA-CHACHA20-POLY1305");
  // TLS 1.3: AES-128-GCM first (as fast as hardware AES gets, and as
  // strong as the RSA/ECDHE keys in use), then the other two AEAD suites.
  SSL_CTX_set_ciphersuites(native, "TLS_AES_128_GCM_SHA256:"
                                   "TLS_CHACHA20_POLY1305_SHA256:"
                                   "TLS_AES_256_GCM_SHA384");
  // No session tickets: a reload must not keep old keys alive elsewhere.
  SSL_CTX_set_num_tickets(native, 0);
  ERR_clear_error();
  if (SSL_CTX_use_certificate_chain_file(native, files.certificate.c_str())
      != 1)
    return files.certificate + ": cannot load the certificate ("
           + openssl_error() + ")";
  if (SSL_CTX_use_PrivateKey_file(native, files.key.c_str(), SSL_FILETYPE_PEM)
      != 1) {
    if (ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH) {
      ERR_clear_error();
      return files.key + ": the key does not match " + files.certificate;
    }
    return files.key + ": cannot load the private key (" + openssl_error()
           + ")";
  }
  if (SSL_CTX_check_private_key(native) != 1)
    return files.key + ": the key does not match " + files.certificate;
  if (!files.client_ca.empty()) {
    if (SSL_CTX_load_verify_locations(native, files.client_ca.c_str(), nullptr)
        != 1)
      return files.client_ca + ": cannot load the client CA (" + openssl_error()
             + ")";
    // Tells clients which CA to pick a certificate for.
    auto* names = SSL_load_client_CA_file(files.client_ca.c_str());
    if (names == nullptr)
      return files.client_ca + ": no CA certificate in it";
    SSL_CTX_set_client_CA_list(native, names);
    // A client may present a certificate (it must then verify) or log in
    // with a password instead.
    SSL_CTX_set_verify(native, SSL_VERIFY_PEER, nullptr);
  }
  return ctx;
}

} // namespace http
