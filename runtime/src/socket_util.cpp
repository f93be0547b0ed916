#include "vigil/socket_util.h"

#include "vigil/dns_resolve.h"
#include "vigil/errors.h"
#include "vigil/vlog.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

VLOG_DEFINE_THIS_MODULE(socket_util);

namespace vigil {

namespace {

vlog_rate_limit parse_rl(5, 20);

std::string strip_brackets(const std::string& s) {
    if (s.size() >= 2 && s.front() == '[' && s.back() == ']') {
        return s.substr(1, s.size() - 2);
    }
    return s;
}

// Parses an IP literal (IPv6 possibly with %scope) or looks a host name up without blocking.
// Returns 0, EAGAIN while the name is being resolved, or EAFNOSUPPORT. `target` is the text the
// caller parses, for logs.
int parse_host(const std::string& target, const std::string& host, uint16_t port,
               sockaddr_storage& ss) {
    std::memset(&ss, 0, sizeof ss);
    auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
    if (inet_pton(AF_INET, host.c_str(), &sin->sin_addr) == 1) {
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        return 0;
    }
    std::string addr = host;
    std::string scope;
    if (auto pct = host.find('%'); pct != std::string::npos) {
        addr = host.substr(0, pct);
        scope = host.substr(pct + 1);
    }
    if (inet_pton(AF_INET6, addr.c_str(), &sin6->sin6_addr) == 1) {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        if (!scope.empty()) {
            char* end = nullptr;
            unsigned long id = std::strtoul(scope.c_str(), &end, 10);
            if (end && *end == '\0') {
                sin6->sin6_scope_id = static_cast<uint32_t>(id);
            } else {
                unsigned idx = if_nametoindex(scope.c_str());
                if (!idx) {
                    VLOG_ERR_RL(parse_rl, "{}: bad IPv6 scope \"{}\" ({})", target, scope,
                                error_text(errno));
                    return EAFNOSUPPORT;
                }
                sin6->sin6_scope_id = idx;
            }
        }
        return 0;
    }
    if (host.empty()) {
        return EAFNOSUPPORT;
    }
    // Digits and dots only is a mistyped IPv4 address, never a host name (no top-level domain
    // is all-numeric), so it fails here instead of going out to DNS.
    if (host.find_first_not_of("0123456789.") == std::string::npos) {
        VLOG_ERR_RL(parse_rl, "{}: bad IP address \"{}\"", target, host);
        return EAFNOSUPPORT;
    }
    // A host name: the asynchronous resolver answers from its cache, or reports EAGAIN while
    // it asks, so opening a stream never blocks the loop (OVS's dns_resolve()).
    std::string addr_text;
    int error = dns_resolve(host, addr_text);
    if (error) {
        return error;
    }
    return parse_host(target, addr_text, port, ss);
}

socklen_t ss_length(const sockaddr_storage& ss) {
    return ss.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
}

} // namespace

void inet_split_token(const std::string& text, std::string& first, std::string& second) {
    int depth = 0;
    std::size_t colon = std::string::npos;
    int colons = 0;
    for (std::size_t i = 0; i < text.size(); i++) {
        char c = text[i];
        if (c == '[') {
            depth++;
        } else if (c == ']' && depth > 0) {
            depth--;
        } else if (c == ':' && depth == 0) {
            if (colons++ == 0) {
                colon = i;
            }
        }
    }
    if (colons != 1) {
        first = strip_brackets(text);
        second.clear();
        return;
    }
    first = strip_brackets(text.substr(0, colon));
    second = strip_brackets(text.substr(colon + 1));
}

bool inet_parse_port(const std::string& text, uint16_t& port) {
    if (text.empty() || text.size() > 5) {
        return false;
    }
    unsigned v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
        v = v * 10 + (c - '0');
    }
    if (v > 65535) {
        return false;
    }
    port = static_cast<uint16_t>(v);
    return true;
}

namespace {

// Sets `port` from `port_text`, or from `default_port` when the text is empty (a negative
// default means the port must be given). Returns 0, or EINVAL after logging OVS's complaint.
int parse_port_or_default(const std::string& target, const std::string& port_text, int default_port,
                          uint16_t& port) {
    if (port_text.empty()) {
        if (default_port < 0) {
            VLOG_ERR_RL(parse_rl, "{}: port must be specified", target);
            return EINVAL;
        }
        port = static_cast<uint16_t>(default_port);
    } else if (!inet_parse_port(port_text, port)) {
        VLOG_ERR_RL(parse_rl, "{}: bad port number \"{}\"", target, port_text);
        return EINVAL;
    }
    return 0;
}

} // namespace

