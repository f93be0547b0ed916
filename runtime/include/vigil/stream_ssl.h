// Process-wide TLS configuration for "ssl:" and "pssl:" streams, with OVS's option names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <getopt.h>

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

// The `val`s of the TLS options' getopt_long entries start here, above every character and
// the programs' own option numbers.
constexpr int stream_ssl_option_base = 0x1000;

// The getopt_long entries (all taking a value) for "--private-key", "--certificate",
// "--ca-cert", "--bootstrap-ca-cert", "--ssl-protocols", "--ssl-ciphers" and
// "--ssl-server-name", to append to a program's own table before its terminating row.
std::vector<::option> stream_ssl_long_options();

// Returns the `val` of the TLS option whose short form is `c` ('p', 'c', 'C'), or 0. A program
// that accepts the short forms lists "p:c:C:" in its short options and maps them through this.
int stream_ssl_option_for_short(int c);

// Applies the TLS option numbered `val` with its value `arg`. Returns false, doing nothing,
// when `val` is not one of the TLS options.
bool stream_ssl_handle_option(int val, const char* arg);

// The usage text for those options, one per line, for --help.
std::string stream_ssl_usage();

} // namespace vigil
