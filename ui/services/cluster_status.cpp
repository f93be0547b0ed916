#include "services/cluster_status.h"

#include "services/cluster_status_trigger.h"
#include "services/target_registry.h"
#include "services/unixctl_call.h"

#include <QDateTime>
#include <QMetaObject>
#include <QPointer>
#include <algorithm>
#include <optional>
#include <tuple>

namespace vigil::ui {

namespace {

constexpr int coalesceMs = 50;
// ovsdb-server's own database: never clustered, always there.
const QLatin1String serverDatabase("_Server");

bool offers(const QList<CommandInfo>& commands, QLatin1String name) {
    return std::any_of(commands.begin(), commands.end(),
                       [name](const CommandInfo& c) { return c.name == name; });
}

qint64 wallClock() {
    return QDateTime::currentMSecsSinceEpoch();
}

// `ovsdb-server/list-dbs` prints one name per line.
QStringList databaseNames(const QString& text) {
    QStringList names;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        const QString name = line.trimmed();
        if (!name.isEmpty() && name != serverDatabase && !names.contains(name)) {
            names << name;
        }
    }
    return names;
}

// "unknown cluster" is ovsdb-server's answer for a database that is not clustered.
bool isStandaloneReply(const UnixctlResult& r) {
    return !r.ok && !r.transportError && r.error.contains(QLatin1String("unknown cluster"));
}

} // namespace

// What is known of one target, and the round of questions under way to it.
struct ClusterStatus::Probe {
    QString target;
    QString socket;
    bool running = false;
    bool awaitingCommands = false; // the round waits for the registry's list-commands
    quint64 round = 0;             // the current (or last) round
    qint64 lastStartMs = -1;       // on clock_
    int pending = 0;               // calls of the round not yet answered
    bool isController = false;
    QList<ClusterDatabaseStatus> dbs; // published
    std::optional<OvnControllerStatus> controller;
    QString version; // asked once per target
    // Being collected by the current round.
    QList<ClusterDatabaseStatus> nextDbs;
    OvnControllerStatus nextController;
    QList<std::function<void()>> waiters; // refresh() calls waiting for the round's end
    // While watched: the server's _Server database, monitored to ask again at once on a change.
    std::unique_ptr<ServerDatabaseMonitor> monitor;
    bool remotesAsked = false; // ovsdb-server/list-remotes was asked for the monitor
    bool askAgain = false;     // a change arrived during the round: ask again after it
    QTimer soon;               // the next round a change asked for, once minIntervalMs allows
};

ClusterStatus::ClusterStatus(TargetRegistry* targets, QObject* parent)
    : QObject(parent), targets_(targets) {
    qRegisterMetaType<ClusterDatabaseStatus>();
    qRegisterMetaType<OvnControllerStatus>();
    clock_.start();
    poll_.setInterval(interval_);
    connect(&poll_, &QTimer::timeout, this, &ClusterStatus::poll);
    coalesce_.setSingleShot(true);
    coalesce_.setInterval(coalesceMs);
    connect(&coalesce_, &QTimer::timeout, this, &ClusterStatus::changed);
    connect(targets_, &TargetRegistry::targetsChanged, this, &ClusterStatus::syncTargets);
    connect(targets_, &TargetRegistry::commandsFetched, this, &ClusterStatus::onCommandsFetched);
    syncTargets();
}

ClusterStatus::~ClusterStatus() {
    for (auto it = watchers_.begin(); it != watchers_.end(); ++it) {
        disconnect(it.value());
    }
}

QList<ClusterDatabaseStatus> ClusterStatus::databases() const {
    QList<ClusterDatabaseStatus> all;
    for (const auto& [name, probe] : probes_) {
        all += probe->dbs;
    }
    std::sort(all.begin(), all.end(),
              [](const ClusterDatabaseStatus& a, const ClusterDatabaseStatus& b) {
                  return std::tie(a.database, a.raft.clusterUuid, a.raft.address, a.target) <
                         std::tie(b.database, b.raft.clusterUuid, b.raft.address, b.target);
              });
    return all;
}

QList<OvnControllerStatus> ClusterStatus::controllers() const {
    QList<OvnControllerStatus> all;
    for (const auto& [name, probe] : probes_) { // a std::map: already by name
        if (probe->controller) {
            all << *probe->controller;
        }
    }
    return all;
}

void ClusterStatus::watch(const QObject* watcher) {
    if (!watcher || watchers_.contains(watcher)) {
        return;
    }
    const bool first = watchers_.isEmpty();
    watchers_.insert(watcher, connect(watcher, &QObject::destroyed, this,
                                      [this, watcher] { unwatch(watcher); }));
    if (first) {
        poll_.start(interval_);
        poll();
    }
}

