#include "services/ovs_sessions.h"

#include "services/ovs_session_watch.h"
#include "services/ovsdb_monitor.h"
#include "services/target_registry.h"

#include <QSet>

namespace vigil::ui {

namespace {

constexpr int retryMs = 2000;

const QString database = QStringLiteral("Open_vSwitch");

} // namespace

struct OvsSessions::Watched {
    QString socketPath;
    OvsDatabaseLocation where;
    std::unique_ptr<OvsSessionWatch> watch; // null when the target is not an OVS daemon
};

OvsSessions::OvsSessions(TargetRegistry* targets, QObject* parent)
    : QObject(parent), targets_(targets) {
    retry_.setSingleShot(true);
    retry_.setInterval(retryMs);
    connect(&retry_, &QTimer::timeout, this, &OvsSessions::sync);
    if (targets_) {
        connect(targets_, &TargetRegistry::targetsChanged, this, &OvsSessions::sync);
    }
}

OvsSessions::~OvsSessions() {
    watched_.clear(); // the watches before the monitors they share
}

std::shared_ptr<OvsdbMonitor> OvsSessions::monitorFor(const QString& remote) {
    if (std::shared_ptr<OvsdbMonitor> m = monitors_.value(remote).lock()) {
        return m;
    }
    auto m = std::make_shared<OvsdbMonitor>(remote, database, OvsSessionWatch::monitoredTables());
    m->setReconnect(maxBackoffMs_, probeIntervalMs_);
    m->start();
    monitors_.insert(remote, m);
    return m;
}

void OvsSessions::sync() {
    if (!targets_) {
        return;
    }
    bool changedAny = false;
    bool retry = false;
    QSet<QString> present;
    for (const TargetInfo& t : targets_->targets()) {
        if (t.socketPath.isEmpty()) {
            continue;
        }
        present.insert(t.name);
        auto it = watched_.find(t.name);
        if (it != watched_.end() && it->second->socketPath == t.socketPath &&
            it->second->where.error.isEmpty()) {
            continue;
        }
        auto w = std::make_unique<Watched>();
        w->socketPath = t.socketPath;
        w->where = locateOvsDatabase(t.socketPath);
        if (!w->where.error.isEmpty()) {
            retry = true;
        }
        if (w->where.kind != OvsDaemonKind::Other && !w->where.remote.isEmpty()) {
            w->watch = std::make_unique<OvsSessionWatch>(t.name, w->where.kind,
                                                         monitorFor(w->where.remote));
            connect(w->watch.get(), &OvsSessionWatch::sessionsChanged, this, &OvsSessions::changed);
        }
        const bool mattered = w->watch || (it != watched_.end() && it->second->watch);
        watched_[t.name] = std::move(w);
        changedAny = changedAny || mattered;
    }
    for (auto it = watched_.begin(); it != watched_.end();) {
        if (present.contains(it->first)) {
            ++it;
            continue;
        }
        changedAny = changedAny || it->second->watch != nullptr;
        it = watched_.erase(it);
    }
    for (auto it = monitors_.begin(); it != monitors_.end();) {
        it = it->expired() ? monitors_.erase(it) : std::next(it);
    }
    if (retry) {
        retry_.start();
    }
    if (changedAny) {
        Q_EMIT changed();
    }
}

QList<SessionInfo> OvsSessions::clientSessions() const {
    QList<SessionInfo> list;
    QStringList remotes;
    for (auto it = monitors_.cbegin(); it != monitors_.cend(); ++it) {
        if (!it->expired()) {
            remotes << it.key();
        }
    }
    remotes.sort();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QString& remote : remotes) {
        const std::shared_ptr<OvsdbMonitor> m = monitors_.value(remote).lock();
        QStringList daemons;
        for (const auto& [name, w] : watched_) {
            if (w->watch && w->watch->monitor() == m.get()) {
                daemons << name;
            }
        }
        SessionInfo info;
        info.source = QString::fromLatin1(consoleSessionSource);
        info.name = QString::fromLatin1(clientNamePrefix) + remote;
        info.resolvedName = remote;
        info.stats = m->sessionStats();
        info.stats.role = "client";
        info.snapshotTime = now;
        const QString problem = m->problem();
        if (info.stats.last_error.empty() && !m->isLive() && !problem.isEmpty() &&
            m->phase() != OvsdbMonitor::Phase::Requested) {
            // Connected but refused, or a malformed message: that is this session's error.
            info.stats.last_error = problem.toStdString();
        }
        info.detail = QStringLiteral("OVSDB monitor of %1 for %2: %3")
                          .arg(m->database(), daemons.join(QStringLiteral(", ")),
                               ovsdbMonitorPhaseName(m->phase()));
        if (m->isLive()) {
            info.detail += QStringLiteral(", %1 rows").arg(m->rowCount());
        }
        if (!problem.isEmpty()) {
            info.detail += QStringLiteral(" (%1)").arg(problem);
        }
        list << std::move(info);
    }
    return list;
}

QList<SessionInfo> OvsSessions::daemonSessions() const {
    QList<SessionInfo> list;
    for (const auto& [name, w] : watched_) {
        if (w->watch) {
            list << w->watch->sessions();
        }
    }
    return list;
}

OvsdbMonitor* OvsSessions::monitor(const QString& remote) const {
    return monitors_.value(remote).lock().get();
}

OvsDatabaseLocation OvsSessions::location(const QString& name) const {
    const auto it = watched_.find(name);
    return it == watched_.end() ? OvsDatabaseLocation() : it->second->where;
}

void OvsSessions::setMonitorReconnect(int maxBackoffMs, int probeIntervalMs) {
    maxBackoffMs_ = maxBackoffMs;
    probeIntervalMs_ = probeIntervalMs;
    for (const auto& weak : monitors_) {
        if (std::shared_ptr<OvsdbMonitor> m = weak.lock()) {
            m->setReconnect(maxBackoffMs, probeIntervalMs);
        }
    }
}

} // namespace vigil::ui
