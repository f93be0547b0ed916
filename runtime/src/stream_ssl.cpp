// The TLS providers ("ssl:" and "pssl:") on OpenSSL 3: TLS 1.2 and up, peer verification
// required, a non-blocking handshake driven by the poll loop, the peer certificate's CN as
// peer id, and a logged guess at what a non-TLS peer sent.
#include "stream_provider.h"
#include "stream_ssl_config.h"
#include "vigil/errors.h"
#include "vigil/poll_loop.h"
#include "vigil/socket_util.h"
#include "vigil/vlog.h"

#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

VLOG_DEFINE_THIS_MODULE(stream_ssl);

namespace vigil {

namespace {

vlog_rate_limit err_rl(10, 25);

// The bytes a peer sent first, described the way OVS's content sniffing does.
const char* describe_content(const unsigned char* p, std::size_t n) {
    if (n >= 1 && (p[0] == '{' || p[0] == '[')) {
        return "JSON-RPC";
    }
    if (n >= 2 && p[0] >= 1 && p[0] <= 6 && p[1] == 0) {
        return "OpenFlow";
    }
    if (n >= 2 && p[0] == 0x16 && p[1] == 0x03) {
        return "SSL";
    }
    return "unknown";
}

// Drains OpenSSL's error queue into one text.
std::string openssl_errors() {
    std::string text;
    while (unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        if (!text.empty()) {
            text += "; ";
        }
        text += buf;
    }
    return text;
}

std::string peer_common_name(SSL* ssl) {
    X509* cert = SSL_get1_peer_certificate(ssl);
    if (!cert) {
        return "";
    }
    char cn[256] = "";
    int n = X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
    X509_free(cert);
    return n > 0 ? std::string(cn, static_cast<std::size_t>(n)) : "";
}

class ssl_stream final : public stream {
public:
    ssl_stream(std::string name, int fd, bool server, int tcp_status, SSL* ssl, std::string sni)
        : stream(std::move(name), tcp_status == 0 || tcp_status == EAGAIN ? EAGAIN : tcp_status),
          fd_(fd), server_(server), ssl_(ssl), sni_(std::move(sni)),
          tcp_connecting_(tcp_status == EAGAIN) {}

    ~ssl_stream() override {
        if (ssl_) {
            // A close_notify is courtesy only: never block or wait for the reply.
            if (handshake_done_) {
                SSL_shutdown(ssl_);
            }
            SSL_free(ssl_);
        }
        poll_fd_closing(fd_);
        close(fd_);
    }

    int fd() const override { return fd_; }

protected:
    int do_connect() override {
        if (tcp_connecting_) {
            int error = check_connection_completion(fd_);
            if (error) {
                return error;
            }
            tcp_connecting_ = false;
        }
        if (!tcp_nodelay_set_) {
            int on = 1;
            setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
            tcp_nodelay_set_ = true;
        }
        if (server_ && !sniffed_) {
            int error = sniff();
            if (error) {
                return error;
            }
        }
        ERR_clear_error();
        int r = SSL_do_handshake(ssl_);
        if (r == 1) {
            return handshake_complete();
        }
        int err = SSL_get_error(ssl_, r);
        if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
            rx_want_ = tx_want_ = err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
            return EAGAIN;
        }
        log_handshake_failure(r, err);
        return EPROTO;
    }

    ssize_t do_recv(void* buf, std::size_t n) override {
        ERR_clear_error();
        int r = SSL_read(ssl_, buf, static_cast<int>(std::min<std::size_t>(n, INT_MAX)));
        if (r > 0) {
            return r;
        }
        int err = SSL_get_error(ssl_, r);
        switch (err) {
        case SSL_ERROR_ZERO_RETURN:
            return 0;
        case SSL_ERROR_WANT_READ:
            rx_want_ = POLLIN;
            return -EAGAIN;
        case SSL_ERROR_WANT_WRITE:
            rx_want_ = POLLOUT;
            return -EAGAIN;
        default:
            return -io_error("SSL_read", r, err);
        }
    }

