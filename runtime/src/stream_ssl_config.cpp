// Process-wide TLS configuration (OVS's -p/-c/-C options) and the OpenSSL context built from
// it.
#include "stream_ssl_config.h"

#include "vigil/errors.h"
#include "vigil/stream_ssl.h"
#include "vigil/vlog.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <iterator>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

VLOG_DEFINE_THIS_MODULE(stream_ssl_config);

namespace vigil {

namespace {

struct ssl_config {
    std::string private_key;
    std::string certificate;
    std::string ca_cert;
    bool bootstrap = false;
    int min_version = TLS1_2_VERSION;
    int max_version = 0; // 0 = the newest OpenSSL supports
    std::string ciphers = "DEFAULT:@SECLEVEL=2";
    std::string server_name;
    SSL_CTX* ctx = nullptr;
    bool bootstrapping = false; // the CA file is still missing
};

ssl_config& config() {
    static ssl_config c;
    return c;
}

std::string openssl_errors() {
    std::string text;
    while (unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        text += text.empty() ? buf : std::string("; ") + buf;
    }
    return text;
}

bool file_exists(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}

void invalidate() {
    ssl_config& c = config();
    if (c.ctx) {
        SSL_CTX_free(c.ctx);
        c.ctx = nullptr;
    }
}

// Builds the context from the configuration; returns 0 or EPROTO (logged).
int build_context() {
    ssl_config& c = config();
    SSL_CTX* ctx = SSL_CTX_new(TLS_method());
    if (!ctx) {
        VLOG_ERR("SSL_CTX_new: {}", openssl_errors());
        return EPROTO;
    }
    SSL_CTX_set_min_proto_version(ctx, c.min_version);
    SSL_CTX_set_max_proto_version(ctx, c.max_version);
    // No session resumption, as in OVS: every connection verifies its peer afresh.
    // A peer that hangs up without close_notify reads as end of stream, not as an error.
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    auto fail = [&](const std::string& what) {
        VLOG_ERR("{}: {}", what, openssl_errors());
        SSL_CTX_free(ctx);
        return EPROTO;
    };
    if (SSL_CTX_set_cipher_list(ctx, c.ciphers.c_str()) != 1) {
        return fail("SSL_CTX_set_cipher_list(" + c.ciphers + ")");
    }
    if (SSL_CTX_use_certificate_chain_file(ctx, c.certificate.c_str()) != 1) {
        return fail("SSL_use_certificate_file: " + c.certificate);
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, c.private_key.c_str(), SSL_FILETYPE_PEM) != 1) {
        return fail("SSL_use_PrivateKey_file: " + c.private_key);
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        return fail("private key " + c.private_key + " does not match certificate " +
                    c.certificate);
    }
    c.bootstrapping = c.bootstrap && !file_exists(c.ca_cert);
    if (!c.bootstrapping) {
        if (SSL_CTX_load_verify_locations(ctx, c.ca_cert.c_str(), nullptr) != 1) {
            return fail("SSL_CTX_load_verify_locations: " + c.ca_cert);
        }
        if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(c.ca_cert.c_str())) {
            SSL_CTX_set_client_CA_list(ctx, names);
        }
    }
    c.ctx = ctx;
    return 0;
}

bool is_ip_literal(const std::string& host) {
    unsigned char buf[sizeof(in6_addr)];
    std::string h = host.substr(0, host.find('%'));
    return inet_pton(AF_INET, h.c_str(), buf) == 1 || inet_pton(AF_INET6, h.c_str(), buf) == 1;
}

} // namespace

