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
#pragma once

#include "services/supervisor.h"

#include <memory>
#include <vector>

namespace vigil::ui {

class ProcessSampler;
class SupervisedDaemon;

class LocalSupervisor final : public Supervisor {
    Q_OBJECT
public:
    explicit LocalSupervisor(QObject* parent = nullptr);
    // Sends TERM to the process group of every daemon started here that still runs (KILL to
    // those already being stopped), without waiting; adopted daemons are left alone. Call
    // stopAll() and wait for allStopped() first for an orderly shutdown.
    ~LocalSupervisor() override;

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

    ProcessSampler* sampler_;
    std::vector<std::unique_ptr<SupervisedDaemon>> daemons_;
    bool stoppingAll_ = false;
};

} // namespace vigil::ui