    ssize_t do_send(const void* buf, std::size_t n) override {
        if (!txbuf_.empty()) {
            int error = flush();
            if (error) {
                return -error;
            }
            if (!txbuf_.empty()) {
                return -EAGAIN;
            }
        }
        // Records of at most 16 KiB: when the socket fills up, only the record OpenSSL is
        // retrying has to be copied (OpenSSL wants the same bytes again), never the rest.
        const auto* p = static_cast<const char*>(buf);
        std::size_t done = 0;
        while (done < n) {
            int chunk = static_cast<int>(std::min<std::size_t>(n - done, 16384));
            ERR_clear_error();
            int r = SSL_write(ssl_, p + done, chunk);
            if (r > 0) {
                done += static_cast<std::size_t>(r);
                continue;
            }
            int err = SSL_get_error(ssl_, r);
            if (err == SSL_ERROR_WANT_WRITE || err == SSL_ERROR_WANT_READ) {
                tx_want_ = err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
                txbuf_.assign(p + done, p + done + chunk);
                done += static_cast<std::size_t>(chunk);
                break;
            }
            int error = io_error("SSL_write", r, err);
            if (done) {
                break; // the error shows on the next call
            }
            return -error;
        }
        return static_cast<ssize_t>(done);
    }

    void do_run() override {
        if (!txbuf_.empty()) {
            flush();
        }
    }

    void do_run_wait() override {
        if (!txbuf_.empty()) {
            poll_fd_wait(fd_, tx_want_);
        }
    }

    void do_wait(stream_wait_type type) override {
        switch (type) {
        case stream_wait_type::connect:
            if (tcp_connecting_) {
                poll_fd_wait(fd_, POLLOUT);
            } else if (handshake_done_) {
                poll_immediate_wake();
            } else {
                poll_fd_wait(fd_, rx_want_);
            }
            break;
        case stream_wait_type::recv:
            if (SSL_pending(ssl_) > 0) {
                poll_immediate_wake();
            } else {
                poll_fd_wait(fd_, rx_want_);
            }
            break;
        case stream_wait_type::send:
            poll_fd_wait(fd_, txbuf_.empty() ? POLLOUT : tx_want_);
            break;
        }
    }

private:
    // Looks at the first bytes a client sent before OpenSSL consumes them: anything but a TLS
    // handshake record is refused with a description of what it looked like.
    int sniff() {
        unsigned char head[8];
        ssize_t r;
        do {
            r = ::recv(fd_, head, sizeof head, MSG_PEEK);
        } while (r < 0 && errno == EINTR);
        if (r < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                rx_want_ = POLLIN;
                return EAGAIN;
            }
            return errno;
        }
        if (r == 0) {
            VLOG_DBG_RL(err_rl, "{}: connection closed before the TLS handshake", name());
            return EPROTO;
        }
        if (head[0] != 0x16) {
            VLOG_WARN_RL(err_rl, "{}: received non-TLS data ({} data) on SSL channel", name(),
                         describe_content(head, static_cast<std::size_t>(r)));
            shutdown(fd_, SHUT_RDWR);
            return EPROTO;
        }
        sniffed_ = true;
        return 0;
    }

    int handshake_complete() {
        handshake_done_ = true;
        rx_want_ = tx_want_ = POLLIN;
        set_peer_id(peer_common_name(ssl_));
        if (!server_ && detail::ssl_bootstrapping()) {
            // The server's CA is learned now; reconnecting verifies against it.
            detail::ssl_bootstrap_from(ssl_, name());
            return EPROTO;
        }
        return 0;
    }

    void log_handshake_failure(int r, int err) {
        const char* fn = server_ ? "SSL_accept" : "SSL_connect";
        long verify = SSL_get_verify_result(ssl_);
        std::string errors = openssl_errors();
        if (verify != X509_V_OK) {
            VLOG_WARN_RL(err_rl, "{}: {}: peer certificate rejected: {} ({})", name(), fn,
                         X509_verify_cert_error_string(verify), errors);
        } else if (err == SSL_ERROR_SYSCALL && errors.empty()) {
            VLOG_WARN_RL(err_rl, "{}: {}: {}", name(), fn,
                         r == 0 ? std::string("unexpected SSL connection close")
                                : error_text(errno));
        } else {
            VLOG_WARN_RL(err_rl, "{}: {}: {}", name(), fn,
                         errors.empty() ? "handshake failed" : errors);
        }
    }

