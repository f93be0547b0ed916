#include "services/fleet.h"

#include "services/target_registry.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>

namespace vigil::ui {

namespace {

// A private directory for the masters' control paths and the forwarded sockets. Unix socket
// paths are limited to 107 bytes, so it is short and the files in it are named by number.
QString makeRuntimeDirectory(QString* error) {
    QString base = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (base.isEmpty() || !QFileInfo(base).isWritable() || base.size() > 48) {
        base = QStringLiteral("/tmp");
    }
    QByteArray pattern = QFile::encodeName(base + QStringLiteral("/vigil-ssh-XXXXXX"));
    // mkdtemp makes it 0700: only this user may reach the forwarded sockets.
    if (!::mkdtemp(pattern.data())) {
        *error = QStringLiteral("cannot create a private directory in %1: %2")
                     .arg(base, QString::fromLocal8Bit(std::strerror(errno)));
        return {};
    }
    return QFile::decodeName(pattern);
}

// vigil-known-hosts, beside the console's own program (or where the tests built it).
QString findKnownHostsProgram() {
    const QStringList candidates{
        QCoreApplication::applicationDirPath() + QStringLiteral("/vigil-known-hosts"),
        qEnvironmentVariable("VIGIL_BIN_DIR") + QStringLiteral("/vigil-known-hosts"),
        QStandardPaths::findExecutable(QStringLiteral("vigil-known-hosts"))};
    for (const QString& c : candidates) {
        const QFileInfo info(c);
        if (!c.isEmpty() && info.isAbsolute() && info.isExecutable()) {
            return info.absoluteFilePath();
        }
    }
    return {};
}

} // namespace

Fleet::Fleet(TargetRegistry* targets, QObject* parent)
    : QObject(parent), targets_(targets), keys_(HostKeyStore::defaultKnownHostsPath(), QString()) {
    environment_.keys = &keys_;
    environment_.knownHostsProgram = findKnownHostsProgram();
    const QString sshOverride = qEnvironmentVariable("VIGIL_SSH");
    if (!sshOverride.isEmpty()) {
        environment_.ssh.program = QProcess::splitCommand(sshOverride);
    }
}

Fleet::~Fleet() {
    hosts_.clear();
    removeRuntimeDirectoryNow();
}

void Fleet::removeRuntimeDirectoryNow() {
    if (!environment_.runtimeDirectory.isEmpty()) {
        QDir(environment_.runtimeDirectory).removeRecursively();
    }
}

RemoteHost* Fleet::find(const QString& name) const {
    for (const auto& h : hosts_) {
        if (h->name() == name) {
            return h.get();
        }
    }
    return nullptr;
}

bool Fleet::addHost(const HostDefinition& definition, QString* error) {
    auto fail = [error](const QString& why) {
        if (error) {
            *error = why;
        }
        return false;
    };
    if (QString why = hostNameProblem(definition.name); !why.isEmpty()) {
        return fail(why);
    }
    if (QString why = hostDestinationProblem(definition.destination); !why.isEmpty()) {
        return fail(why);
    }
    for (const QString& dir : definition.runDirectories) {
        if (!dir.startsWith(QLatin1Char('/'))) {
            return fail(QStringLiteral("run directory \"%1\" must be an absolute path").arg(dir));
        }
    }
    if (find(definition.name)) {
        return fail(QStringLiteral("host \"%1\" already exists").arg(definition.name));
    }
    // The private directory is made with the first host, so a console without hosts leaves
    // nothing behind even when it is killed.
    if (environment_.runtimeDirectory.isEmpty()) {
        QString why;
        environment_.runtimeDirectory = makeRuntimeDirectory(&why);
        if (environment_.runtimeDirectory.isEmpty()) {
            return fail(why);
        }
        keys_ = HostKeyStore(HostKeyStore::defaultKnownHostsPath(), environment_.runtimeDirectory);
    }
    if (!launcher_) {
        launcher_ = std::make_unique<vigil::process_launcher>();
        environment_.launcher = launcher_.get();
    }
    auto host = std::make_unique<RemoteHost>(definition, nextIndex_++, &environment_, this);
    RemoteHost* raw = host.get();
    connect(raw, &RemoteHost::connectionWanted, this, &Fleet::admit);
    connect(raw, &RemoteHost::connectionSettled, this, [this] {
        inFlight_--;
        admit();
    });
    connect(raw, &RemoteHost::changed, this, &Fleet::hostsChanged);
    connect(raw, &RemoteHost::socketsChanged, this, [this, raw] { publish(raw); });
    hosts_.push_back(std::move(host));
    raw->start();
    Q_EMIT hostsChanged();
    return true;
}

bool Fleet::removeHost(const QString& name) {
    for (auto it = hosts_.begin(); it != hosts_.end(); ++it) {
        if ((*it)->name() != name) {
            continue;
        }
        std::unique_ptr<RemoteHost> host = std::move(*it);
        hosts_.erase(it);
        if (host->attemptInFlight()) {
            inFlight_ = std::max(0, inFlight_ - 1);
        }
        host->disconnect(this);
        host.reset();
        targets_->setRemoteTargets(name, {});
        admit();
        Q_EMIT hostsChanged();
        return true;
    }
    return false;
}

bool Fleet::trust(const QString& name, const QString& fingerprint, QString* error) {
    RemoteHost* host = find(name);
    if (!host) {
        if (error) {
            *error = QStringLiteral("unknown host \"%1\"").arg(name);
        }
        return false;
    }
    if (!keys_.trust(name, fingerprint, error)) {
        return false;
    }
    host->reconnectNow();
    return true;
}

void Fleet::admit() {
    for (const auto& h : hosts_) {
        if (inFlight_ >= maxConnectsInFlight) {
            return;
        }
        if (h->waitingForSlot()) {
            inFlight_++;
            h->beginConnect();
        }
    }
}

void Fleet::publish(RemoteHost* host) {
    QList<TargetInfo> list;
    for (const RemoteSocket& s : host->sockets()) {
        TargetInfo t;
        t.name = host->name() + QLatin1Char('/') + s.name;
        t.kind = TargetKind::Remote;
        t.host = host->name();
        t.socketPath = s.address;
        t.error = s.address.isEmpty() && s.error.isEmpty()
                      ? QStringLiteral("the forward to %1 is being set up").arg(s.remotePath)
                      : s.error;
        list << t;
    }
    targets_->setRemoteTargets(host->name(), list);
}

QList<HostInfo> Fleet::hosts() const {
    QList<HostInfo> out;
    for (const auto& h : hosts_) {
        out << h->info();
    }
    return out;
}

std::optional<HostInfo> Fleet::host(const QString& name) const {
    if (RemoteHost* h = find(name)) {
        return h->info();
    }
    return std::nullopt;
}

QList<HostDefinition> Fleet::definitions() const {
    QList<HostDefinition> out;
    for (const auto& h : hosts_) {
        out << h->definition();
    }
    return out;
}

QList<vigil::session_stats> Fleet::sessions() const {
    QList<vigil::session_stats> out;
    for (const auto& h : hosts_) {
        out << h->sessionStats();
    }
    return out;
}

void Fleet::setSshSettings(const SshSettings& settings) {
    environment_.ssh = settings;
}

} // namespace vigil::ui
