// What a supervised daemon keeps across a restart of its supervisor: its journal record, the
// log files its output goes to, and the re-adoption of its process from a record.
#include "services/daemon_log.h"
#include "services/pid_watcher.h"
#include "services/process_sampler.h"
#include "services/supervised_daemon.h"
#include "services/supervisor_journal_record.h"
#include "vigil/clock.h"
#include "vigil/vlog.h"

#include <QFileInfo>
#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace vigil::ui {

extern vlog_module supervisorLog; // defined in supervised_daemon.cpp

namespace {

vlog_module& this_module_ = supervisorLog;

const QString unknownExit =
    QStringLiteral("exited (status unknown: it was not a child of this supervisor)");

} // namespace

void SupervisedDaemon::setLogDirectory(const QString& directory) {
    logDirectory_ = directory;
}

// Starts following the log files from the given offsets unless they are followed already.
// Returns false with *error when the log directory cannot be prepared.
bool SupervisedDaemon::followLog(qint64 stdoutOffset, qint64 stderrOffset, QString* error) {
    if (log_ && log_->following()) {
        return true;
    }
    if (!log_) {
        log_ = new DaemonLog(logDirectory_, definition_.name, DaemonLogLimits{}, this);
        connect(log_, &DaemonLog::lineRead, this, &SupervisedDaemon::appendLogLine);
    }
    if (!log_->prepare(error)) {
        return false;
    }
    log_->follow(stdoutOffset, stderrOffset);
    return true;
}

void SupervisedDaemon::appendLogLine(bool isStderr, const QString& text, bool truncated,
                                     const QDateTime& time) {
    LogLine entry;
    entry.seq = ++outputSeq_;
    entry.time = time;
    entry.isStderr = isStderr;
    entry.truncated = truncated;
    entry.text = text;
    output_.push_back(entry);
    trimOutput();
    Q_EMIT outputAppended(entry);
    Q_EMIT journalChanged(); // the log offsets moved
}

JournalDaemon SupervisedDaemon::journalRecord() const {
    JournalDaemon r;
    r.name = definition_.name;
    if (pid_ > 0 && identity_) {
        r.process = identity_;
        r.pgid = pgid_;
        r.startedAt = startedAt_;
    }
    r.controlSocket = controlSocket_;
    if (log_ && log_->following()) {
        DaemonLog::Offsets offsets = log_->offsets();
        r.stdoutOffset = offsets.stdoutOffset;
        r.stderrOffset = offsets.stderrOffset;
    } else {
        r.stdoutOffset = savedStdoutOffset_;
        r.stderrOffset = savedStderrOffset_;
    }
    r.state = daemonStateName(state_);
    r.desired = desiredStateName(desired_);
    r.reason = reason_;
    r.lastExit = lastExit_;
    r.restarts = restarts_;
    // Failure times are monotonic here but must mean something to the next process: store them
    // as wall-clock instants.
    qint64 shift = time_wall_msec() - time_msec();
    for (qint64 t : failureTimes_) {
        r.failureTimes << t + shift;
    }
    r.backoffLevel = backoffLevel_;
    r.nextRestartAt = nextRestartAt_;
    r.restartAfterStop = restartAfterStop_;
    r.history = history();
    return r;
}

bool SupervisedDaemon::restore(const JournalDaemon& record) {
    restarts_ = record.restarts;
    backoffLevel_ = record.backoffLevel;
    lastExit_ = record.lastExit;
    reason_ = record.reason;
    qint64 shift = time_msec() - time_wall_msec();
    failureTimes_.clear();
    for (qint64 t : record.failureTimes) {
        failureTimes_.push_back(t + shift);
    }
    history_.assign(record.history.begin(), record.history.end());
    while (history_.size() > std::size_t(maxDaemonHistory)) {
        history_.pop_front();
    }
    savedStdoutOffset_ = record.stdoutOffset;
    savedStderrOffset_ = record.stderrOffset;
    std::optional<DesiredState> desired = desiredStateFromName(record.desired);
    desired_ = desired.value_or(DesiredState::Down);
    restartAfterStop_ = record.restartAfterStop && desired_ == DesiredState::Up;

    // Lines written while no supervisor ran are delivered from the saved offsets, whatever
    // became of the process that wrote them.
    if (!logDirectory_.isEmpty() && (record.stdoutOffset >= 0 || record.stderrOffset >= 0)) {
        QString why;
        if (!followLog(record.stdoutOffset, record.stderrOffset, &why)) {
            VLOG_WARN("{}: cannot follow its logs: {}", definition_.name.toStdString(),
                      why.toStdString());
        }
    }

    if (record.process && processStillRunning(*record.process)) {
        readopt(record);
    } else if (record.process) {
        lostDuringOutage(record);
    } else if (desired_ == DesiredState::Up &&
               record.state == daemonStateName(DaemonState::Failed)) {
        setState(DaemonState::Failed, reason_);
    } else if (desired_ == DesiredState::Up) {
        // A restart was pending (backoff) or a start had failed: the wait is over.
        launch();
    } else {
        setState(DaemonState::Stopped, reason_);
    }
    return desired.has_value();
}