int inet_parse_active(const std::string& target, int default_port, sockaddr_storage& ss) {
    std::string host, port_text;
    inet_split_token(target, host, port_text);
    uint16_t port = 0;
    bool has_colon = target.find(':') != std::string::npos && !port_text.empty();
    if (host.empty()) {
        VLOG_ERR_RL(parse_rl, "{}: host must be specified", target);
        return EINVAL;
    }
    if (int error = parse_port_or_default(target, has_colon ? port_text : "", default_port, port)) {
        return error;
    }
    return parse_host(target, host, port, ss);
}

int inet_parse_passive(const std::string& target, int default_port, sockaddr_storage& ss) {
    std::string port_text, host;
    inet_split_token(target, port_text, host);
    uint16_t port = 0;
    if (int error = parse_port_or_default(target, port_text, default_port, port)) {
        return error;
    }
    if (host.empty()) {
        std::memset(&ss, 0, sizeof ss);
        auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
        sin->sin_family = AF_INET;
        sin->sin_addr.s_addr = htonl(INADDR_ANY);
        sin->sin_port = htons(port);
        return 0;
    }
    return parse_host(target, host, port, ss);
}

int inet_open_active(const std::string& target, int default_port, int dscp, int& fd,
                     sockaddr_storage* ssp) {
    fd = -1;
    sockaddr_storage ss;
    int error = inet_parse_active(target, default_port, ss);
    if (error) {
        return error;
    }
    if (ssp) {
        *ssp = ss;
    }
    int s = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s < 0) {
        return errno;
    }
    error = set_dscp(s, ss.ss_family, dscp);
    if (error) {
        close(s);
        return error;
    }
    if (::connect(s, reinterpret_cast<const sockaddr*>(&ss), ss_length(ss)) < 0) {
        error = errno == EINPROGRESS ? EAGAIN : errno;
    }
    if (error && error != EAGAIN) {
        close(s);
        return error;
    }
    fd = s;
    return error;
}

int inet_open_passive(const std::string& target, int default_port, int dscp,
                      sockaddr_storage* ssp) {
    sockaddr_storage ss;
    int error = inet_parse_passive(target, default_port, ss);
    if (error) {
        return -error;
    }
    bool kernel_port = ss_get_port(ss) == 0;
    int s = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s < 0) {
        return -errno;
    }
    int on = 1;
    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0) {
        error = errno;
        VLOG_ERR("{}: setsockopt(SO_REUSEADDR): {}", target, error_text(error));
        close(s);
        return -error;
    }
    if (bind(s, reinterpret_cast<const sockaddr*>(&ss), ss_length(ss)) < 0) {
        error = errno;
        VLOG_ERR("{}: bind: {}", target, error_text(error));
        close(s);
        return -error;
    }
    if ((error = set_dscp(s, ss.ss_family, dscp)) != 0) {
        close(s);
        return -error;
    }
    if (listen(s, 64) < 0) {
        error = errno;
        VLOG_ERR("{}: listen: {}", target, error_text(error));
        close(s);
        return -error;
    }
    socklen_t len = sizeof ss;
    if (getsockname(s, reinterpret_cast<sockaddr*>(&ss), &len) < 0) {
        error = errno;
        close(s);
        return -error;
    }
    if (kernel_port) {
        VLOG_INFO("{}: listening on port {}", target, ss_get_port(ss));
    }
    if (ssp) {
        *ssp = ss;
    }
    return s;
}

std::string ss_format_address(const sockaddr_storage& ss) {
    char buf[INET6_ADDRSTRLEN + IF_NAMESIZE + 2] = "";
    if (ss.ss_family == AF_INET) {
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&ss)->sin_addr, buf, sizeof buf);
        return buf;
    }
    if (ss.ss_family == AF_INET6) {
        const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&ss);
        inet_ntop(AF_INET6, &sin6->sin6_addr, buf, sizeof buf);
        std::string s = buf;
        if (sin6->sin6_scope_id) {
            char ifname[IF_NAMESIZE];
            if (if_indextoname(sin6->sin6_scope_id, ifname)) {
                s += std::string("%") + ifname;
            } else {
                s += "%" + std::to_string(sin6->sin6_scope_id);
            }
        }
        return s;
    }
    return "";
}

std::string ss_format_address_port(const sockaddr_storage& ss) {
    std::string addr = ss_format_address(ss);
    std::string port = std::to_string(ss_get_port(ss));
    return ss.ss_family == AF_INET6 ? "[" + addr + "]:" + port : addr + ":" + port;
}

uint16_t ss_get_port(const sockaddr_storage& ss) {
    if (ss.ss_family == AF_INET) {
        return ntohs(reinterpret_cast<const sockaddr_in*>(&ss)->sin_port);
    }
    if (ss.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_port);
    }
    return 0;
}

int accept_connection(int listen_fd, sockaddr_storage& peer) {
    socklen_t len = sizeof peer;
    int fd;
    do {
        fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &len,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        return errno == EWOULDBLOCK ? -EAGAIN : -errno;
    }
    return fd;
}

