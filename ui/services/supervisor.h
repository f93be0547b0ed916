// What the console's views and commands know of a supervisor: the daemons it owns, their
// snapshots, history and output, and the actions on them. Two implementations exist:
// LocalSupervisor owns the processes (in `vigil --headless`, the supervisor service, and in
// tests), and SupervisorClient mirrors a supervisor service through its control socket (in the
// window), so closing or crashing the window changes nothing for the daemons.
//
// Actions return false at once for what can be judged here (an unknown or adopted name, an
// invalid definition); a client reports a refusal that only the service can judge later, via
// requestFailed().
#pragma once

#include "services/daemon_definition.h"
#include "services/supervisor_types.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace vigil::ui {

class Supervisor : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // Adds a definition in state stopped with desired state down (it is not started; call
    // start()). Returns false and sets `*error` when the definition is invalid or its name is
    // already used.
    virtual bool add(const DaemonDefinition& definition, QString* error = nullptr) = 0;

    // Replaces the definition with the same name; a running process keeps running and the new
    // definition applies from its next start (the output bound applies at once). Returns false
    // and sets `*error` for an unknown or adopted name or an invalid definition.
    virtual bool update(const DaemonDefinition& definition, QString* error = nullptr) = 0;

    // Forgets a daemon. One the supervisor started is stopped first (TERM, then KILL) and
    // daemonRemoved() is emitted once it has exited; an adopted one is forgotten at once and
    // keeps running. Returns false for an unknown name.
    virtual bool remove(const QString& name) = 0;

    // Sets the desired state to up and launches the daemon (at once also from backoff; from
    // failed after clearing its failures; after the exit when it is stopping). Returns false
    // for an unknown name or an adopted daemon.
    virtual bool start(const QString& name) = 0;

    // Sets the desired state to down: cancels a pending restart, or sends TERM to the process
    // group and KILL after the definition's stop timeout (an adopted daemon: to its pid only).
    // Returns false for an unknown name.
    virtual bool stop(const QString& name) = 0;

    // Stops the daemon if it runs, then starts it again; the desired state stays up. Returns
    // false for an unknown name or an adopted daemon.
    virtual bool restart(const QString& name) = 0;

    // Clears the failure count and the backoff level. A failed daemon whose desired state is
    // up is launched again; one in backoff is rescheduled at the minimum delay. Returns false
    // for an unknown name.
    virtual bool resetFailures(const QString& name) = 0;

    // Stops every daemon (adopted ones included) and emits allStopped() once none has a
    // process being stopped (at once, from the event loop, when nothing runs).
    virtual void stopAll() = 0;

    // True when a daemon of that name is known.
    bool contains(const QString& name) const { return status(name).has_value(); }
    // The names in the order they were added.
    QStringList names() const;
    // The definition of a daemon the supervisor starts; std::nullopt for unknown or adopted
    // names.
    virtual std::optional<DaemonDefinition> definition(const QString& name) const = 0;
    // The definitions of every non-adopted daemon, in order, with autostart set to whether the
    // desired state is up (what a workspace saves).
    QList<DaemonDefinition> definitions() const;

    // Snapshots of every daemon, in the order they were added.
    virtual QList<DaemonStatus> daemons() const = 0;
    // The snapshot of one daemon; std::nullopt for an unknown name.
    virtual std::optional<DaemonStatus> status(const QString& name) const = 0;
    // The daemon's history, oldest first (bounded to the last maxHistoryEntries entries).
    virtual QList<HistoryEntry> history(const QString& name) const = 0;
    // The daemon's output lines, oldest first (bounded by the definition's outputLines).
    virtual QList<LogLine> output(const QString& name) const = 0;

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
    // A request the supervisor refused or could not be asked (a client's actions only).
    void requestFailed(const QString& message);
};

} // namespace vigil::ui
