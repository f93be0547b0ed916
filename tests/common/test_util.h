// Small helpers shared by the test programs.
#pragma once

#include <QList>
#include <QString>
#include <chrono>
#include <functional>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace vigil::test {

// Polls `condition` every 10 ms until it holds or `timeout_ms` passes; returns its last value.
inline bool wait_until(const std::function<bool()>& condition, int timeout_ms = 10000) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

// Picks `n` distinct loopback TCP ports that were free a moment ago (bound together, so they
// differ, then released); fewer when the system has no more.
inline QList<int> free_loopback_ports(int n) {
    QList<int> ports;
    QList<int> fds;
    for (int i = 0; i < n; i++) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof sin;
        if (fd < 0) {
            break;
        }
        fds << fd;
        if (::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin) != 0 ||
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len) != 0) {
            break;
        }
        ports << ntohs(sin.sin_port);
    }
    for (int fd : fds) {
        ::close(fd);
    }
    return ports;
}

// One loopback TCP port that was free a moment ago; 0 when none could be found.
inline quint16 free_loopback_port() {
    const QList<int> ports = free_loopback_ports(1);
    return ports.isEmpty() ? 0 : quint16(ports.first());
}

// Path of a program built into build/bin.
inline QString bin(const QString& program) {
    return QStringLiteral(VIGIL_BIN_DIR) + QLatin1Char('/') + program;
}

// Path of a file in the source tree.
inline QString source(const QString& relative) {
    return QStringLiteral(VIGIL_SOURCE_DIR) + QLatin1Char('/') + relative;
}

} // namespace vigil::test
