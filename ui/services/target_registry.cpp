#include "services/target_registry.h"

#include "services/supervisor.h"
#include "services/unixctl_call.h"

#include "vigil/rundir.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QRegularExpression>
#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace vigil::ui {

namespace {

constexpr int fallbackScanMs = 4000;
constexpr int coalesceMs = 100;

// The target name of a socket file: "ovsdb-server.1234.ctl" -> "ovsdb-server",
// "demo.ctl" -> "demo", anything else -> its file name.
QString nameFromSocket(const QString& path) {
    QString name = QFileInfo(path).fileName();
    if (name.endsWith(QLatin1String(".ctl"))) {
        name.chop(4);
        static const QRegularExpression pidSuffix(QStringLiteral("\\.\\d+$"));
        const QString stem = name;
        name.remove(pidSuffix);
        if (name.isEmpty()) {
            name = stem;
        }
    }
    return name;
}

// The file name without ".ctl": the unambiguous name used when two sockets share a name.
QString stemOfSocket(const QString& path) {
    QString name = QFileInfo(path).fileName();
    if (name.endsWith(QLatin1String(".ctl"))) {
        name.chop(4);
    }
    return name;
}

bool isSocket(const QString& path) {
    struct stat st;
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 && S_ISSOCK(st.st_mode);
}

// Tries a non-blocking connect to the Unix socket `path`: 0 when something listens (or the
// listener is merely busy), else the errno (ECONNREFUSED for a stale socket). A Unix connect
// completes or fails at once, so this never waits.
int probeSocket(const QString& path) {
    const QByteArray bytes = QFile::encodeName(path);
    sockaddr_un addr{};
    if (static_cast<size_t>(bytes.size()) >= sizeof addr.sun_path) {
        return ENAMETOOLONG;
    }
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, bytes.constData(), bytes.size());
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return errno;
    }
    int error = 0;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) {
        error = (errno == EAGAIN || errno == EINPROGRESS) ? 0 : errno;
    }
    ::close(fd);
    return error;
}

QString absoluteSocketPath(QString path) {
    if (path.startsWith(QLatin1String("unix:"))) {
        path = path.mid(5);
    }
    if (!path.isEmpty() && !QDir::isAbsolutePath(path)) {
        path = QString::fromStdString(vigil::abs_file_name_in_rundir(path.toStdString()));
    }
    return QDir::cleanPath(path);
}

} // namespace

TargetRegistry::TargetRegistry(Supervisor* supervisor, QObject* parent)
    : QObject(parent), supervisor_(supervisor), watcher_(new QFileSystemWatcher(this)) {
    qRegisterMetaType<CommandInfo>();
    qRegisterMetaType<QList<CommandInfo>>();
    directories_ = defaultRunDirectories();
    coalesce_.setSingleShot(true);
    coalesce_.setInterval(coalesceMs);
    connect(&coalesce_, &QTimer::timeout, this, &TargetRegistry::rescan);
    fallback_.setInterval(fallbackScanMs);
    connect(&fallback_, &QTimer::timeout, this, &TargetRegistry::rescan);
    fallback_.start();
    connect(watcher_, &QFileSystemWatcher::directoryChanged, this, [this] { coalesce_.start(); });
    if (supervisor_) {
        auto changed = [this] { rebuild(); };
        connect(supervisor_, &Supervisor::daemonAdded, this, changed);
        connect(supervisor_, &Supervisor::daemonRemoved, this, changed);
        connect(supervisor_, &Supervisor::daemonChanged, this, changed);
    }
    QTimer::singleShot(0, this, &TargetRegistry::rescan);
}

TargetRegistry::~TargetRegistry() = default;

QStringList TargetRegistry::defaultRunDirectories() {
    QStringList dirs;
    auto add = [&dirs](const QString& dir) {
        if (!dir.isEmpty()) {
            const QString clean = QDir::cleanPath(dir);
            if (!dirs.contains(clean)) {
                dirs << clean;
            }
        }
    };
    add(qEnvironmentVariable("OVS_RUNDIR"));
    add(QString::fromStdString(vigil::rundir()));
    const QFileInfo ovs(QStringLiteral("/var/run/openvswitch"));
    if (ovs.isDir() && ovs.isReadable() && ovs.isExecutable()) {
        add(ovs.absoluteFilePath());
    }
    return dirs;
}

void TargetRegistry::setRunDirectories(const QStringList& directories) {
    directories_.clear();
    for (const QString& d : directories) {
        if (!directories_.contains(QDir::cleanPath(d))) {
            directories_ << QDir::cleanPath(d);
        }
    }
    rescan();
}

void TargetRegistry::syncWatcher() {
    QStringList wanted;
    for (const QString& d : directories_) {
        if (QFileInfo(d).isDir()) {
            wanted << d;
        }
    }
    const QStringList watched = watcher_->directories();
    for (const QString& d : watched) {
        if (!wanted.contains(d)) {
            watcher_->removePath(d);
        }
    }
    for (const QString& d : wanted) {
        if (!watched.contains(d)) {
            watcher_->addPath(d);
        }
    }
}

void TargetRegistry::rescan() {
    syncWatcher();
    QHash<QString, QString> found;
    for (const QString& dir : directories_) {
        const QFileInfoList entries =
            QDir(dir).entryInfoList({QStringLiteral("*.ctl")}, QDir::System | QDir::Files);
        for (const QFileInfo& entry : entries) {
            const QString path = entry.absoluteFilePath();
            if (!isSocket(path) || probeSocket(path) != 0) {
                continue; // not a socket, or stale: nobody listens
            }
            found.insert(path, nameFromSocket(path));
        }
    }
    if (found != discovered_) {
        discovered_ = found;
    }
    rebuild();
}

