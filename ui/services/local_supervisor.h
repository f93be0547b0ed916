// The supervisor that owns the processes: starts the daemons of a workspace, restarts them by
// policy with exponential backoff, gives up on crash loops, stops them (TERM to the process
// group, KILL after a timeout, survivors reported) and adopts daemons started elsewhere from
// their pidfile. It runs in `vigil --headless`, the supervisor service the window attaches to.
//
// Each daemon has a desired state (up/down, what the user asked for) kept apart from its
// observed state (DaemonState). A daemon the user stopped is never restarted; adopted daemons
// (adopt()) can be stopped but are never started or restarted here, because they have their
// own monitor (or none, by their owner's choice).
//
// Child exits, output and timers arrive through the event loop; the calling thread must run a
// Qt event loop with a vigil::ui::RuntimeBridge alive (process exits come from the runtime's
// poll loop). Nothing polls while nothing changes, except the once-a-second /proc sampling of
// CPU and memory while some daemon has a process.
//
// With a state directory (setStateDirectory()) the supervisor can die and be started again
// while its daemons keep running: their output goes to log files under <dir>/logs, every change
// of a daemon is written to the journal <dir>/supervisor.json, and add() re-adopts a daemon
// whose recorded process still runs (or handles its exit during the outage by policy).
#pragma once

#include "services/supervisor.h"

#include <QSet>
#include <QTimer>
#include <memory>
#include <vector>

namespace vigil::ui {

class ProcessSampler;
class SupervisedDaemon;
class SupervisorJournal;

class LocalSupervisor final : public Supervisor {
    Q_OBJECT
public:
    explicit LocalSupervisor(QObject* parent = nullptr);
    // Sends TERM to the process group of every daemon started here that still runs (KILL to
    // those already being stopped), without waiting; adopted daemons are left alone. Call
    // stopAll() and wait for allStopped() first for an orderly shutdown. With
    // setKeepDaemonsOnExit(true) nothing is signalled. The journal is written before returning:
    // kept daemons with their processes, others without (their history and counters stay, their
    // desired state is left to the workspace).
    ~LocalSupervisor() override;

    // Keeps state in `dir` from now on: creates it (0700) with logs/ inside, loads the journal
    // <dir>/supervisor.json and sends the output of daemons launched from now on to log files
    // under <dir>/logs. Call once, before any add(). Returns false with *error when the
    // directory cannot be used (or daemons were already added). A bad journal is moved aside
    // (to supervisor.json.bad) and reported in *error, and true is returned: supervision goes
    // on with an empty journal.
    bool setStateDirectory(const QString& dir, QString* error = nullptr);
    // The state directory; empty when none was set (output then goes through pipes and nothing
    // outlives the supervisor).
    QString stateDirectory() const { return stateDirectory_; }
    // When true, the destructor leaves every daemon running, for the next supervisor on the same
    // state directory to re-adopt. Default false.
    void setKeepDaemonsOnExit(bool keep) { keepDaemonsOnExit_ = keep; }
    // Writes every daemon's record to the journal now (for a fatal-signal hook, where the
    // destructor does not run); failures are logged.
    void flushJournal();
    // Returns true when add() found a record of `name` in the journal whose desired state now
    // rules: the workspace's autostart must not start it again (see Workspace::applyTo()).
    bool restoredFromJournal(const QString& name) const { return restored_.contains(name); }

    // With a state directory, a journal record of the same name carries on (see
    // SupervisedDaemon::restore()): a live process is re-adopted at once, a daemon that exited
    // meanwhile is restarted by policy, a desired state of down stays down.
    bool add(const DaemonDefinition& definition, QString* error = nullptr) override;
    bool update(const DaemonDefinition& definition, QString* error = nullptr) override;
    bool remove(const QString& name) override;
    bool start(const QString& name) override;
    bool stop(const QString& name) override;
    bool restart(const QString& name) override;
    bool resetFailures(const QString& name) override;
    void stopAll() override;

    // Adopts a daemon started elsewhere: reads `pidfile` (its pid must hold a POSIX lock on
    // it, as OVS daemons do) and watches that pid through a pidfd so its exit is noticed. Its
    // control socket is `controlSocket` or, when empty, `<pidfile dir>/<name>.<pid>.ctl` (or
    // `<pidfile dir>/<pidfile stem>.<pid>.ctl`) if that exists; it is running once that socket
    // answers, at once when it has none. It is never restarted here: after it exits it stays
    // stopped (adopt it again to follow a new pid). Returns false and sets `*error` for a used
    // name or a missing, stale or unreadable pidfile.
    bool adopt(const QString& name, const QString& pidfile, QString* error = nullptr,
               const QString& controlSocket = QString());

    std::optional<DaemonDefinition> definition(const QString& name) const override;
    QList<DaemonStatus> daemons() const override;
    std::optional<DaemonStatus> status(const QString& name) const override;
    QList<HistoryEntry> history(const QString& name) const override;
    QList<LogLine> output(const QString& name) const override;

private:
    SupervisedDaemon* find(const QString& name) const;
    void attach(std::unique_ptr<SupervisedDaemon> daemon);
    void onDaemonChanged(SupervisedDaemon* daemon);
    void checkAllStopped();
    void markJournalDirty(SupervisedDaemon* daemon);
    void writeJournal();

    ProcessSampler* sampler_;
    std::vector<std::unique_ptr<SupervisedDaemon>> daemons_;
    bool stoppingAll_ = false;

    QString stateDirectory_;
    SupervisorJournal* journal_ = nullptr;
    bool keepDaemonsOnExit_ = false;
    QSet<QString> restored_;
    QSet<SupervisedDaemon*> journalDirty_;
    QTimer journalTimer_; // zero-delay: one put() per daemon per event-loop pass
};

} // namespace vigil::ui
