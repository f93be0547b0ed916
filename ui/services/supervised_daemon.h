// One daemon under supervision: its state machine (stopped, starting, running, backoff,
// stopping, failed), its process, its history and its captured output. Internal to the
// Supervisor, which owns one per daemon and relays its signals with the daemon's name.
#pragma once

#include "services/daemon_definition.h"
#include "services/supervisor_types.h"

#include <QObject>
#include <QTimer>
#include <deque>
#include <memory>

namespace vigil {
class process;
struct output_line;
} // namespace vigil

namespace vigil::ui {

class ControlSocketProbe;
class PidWatcher;
class ProcessSampler;

class SupervisedDaemon : public QObject {
    Q_OBJECT
public:
    // A daemon the console starts from `definition`, initially stopped with desired state
    // down. `sampler` (not owned) must outlive it.
    SupervisedDaemon(const DaemonDefinition& definition, ProcessSampler* sampler,
                     QObject* parent = nullptr);
    // Sends TERM to the process group of a live process (KILL when already stopping); an
    // adopted daemon is left running.
    ~SupervisedDaemon() override;

    // Makes this an adopted daemon watching `pid` with `controlSocket` (which may be empty);
    // call once, right after construction. Its state becomes starting, desired up.
    void adopt(qint64 pid, const QString& pidfile, const QString& controlSocket);

    const QString& name() const { return definition_.name; }
    const DaemonDefinition& definition() const { return definition_; }
    // Replaces the definition (applies from the next start; the output bound at once).
    void setDefinition(const DaemonDefinition& definition);
    bool adopted() const { return adopted_; }
    // Marks the daemon to be forgotten once it has no process (see Supervisor::remove()).
    void markForRemoval() { removing_ = true; }
    bool markedForRemoval() const { return removing_; }
    DaemonState state() const { return state_; }
    DesiredState desired() const { return desired_; }

    // The actions of the Supervisor API (see supervisor.h); false when not applicable.
    bool start();
    bool stop();
    bool restart();
    void resetFailures();

    DaemonStatus status() const;
    QList<HistoryEntry> history() const;
    QList<LogLine> output() const;

Q_SIGNALS:
    void changed();
    void historyAppended(const vigil::ui::HistoryEntry& entry);
    void outputAppended(const vigil::ui::LogLine& line);
    void gaveUp();

private:
    void launch();
    void launchFailed(const QString& why);
    void onProcessExit(int status);
    void onAdoptedExit();
    void afterExit(bool failure);
    void scheduleRestart();
    int restartDelay(int level) const;
    bool recordFailure();
    void beginStop(const QString& why);
    void escalate();
    void becomeRunning(const QString& how);
    void probeControlSocket();
    void onProbeFinished(bool answered, const QString& error);
    void checkSurvivors(qint64 pgid);
    void appendOutput(const vigil::output_line& line);
    void addHistory(HistoryEvent event, const QString& detail);
    void setState(DaemonState state, const QString& reason = QString());
    void trimOutput();
    int sendSignal(int signal);

    DaemonDefinition definition_;
    ProcessSampler* sampler_;
    bool adopted_ = false;
    bool removing_ = false;

    DaemonState state_ = DaemonState::Stopped;
    DesiredState desired_ = DesiredState::Down;
    QString reason_;
    qint64 pid_ = 0;
    int restarts_ = 0;
    int backoffLevel_ = 0; // restarts since the last stable run
    int backoffMs_ = 0;
    std::deque<qint64> failureTimes_; // monotonic ms of recent failures
    QString lastExit_;
    QDateTime startedAt_;
    QDateTime nextRestartAt_;
    QString controlSocket_;
    bool socketDeclared_ = false;
    bool restartAfterStop_ = false;
    int probeDelayMs_ = 0;

    std::unique_ptr<vigil::process> process_;
    // The previous process, kept while a grandchild may still write to its capture pipes.
    std::unique_ptr<vigil::process> lingering_;
    PidWatcher* watcher_ = nullptr;
    ControlSocketProbe* probe_;

    QTimer restartTimer_;
    QTimer killTimer_;
    QTimer graceTimer_;
    QTimer stableTimer_;
    QTimer probeTimer_;

    std::deque<HistoryEntry> history_;
    std::deque<LogLine> output_;
    quint64 outputSeq_ = 0;
};

} // namespace vigil::ui