bool TargetRegistry::addPath(const QString& path, QString* error) {
    const QString abs = absoluteSocketPath(path);
    if (path.startsWith(QLatin1String("tcp:")) || path.startsWith(QLatin1String("ssl:"))) {
        if (error) {
            *error = QStringLiteral("control commands over %1 are not supported; use the "
                                    "daemon's unix control socket")
                         .arg(path.section(QLatin1Char(':'), 0, 0));
        }
        return false;
    }
    if (abs.isEmpty() || !isSocket(abs)) {
        if (error) {
            *error = QStringLiteral("%1: not a socket").arg(abs.isEmpty() ? path : abs);
        }
        return false;
    }
    if (int e = probeSocket(abs)) {
        if (error) {
            *error = QStringLiteral("%1: %2").arg(abs, unixctlErrorText(e));
        }
        return false;
    }
    if (!added_.contains(abs)) {
        added_ << abs;
        rebuild();
    }
    return true;
}

bool TargetRegistry::removePath(const QString& path) {
    const QString abs = absoluteSocketPath(path);
    if (!added_.removeOne(abs)) {
        return false;
    }
    rebuild();
    return true;
}

void TargetRegistry::setRemoteTargets(const QString& host, const QList<TargetInfo>& targets) {
    if (targets.isEmpty()) {
        if (remote_.remove(host) == 0) {
            return;
        }
    } else if (remote_.value(host) == targets) {
        return;
    } else {
        remote_.insert(host, targets);
    }
    rebuild();
}

void TargetRegistry::rebuild() {
    QList<TargetInfo> next;
    QSet<QString> names;
    QSet<QString> paths;
    auto push = [&](TargetInfo info, const QString& fallbackName) {
        if (!info.socketPath.isEmpty() && paths.contains(info.socketPath)) {
            return;
        }
        if (names.contains(info.name)) {
            info.name = fallbackName;
        }
        if (names.contains(info.name)) {
            return;
        }
        names.insert(info.name);
        if (!info.socketPath.isEmpty()) {
            paths.insert(info.socketPath);
        }
        next << info;
    };
    if (supervisor_) {
        for (const DaemonStatus& status : supervisor_->daemons()) {
            TargetInfo info;
            info.name = status.name;
            info.kind = TargetKind::Daemon;
            info.daemon = status.name;
            if (status.pid > 0 && !status.controlSocket.isEmpty()) {
                info.socketPath = QDir::cleanPath(status.controlSocket);
            }
            push(info, status.name);
        }
    }
    for (const QString& path : added_) {
        TargetInfo info;
        info.name = nameFromSocket(path);
        info.kind = TargetKind::Added;
        info.socketPath = path;
        push(info, path);
    }
    QList<QString> sorted = discovered_.keys();
    std::sort(sorted.begin(), sorted.end());
    for (const QString& path : sorted) {
        TargetInfo info;
        info.name = discovered_.value(path);
        info.kind = TargetKind::Discovered;
        info.socketPath = path;
        push(info, stemOfSocket(path));
    }
    for (const QList<TargetInfo>& hostTargets : std::as_const(remote_)) {
        for (const TargetInfo& info : hostTargets) {
            push(info, info.name);
        }
    }
    if (next == targets_) {
        return;
    }
    QSet<QString> before;
    for (const TargetInfo& t : targets_) {
        before.insert(t.name);
    }
    targets_ = next;
    for (const QString& name : before) {
        if (!names.contains(name)) {
            commands_.remove(name);
            Q_EMIT targetRemoved(name);
        }
    }
    for (const TargetInfo& t : targets_) {
        if (!before.contains(t.name)) {
            Q_EMIT targetAdded(t.name);
        }
    }
    Q_EMIT targetsChanged();
}

QList<TargetInfo> TargetRegistry::targets() const {
    return targets_;
}

std::optional<TargetInfo> TargetRegistry::target(const QString& name) const {
    for (const TargetInfo& t : targets_) {
        if (t.name == name) {
            return t;
        }
    }
    if (name.startsWith(QLatin1Char('/'))) {
        const QString clean = QDir::cleanPath(name);
        for (const TargetInfo& t : targets_) {
            if (t.socketPath == clean) {
                return t;
            }
        }
    }
    return std::nullopt;
}

QString TargetRegistry::socketPath(const QString& name, QString* error) const {
    if (auto t = target(name)) {
        if (t->socketPath.isEmpty() && error) {
            *error = !t->error.isEmpty()
                         ? QStringLiteral("%1: %2").arg(name, t->error)
                         : QStringLiteral("%1 has no control socket (is it running?)").arg(name);
        }
        return t->socketPath;
    }
    if (name.startsWith(QLatin1Char('/'))) {
        return QDir::cleanPath(name); // any socket by path, known or not
    }
    if (error) {
        *error = QStringLiteral("unknown target \"%1\"").arg(name);
    }
    return QString();
}

void TargetRegistry::fetchCommands(const QString& target) {
    QString error;
    const QString socket = socketPath(target, &error);
    if (socket.isEmpty()) {
        QTimer::singleShot(0, this,
                           [this, target, error] { Q_EMIT commandsFetched(target, {}, error); });
        return;
    }
    unixctlCall(this, socket, QStringLiteral("list-commands"), {}, {},
                [this, target](const UnixctlResult& result) {
                    if (!result.ok) {
                        Q_EMIT commandsFetched(target, {}, result.error);
                        return;
                    }
                    QList<CommandInfo> commands = parseCommandList(result.text);
                    commands_.insert(target, commands);
                    Q_EMIT commandsFetched(target, commands, QString());
                });
}

} // namespace vigil::ui