namespace detail {

int ssl_check_configured(bool server) {
    ssl_config& c = config();
    if (c.private_key.empty()) {
        VLOG_ERR("Private key must be configured to use SSL");
        return ENOPROTOOPT;
    }
    if (c.certificate.empty()) {
        VLOG_ERR("Certificate must be configured to use SSL");
        return ENOPROTOOPT;
    }
    if (c.ca_cert.empty()) {
        VLOG_ERR("CA certificate must be configured to use SSL");
        return ENOPROTOOPT;
    }
    if (!c.ctx) {
        if (int error = build_context()) {
            return error;
        }
    }
    if (server && c.bootstrapping) {
        VLOG_ERR("{}: CA certificate missing (a server cannot bootstrap it)", c.ca_cert);
        return EPROTO;
    }
    return 0;
}

int ssl_new_session(int fd, bool server, const std::string& host, SSL*& ssl) {
    ssl_config& c = config();
    ssl = SSL_new(c.ctx);
    if (!ssl || SSL_set_fd(ssl, fd) != 1) {
        VLOG_ERR("SSL_new: {}", openssl_errors());
        SSL_free(ssl);
        ssl = nullptr;
        return EPROTO;
    }
    if (server) {
        SSL_set_accept_state(ssl);
    } else {
        SSL_set_connect_state(ssl);
        if (c.bootstrapping) {
            SSL_set_verify(ssl, SSL_VERIFY_NONE, nullptr);
        }
        std::string sni = c.server_name.empty() ? host : c.server_name;
        if (!sni.empty() && !is_ip_literal(sni)) {
            SSL_set_tlsext_host_name(ssl, sni.c_str());
        }
    }
    return 0;
}

bool ssl_bootstrapping() {
    return config().bootstrapping;
}

void ssl_bootstrap_from(SSL* ssl, const std::string& stream_name) {
    ssl_config& c = config();
    STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);
    X509* ca = nullptr;
    for (int i = 0; chain && i < sk_X509_num(chain); i++) {
        X509* cert = sk_X509_value(chain, i);
        if (X509_check_issued(cert, cert) == X509_V_OK) {
            ca = cert;
        }
    }
    if (!ca) {
        VLOG_ERR("{}: SSL server did not send its CA certificate (its certificate file must "
                 "hold the chain up to the CA)",
                 stream_name);
        return;
    }
    FILE* f = std::fopen(c.ca_cert.c_str(), "wx");
    if (!f) {
        VLOG_ERR("could not bootstrap CA cert: creating {} failed ({})", c.ca_cert,
                 error_text(errno));
        return;
    }
    bool ok = PEM_write_X509(f, ca) == 1;
    ok = std::fclose(f) == 0 && ok;
    if (!ok) {
        VLOG_ERR("could not bootstrap CA cert: writing {} failed", c.ca_cert);
        std::remove(c.ca_cert.c_str());
        return;
    }
    char subject[256] = "";
    X509_NAME_oneline(X509_get_subject_name(ca), subject, sizeof subject);
    VLOG_INFO("successfully bootstrapped CA cert to {} (subject {})", c.ca_cert, subject);
    invalidate(); // the next connection loads the CA and verifies against it
    c.bootstrapping = false;
}

} // namespace detail

void stream_ssl_set_private_key_file(const std::string& path) {
    config().private_key = path;
    invalidate();
}

void stream_ssl_set_certificate_file(const std::string& path) {
    config().certificate = path;
    invalidate();
}

void stream_ssl_set_ca_cert_file(const std::string& path, bool bootstrap) {
    config().ca_cert = path;
    config().bootstrap = bootstrap;
    invalidate();
}

int stream_ssl_set_protocols(const std::string& protocols) {
    struct name_version {
        const char* name;
        int version;
    };
    static const name_version known[] = {{"TLSv1.2", TLS1_2_VERSION}, {"TLSv1.3", TLS1_3_VERSION}};
    auto lookup = [](std::string s) {
        while (!s.empty() && s.front() == ' ') {
            s.erase(0, 1);
        }
        while (!s.empty() && s.back() == ' ') {
            s.pop_back();
        }
        for (const auto& k : known) {
            if (s == k.name) {
                return k.version;
            }
        }
        return 0;
    };
    int lo = 0, hi = 0;
    std::string spec = protocols.empty() ? "TLSv1.2+" : protocols;
    if (spec.back() == '+') {
        lo = lookup(spec.substr(0, spec.size() - 1));
        hi = lo ? TLS1_3_VERSION : 0;
    } else if (auto dash = spec.find('-'); dash != std::string::npos) {
        lo = lookup(spec.substr(0, dash));
        hi = lookup(spec.substr(dash + 1));
    } else {
        std::size_t start = 0;
        while (start <= spec.size()) {
            auto comma = spec.find(',', start);
            std::string item =
                spec.substr(start, comma == std::string::npos ? comma : comma - start);
            if (int v = lookup(item)) {
                lo = lo ? std::min(lo, v) : v;
                hi = std::max(hi, v);
            } else {
                VLOG_WARN("{}: SSL protocol not recognized or not supported", item);
            }
            if (comma == std::string::npos) {
                break;
            }
            start = comma + 1;
        }
    }
    if (!lo || !hi || lo > hi) {
        VLOG_ERR("{}: no usable SSL protocols (TLSv1.2 is the minimum)", protocols);
        return EINVAL;
    }
    config().min_version = lo;
    config().max_version = hi;
    invalidate();
    return 0;
}

