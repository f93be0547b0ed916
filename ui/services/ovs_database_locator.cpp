#include "services/ovs_database_locator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace vigil::ui {

namespace {

// ovs-vswitchd's options that take their value in the next word when not written with "=":
// the daemon, logging and TLS options OVS's getopt tables declare with a required argument.
const QSet<QString>& vswitchdOptionsWithValue() {
    static const QSet<QString> set{
        QStringLiteral("--unixctl"),
        QStringLiteral("--user"),
        QStringLiteral("--syslog-method"),
        QStringLiteral("--syslog-target"),
        QStringLiteral("--private-key"),
        QStringLiteral("--certificate"),
        QStringLiteral("--ca-cert"),
        QStringLiteral("--peer-ca-cert"),
        QStringLiteral("--bootstrap-ca-cert"),
        QStringLiteral("--ssl-protocols"),
        QStringLiteral("--ssl-ciphers"),
        QStringLiteral("--ssl-ciphersuites"),
        QStringLiteral("--dummy-numa"),
        QStringLiteral("-p"),
        QStringLiteral("-c"),
        QStringLiteral("-C"),
    };
    return set;
}

// A unix: or punix: path made absolute in `runDirectory`, as OVS's stream layer does.
QString absoluteIn(const QString& path, const QString& runDirectory) {
    if (QDir::isAbsolutePath(path) || runDirectory.isEmpty()) {
        return path;
    }
    return QDir(runDirectory).absoluteFilePath(path);
}

// The run directory of process `pid`: its OVS_RUNDIR, else `fallback`.
QString processRunDirectory(pid_t pid, const QString& fallback) {
    QFile f(QStringLiteral("/proc/%1/environ").arg(pid));
    if (f.open(QIODevice::ReadOnly)) {
        const QByteArray all = f.read(1 << 20);
        for (const QByteArray& entry : all.split('\0')) {
            if (entry.startsWith("OVS_RUNDIR=") && entry.size() > 11) {
                return QString::fromLocal8Bit(entry.mid(11));
            }
        }
    }
    return fallback;
}

pid_t peerPid(const QString& socketPath) {
    const QByteArray path = QFile::encodeName(socketPath);
    sockaddr_un addr{};
    if (path.size() >= qsizetype(sizeof addr.sun_path)) {
        return 0;
    }
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.constData(), std::size_t(path.size()));
    // Non-blocking: a daemon whose listen backlog is full (a stuck one) must not block the GUI
    // thread; a Unix socket's connect then fails with EAGAIN at once instead of waiting. The
    // listener's credentials are there as soon as the connect succeeds.
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        return 0;
    }
    pid_t pid = 0;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) {
        ucred cred{};
        socklen_t len = sizeof cred;
        if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) {
            pid = cred.pid;
        }
    }
    ::close(fd);
    return pid;
}

} // namespace

QString ovsDaemonKindName(OvsDaemonKind kind) {
    switch (kind) {
    case OvsDaemonKind::Other:
        return QStringLiteral("other");
    case OvsDaemonKind::Vswitchd:
        return QStringLiteral("ovs-vswitchd");
    case OvsDaemonKind::OvsdbServer:
        return QStringLiteral("ovsdb-server");
    }
    return QString();
}

pid_t controlSocketPid(const QString& socketPath) {
    const QFileInfo info(socketPath);
    static const QRegularExpression pidInName(QStringLiteral("^(.+)\\.(\\d+)\\.ctl$"));
    const QRegularExpressionMatch m = pidInName.match(info.fileName());
    if (m.hasMatch()) {
        bool ok = false;
        const long pid = m.captured(2).toLong(&ok);
        if (ok && pid > 0 && ::kill(pid_t(pid), 0) == 0) {
            return pid_t(pid);
        }
    }
    if (const pid_t pid = peerPid(socketPath); pid > 0) {
        return pid;
    }
    QString base = info.fileName();
    base = m.hasMatch() ? m.captured(1) : base.section(QLatin1Char('.'), 0, 0);
    QFile pidfile(info.absolutePath() + QLatin1Char('/') + base + QStringLiteral(".pid"));
    if (pidfile.open(QIODevice::ReadOnly)) {
        bool ok = false;
        const long pid = pidfile.read(32).trimmed().toLong(&ok);
        if (ok && pid > 0 && ::kill(pid_t(pid), 0) == 0) {
            return pid_t(pid);
        }
    }
    return 0;
}

QStringList processArguments(pid_t pid) {
    QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (pid <= 0 || !f.open(QIODevice::ReadOnly)) {
        return {};
    }
    QByteArray all = f.read(1 << 20);
    if (all.endsWith('\0')) {
        all.chop(1);
    }
    QStringList args;
    for (const QByteArray& a : all.split('\0')) {
        args << QString::fromLocal8Bit(a);
    }
    return all.isEmpty() ? QStringList() : args;
}

