// Internal to the runtime: the process-wide TLS configuration shared by the "ssl:"/"pssl:"
// providers (stream_ssl.cpp) and the public setters (stream_ssl_config.cpp).
#pragma once

#include <openssl/ssl.h>
#include <string>

namespace vigil::detail {

// Returns 0 when the key, certificate and CA (or a pending bootstrap, for clients) are
// configured and the OpenSSL context could be built; otherwise logs why and returns
// ENOPROTOOPT (missing configuration) or EPROTO (unusable files).
int ssl_check_configured(bool server);

// Creates a session on `fd` for a server or a client (with SNI `host` when it is a name, not
// an IP literal). Returns 0 and sets `ssl`, or EPROTO.
int ssl_new_session(int fd, bool server, const std::string& host, SSL*& ssl);

// True while --bootstrap-ca-cert waits for the first server to supply its CA.
bool ssl_bootstrapping();

// Saves the self-signed CA certificate from the peer's chain as the CA file and trusts it
// from now on; logs the outcome.
void ssl_bootstrap_from(SSL* ssl, const std::string& stream_name);

} // namespace vigil::detail