void ClusterStatus::unwatch(const QObject* watcher) {
    auto it = watchers_.find(watcher);
    if (it == watchers_.end()) {
        return;
    }
    disconnect(it.value());
    watchers_.erase(it);
    if (watchers_.isEmpty()) {
        poll_.stop();
        // Nobody looks: no connection stays open either.
        for (auto& [name, probe] : probes_) {
            probe->monitor.reset();
            probe->remotesAsked = false;
            probe->askAgain = false;
            probe->soon.stop();
        }
    }
}

void ClusterStatus::setInterval(int ms) {
    interval_ = std::max(ms, minIntervalMs);
    poll_.setInterval(interval_);
}

void ClusterStatus::refresh(QObject* context, std::function<void()> done) {
    auto remaining = std::make_shared<int>(0);
    QPointer<QObject> guard(context);
    auto finish = [guard, done = std::move(done)] {
        if (guard) {
            QMetaObject::invokeMethod(guard, done, Qt::QueuedConnection);
        }
    };
    auto waiter = [remaining, finish] {
        if (--*remaining == 0) {
            finish();
        }
    };
    QStringList names;
    for (const auto& [name, probe] : probes_) {
        names << name;
    }
    QList<Probe*> awaited;
    for (const QString& name : names) {
        auto it = probes_.find(name);
        if (it == probes_.end()) {
            continue;
        }
        Probe* probe = it->second.get();
        if (probe->running || (startRound(name) && probe->running)) {
            awaited << probe;
        }
    }
    // Counted before any waiter can run: the rounds end from the event loop at the earliest.
    *remaining = int(awaited.size());
    for (Probe* probe : awaited) {
        probe->waiters << waiter;
    }
    if (awaited.isEmpty()) {
        finish();
    }
}