// Takes over the live process of `record` as this daemon's own.
void SupervisedDaemon::readopt(const JournalDaemon& record) {
    readopted_ = true;
    identity_ = record.process;
    pid_ = record.process->pid;
    // Signal the group only while the process still leads the group it was started in.
    pgid_ = record.pgid > 0 && ::getpgid(pid_t(pid_)) == pid_t(record.pgid) ? record.pgid : 0;
    QDateTime now = QDateTime::currentDateTime();
    startedAt_ = record.startedAt.isValid() ? record.startedAt : now;
    watcher_ = new PidWatcher(pid_, this);
    connect(watcher_, &PidWatcher::exited, this, &SupervisedDaemon::onReadoptedExit);
    sampler_->watch(pid_);
    addHistory(HistoryEvent::Adopted,
               QStringLiteral("re-adopted pid %1 after a supervisor restart").arg(pid_));
    VLOG_INFO("{}: re-adopted pid {}", definition_.name.toStdString(), pid_);

    qint64 stableLeft = definition_.stableRunMs - startedAt_.msecsTo(now);
    if (stableLeft > 0) {
        stableTimer_.start(int(stableLeft));
    } else {
        backoffLevel_ = 0;
    }

    controlSocket_ = record.controlSocket;
    if (desired_ == DesiredState::Down || record.state == daemonStateName(DaemonState::Stopping)) {
        beginStop(desired_ == DesiredState::Down
                      ? QStringLiteral("stop continued after a supervisor restart")
                      : QStringLiteral("restart continued after a supervisor restart"));
        return;
    }
    if (!controlSocket_.isEmpty() && QFileInfo::exists(controlSocket_)) {
        socketDeclared_ = true;
        startProbing();
        return;
    }
    QString how = QStringLiteral("process alive after a supervisor restart");
    if (!controlSocket_.isEmpty()) {
        // Its identity matched, so it is ours; the socket was removed by someone else.
        how += QStringLiteral(" (its control socket %1 is gone)").arg(controlSocket_);
        controlSocket_.clear();
    }
    becomeRunning(how);
}

// The process of `record` exited while no supervisor ran (or its pid now names another process,
// which is left alone): nothing is signalled; the restart policy decides, without a delay.
void SupervisedDaemon::lostDuringOutage(const JournalDaemon& record) {
    qint64 pid = record.process->pid;
    QString detail =
        QStringLiteral("pid %1 exited while no supervisor ran (status unknown)").arg(pid);
    if (readProcessIdentity(pid)) {
        detail += QStringLiteral("; the pid now names another process");
    }
    lastExit_ = QStringLiteral("exited while no supervisor ran (status unknown)");
    addHistory(HistoryEvent::Exited, detail);
    VLOG_INFO("{}: {}", definition_.name.toStdString(), detail.toStdString());
    if (desired_ != DesiredState::Up) {
        setState(DaemonState::Stopped, record.state == daemonStateName(DaemonState::Stopping)
                                           ? QStringLiteral("stopped by user")
                                           : lastExit_);
    } else if (restartAfterStop_) {
        launch();
    } else {
        afterExit(true, true);
    }
}

void SupervisedDaemon::onReadoptedExit() {
    qint64 pgid = pgid_ > 0 ? pgid_ : pid_;
    watcher_->deleteLater(); // we are inside its signal
    watcher_ = nullptr;
    readopted_ = false;
    // Not our child: its wait status went to its parent (or init).
    lastExit_ = unknownExit;
    finishExit(pgid, true);
}

int SupervisedDaemon::signalReadopted(int signal) {
    if (!watcher_ || watcher_->hasExited()) {
        return ESRCH;
    }
    // The group id cannot be reused while its leader lives; check it does before killpg().
    if (pgid_ > 0 && identity_ && processStillRunning(*identity_)) {
        return ::killpg(pid_t(pgid_), signal) == 0 ? 0 : errno;
    }
    return watcher_->sendSignal(signal);
}

} // namespace vigil::ui
