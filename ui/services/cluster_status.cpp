#include "services/cluster_status.h"

#include "services/cluster_status_probe.h"
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

} // namespace

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
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
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

} // namespace vigil::ui
