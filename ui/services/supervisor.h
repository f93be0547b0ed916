// The console's supervisor: starts the daemons of a workspace, restarts them by policy with
// exponential backoff, gives up on crash loops, stops them (TERM to the process group, KILL
// after a timeout, survivors reported) and adopts daemons started elsewhere from their pidfile.
//
// Each daemon has a desired state (up/down, what the user asked for) kept apart from its
// observed state (DaemonState). A daemon the user stopped is never restarted; adopted daemons
// (adopt()) can be stopped but are never started or restarted by the console, because they
// have their own monitor (or none, by their owner's choice).
//
// Child exits, output and timers arrive through the event loop; the calling thread must run a
// Qt event loop with a vigil::ui::RuntimeBridge alive (process exits come from the runtime's
// poll loop). Nothing polls while nothing changes, except the once-a-second /proc sampling of
// CPU and memory while some daemon has a process.
#pragma once

#include "services/daemon_definition.h"
#include "services/supervisor_types.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

namespace vigil::ui {

class ProcessSampler;
class SupervisedDaemon;

class Supervisor : public QObject {
    Q_OBJECT
public:
    explicit Supervisor(QObject* parent = nullptr);
    // Sends TERM to the process group of every daemon the console started that still runs
    // (KILL to those already being stopped), without waiting; adopted daemons are left alone.
    // Call stopAll() and wait for allStopped() first for an orderly shutdown.
    ~Supervisor() override;

    // Adds a definition in state stopped with desired state down (it is not started; call
    // start()). Returns false and sets `*error` when the definition is invalid or its name is
    // already used.
    bool add(const DaemonDefinition& definition, QString* error = nullptr);

    // Replaces the definition with the same name; a running process keeps running and the new
    // definition applies from its next start (the output bound applies at once). Returns false
    // and sets `*error` for an unknown or adopted name or an invalid definition.
    bool update(const DaemonDefinition& definition, QString* error = nullptr);

    // Forgets a daemon. One the console started is stopped first (TERM, then KILL) and
    // daemonRemoved() is emitted once it has exited; an adopted one is forgotten at once and
    // keeps running. Returns false for an unknown name.
    bool remove(const QString& name);

    // Sets the desired state to up and launches the daemon (at once also from backoff; from
    // failed after clearing its failures; after the exit when it is stopping). Returns false
    // for an unknown name or an adopted daemon.
    bool start(const QString& name);

    // Sets the desired state to down: cancels a pending restart, or sends TERM to the process
    // group and KILL after the definition's stop timeout (an adopted daemon: to its pid only).
    // Returns false for an unknown name.
    bool stop(const QString& name);

    // Stops the daemon if it runs, then starts it again; the desired state stays up. Returns
    // false for an unknown name or an adopted daemon.
    bool restart(const QString& name);

    // Clears the failure count and the backoff level. A failed daemon whose desired state is
    // up is launched again; one in backoff is rescheduled at the minimum delay. Returns false
    // for an unknown name.
    bool resetFailures(const QString& name);

    // Stops every daemon (adopted ones included) and emits allStopped() once none has a
    // process being stopped (at once, from the event loop, when nothing runs).
    void stopAll();

    // Adopts a daemon started elsewhere: reads `pidfile` (its pid must hold a POSIX lock on
    // it, as OVS daemons do) and watches that pid through a pidfd so its exit is noticed. Its
    // control socket is `controlSocket` or, when empty, `<pidfile dir>/<name>.<pid>.ctl` (or
    // `<pidfile dir>/<pidfile stem>.<pid>.ctl`) if that exists; it is running once that socket
    // answers, at once when it has none. It is never restarted by the console: after it exits
    // it stays stopped (adopt it again to follow a new pid). Returns false and sets `*error`
    // for a used name or a missing, stale or unreadable pidfile.
    bool adopt(const QString& name, const QString& pidfile, QString* error = nullptr,
               const QString& controlSocket = QString());

    // True when a daemon of that name is known.
    bool contains(const QString& name) const;
    // The names in the order they were added.
    QStringList names() const;
    // The definition of a daemon the console starts; std::nullopt for unknown or adopted names.
    std::optional<DaemonDefinition> definition(const QString& name) const;
    // The definitions of every non-adopted daemon, in order, with autostart set to whether the
    // desired state is up (what a workspace saves).
    QList<DaemonDefinition> definitions() const;

    // Snapshots of every daemon, in the order they were added.
    QList<DaemonStatus> daemons() const;
    // The snapshot of one daemon; std::nullopt for an unknown name.
    std::optional<DaemonStatus> status(const QString& name) const;
    // The daemon's history, oldest first (bounded to the last maxHistoryEntries entries).
    QList<HistoryEntry> history(const QString& name) const;
    // The daemon's captured stdout/stderr lines, oldest first (bounded by outputLines).
    QList<LogLine> output(const QString& name) const;

    static constexpr int maxHistoryEntries = maxDaemonHistory;

Q_SIGNALS:
    void daemonAdded(const QString& name);
    void daemonRemoved(const QString& name);
    // Any field of the daemon's snapshot except CPU and memory changed.
    void daemonChanged(const QString& name);
    void historyAppended(const QString& name, const vigil::ui::HistoryEntry& entry);
    void outputAppended(const QString& name, const vigil::ui::LogLine& line);
    // The daemon gave up after too many failures (it is now failed).
    void daemonFailed(const QString& name);
    // New CPU and memory samples are available (at most once a second).
    void samplesUpdated();
    // After stopAll(): no daemon is stopping any more.
    void allStopped();

private:
    SupervisedDaemon* find(const QString& name) const;
    void attach(std::unique_ptr<SupervisedDaemon> daemon);
    void onDaemonChanged(SupervisedDaemon* daemon);
    void checkAllStopped();

    ProcessSampler* sampler_;
    std::vector<std::unique_ptr<SupervisedDaemon>> daemons_;
    bool stoppingAll_ = false;
};

} // namespace vigil::ui
