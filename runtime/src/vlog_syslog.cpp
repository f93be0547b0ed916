#include "vlog_syslog.h"

#include "vigil/socket_util.h"

#include <algorithm>
#include <cerrno>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

namespace vigil::detail {

namespace {

// A datagram socket connected to `target`, or -1. Opened when the method is set, never while
// a message is being logged: opening may log, and the log lock is held then.
int open_unix_dgram(const std::string& path) {
    sockaddr_un sun{};
    if (path.size() >= sizeof sun.sun_path) {
        return -1;
    }
    sun.sun_family = AF_UNIX;
    path.copy(sun.sun_path, path.size());
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd >= 0 && connect(fd, reinterpret_cast<const sockaddr*>(&sun), sizeof sun) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

int open_udp(const std::string& target) {
    sockaddr_storage ss{};
    if (inet_parse_active(target, 514, ss) != 0) {
        return -1;
    }
    int fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    socklen_t len = ss.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
    if (fd >= 0 && connect(fd, reinterpret_cast<const sockaddr*>(&ss), len) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

} // namespace

vlog_syslogger::~vlog_syslogger() {
    close_fd();
}

void vlog_syslogger::close_fd() {
    if (fd_ >= 0) {
        close(fd_);
        fd_ = -1;
    }
}

std::string vlog_syslogger::set_method(std::string_view method, const std::string& program) {
    kind next;
    int fd = -1;
    if (method == "libc") {
        next = kind::libc;
    } else if (method == "null") {
        next = kind::null;
    } else if (method.starts_with("unix:")) {
        next = kind::direct;
        fd = open_unix_dgram(std::string(method.substr(5)));
    } else if (method.starts_with("udp:")) {
        next = kind::direct;
        fd = open_udp(std::string(method.substr(4)));
    } else {
        return "unsupported syslog method '" + std::string(method) + "'";
    }
    close_fd();
    if (kind_ == kind::libc && next != kind::libc) {
        closelog();
    }
    kind_ = next;
    fd_ = fd;
    max_len_ = static_cast<std::size_t>(-1);
    if (kind_ == kind::libc) {
        ident_ = program;
        openlog(ident_.c_str(), LOG_NDELAY, LOG_DAEMON);
    }
    return "";
}

void vlog_syslogger::send(int priority, std::string_view line) {
    switch (kind_) {
    case kind::none:
    case kind::null:
        return;
    case kind::libc:
        syslog(priority, "%.*s", static_cast<int>(line.size()), line.data());
        return;
    case kind::direct:
        break;
    }
    if (fd_ < 0) {
        return;
    }
    std::string wire = "<" + std::to_string(priority | LOG_DAEMON) + ">";
    wire += line;
    // A message too large for the socket is cut, as OVS does, by 5 % at a time until it fits,
    // and the size that fitted is remembered.
    std::size_t len = std::min(wire.size(), max_len_);
    while (::send(fd_, wire.data(), len, MSG_NOSIGNAL) < 0 && errno == EMSGSIZE && len > 0) {
        len -= std::max<std::size_t>(len / 20, 1);
        max_len_ = len;
    }
}

const char* vlog_syslogger::prefix() const {
    switch (kind_) {
    case kind::direct:
        return "<%B>";
    case kind::null:
        return "";
    default:
        return "<%B> %D{%h %e %T} %E %A:";
    }
}

} // namespace vigil::detail