    int io_error(const char* fn, int r, int err) {
        std::string errors = openssl_errors();
        if (err == SSL_ERROR_SYSCALL) {
            if (r == 0 || errno == 0) {
                VLOG_DBG_RL(err_rl, "{}: {}: unexpected SSL connection close", name(), fn);
                return EPROTO;
            }
            int error = errno;
            VLOG_DBG_RL(err_rl, "{}: {}: {}", name(), fn, error_text(error));
            return error;
        }
        VLOG_WARN_RL(err_rl, "{}: {}: {}", name(), fn, errors.empty() ? "error" : errors);
        return EPROTO;
    }

    // Retries the buffered record; returns 0 (done or would block) or an errno.
    int flush() {
        ERR_clear_error();
        int r = SSL_write(ssl_, txbuf_.data(), static_cast<int>(txbuf_.size()));
        if (r > 0) {
            txbuf_.erase(txbuf_.begin(), txbuf_.begin() + r);
            return 0;
        }
        int err = SSL_get_error(ssl_, r);
        if (err == SSL_ERROR_WANT_WRITE || err == SSL_ERROR_WANT_READ) {
            tx_want_ = err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
            return 0;
        }
        int error = io_error("SSL_write", r, err);
        txbuf_.clear();
        return error;
    }

    int fd_;
    bool server_;
    SSL* ssl_;
    std::string sni_;
    bool tcp_connecting_;
    bool tcp_nodelay_set_ = false;
    bool sniffed_ = false;
    bool handshake_done_ = false;
    short rx_want_ = POLLIN;
    short tx_want_ = POLLOUT;
    std::vector<char> txbuf_;
};

class ssl_pstream final : public pstream {
public:
    ssl_pstream(std::string name, int fd, uint16_t port)
        : pstream(std::move(name), port), fd_(fd) {}
    ~ssl_pstream() override {
        poll_fd_closing(fd_);
        close(fd_);
    }

    int accept(std::unique_ptr<stream>& out) override {
        out.reset();
        sockaddr_storage ss{};
        int fd = accept_connection(fd_, ss);
        if (fd < 0) {
            return -fd;
        }
        SSL* ssl = nullptr;
        int error = detail::ssl_new_session(fd, true, "", ssl);
        if (error) {
            close(fd);
            return error;
        }
        out = std::make_unique<ssl_stream>(detail::accepted_inet_name("ssl", ss), fd, true, 0, ssl,
                                           "");
        return 0;
    }

    void wait() override { poll_fd_wait(fd_, POLLIN); }
    int fd() const override { return fd_; }

private:
    int fd_;
};

} // namespace

namespace detail {

int ssl_stream_open(const std::string& name, const std::string& suffix, int dscp,
                    std::unique_ptr<stream>& out) {
    if (int error = ssl_check_configured(false)) {
        return error;
    }
    std::string host, port;
    inet_split_token(suffix, host, port);
    int fd;
    int status = inet_open_active(suffix, openflow_default_port, dscp, fd);
    if (fd < 0) {
        return status;
    }
    SSL* ssl = nullptr;
    if (int error = ssl_new_session(fd, false, host, ssl)) {
        close(fd);
        return error;
    }
    out = std::make_unique<ssl_stream>(name, fd, false, status, ssl, host);
    return 0;
}

int pssl_open(const std::string&, const std::string& suffix, int dscp,
              std::unique_ptr<pstream>& out) {
    if (int error = ssl_check_configured(true)) {
        return error;
    }
    sockaddr_storage ss;
    int fd = inet_open_passive(suffix, openflow_default_port, dscp, &ss);
    if (fd < 0) {
        return -fd;
    }
    uint16_t port = ss_get_port(ss);
    std::string addr = ss_format_address(ss);
    if (ss.ss_family == AF_INET6) {
        addr = "[" + addr + "]";
    }
    out = std::make_unique<ssl_pstream>("pssl:" + std::to_string(port) + ":" + addr, fd, port);
    return 0;
}

} // namespace detail

} // namespace vigil
