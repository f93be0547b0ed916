// Process-wide TLS configuration for "ssl:" and "pssl:" streams, with OVS's option names.
#pragma once

#include <string>
#include <string_view>

namespace vigil {

// Sets the PEM private key file; takes effect for streams opened afterwards.
void stream_ssl_set_private_key_file(const std::string& path);
// Sets the PEM certificate file matching the private key.
void stream_ssl_set_certificate_file(const std::string& path);
// Sets the PEM CA certificate file used to verify peers. With `bootstrap` true and the file
// missing, the first TLS server contacted supplies its CA certificate, which is saved to
// `path` and trusted from then on (OVS's --bootstrap-ca-cert).
void stream_ssl_set_ca_cert_file(const std::string& path, bool bootstrap);
// Sets the TLS protocols ("TLSv1.2+", "TLSv1.2,TLSv1.3", "TLSv1.2-TLSv1.3"); returns 0 or
// EINVAL (logged) when the list names nothing acceptable (TLS 1.2 is the floor).
int stream_ssl_set_protocols(const std::string& protocols);
// Sets the TLS 1.2 cipher list (default "DEFAULT:@SECLEVEL=2").
void stream_ssl_set_ciphers(const std::string& ciphers);
// Sets the server name sent in SNI by "ssl:" clients, overriding the host name.
void stream_ssl_set_server_name(const std::string& name);

// Returns true once a private key, a certificate and a CA certificate are all configured.
bool stream_ssl_is_configured();

// Drops the cached OpenSSL contexts so the next stream reloads the files (tests use this
// after switching certificates).
void stream_ssl_reset();

// Parses one long option of a program's command line: "--private-key", "--certificate",
// "--ca-cert", "--bootstrap-ca-cert", "--ssl-protocols", "--ssl-ciphers", "--ssl-server-name",
// either as "--opt=VALUE" (then `next` is ignored) or "--opt" followed by `next`. Also accepts
// the short forms "-p", "-c", "-C". Returns the number of argv entries consumed (1 or 2), 0 if
// `arg` is not a TLS option, or -1 when the value is missing.
int stream_ssl_parse_option(std::string_view arg, const char* next);

// The usage text for those options, one per line, for --help.
std::string stream_ssl_usage();

} // namespace vigil
