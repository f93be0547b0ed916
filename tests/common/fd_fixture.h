// File descriptors of every kind OVS's describe_fd() tells apart, each with the description
// OVS would give it, worked out from the system calls rather than from the runtime's own code.
#pragma once

#include <QString>

#include <arpa/inet.h>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <string>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <vector>

namespace vigil::test {

struct fd_fixture {
    int fd = -1;            // the descriptor to describe
    int poke = -1;          // writing a byte here makes `fd` readable (-1: nothing to write)
    std::string expected;   // OVS's description of `fd`
    std::string error;      // why the fixture could not be built, empty on success
    std::vector<int> owned; // closed on destruction

    fd_fixture() = default;
    fd_fixture(const fd_fixture&) = delete;
    fd_fixture& operator=(const fd_fixture&) = delete;
    ~fd_fixture() {
        for (int f : owned) {
            ::close(f);
        }
    }
    int own(int f) {
        if (f >= 0) {
            owned.push_back(f);
        }
        return f;
    }
};

inline unsigned short local_port(int fd) {
    sockaddr_in sin{};
    socklen_t len = sizeof sin;
    getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len);
    return ntohs(sin.sin_port);
}

// Builds the fixture `kind` ("unix socketpair", "unix named server", "unix named client",
// "tcp client", "tcp server", "tcp listener", "pipe", "file", "directory", "character device",
// "eventfd", "closed"), creating any file it needs under `dir`.
inline void make_fd_fixture(const QString& kind, const QString& dir, fd_fixture& fx) {
    const std::string base = dir.toStdString();
    if (kind == QLatin1String("unix socketpair")) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
            fx.error = "socketpair";
            return;
        }
        fx.fd = fx.own(sv[0]);
        fx.poke = fx.own(sv[1]);
        fx.expected = "<->"; // neither end has a name
    } else if (kind.startsWith(QLatin1String("unix named"))) {
        const std::string path = base + "/sock";
        sockaddr_un sun{};
        sun.sun_family = AF_UNIX;
        std::strncpy(sun.sun_path, path.c_str(), sizeof sun.sun_path - 1);
        int listener = fx.own(socket(AF_UNIX, SOCK_STREAM, 0));
        int client = fx.own(socket(AF_UNIX, SOCK_STREAM, 0));
        if (bind(listener, reinterpret_cast<sockaddr*>(&sun), sizeof sun) != 0 ||
            listen(listener, 1) != 0 ||
            connect(client, reinterpret_cast<sockaddr*>(&sun), sizeof sun) != 0) {
            fx.error = "unix socket at " + path;
            return;
        }
        int server = fx.own(accept(listener, nullptr, nullptr));
        if (kind.endsWith(QLatin1String("server"))) {
            fx.fd = server;
            fx.poke = client;
            fx.expected = path + "<->"; // the accepting end has the name, its peer none
        } else {
            fx.fd = client;
            fx.poke = server;
            fx.expected = "<->" + path;
        }
    } else if (kind.startsWith(QLatin1String("tcp"))) {
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int listener = fx.own(socket(AF_INET, SOCK_STREAM, 0));
        socklen_t len = sizeof sin;
        if (bind(listener, reinterpret_cast<sockaddr*>(&sin), sizeof sin) != 0 ||
            listen(listener, 1) != 0 ||
            getsockname(listener, reinterpret_cast<sockaddr*>(&sin), &len) != 0) {
            fx.error = "tcp listener";
            return;
        }
        const std::string listen_end = "127.0.0.1:" + std::to_string(local_port(listener));
        if (kind == QLatin1String("tcp listener")) {
            fx.fd = listener;
            fx.expected = listen_end + "<->";
            return;
        }
        int client = fx.own(socket(AF_INET, SOCK_STREAM, 0));
        if (connect(client, reinterpret_cast<sockaddr*>(&sin), sizeof sin) != 0) {
            fx.error = "tcp connect";
            return;
        }
        int server = fx.own(accept(listener, nullptr, nullptr));
        const std::string client_end = "127.0.0.1:" + std::to_string(local_port(client));
        if (kind == QLatin1String("tcp server")) {
            fx.fd = server;
            fx.poke = client;
            fx.expected = listen_end + "<->" + client_end;
        } else {
            fx.fd = client;
            fx.poke = server;
            fx.expected = client_end + "<->" + listen_end;
        }
    } else if (kind == QLatin1String("pipe")) {
        int p[2];
        if (pipe(p) != 0) {
            fx.error = "pipe";
            return;
        }
        fx.fd = fx.own(p[0]);
        fx.poke = fx.own(p[1]);
        struct stat s {};
        fstat(fx.fd, &s);
        fx.expected = "FIFO pipe:[" + std::to_string(s.st_ino) + "]";
    } else if (kind == QLatin1String("file")) {
        const std::string path = base + "/plain";
        fx.fd = fx.own(::open(path.c_str(), O_RDWR | O_CREAT, 0600));
        fx.expected = "file " + path;
    } else if (kind == QLatin1String("directory")) {
        fx.fd = fx.own(::open(base.c_str(), O_RDONLY | O_DIRECTORY));
        fx.expected = "directory " + base;
    } else if (kind == QLatin1String("character device")) {
        fx.fd = fx.own(::open("/dev/null", O_RDWR));
        fx.expected = "character device /dev/null";
    } else if (kind == QLatin1String("eventfd")) {
        fx.fd = fx.own(eventfd(0, 0));
        fx.expected = "unknown anon_inode:[eventfd]";
    } else if (kind == QLatin1String("closed")) {
        int f = ::open("/dev/null", O_RDONLY);
        ::close(f);
        fx.fd = f;
        fx.expected = "fstat failed (Bad file descriptor)";
    } else {
        fx.error = "unknown fixture " + kind.toStdString();
    }
    if (fx.error.empty() && fx.fd < 0) {
        fx.error = "cannot open " + kind.toStdString();
    }
}

} // namespace vigil::test
