#include "services/session_monitor.h"

#include "services/fleet.h"

#include "services/console_sessions.h"
#include "services/daemon_session_watch.h"
#include "services/ovs_sessions.h"
#include "services/target_registry.h"

#include <QSet>

namespace vigil::ui {

namespace {

constexpr int liveRefreshMs = 1000;
constexpr int retryMs = 1000;

const QString sessionsShow = QStringLiteral("sessions/show");

// When a reported session entered its state; for one whose state is not known, now (the
// unknown stretch starts when it is noticed).
QDateTime stateStart(const SessionInfo& info) {
    if (!info.stateKnown) {
        return QDateTime::currentDateTimeUtc();
    }
    return info.snapshotTime.addMSecs(-qint64(info.stats.state_elapsed));
}

} // namespace

SessionMonitor::SessionMonitor(TargetRegistry* targets, QObject* parent)
    : QObject(parent), targets_(targets), own_(new ConsoleSessions(this)),
      ovs_(new OvsSessions(targets, this)) {
    qRegisterMetaType<SessionInfo>();
    connect(own_, &ConsoleSessions::changed, this, &SessionMonitor::markDirty);
    connect(own_, &ConsoleSessions::stateChanged, this,
            [this](const QString& key, vigil::reconnect_state state, const QDateTime& when) {
                recordState(key, state, when);
            });
    connect(own_, &ConsoleSessions::remoteError, this, &SessionMonitor::remoteError);
    connect(ovs_, &OvsSessions::changed, this, [this] {
        recordReported(ovs_->clientSessions() + ovs_->daemonSessions());
        markDirty();
    });
    liveTimer_.setInterval(liveRefreshMs);
    connect(&liveTimer_, &QTimer::timeout, this, &SessionMonitor::refresh);
    publishTimer_.setSingleShot(true);
    publishTimer_.setInterval(0);
    connect(&publishTimer_, &QTimer::timeout, this, &SessionMonitor::publish);
    retryTimer_.setSingleShot(true);
    retryTimer_.setInterval(retryMs);
    connect(&retryTimer_, &QTimer::timeout, this, &SessionMonitor::syncDaemons);
    if (targets_) {
        connect(targets_, &TargetRegistry::targetsChanged, this, &SessionMonitor::syncDaemons);
        connect(targets_, &TargetRegistry::commandsFetched, this,
                [this](const QString& target, const QList<CommandInfo>&, const QString& error) {
                    if (!requested_.contains(target)) {
                        return;
                    }
                    if (!error.isEmpty()) {
                        // Not answering yet (a daemon still starting): ask again later.
                        requested_.remove(target);
                        retryTimer_.start();
                        return;
                    }
                    syncDaemons();
                });
    }
    ovs_->sync(); // targets already known; later changes arrive through targetsChanged
}

SessionMonitor::~SessionMonitor() {
    daemons_.clear();
}

bool SessionMonitor::addRemote(const QString& remote, QString* error) {
    return own_->addRemote(remote, error);
}

bool SessionMonitor::removeRemote(const QString& remote) {
    return own_->removeRemote(remote);
}

QStringList SessionMonitor::remotes() const {
    return own_->remotes();
}

void SessionMonitor::setFleet(Fleet* fleet) {
    fleet_ = fleet;
    connect(fleet_, &Fleet::hostsChanged, this, [this] {
        recordReported(fleetSessions());
        markDirty();
    });
}

QList<SessionInfo> SessionMonitor::fleetSessions() const {
    QList<SessionInfo> out;
    if (!fleet_) {
        return out;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<HostInfo> hosts = fleet_->hosts();
    const QList<vigil::session_stats> stats = fleet_->sessions();
    for (qsizetype i = 0; i < hosts.size() && i < stats.size(); i++) {
        SessionInfo s;
        s.source = QString::fromLatin1(fleetSessionSource);
        s.name = hosts[i].definition.name;
        s.stats = stats[i];
        s.snapshotTime = now;
        s.resolvedName = hosts[i].definition.destination;
        s.detail = QStringLiteral("ssh connection master, %1").arg(hostStateName(hosts[i].state));
        out << s;
    }
    return out;
}

QList<SessionInfo> SessionMonitor::sessions() const {
    QList<SessionInfo> all = own_->sessions();
    all << ovs_->clientSessions();
    for (const auto& d : daemons_) {
        all << d->sessions();
    }
    all << ovs_->daemonSessions();
    all << fleetSessions();
    for (SessionInfo& s : all) {
        s.history = history_.value(s.key());
    }
    return all;
}

void SessionMonitor::setLiveRefresh(bool on) {
    if (on && !liveTimer_.isActive()) {
        liveTimer_.start();
        refresh();
    } else if (!on) {
        liveTimer_.stop();
        for (const auto& d : daemons_) {
            d->stopRefreshing();
        }
    }
}

void SessionMonitor::refresh() {
    for (const auto& d : daemons_) {
        d->refresh();
    }
    markDirty();
}

void SessionMonitor::syncDaemons() {
    if (!targets_) {
        return;
    }
    QHash<QString, QString> wanted; // target -> socket
    bool pending = false;
    for (const TargetInfo& t : targets_->targets()) {
        if (t.socketPath.isEmpty()) {
            continue;
        }
        if (requested_.value(t.name) != t.socketPath) {
            // A new target, or one whose socket changed (a restarted daemon): ask what it offers.
            requested_.insert(t.name, t.socketPath);
            targets_->fetchCommands(t.name);
            pending = true;
            continue;
        }
        if (!targets_->commandsKnown(t.name)) {
            pending = true;
            continue;
        }
        const QList<CommandInfo> commands = targets_->commands(t.name);
        const bool offers = std::any_of(commands.begin(), commands.end(), [](const CommandInfo& c) {
            return c.name == sessionsShow;
        });
        if (offers) {
            wanted.insert(t.name, t.socketPath);
        }
    }
    for (auto it = requested_.begin(); it != requested_.end();) {
        it = targets_->target(it.key()) ? std::next(it) : requested_.erase(it);
    }
    bool changed = false;
    for (auto it = daemons_.begin(); it != daemons_.end();) {
        DaemonSessionWatch* d = it->get();
        if (d->isFailed() || wanted.value(d->target()) != d->socketPath()) {
            if (d->isFailed() && wanted.value(d->target()) == d->socketPath()) {
                // Its socket still exists: reconnect later rather than in a tight loop.
                retryTimer_.start();
            }
            it = daemons_.erase(it);
            changed = true;
        } else {
            ++it;
        }
    }
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        const bool have = std::any_of(daemons_.begin(), daemons_.end(),
                                      [&](const auto& d) { return d->target() == it.key(); });
        if (have) {
            continue;
        }
        auto watch = std::make_unique<DaemonSessionWatch>(it.key(), it.value());
        DaemonSessionWatch* raw = watch.get();
        connect(raw, &DaemonSessionWatch::sessionsChanged, this, [this, raw] {
            recordReported(raw->sessions());
            markDirty();
        });
        connect(raw, &DaemonSessionWatch::replyError, this,
                [this, raw](const QString& error) { Q_EMIT daemonError(raw->target(), error); });
        connect(raw, &DaemonSessionWatch::failed, this, [this, raw](const QString& error) {
            Q_EMIT daemonError(raw->target(), error);
            markDirty();
            retryTimer_.start();
        });
        daemons_.push_back(std::move(watch));
        raw->start(); // its first sessions/show goes out at once; live refreshes follow the timer
    }
    if (pending) {
        retryTimer_.start();
    }
    if (changed) {
        markDirty();
    }
}

void SessionMonitor::recordReported(const QList<SessionInfo>& sessions) {
    for (const SessionInfo& info : sessions) {
        const QString key = info.key();
        const auto it = history_.constFind(key);
        if (it == history_.cend() || it->isEmpty() || it->last().state != info.stats.state ||
            it->last().known != info.stateKnown) {
            recordState(key, info.stats.state, stateStart(info), info.stateKnown);
        }
    }
}

void SessionMonitor::recordState(const QString& key, vigil::reconnect_state state,
                                 const QDateTime& when, bool known) {
    QList<SessionStateChange>& list = history_[key];
    if (!list.isEmpty() && list.last().state == state && list.last().known == known) {
        return;
    }
    // A state reported late (daemon snapshots) may start before the last entry we recorded.
    QDateTime at = when;
    if (!list.isEmpty() && at < list.last().time) {
        at = list.last().time;
    }
    list.append({at, state, known});
    if (list.size() > maxHistory) {
        list.remove(0, list.size() - maxHistory);
    }
}

void SessionMonitor::markDirty() {
    if (!publishTimer_.isActive()) {
        publishTimer_.start();
    }
}

void SessionMonitor::publish() {
    // Forget the timelines of sessions that are gone, so churn does not grow memory.
    QSet<QString> keys;
    for (const SessionInfo& s : sessions()) {
        keys.insert(s.key());
        if (!history_.contains(s.key())) {
            recordState(s.key(), s.stats.state, stateStart(s), s.stateKnown);
        }
    }
    for (auto it = history_.begin(); it != history_.end();) {
        it = keys.contains(it.key()) ? std::next(it) : history_.erase(it);
    }
    Q_EMIT sessionsChanged();
}

} // namespace vigil::ui
