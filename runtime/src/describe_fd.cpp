#include "vigil/describe_fd.h"

#include "vigil/errors.h"
#include "vigil/socket_util.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/if_packet.h>
#include <linux/netlink.h>
#endif

namespace vigil {

namespace {

using get_address_fn = int (*)(int, sockaddr*, socklen_t*);

// One end of a socket, as OVS's describe_sockaddr() writes it. An end that cannot be named
// (a peer that is not connected) contributes nothing, so a listener reads "0.0.0.0:6640<->".
std::string describe_sockaddr(int fd, get_address_fn get_address) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (get_address(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
        return {};
    }
    switch (ss.ss_family) {
    case AF_INET:
    case AF_INET6:
        return ss_format_address_port(ss);
    case AF_UNIX: {
        // The kernel gives only the bytes in use: none for an unnamed socket (a socketpair, a
        // client that did not bind), a leading NUL for an abstract name.
        const auto& sun = reinterpret_cast<const sockaddr_un&>(ss);
        std::size_t max =
            len > offsetof(sockaddr_un, sun_path)
                ? std::min<std::size_t>(len - offsetof(sockaddr_un, sun_path), sizeof sun.sun_path)
                : 0;
        const void* nul = std::memchr(sun.sun_path, '\0', max);
        return std::string(sun.sun_path, nul ? static_cast<const char*>(nul) - sun.sun_path : max);
    }
#ifdef __linux__
    case AF_NETLINK: {
        int protocol = 0;
        socklen_t plen = sizeof protocol;
        if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &plen) != 0) {
            return "AF_NETLINK";
        }
        switch (protocol) {
        case NETLINK_ROUTE:
            return "NETLINK_ROUTE";
        case NETLINK_GENERIC:
            return "NETLINK_GENERIC";
        default:
            return "AF_NETLINK family " + std::to_string(protocol);
        }
    }
    case AF_PACKET: {
        const auto& sll = reinterpret_cast<const sockaddr_ll&>(ss);
        std::string s = "AF_PACKET";
        if (sll.sll_ifindex) {
            char name[IF_NAMESIZE];
            s += if_indextoname(sll.sll_ifindex, name)
                     ? "(" + std::string(name) + ")"
                     : "(ifindex=" + std::to_string(sll.sll_ifindex) + ")";
        }
        if (sll.sll_protocol) {
            s += "(protocol=0x" + std::to_string(ntohs(sll.sll_protocol)) + ")";
        }
        return s;
    }
#endif
    case AF_UNSPEC:
        return "AF_UNSPEC";
    default:
        return "AF_" + std::to_string(ss.ss_family);
    }
}

const char* kind_of(int fd, const struct stat& s) {
    return isatty(fd)            ? "tty"
           : S_ISDIR(s.st_mode)  ? "directory"
           : S_ISCHR(s.st_mode)  ? "character device"
           : S_ISBLK(s.st_mode)  ? "block device"
           : S_ISREG(s.st_mode)  ? "file"
           : S_ISFIFO(s.st_mode) ? "FIFO"
           : S_ISLNK(s.st_mode)  ? "symbolic link"
                                 : "unknown";
}

} // namespace

std::string describe_fd(int fd) {
    int saved_errno = errno; // callers log from error paths; do not disturb their errno
    struct stat s {};
    std::string out;
    if (fstat(fd, &s) != 0) {
        out = "fstat failed (" + error_text(errno) + ")";
    } else if (S_ISSOCK(s.st_mode)) {
        out = describe_sockaddr(fd, getsockname) + "<->" + describe_sockaddr(fd, getpeername);
    } else {
        out = kind_of(fd, s);
#ifdef __linux__
        // What the fd refers to: a path, "pipe:[INODE]", "anon_inode:[eventfd]", ...
        char target[1024];
        std::string link = "/proc/self/fd/" + std::to_string(fd);
        ssize_t n = readlink(link.c_str(), target, sizeof target);
        if (n > 0) {
            out += ' ';
            out.append(target, static_cast<std::size_t>(n));
        }
#endif
    }
    errno = saved_errno;
    return out;
}

} // namespace vigil