OvsDaemonKind ovsDaemonKind(const QStringList& arguments) {
    if (arguments.isEmpty()) {
        return OvsDaemonKind::Other;
    }
    // argv[0] may be a path; a proctitle may have put "NAME: ..." in its place.
    const QString program =
        QFileInfo(arguments[0].section(QLatin1Char(':'), 0, 0).section(QLatin1Char(' '), 0, 0))
            .fileName();
    if (program == QLatin1String("ovs-vswitchd")) {
        return OvsDaemonKind::Vswitchd;
    }
    if (program == QLatin1String("ovsdb-server")) {
        return OvsDaemonKind::OvsdbServer;
    }
    return OvsDaemonKind::Other;
}

QString vswitchdDatabaseRemote(const QStringList& arguments, const QString& runDirectory) {
    for (qsizetype i = 1; i < arguments.size(); i++) {
        const QString& a = arguments[i];
        if (a == QLatin1String("--")) {
            if (i + 1 < arguments.size()) {
                return vswitchdDatabaseRemote({arguments[0], arguments[i + 1]}, runDirectory);
            }
            break;
        }
        if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            if (!a.contains(QLatin1Char('=')) && vswitchdOptionsWithValue().contains(a)) {
                i++; // its value
            }
            continue;
        }
        if (a.startsWith(QLatin1String("unix:"))) {
            return QStringLiteral("unix:") + absoluteIn(a.mid(5), runDirectory);
        }
        return a;
    }
    return QStringLiteral("unix:") + absoluteIn(QStringLiteral("db.sock"), runDirectory);
}

QString ovsdbServerRemote(const QStringList& arguments, const QString& runDirectory,
                          bool* servesManagers) {
    QStringList remotes;
    for (qsizetype i = 1; i < arguments.size(); i++) {
        const QString& a = arguments[i];
        if (a.startsWith(QLatin1String("--remote="))) {
            remotes << a.mid(9);
        } else if (a == QLatin1String("--remote") && i + 1 < arguments.size()) {
            remotes << arguments[++i];
        }
    }
    *servesManagers = false;
    QString unixRemote;
    QString tcpRemote;
    for (const QString& r : remotes) {
        if (r.startsWith(QLatin1String("db:Open_vSwitch,"))) {
            *servesManagers = true;
        } else if (r.startsWith(QLatin1String("punix:")) && unixRemote.isEmpty()) {
            unixRemote = QStringLiteral("unix:") + absoluteIn(r.mid(6), runDirectory);
        } else if (r.startsWith(QLatin1String("ptcp:")) && tcpRemote.isEmpty()) {
            // ptcp:PORT[:IP]; an IPv6 address comes in brackets.
            const QString rest = r.mid(5);
            const qsizetype colon = rest.indexOf(QLatin1Char(':'));
            const QString port = colon < 0 ? rest : rest.left(colon);
            QString ip = colon < 0 ? QString() : rest.mid(colon + 1);
            if (ip.isEmpty() || ip == QLatin1String("0.0.0.0")) {
                ip = QStringLiteral("127.0.0.1");
            } else if (ip == QLatin1String("[::]") || ip == QLatin1String("::")) {
                ip = QStringLiteral("[::1]");
            }
            bool ok = false;
            const int n = port.toInt(&ok);
            if (ok && n > 0 && n < 65536) {
                tcpRemote = QStringLiteral("tcp:%1:%2").arg(ip, port);
            }
        }
    }
    return unixRemote.isEmpty() ? tcpRemote : unixRemote;
}

OvsDatabaseLocation locateOvsDatabase(const QString& socketPath) {
    OvsDatabaseLocation where;
    where.pid = controlSocketPid(socketPath);
    if (where.pid <= 0) {
        where.error = QStringLiteral("cannot tell which process serves %1").arg(socketPath);
        return where;
    }
    const QStringList args = processArguments(where.pid);
    if (args.isEmpty()) {
        where.error = QStringLiteral("cannot read the command line of pid %1").arg(where.pid);
        return where;
    }
    const QString runDirectory =
        processRunDirectory(where.pid, QFileInfo(socketPath).absolutePath());
    const QString fallback = QStringLiteral("unix:") + runDirectory + QStringLiteral("/db.sock");
    switch (ovsDaemonKind(args)) {
    case OvsDaemonKind::Other:
        return where;
    case OvsDaemonKind::Vswitchd:
        where.kind = OvsDaemonKind::Vswitchd;
        where.remote = vswitchdDatabaseRemote(args, runDirectory);
        where.how = QStringLiteral("command line");
        return where;
    case OvsDaemonKind::OvsdbServer: {
        bool managers = false;
        const QString remote = ovsdbServerRemote(args, runDirectory, &managers);
        if (!managers) {
            return where; // its remotes are not the Manager table's: no sessions to show here
        }
        where.kind = OvsDaemonKind::OvsdbServer;
        where.remote = remote.isEmpty() ? fallback : remote;
        where.how =
            remote.isEmpty() ? QStringLiteral("run directory") : QStringLiteral("command line");
        return where;
    }
    }
    return where;
}

} // namespace vigil::ui