void ClusterStatus::syncTargets() {
    QHash<QString, QString> live; // name -> socket
    for (const TargetInfo& t : targets_->targets()) {
        if (!t.socketPath.isEmpty()) {
            live.insert(t.name, t.socketPath);
        }
    }
    bool changed = false;
    QList<std::function<void()>> orphaned;
    for (auto it = probes_.begin(); it != probes_.end();) {
        if (live.value(it->first) != it->second->socket) {
            changed = changed || !it->second->dbs.isEmpty() || it->second->controller.has_value();
            orphaned += it->second->waiters;
            it = probes_.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = live.cbegin(); it != live.cend(); ++it) {
        if (probes_.find(it.key()) == probes_.end()) {
            auto probe = std::make_unique<Probe>();
            probe->target = it.key();
            probe->socket = it.value();
            probe->soon.setSingleShot(true);
            probe->soon.setTimerType(Qt::PreciseTimer);
            connect(&probe->soon, &QTimer::timeout, this, [this, name = it.key()] {
                auto found = probes_.find(name);
                if (found != probes_.end() && found->second->running) {
                    found->second->askAgain = true;
                    return;
                }
                askWhenAllowed(name);
            });
            probes_.emplace(it.key(), std::move(probe));
            if (isWatched()) {
                startRound(it.key());
            }
        }
    }
    if (changed) {
        scheduleChanged();
    }
    for (const auto& waiter : orphaned) {
        waiter();
    }
}

void ClusterStatus::poll() {
    QStringList names;
    for (const auto& [name, probe] : probes_) {
        names << name;
    }
    for (const QString& name : names) {
        askWhenAllowed(name);
    }
}

void ClusterStatus::askWhenAllowed(const QString& name) {
    auto it = probes_.find(name);
    if (it == probes_.end() || it->second->running) {
        return; // a round under way answers for now
    }
    Probe& probe = *it->second;
    // A timer may fire a little before the floor is reached: then wait out the rest rather
    // than skip this turn.
    if (probe.lastStartMs >= 0 && clock_.elapsed() - probe.lastStartMs < minIntervalMs) {
        askSoon(probe);
        return;
    }
    startRound(name);
}

bool ClusterStatus::startRound(const QString& name) {
    auto it = probes_.find(name);
    if (it == probes_.end()) {
        return false;
    }
    Probe& probe = *it->second;
    const qint64 now = clock_.elapsed();
    if (probe.running || (probe.lastStartMs >= 0 && now - probe.lastStartMs < minIntervalMs)) {
        return false;
    }
    probe.running = true;
    probe.round = nextRound_++;
    probe.lastStartMs = now;
    probe.pending = 0;
    probe.nextDbs.clear();
    probe.nextController = OvnControllerStatus();
    if (!targets_->commandsKnown(name)) {
        probe.awaitingCommands = true;
        targets_->fetchCommands(name);
    } else {
        askTarget(name);
    }
    return true;
}

void ClusterStatus::onCommandsFetched(const QString& target, const QList<CommandInfo>&,
                                      const QString& error) {
    auto it = probes_.find(target);
    if (it == probes_.end() || !it->second->awaitingCommands) {
        return;
    }
    Probe& probe = *it->second;
    probe.awaitingCommands = false;
    if (!error.isEmpty()) {
        // The target did not answer: whatever it reported before is no longer known.
        const qint64 now = wallClock();
        probe.nextDbs = probe.dbs;
        for (ClusterDatabaseStatus& db : probe.nextDbs) {
            failDatabase(db, error, now);
        }
        if (probe.controller) {
            probe.nextController = *probe.controller;
            probe.nextController.ok = false;
            probe.nextController.error = error;
            probe.nextController.southbound = SouthboundState::Unknown;
            probe.nextController.engine.clear();
            probe.nextController.updatedMs = now;
        }
        finishRound(probe);
        return;
    }
    askTarget(target);
}

void ClusterStatus::askTarget(const QString& name) {
    Probe& probe = *probes_.at(name);
    const QList<CommandInfo> commands = targets_->commands(name);
    const bool server = offers(commands, QLatin1String("cluster/status")) &&
                        offers(commands, QLatin1String("ovsdb-server/list-dbs"));
    probe.isController = offers(commands, QLatin1String("connection-status"));
    const quint64 round = probe.round;
    probe.pending = 1; // held until every call below is sent
    if (server) {
        call(name, QStringLiteral("ovsdb-server/list-dbs"), {},
             [this, name](Probe& p, const UnixctlResult& r) {
                 if (r.ok) {
                     askDatabases(name, databaseNames(r.text));
                     return;
                 }
                 const qint64 now = wallClock();
                 p.nextDbs = p.dbs;
                 for (ClusterDatabaseStatus& db : p.nextDbs) {
                     failDatabase(db, r.error, now);
                 }
             });
    }
    if (server && isWatched() && !probe.remotesAsked &&
        offers(commands, QLatin1String("ovsdb-server/list-remotes"))) {
        probe.remotesAsked = true;
        call(name, QStringLiteral("ovsdb-server/list-remotes"), {},
             [this, name](Probe& p, const UnixctlResult& r) {
                 const QString remote =
                     r.ok ? ServerDatabaseMonitor::clientRemote(r.text) : QString();
                 if (!remote.isEmpty() && isWatched()) {
                     p.monitor = std::make_unique<ServerDatabaseMonitor>(
                         remote, [this, name] { serverChanged(name); });
                 }
             });
    }
    if (probe.isController) {
        askController(name, commands);
    }
    callDone(name, round);
}

void ClusterStatus::askDatabases(const QString& name, const QStringList& databases) {
    for (const QString& database : databases) {
        call(name, QStringLiteral("cluster/status"), {database},
             [database](Probe& p, const UnixctlResult& r) {
                 if (isStandaloneReply(r)) {
                     return; // not clustered: nothing to show
                 }
                 ClusterDatabaseStatus db;
                 // Start from what was known, so a failure keeps the server's identity.
                 for (const ClusterDatabaseStatus& known : p.dbs) {
                     if (known.database == database) {
                         db = known;
                     }
                 }
                 db.target = p.target;
                 db.socketPath = p.socket;
                 db.database = database;
                 const qint64 now = wallClock();
                 if (!r.ok) {
                     failDatabase(db, r.error, now);
                 } else {
                     QString error;
                     if (std::optional<ClusterRaftStatus> raft =
                             parseClusterStatus(r.text, &error)) {
                         db.raft = std::move(*raft);
                         db.ok = true;
                         db.error.clear();
                         db.updatedMs = now;
                     } else {
                         failDatabase(db, QStringLiteral("unreadable cluster/status: ") + error,
                                      now);
                     }
                 }
                 p.nextDbs << db;
             });
    }
}

void ClusterStatus::askController(const QString& name, const QList<CommandInfo>& commands) {
    Probe& probe = *probes_.at(name);
    probe.nextController.target = probe.target;
    probe.nextController.socketPath = probe.socket;
    call(name, QStringLiteral("connection-status"), {}, [](Probe& p, const UnixctlResult& r) {
        OvnControllerStatus& c = p.nextController;
        c.updatedMs = wallClock();
        c.ok = r.ok;
        c.error = r.ok ? QString() : r.error;
        c.southbound = r.ok ? southboundStateFromReply(r.text) : SouthboundState::Unknown;
        if (r.ok && c.southbound == SouthboundState::Unknown) {
            c.error = QStringLiteral("unexpected connection-status reply: %1")
                          .arg(r.text.trimmed().left(200));
        }
    });
    if (offers(commands, QLatin1String("debug/status"))) {
        call(name, QStringLiteral("debug/status"), {}, [](Probe& p, const UnixctlResult& r) {
            p.nextController.engine = r.ok ? r.text.trimmed().left(100) : QString();
        });
    }
    if (probe.version.isEmpty() && offers(commands, QLatin1String("version"))) {
        call(name, QStringLiteral("version"), {}, [](Probe& p, const UnixctlResult& r) {
            if (r.ok) {
                p.version = r.text.section(QLatin1Char('\n'), 0, 0).trimmed().left(200);
            }
        });
    }
}

void ClusterStatus::call(const QString& name, const QString& command, const QStringList& args,
                         std::function<void(Probe&, const UnixctlResult&)> handle) {
    Probe& probe = *probes_.at(name);
    probe.pending++;
    const quint64 round = probe.round;
    UnixctlCallOptions options;
    options.timeoutMs = callTimeoutMs;
    unixctlCall(this, probe.socket, command, args, options,
                [this, name, round, handle = std::move(handle)](const UnixctlResult& r) {
                    auto it = probes_.find(name);
                    if (it == probes_.end() || it->second->round != round || !it->second->running) {
                        return; // the target went (or came back anew) meanwhile
                    }
                    handle(*it->second, r);
                    callDone(name, round);
                });
}

void ClusterStatus::callDone(const QString& name, quint64 round) {
    auto it = probes_.find(name);
    if (it == probes_.end() || it->second->round != round || !it->second->running) {
        return;
    }
    if (--it->second->pending == 0) {
        finishRound(*it->second);
    }
}

void ClusterStatus::finishRound(Probe& probe) {
    probe.running = false;
    probe.dbs = probe.nextDbs;
    probe.nextDbs.clear();
    if (probe.isController) {
        probe.nextController.version = probe.version;
        probe.controller = probe.nextController;
    } else {
        probe.controller.reset();
    }
    scheduleChanged();
    if (probe.askAgain) {
        probe.askAgain = false;
        askSoon(probe);
    }
    const QList<std::function<void()>> waiters = std::move(probe.waiters);
    probe.waiters.clear();
    for (const auto& waiter : waiters) {
        waiter();
    }
}

void ClusterStatus::serverChanged(const QString& name) {
    auto it = probes_.find(name);
    if (it == probes_.end() || !isWatched()) {
        return;
    }
    Probe& probe = *it->second;
    if (probe.running) {
        probe.askAgain = true; // this round's answers may predate the change
    } else {
        askSoon(probe);
    }
}

void ClusterStatus::askSoon(Probe& probe) {
    if (probe.soon.isActive()) {
        return;
    }
    const qint64 since =
        probe.lastStartMs < 0 ? minIntervalMs : clock_.elapsed() - probe.lastStartMs;
    probe.soon.start(int(std::max<qint64>(0, minIntervalMs - since)));
}

void ClusterStatus::scheduleChanged() {
    if (!coalesce_.isActive()) {
        coalesce_.start();
    }
}

void ClusterStatus::failDatabase(ClusterDatabaseStatus& db, const QString& error, qint64 now) {
    ClusterRaftStatus identity;
    identity.nickname = db.raft.nickname;
    identity.database = db.raft.database;
    identity.clusterId = db.raft.clusterId;
    identity.clusterUuid = db.raft.clusterUuid;
    identity.serverId = db.raft.serverId;
    identity.serverUuid = db.raft.serverUuid;
    identity.address = db.raft.address;
    db.raft = identity;
    db.ok = false;
    db.error = error;
    db.updatedMs = now;
}

QString southboundStateName(SouthboundState state) {
    switch (state) {
    case SouthboundState::Unknown:
        return QStringLiteral("unknown");
    case SouthboundState::Connected:
        return QStringLiteral("connected");
    case SouthboundState::NotConnected:
        return QStringLiteral("not connected");
    }
    return QStringLiteral("unknown");
}

SouthboundState southboundStateFromReply(const QString& reply) {
    const QString text = reply.trimmed();
    for (SouthboundState s : {SouthboundState::Connected, SouthboundState::NotConnected}) {
        if (text == southboundStateName(s)) {
            return s;
        }
    }
    return SouthboundState::Unknown;
}

} // namespace vigil::ui
