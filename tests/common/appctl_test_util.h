// Helpers for tests that run ovs-appctl / vigil-appctl against real daemons.
#pragma once

#include "test_util.h"

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStringList>
#include <QTest>

#include <cerrno>
#include <chrono>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

namespace vigil::test {

// What one run of a program produced.
struct run_result {
    QByteArray out;
    QByteArray err;
    int exit_code = -1; // the shell convention: 128 + signal when killed by a signal
};

// Runs `program args` with `env` through /bin/sh (so that a death by signal shows as 128+N)
// and waits up to `timeout_ms`.
inline run_result run_program(const QString& program, const QStringList& args,
                              const QProcessEnvironment& env, int timeout_ms = 20000) {
    QProcess p;
    p.setProcessEnvironment(env);
    QStringList sh_args{QStringLiteral("-c"), QStringLiteral("\"$@\""), QStringLiteral("sh"),
                        program};
    sh_args += args;
    p.start(QStringLiteral("/bin/sh"), sh_args);
    run_result r;
    if (!p.waitForFinished(timeout_ms)) {
        p.kill();
        p.waitForFinished();
        r.exit_code = -2;
    } else {
        r.exit_code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -3;
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// Makes two programs' stderr comparable: the program name in "NAME: " prefixes (getopt's
// messages use argv[0], which may be a path) becomes "APPCTL: " and log-line timestamps
// become "TS".
inline QByteArray normalize_err(QByteArray err) {
    QString s = QString::fromUtf8(err);
    s.replace(QRegularExpression(QStringLiteral("(^|\\n)(\\S*/)?(ovs|vigil)-appctl: ")),
              QStringLiteral("\\1APPCTL: "));
    s.replace(QRegularExpression(QStringLiteral("(^|\\n)\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"
                                                "(\\.\\d+)?Z\\|")),
              QStringLiteral("\\1TS|"));
    return s.toUtf8();
}

// The path of an installed program, empty when missing.
inline QString find_program(const QString& name) {
    return QStandardPaths::findExecutable(name);
}

// A raw blocking client socket on a unix socket path, for protocol-level checks.
class raw_unix_client {
public:
    explicit raw_unix_client(const std::string& path) {
        fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un sun{};
        sun.sun_family = AF_UNIX;
        std::snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path.c_str());
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&sun), sizeof sun) < 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~raw_unix_client() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    bool ok() const { return fd_ >= 0; }
    int fd() const { return fd_; }

    bool send_all(const std::string& data) {
        std::size_t off = 0;
        while (off < data.size()) {
            ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
            if (n <= 0) {
                return false;
            }
            off += static_cast<std::size_t>(n);
        }
        return true;
    }

    // Reads until `done(buffer)` holds, EOF, or `timeout_ms`; returns what was read and sets
    // `eof` when the peer closed.
    template <typename Pred> std::string read_until(Pred done, bool& eof, int timeout_ms = 10000) {
        std::string buf;
        eof = false;
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        timeval tv{0, 50 * 1000};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        while (!done(buf) && std::chrono::steady_clock::now() < deadline) {
            char tmp[4096];
            ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
            if (n == 0) {
                eof = true;
                break;
            }
            if (n > 0) {
                buf.append(tmp, static_cast<std::size_t>(n));
            }
        }
        return buf;
    }

private:
    int fd_ = -1;
};

} // namespace vigil::test
