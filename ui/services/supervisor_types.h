// The supervisor's vocabulary: daemon states, history events and captured lines, each with the
// one string table that JSON, logs and the UI share, and the snapshot a view reads.
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>

namespace vigil::ui {

// The observed state of a supervised daemon.
enum class DaemonState {
    Stopped,  // no process (never started, stopped by the user, or not restarted by policy)
    Starting, // launched; not yet ready (control socket silent, or start grace not over)
    Running,  // ready: its control socket answered, or it stayed up through the start grace
    Backoff,  // exited unexpectedly; a restart is scheduled at nextRestartAt
    Stopping, // TERM sent to its process group; KILL follows after the stop timeout
    Failed,   // gave up after too many failures within the failure window
};

// What the user (or the workspace) wants: kept apart from the observed state, so a daemon the
// user stopped is never restarted.
enum class DesiredState { Down, Up };

// Returns "stopped", "starting", "running", "backoff", "stopping" or "failed".
QString daemonStateName(DaemonState state);
// Parses a name returned by daemonStateName(); returns std::nullopt for anything else.
std::optional<DaemonState> daemonStateFromName(const QString& name);

// Returns "up" or "down".
QString desiredStateName(DesiredState state);
// Parses "up" or "down"; returns std::nullopt for anything else.
std::optional<DesiredState> desiredStateFromName(const QString& name);

// How many history entries are kept per daemon (the oldest are dropped first).
constexpr int maxDaemonHistory = 500;

// Kinds of entries in a daemon's history.
enum class HistoryEvent {
    Started,     // detail: "pid N"
    Ready,       // detail: how readiness was judged
    Exited,      // detail: process_status_msg() text, e.g. "killed (Segmentation fault)"
    Restarting,  // detail: "in N.N s"
    GaveUp,      // detail: "N failures within M s"
    StartFailed, // detail: why the program could not be started
    Stopped,     // detail: "stopped by user" (or another reason)
    Killed,      // detail: the stop timeout expired and KILL was sent
    Survivors,   // detail: "pids A, B still running in process group G"
    Adopted,     // detail: "pid N from PIDFILE"
    Reset,       // detail: failures and backoff were reset
};

// Returns "started", "ready", "exited", "restarting", "gave up", "start failed", "stopped",
// "killed", "survivors", "adopted" or "reset".
QString historyEventName(HistoryEvent event);
// Parses a name returned by historyEventName(); returns std::nullopt for anything else.
std::optional<HistoryEvent> historyEventFromName(const QString& name);

// One entry of a daemon's history.
struct HistoryEntry {
    QDateTime time;
    HistoryEvent event = HistoryEvent::Started;
    QString detail;
};

// One captured line of a daemon's stdout or stderr.
struct LogLine {
    quint64 seq = 0; // increasing per daemon, across restarts; a stable key for models
    QDateTime time;
    bool isStderr = false;
    bool truncated = false;
    QString text;
};

// Returns "stdout" or "stderr" (the runtime's output_stream_name table).
QString logStreamName(bool isStderr);

// A snapshot of one supervised daemon, as Supervisor::daemons() returns it. Time cells (uptime,
// "next try in") are meant to be computed from startedAt/nextRestartAt when painted.
struct DaemonStatus {
    QString name;
    DaemonState state = DaemonState::Stopped;
    DesiredState desired = DesiredState::Down;
    QString reason;          // why it is in this state, e.g. "waiting for control socket"
    qint64 pid = 0;          // 0 when there is no process
    int restarts = 0;        // automatic restarts since it was added
    int failures = 0;        // failures within the current failure window
    QString lastExit;        // process_status_msg() text of the last exit; empty before any
    QDateTime startedAt;     // start of the current process; invalid when there is none
    QDateTime nextRestartAt; // in Backoff, when the next try happens; invalid otherwise
    int backoffMs = 0;       // in Backoff, the delay chosen for the pending restart
    QString controlSocket;   // control socket path; empty when it has none
    bool adopted = false;    // adopted from a pidfile rather than started by the console
    double cpuPercent = -1;  // sampled from /proc; -1 when unknown
    qint64 rssBytes = -1;    // sampled from /proc; -1 when unknown

    friend bool operator==(const DaemonStatus&, const DaemonStatus&) = default;
};

} // namespace vigil::ui

Q_DECLARE_METATYPE(vigil::ui::HistoryEntry)
Q_DECLARE_METATYPE(vigil::ui::LogLine)
Q_DECLARE_METATYPE(vigil::ui::DaemonStatus)