int set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        return errno;
    }
    return 0;
}

int set_dscp(int fd, int family, int dscp) {
    if (dscp < 0 || dscp > 63) {
        return EINVAL;
    }
    int tos = dscp << 2;
    int r;
    if (family == AF_INET) {
        r = setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos);
    } else if (family == AF_INET6) {
        r = setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof tos);
    } else {
        return ENOPROTOOPT;
    }
    return r < 0 ? errno : 0;
}

int get_socket_error(int fd) {
    int error = 0;
    socklen_t len = sizeof error;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0) {
        return errno;
    }
    return error;
}

int check_connection_completion(int fd) {
    pollfd pfd{fd, POLLOUT, 0};
    int r;
    do {
        r = poll(&pfd, 1, 0);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        return errno;
    }
    if (r == 0) {
        return EAGAIN;
    }
    if (pfd.revents & (POLLERR | POLLHUP)) {
        int error = get_socket_error(fd);
        return error ? error : ECONNRESET;
    }
    return 0;
}

namespace {

// Fills `un` for `path`; when the path is too long, opens its directory and goes through
// /proc/self/fd/N/BASENAME, returning the directory fd in `dirfd` (to close after use).
int make_sockaddr_un(const std::string& path, sockaddr_un& un, socklen_t& len, int& dirfd) {
    dirfd = -1;
    std::memset(&un, 0, sizeof un);
    un.sun_family = AF_UNIX;
    std::string use = path;
    if (use.size() >= sizeof un.sun_path) {
        auto slash = path.rfind('/');
        std::string dir = slash == std::string::npos ? "." : path.substr(0, slash ? slash : 1);
        std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
        dirfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dirfd < 0) {
            return errno;
        }
        use = "/proc/self/fd/" + std::to_string(dirfd) + "/" + base;
        if (use.size() >= sizeof un.sun_path) {
            close(dirfd);
            dirfd = -1;
            return ENAMETOOLONG;
        }
    }
    std::memcpy(un.sun_path, use.data(), use.size());
    len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + use.size() + 1);
    return 0;
}

} // namespace

int make_unix_socket(const char* bind_path, const char* connect_path) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -errno;
    }
    int error = 0;
    bool bound = false;
    if (bind_path) {
        sockaddr_un un;
        socklen_t len;
        int dirfd;
        error = make_sockaddr_un(bind_path, un, len, dirfd);
        if (!error) {
            // On Linux bind() gives the socket file the socket's own mode less the umask, so
            // an fchmod before bind yields 0770 under the usual umasks and something stricter
            // under a stricter one, as OVS's sockets do. No chmod after bind: that would
            // override the umask the user chose.
            if (fchmod(fd, 0770) < 0 || bind(fd, reinterpret_cast<const sockaddr*>(&un), len) < 0) {
                error = errno;
            } else {
                bound = true;
            }
            if (dirfd >= 0) {
                close(dirfd);
            }
        }
    }
    if (!error && connect_path) {
        sockaddr_un un;
        socklen_t len;
        int dirfd;
        error = make_sockaddr_un(connect_path, un, len, dirfd);
        if (!error) {
            if (::connect(fd, reinterpret_cast<const sockaddr*>(&un), len) < 0) {
                error = errno;
                if (error == EINPROGRESS) {
                    error = 0;
                } else if (error == EAGAIN) {
                    error = EPROTO;
                }
            }
            if (dirfd >= 0) {
                close(dirfd);
            }
        }
    }
    if (error) {
        close(fd);
        // A path this call bound is ours to remove, so that a failed connect leaves no stray
        // socket file behind (OVS unlinks it too).
        if (bound) {
            ::unlink(bind_path);
        }
        return -error;
    }
    return fd;
}

std::string get_unix_name(int fd, bool peer) {
    sockaddr_un un{};
    socklen_t len = sizeof un;
    int r = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&un), &len)
                 : getsockname(fd, reinterpret_cast<sockaddr*>(&un), &len);
    if (r < 0 || len <= offsetof(sockaddr_un, sun_path) || un.sun_path[0] == '\0') {
        return "";
    }
    std::size_t n = len - offsetof(sockaddr_un, sun_path);
    return std::string(un.sun_path, strnlen(un.sun_path, n));
}

int socket_peer_uid(int fd, uid_t& uid) {
    ucred cred{};
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
        return errno;
    }
    if (len != sizeof cred || cred.pid == 0) {
        return ENOTCONN; // not a connected unix socket: the kernel recorded no peer
    }
    uid = cred.uid;
    return 0;
}

bool socket_peer_uid_allowed(uid_t peer_uid) {
    return peer_uid == geteuid() || peer_uid == 0;
}

} // namespace vigil