void stream_ssl_set_ciphers(const std::string& ciphers) {
    config().ciphers = ciphers.empty() ? "DEFAULT:@SECLEVEL=2" : ciphers;
    invalidate();
}

void stream_ssl_set_server_name(const std::string& name) {
    config().server_name = name;
}

bool stream_ssl_is_configured() {
    const ssl_config& c = config();
    return !c.private_key.empty() && !c.certificate.empty() && !c.ca_cert.empty();
}

void stream_ssl_reset() {
    invalidate();
}

namespace {

// One row per TLS option: its getopt_long entry (the `val` is its index past
// stream_ssl_option_base) and what it sets.
struct ssl_option {
    const char* name;
    char short_name; // 0 when it has none
    void (*apply)(const std::string&);
};

const ssl_option ssl_options[] = {
    {"private-key", 'p', [](const std::string& v) { stream_ssl_set_private_key_file(v); }},
    {"certificate", 'c', [](const std::string& v) { stream_ssl_set_certificate_file(v); }},
    {"ca-cert", 'C', [](const std::string& v) { stream_ssl_set_ca_cert_file(v, false); }},
    {"bootstrap-ca-cert", 0, [](const std::string& v) { stream_ssl_set_ca_cert_file(v, true); }},
    {"ssl-protocols", 0, [](const std::string& v) { stream_ssl_set_protocols(v); }},
    {"ssl-ciphers", 0, [](const std::string& v) { stream_ssl_set_ciphers(v); }},
    {"ssl-server-name", 0, [](const std::string& v) { stream_ssl_set_server_name(v); }},
};

constexpr int n_ssl_options = static_cast<int>(std::size(ssl_options));

} // namespace

std::vector<::option> stream_ssl_long_options() {
    std::vector<::option> out;
    for (int i = 0; i < n_ssl_options; i++) {
        out.push_back(
            {ssl_options[i].name, required_argument, nullptr, stream_ssl_option_base + i});
    }
    return out;
}

int stream_ssl_option_for_short(int c) {
    for (int i = 0; i < n_ssl_options; i++) {
        if (ssl_options[i].short_name && ssl_options[i].short_name == c) {
            return stream_ssl_option_base + i;
        }
    }
    return 0;
}

bool stream_ssl_handle_option(int val, const char* arg) {
    if (val < stream_ssl_option_base || val >= stream_ssl_option_base + n_ssl_options) {
        return false;
    }
    ssl_options[val - stream_ssl_option_base].apply(arg ? arg : "");
    return true;
}

std::string stream_ssl_usage() {
    return "SSL options:\n"
           "  -p, --private-key=FILE  file with private key\n"
           "  -c, --certificate=FILE  file with certificate for private key\n"
           "  -C, --ca-cert=FILE      file with peer CA certificate\n"
           "  --bootstrap-ca-cert=FILE  file with peer CA certificate to read or create\n"
           "  --ssl-protocols=PROTOS  list of SSL protocols to enable (TLSv1.2+ by default)\n"
           "  --ssl-ciphers=CIPHERS   list of SSL ciphers to enable\n"
           "  --ssl-server-name=NAME  server name for SNI\n";
}

} // namespace vigil
