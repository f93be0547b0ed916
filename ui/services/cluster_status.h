// The state of real OVSDB RAFT clusters and of ovn-controllers' southbound connections, read
// from the targets the registry discovers. A target whose `list-commands` offers
// `cluster/status` is an ovsdb-server: its databases come from `ovsdb-server/list-dbs` and each
// clustered one's `cluster/status DB` is parsed (standalone ones answer "unknown cluster" and
// are left out). A target offering `connection-status` is an ovn-controller: that command,
// `debug/status` and `version` are asked.
//
// Nothing pushes these, so they are polled, and only while someone looks: a watcher (a view
// while shown, a client that asked) keeps a timer running, refresh() asks once. While watched,
// each ovsdb-server's `_Server` database is also monitored over an OVSDB connection of the
// console's own (to a Unix or plain TCP remote from `ovsdb-server/list-remotes`), and a change
// there (a new leader, a lost connection, a new log entry) asks that server again at once.
// Each target is asked at most once every minIntervalMs whatever asks, its calls run
// asynchronously with a timeout, and one target's slow answer never delays another's.
#pragma once

#include "services/cluster_status_types.h"
#include "services/target_types.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <functional>
#include <map>
#include <memory>

namespace vigil::ui {

class TargetRegistry;
struct UnixctlResult;

class ClusterStatus : public QObject {
    Q_OBJECT
public:
    // No target is asked more often than this, whatever the interval and refresh() calls.
    static constexpr int minIntervalMs = 2000;
    static constexpr int defaultIntervalMs = 3000;
    // Each call's limit; a target that does not answer in time is reported as failed.
    static constexpr int callTimeoutMs = 5000;

    // Follows `targets` (not owned; must outlive this object) for targets to ask.
    explicit ClusterStatus(TargetRegistry* targets, QObject* parent = nullptr);
    ~ClusterStatus() override;

    // Every clustered database of every ovsdb-server target, by database, cluster, address
    // and target.
    QList<ClusterDatabaseStatus> databases() const;
    // Every ovn-controller target, by name.
    QList<OvnControllerStatus> controllers() const;

    // Keeps polling while `watcher` watches: until unwatch(watcher) or its destruction. The
    // first watcher asks every target at once (within minIntervalMs of its last question).
    void watch(const QObject* watcher);
    // Ends `watcher`'s watch; polling stops with the last watcher. Unknown watchers are ignored.
    void unwatch(const QObject* watcher);
    bool isWatched() const { return !watchers_.isEmpty(); }

    // Sets how often targets are asked while watched, clamped to at least minIntervalMs.
    void setInterval(int ms);
    int interval() const { return interval_; }

    // Asks every target that was not asked within minIntervalMs and calls `done` from the
    // event loop once every target has answered or failed (questions already under way are
    // awaited too), unless `context` is destroyed first. Never fails: failures are records.
    void refresh(QObject* context, std::function<void()> done);

Q_SIGNALS:
    // databases() or controllers() changed (once per batch of answers).
    void changed();

private:
    struct Probe;

    void syncTargets();
    void onCommandsFetched(const QString& target, const QList<vigil::ui::CommandInfo>& commands,
                           const QString& error);
    void poll();
    // Starts a round for `name` now, or as soon as minIntervalMs allows; none when one runs.
    void askWhenAllowed(const QString& name);
    // Starts a round of questions to `name`; false when one is under way or it is too soon.
    bool startRound(const QString& name);
    void askTarget(const QString& name);
    void askDatabases(const QString& name, const QStringList& databases);
    void askController(const QString& name, const QList<CommandInfo>& commands);
    // One call of the round of `name`, its answer handed to `handle` only while the round is
    // still the current one.
    void call(const QString& name, const QString& command, const QStringList& args,
              std::function<void(Probe&, const UnixctlResult&)> handle);
    void callDone(const QString& name, quint64 round);
    void finishRound(Probe& probe);
    // A server's _Server database changed: ask it again as soon as minIntervalMs allows.
    void serverChanged(const QString& name);
    void askSoon(Probe& probe);
    void scheduleChanged();
    static void failDatabase(ClusterDatabaseStatus& db, const QString& error, qint64 now);

    TargetRegistry* targets_;
    std::map<QString, std::unique_ptr<Probe>> probes_;        // by target name
    QHash<const QObject*, QMetaObject::Connection> watchers_; // each to its destroyed()
    QElapsedTimer clock_;                                     // monotonic: the rounds' start times
    int interval_ = defaultIntervalMs;
    quint64 nextRound_ = 1;
    QTimer poll_;
    QTimer coalesce_;
};

} // namespace vigil::ui
