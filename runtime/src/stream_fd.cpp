// Plain socket streams: the "unix:"/"tcp:" active providers and the "punix:"/"ptcp:" passive
// ones.
#include "stream_provider.h"
#include "vigil/errors.h"
#include "vigil/fatal_signal.h"
#include "vigil/poll_loop.h"
#include "vigil/rundir.h"
#include "vigil/socket_util.h"
#include "vigil/vlog.h"

#include <atomic>
#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

VLOG_DEFINE_THIS_MODULE(stream_fd);

namespace vigil {

namespace {

vlog_rate_limit io_rl(5, 20);

class fd_stream final : public stream {
public:
    fd_stream(std::string name, int fd, int connect_status, bool tcp)
        : stream(std::move(name), connect_status), fd_(fd), tcp_(tcp) {
        if (connect_status == 0) {
            connected();
        }
    }
    ~fd_stream() override {
        if (fd_ >= 0) {
            poll_fd_closing(fd_);
            close(fd_);
        }
    }
    int fd() const override { return fd_; }

protected:
    int do_connect() override {
        int error = check_connection_completion(fd_);
        if (!error) {
            connected();
        }
        return error;
    }

    ssize_t do_recv(void* buf, std::size_t n) override {
        ssize_t r;
        do {
            r = ::recv(fd_, buf, n, 0);
        } while (r < 0 && errno == EINTR);
        return r >= 0 ? r : -errno;
    }

    ssize_t do_send(const void* buf, std::size_t n) override {
        ssize_t r;
        do {
            r = ::send(fd_, buf, n, MSG_NOSIGNAL);
        } while (r < 0 && errno == EINTR);
        if (r < 0) {
            int error = errno;
            if (error != EAGAIN && error != EPIPE && error != ECONNRESET) {
                VLOG_DBG_RL(io_rl, "send: {}", error_text(error));
            }
            return -error;
        }
        return r;
    }

    void do_wait(stream_wait_type type) override {
        poll_fd_wait(fd_, type == stream_wait_type::recv ? POLLIN : POLLOUT);
    }

private:
    void connected() {
        if (tcp_) {
            int on = 1;
            setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        }
    }

    int fd_;
    bool tcp_;
};

// A listening socket; `make_name` names each accepted connection.
class fd_pstream final : public pstream {
public:
    fd_pstream(std::string name, int fd, uint16_t port, bool is_unix, std::string unlink_path)
        : pstream(std::move(name), port), fd_(fd), unix_(is_unix),
          unlink_path_(std::move(unlink_path)) {}
    ~fd_pstream() override {
        poll_fd_closing(fd_);
        close(fd_);
        if (!unlink_path_.empty()) {
            fatal_signal_unlink_file_now(unlink_path_);
        }
    }

    int accept(std::unique_ptr<stream>& out) override {
        out.reset();
        sockaddr_storage ss{};
        int fd = accept_connection(fd_, ss);
        if (fd < 0) {
            int error = -fd;
            if (error != EAGAIN) {
                static vlog_rate_limit rl(5, 20);
                VLOG_DBG_RL(rl, "accept: {}", error_text(error));
            }
            return error;
        }
        std::string peer_name;
        if (unix_) {
            static std::atomic<unsigned> next_unix{0};
            std::string path = get_unix_name(fd, true);
            peer_name = path.empty() ? "unix#" + std::to_string(next_unix++) : "unix:" + path;
        } else {
            peer_name = detail::accepted_inet_name("tcp", ss);
        }
        out = detail::new_fd_stream(std::move(peer_name), fd, 0, !unix_);
        return 0;
    }

    void wait() override { poll_fd_wait(fd_, POLLIN); }
    int fd() const override { return fd_; }

private:
    int fd_;
    bool unix_;
    std::string unlink_path_;
};

} // namespace

namespace detail {

std::unique_ptr<stream> new_fd_stream(std::string name, int fd, int connect_status, bool tcp) {
    return std::make_unique<fd_stream>(std::move(name), fd, connect_status, tcp);
}

std::string accepted_inet_name(const char* prefix, const sockaddr_storage& ss) {
    return std::string(prefix) + ":" + ss_format_address_port(ss);
}

int unix_stream_open(const std::string& name, const std::string& suffix, int,
                     std::unique_ptr<stream>& out) {
    std::string path = abs_file_name_in_rundir(suffix);
    int fd = make_unix_socket(nullptr, path.c_str());
    if (fd < 0) {
        VLOG_DBG("{}: connection failed ({})", path, error_text(-fd));
        return -fd;
    }
    // A unix connect either completes at once or fails; a pending one is still checked.
    out = new_fd_stream(name, fd, check_connection_completion(fd), false);
    return 0;
}

int tcp_stream_open(const std::string& name, const std::string& suffix, int dscp,
                    std::unique_ptr<stream>& out) {
    int fd;
    int error = inet_open_active(suffix, -1, dscp, fd);
    if (fd < 0) {
        return error;
    }
    out = new_fd_stream(name, fd, error, true);
    return 0;
}

int punix_open(const std::string&, const std::string& suffix, int, std::unique_ptr<pstream>& out) {
    std::string path = abs_file_name_in_rundir(suffix);
    // A socket file left behind by a dead process would make bind() fail.
    if (unlink(path.c_str()) < 0 && errno != ENOENT) {
        int error = errno;
        VLOG_WARN("{}: could not unlink stale socket ({})", path, error_text(error));
    }
    fatal_signal_add_file_to_unlink(path);
    int fd = make_unix_socket(path.c_str(), nullptr);
    if (fd < 0) {
        VLOG_ERR("{}: binding failed: {}", path, error_text(-fd));
        fatal_signal_remove_file_to_unlink(path);
        return -fd;
    }
    if (listen(fd, 64) < 0) {
        int error = errno;
        VLOG_ERR("{}: listen: {}", path, error_text(error));
        close(fd);
        fatal_signal_unlink_file_now(path);
        return error;
    }
    out = std::make_unique<fd_pstream>("punix:" + path, fd, 0, true, path);
    return 0;
}

int ptcp_open(const std::string&, const std::string& suffix, int dscp,
              std::unique_ptr<pstream>& out) {
    sockaddr_storage ss;
    int fd = inet_open_passive(suffix, -1, dscp, &ss);
    if (fd < 0) {
        return -fd;
    }
    uint16_t port = ss_get_port(ss);
    std::string addr = ss_format_address(ss);
    if (ss.ss_family == AF_INET6) {
        addr = "[" + addr + "]";
    }
    out = std::make_unique<fd_pstream>("ptcp:" + std::to_string(port) + ":" + addr, fd, port, false,
                                       "");
    return 0;
}

} // namespace detail

} // namespace vigil
