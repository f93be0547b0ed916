// Helpers for tests that watch a child process from outside (/proc) and talk to it over raw
// unix sockets whose every byte the test controls.
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QString>
#include <cerrno>
#include <cstdio>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace vigil::test {

// The environment for a daemon whose memory a test measures, with its run and log directory
// `dir`. Under AddressSanitizer freed memory waits in a quarantine that would hide whether the
// daemon's memory stays bounded: keep it empty (later options override earlier ones).
inline QProcessEnvironment bounded_daemon_env(const QString& dir) {
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert("OVS_RUNDIR", dir);
    e.insert("OVS_LOGDIR", dir);
    e.insert("ASAN_OPTIONS",
             e.value("ASAN_OPTIONS") + ":quarantine_size_mb=0:thread_local_quarantine_size_kb=0");
    return e;
}

// Returns a value from /proc/PID/status in kB (e.g. "VmRSS:", "VmHWM:"), or -1 when unreadable.
inline long proc_status_kb(qint64 pid, const char* key) {
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith(key)) {
            return line.mid(qstrlen(key) + 1).trimmed().split(' ').value(0).toLong();
        }
    }
    return -1;
}

// Returns the CPU time (user + system) that process `pid` has used, in clock ticks, or -1.
inline long long proc_cpu_ticks(qint64 pid) {
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly)) {
        return -1;
    }
    QByteArray stat = f.readAll();
    // The command name may contain spaces: the fields that matter follow its closing ')'.
    QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    // After ')' come state (field 3) ... utime (14) and stime (15).
    if (fields.size() < 13) {
        return -1;
    }
    return fields[11].toLongLong() + fields[12].toLongLong();
}

// Returns the number of fds process `pid` has open.
inline int proc_fd_count(qint64 pid) {
    return QDir(QStringLiteral("/proc/%1/fd").arg(pid))
        .entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)
        .size();
}

// Connects a unix stream socket to `path`; returns the fd, or -1 with errno set.
inline int connect_unix_socket(const QString& path, bool nonblocking = false) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0), 0);
    if (fd < 0) {
        return -1;
    }
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    std::snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path.toUtf8().constData());
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sun), sizeof sun) < 0) {
        int error = errno;
        ::close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

// Writes `data` to the non-blocking socket `fd`, waiting up to `stall_ms` for room whenever
// the socket is full. Returns the bytes written: less than data.size() when the peer stopped
// reading for that long or hung up.
inline qint64 write_until_stalled(int fd, const QByteArray& data, int stall_ms) {
    qint64 off = 0;
    while (off < data.size()) {
        ssize_t n = ::send(fd, data.constData() + off, static_cast<size_t>(data.size() - off),
                           MSG_NOSIGNAL);
        if (n > 0) {
            off += n;
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && errno == EAGAIN) {
            pollfd p{fd, POLLOUT, 0};
            if (::poll(&p, 1, stall_ms) > 0 && !(p.revents & (POLLERR | POLLHUP))) {
                continue;
            }
        }
        break;
    }
    return off;
}

} // namespace vigil::test
