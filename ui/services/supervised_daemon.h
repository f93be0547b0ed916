// One daemon under supervision: its state machine (stopped, starting, running, backoff,
// stopping, failed), its process, its history and its captured output. Internal to the
// Supervisor, which owns one per daemon and relays its signals with the daemon's name.
//
// With a log directory its output goes to files (DaemonLog) rather than pipes, so the process
// can outlive the supervisor; journalRecord() and restore() carry its state across a supervisor
// restart (supervised_daemon_restore.cpp).
#pragma once

#include "services/daemon_definition.h"
#include "services/process_identity.h"
#include "services/supervisor_types.h"

#include <QObject>
#include <QTimer>
#include <deque>
#include <memory>
#include <optional>

namespace vigil {
class process;
struct output_line;
} // namespace vigil

namespace vigil::ui {

class ControlSocketProbe;
class DaemonLog;
class PidWatcher;
struct JournalDaemon;
class ProcessSampler;

class SupervisedDaemon : public QObject {
    Q_OBJECT
public:
    // A daemon the console starts from `definition`, initially stopped with desired state
    // down. `sampler` (not owned) must outlive it.
    SupervisedDaemon(const DaemonDefinition& definition, ProcessSampler* sampler,
                     QObject* parent = nullptr);
    // Sends TERM to the process group of a live process (KILL when already stopping); an
    // adopted daemon, and any daemon after setKeepOnExit(true), is left running.
    ~SupervisedDaemon() override;

    // Sends the output of processes launched from now on to <directory>/<name>.stdout.log and
    // .stderr.log, followed by a DaemonLog, instead of capture pipes; call before the first
    // start() or restore(). An empty directory keeps the pipes.
    void setLogDirectory(const QString& directory);
    // When true, the destructor leaves the process running (for the next supervisor to
    // re-adopt) instead of signalling its process group.
    void setKeepOnExit(bool keep) { keepOnExit_ = keep; }

    // Returns what the supervisor's journal keeps of this daemon: the identity of its process,
    // its log offsets, its restart-policy state and its history.
    JournalDaemon journalRecord() const;
    // Carries on from `record`, written by a previous supervisor; call once, right after
    // construction (and setLogDirectory()). A live process with the recorded identity is
    // re-adopted as this daemon's own (watched through a pidfd, stopped through its process
    // group, restarted by policy); a process that is gone, or whose pid now names another
    // process, counts as exited during the outage and is handled by the restart policy (never
    // signalled). A recorded desired state of down stays down, and a stop that was under way is
    // continued. Returns false when the record carried no desired state, so the caller decides
    // whether to start it.
    bool restore(const JournalDaemon& record);

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
    // Something journalRecord() returns has changed (state, counters, history, log offsets).
    void journalChanged();

private:
    void launch();
    void launchFailed(const QString& why);
    void onProcessExit(int status);
    void onAdoptedExit();
    void onReadoptedExit();
    void finishExit(qint64 pgid, bool failure);
    void afterExit(bool failure, bool immediately = false);
    void readopt(const JournalDaemon& record);
    void lostDuringOutage(const JournalDaemon& record);
    bool followLog(qint64 stdoutOffset, qint64 stderrOffset, QString* error);
    void appendLogLine(bool isStderr, const QString& text, bool truncated, const QDateTime& time);
    void scheduleRestart();
    int restartDelay(int level) const;
    bool recordFailure();
    void beginStop(const QString& why);
    void escalate();
    void becomeRunning(const QString& how);
    void startProbing();
    void probeControlSocket();
    void onProbeFinished(bool answered, const QString& error);
    void checkSurvivors(qint64 pgid);
    void appendOutput(const vigil::output_line& line);
    void addHistory(HistoryEvent event, const QString& detail);
    void setState(DaemonState state, const QString& reason = QString());
    void trimOutput();
    int sendSignal(int signal);
    int signalReadopted(int signal);

    DaemonDefinition definition_;
    ProcessSampler* sampler_;
    bool adopted_ = false;
    bool readopted_ = false; // our daemon, whose process a previous supervisor started
    bool removing_ = false;
    bool keepOnExit_ = false;

    DaemonState state_ = DaemonState::Stopped;
    DesiredState desired_ = DesiredState::Down;
    QString reason_;
    qint64 pid_ = 0;
    qint64 pgid_ = 0; // the process group signalled on stop; 0 when it has none of its own
    std::optional<ProcessIdentity> identity_;
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

    QString logDirectory_;
    DaemonLog* log_ = nullptr;
    qint64 savedStdoutOffset_ = -1; // the journal's offsets, until log_ follows
    qint64 savedStderrOffset_ = -1;

    std::deque<HistoryEntry> history_;
    std::deque<LogLine> output_;
    quint64 outputSeq_ = 0;
};

} // namespace vigil::ui
