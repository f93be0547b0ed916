#include "services/supervised_daemon.h"

#include "services/control_socket_probe.h"
#include "services/daemon_log.h"
#include "services/daemon_paths.h"
#include "services/pid_watcher.h"
#include "services/process_sampler.h"
#include "vigil/clock.h"
#include "vigil/errors.h"
#include "vigil/process.h"
#include "vigil/vlog.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStringList>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/wait.h>

namespace vigil::ui {

// The "supervisor" log module, shared with supervised_daemon_restore.cpp: one module name must
// be one object, or vlog/set would reach only one of them.
vlog_module supervisorLog("supervisor");

namespace {

vlog_module& this_module_ = supervisorLog;

} // namespace

namespace {

// How long after a leader's exit the rest of its process group is looked for: members that
// received the same TERM get this long to die before they count as survivors.
constexpr int survivorCheckDelayMs = 200;
constexpr int probeFirstDelayMs = 50;
constexpr int probeMaxDelayMs = 1000;
constexpr int probeTimeoutMs = 1000;

QString seconds(int ms) {
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', ms % 1000 == 0 ? 0 : 1);
}

} // namespace

SupervisedDaemon::SupervisedDaemon(const DaemonDefinition& definition, ProcessSampler* sampler,
                                   QObject* parent)
    : QObject(parent), definition_(definition), sampler_(sampler),
      probe_(new ControlSocketProbe(this)) {
    for (QTimer* timer : {&restartTimer_, &killTimer_, &graceTimer_, &stableTimer_, &probeTimer_}) {
        timer->setSingleShot(true);
    }
    // Restart delays and stop timeouts are promises shown to the user: no early coarse firing.
    restartTimer_.setTimerType(Qt::PreciseTimer);
    killTimer_.setTimerType(Qt::PreciseTimer);
    connect(&restartTimer_, &QTimer::timeout, this, [this] {
        ++restarts_;
        launch();
    });
    connect(&killTimer_, &QTimer::timeout, this, &SupervisedDaemon::escalate);
    connect(&graceTimer_, &QTimer::timeout, this, [this] {
        if (state_ == DaemonState::Starting) {
            if (!QFileInfo::exists(controlSocket_)) {
                controlSocket_.clear();
                probeTimer_.stop();
                probe_->cancel();
            }
            becomeRunning(QStringLiteral("up for %1").arg(seconds(definition_.startGraceMs)));
        }
    });
    connect(&stableTimer_, &QTimer::timeout, this, [this] {
        // The process stayed up through the stable-run window: the next crash is a fresh one.
        backoffLevel_ = 0;
        Q_EMIT journalChanged();
    });
    connect(&probeTimer_, &QTimer::timeout, this, &SupervisedDaemon::probeControlSocket);
    connect(probe_, &ControlSocketProbe::finished, this, &SupervisedDaemon::onProbeFinished);
}

SupervisedDaemon::~SupervisedDaemon() {
    int sig = state_ == DaemonState::Stopping ? SIGKILL : SIGTERM;
    if (keepOnExit_ || adopted_) {
        // Left running: the next supervisor re-adopts it (or its own monitor keeps it).
    } else if (process_ && !process_->exited()) {
        if (process_->kill_group(sig) != 0) {
            process_->kill(sig);
        }
    } else if (readopted_ && pid_ > 0) {
        sendSignal(sig);
    }
    if (pid_ > 0) {
        sampler_->unwatch(pid_);
    }
}

void SupervisedDaemon::adopt(qint64 pid, const QString& pidfile, const QString& controlSocket) {
    adopted_ = true;
    desired_ = DesiredState::Up;
    pid_ = pid;
    startedAt_ = QDateTime::currentDateTime();
    controlSocket_ = controlSocket;
    socketDeclared_ = !controlSocket.isEmpty();
    watcher_ = new PidWatcher(pid, this);
    connect(watcher_, &PidWatcher::exited, this, &SupervisedDaemon::onAdoptedExit);
    sampler_->watch(pid);
    addHistory(HistoryEvent::Adopted, QStringLiteral("pid %1 from %2").arg(pid).arg(pidfile));
    if (socketDeclared_) {
        startProbing();
    } else {
        becomeRunning(QStringLiteral("process alive (no control socket)"));
    }
}

void SupervisedDaemon::setDefinition(const DaemonDefinition& definition) {
    definition_ = definition;
    trimOutput();
    Q_EMIT changed();
}

bool SupervisedDaemon::start() {
    if (adopted_) {
        return false;
    }
    desired_ = DesiredState::Up;
    switch (state_) {
    case DaemonState::Failed:
        failureTimes_.clear();
        backoffLevel_ = 0;
        launch();
        break;
    case DaemonState::Stopped:
        launch();
        break;
    case DaemonState::Backoff:
        restartTimer_.stop();
        launch();
        break;
    case DaemonState::Stopping:
        restartAfterStop_ = true;
        Q_EMIT changed();
        break;
    case DaemonState::Starting:
    case DaemonState::Running:
        Q_EMIT changed();
        break;
    }
    return true;
}

bool SupervisedDaemon::stop() {
    bool changedDesire = desired_ != DesiredState::Down || restartAfterStop_;
    desired_ = DesiredState::Down;
    restartAfterStop_ = false;
    switch (state_) {
    case DaemonState::Starting:
    case DaemonState::Running:
        beginStop(QStringLiteral("stopped by user"));
        break;
    case DaemonState::Backoff:
        restartTimer_.stop();
        nextRestartAt_ = QDateTime();
        backoffMs_ = 0;
        addHistory(HistoryEvent::Stopped, QStringLiteral("stopped by user (restart cancelled)"));
        setState(DaemonState::Stopped, QStringLiteral("stopped by user"));
        break;
    case DaemonState::Failed:
        addHistory(HistoryEvent::Stopped, QStringLiteral("stopped by user"));
        setState(DaemonState::Stopped, QStringLiteral("stopped by user"));
        break;
    case DaemonState::Stopping:
    case DaemonState::Stopped:
        if (changedDesire) {
            Q_EMIT changed();
        }
        break;
    }
    return true;
}

bool SupervisedDaemon::restart() {
    if (adopted_) {
        return false;
    }
    desired_ = DesiredState::Up;
    switch (state_) {
    case DaemonState::Starting:
    case DaemonState::Running:
        restartAfterStop_ = true;
        beginStop(QStringLiteral("restart requested by user"));
        break;
    case DaemonState::Stopping:
        restartAfterStop_ = true;
        Q_EMIT changed();
        break;
    case DaemonState::Stopped:
    case DaemonState::Backoff:
    case DaemonState::Failed:
        start();
        break;
    }
    return true;
}

void SupervisedDaemon::resetFailures() {
    failureTimes_.clear();
    backoffLevel_ = 0;
    addHistory(HistoryEvent::Reset, QStringLiteral("failures and backoff reset"));
    if (state_ == DaemonState::Failed && desired_ == DesiredState::Up && !adopted_) {
        launch();
    } else if (state_ == DaemonState::Backoff) {
        scheduleRestart();
    } else {
        Q_EMIT changed();
    }
}

void SupervisedDaemon::launch() {
    restartTimer_.stop();
    nextRestartAt_ = QDateTime();
    backoffMs_ = 0;
    restartAfterStop_ = false;

    QString why;
    QString pathEnv = definition_.environment.value(QStringLiteral("PATH"));
    QString program =
        resolveDaemonProgram(definition_.program, QCoreApplication::applicationDirPath(), pathEnv,
                             definition_.workingDirectory, &why);
    if (program.isEmpty()) {
        launchFailed(why);
        return;
    }

    process_options options;
    options.argv.push_back(program.toStdString());
    for (const QString& arg : definition_.arguments) {
        options.argv.push_back(arg.toStdString());
    }
    for (auto it = definition_.environment.cbegin(); it != definition_.environment.cend(); ++it) {
        options.env.push_back((it.key() + QLatin1Char('=') + it.value()).toStdString());
    }
    options.cwd = definition_.workingDirectory.toStdString();
    options.new_process_group = true;
    options.null_stdin = true;
    if (!logDirectory_.isEmpty()) {
        // Files outlive us; lines already in them (from an earlier run, or delivered before a
        // restart of ours) are not replayed: following starts at their current end.
        if (!followLog(-1, -1, &why)) {
            launchFailed(why);
            return;
        }
        options.stdout_file = log_->stdoutPath().toStdString();
        options.stderr_file = log_->stderrPath().toStdString();
    } else {
        options.capture_output = true;
        // The process's own ring only buffers lines between a read and our callback, which
        // sees just the lines still held: keep it large enough for a burst, whatever our bound.
        options.output_max_lines = std::size_t(qMax(512, definition_.outputLines));
    }

    std::unique_ptr<process> child;
    int error = process::start(options, child);
    if (error) {
        launchFailed(QStringLiteral("%1: %2").arg(
            program, QString::fromStdString(vigil::error_text(error))));
        return;
    }
    process_ = std::move(child);
    process_->on_output([this](const output_line& line) { appendOutput(line); });
    process_->on_exit([this](int status) { onProcessExit(status); });

    pid_ = process_->pid();
    pgid_ = options.new_process_group ? pid_ : 0;
    identity_ = readProcessIdentity(pid_);
    readopted_ = false;
    startedAt_ = QDateTime::currentDateTime();
    sampler_->watch(pid_);
    auto location = daemonControlSocket(definition_, pid_);
    controlSocket_ = location.path;
    socketDeclared_ = location.declared;
    addHistory(HistoryEvent::Started, QStringLiteral("pid %1").arg(pid_));
    VLOG_INFO("{}: started as pid {}", definition_.name.toStdString(), pid_);

    stableTimer_.start(definition_.stableRunMs);
    if (!socketDeclared_ || controlSocket_.isEmpty()) {
        // Without a declared socket, staying up through the grace period is readiness (an OVS
        // daemon's default socket, if it appears, is still probed and may answer first).
        graceTimer_.start(definition_.startGraceMs);
    }
    if (!controlSocket_.isEmpty()) {
        probeDelayMs_ = probeFirstDelayMs;
        probeTimer_.start(probeDelayMs_);
    }
    setState(DaemonState::Starting, controlSocket_.isEmpty() || !socketDeclared_
                                        ? QStringLiteral("start grace period")
                                        : QStringLiteral("waiting for control socket"));
}

void SupervisedDaemon::launchFailed(const QString& why) {
    VLOG_WARN("{}: cannot start: {}", definition_.name.toStdString(), why.toStdString());
    addHistory(HistoryEvent::StartFailed, why);
    lastExit_ = QStringLiteral("start failed");
    if (definition_.restart == RestartPolicy::Never) {
        setState(DaemonState::Failed, why);
        Q_EMIT gaveUp();
        return;
    }
    afterExit(true);
}

void SupervisedDaemon::onProcessExit(int status) {
    qint64 pgid = pid_;
    // Keep the process object while a grandchild may still hold its output pipes.
    lingering_ = std::move(process_);
    lastExit_ = QString::fromStdString(process_status_msg(status));
    finishExit(pgid, !(WIFEXITED(status) && WEXITSTATUS(status) == 0));
}

// What follows the exit of the process of our daemon (a child, or a re-adopted one), whose
// lastExit_ is set: the history entry, the survivor check, then a restart or a stop.
void SupervisedDaemon::finishExit(qint64 pgid, bool failure) {
    sampler_->unwatch(pid_);
    pid_ = 0;
    pgid_ = 0;
    identity_.reset();
    startedAt_ = QDateTime();
    for (QTimer* timer : {&killTimer_, &graceTimer_, &stableTimer_, &probeTimer_}) {
        timer->stop();
    }
    probe_->cancel();

    addHistory(HistoryEvent::Exited, lastExit_);
    VLOG_INFO("{}: pid {} {}", definition_.name.toStdString(), pgid, lastExit_.toStdString());
    QTimer::singleShot(survivorCheckDelayMs, this, [this, pgid] { checkSurvivors(pgid); });

    if (state_ == DaemonState::Stopping) {
        if (restartAfterStop_ && desired_ == DesiredState::Up) {
            launch();
        } else {
            setState(DaemonState::Stopped, QStringLiteral("stopped by user"));
        }
        return;
    }
    afterExit(failure);
}

void SupervisedDaemon::onAdoptedExit() {
    sampler_->unwatch(pid_);
    pid_ = 0;
    startedAt_ = QDateTime();
    killTimer_.stop();
    probeTimer_.stop();
    probe_->cancel();
    // Not our child: its wait status belongs to its parent (its monitor, or init).
    lastExit_ = QStringLiteral("exited (status unknown: not a child of the console)");
    addHistory(HistoryEvent::Exited, lastExit_);
    desired_ = DesiredState::Down;
    setState(DaemonState::Stopped, state_ == DaemonState::Stopping
                                       ? QStringLiteral("stopped by user")
                                       : QStringLiteral("exited (adopted: not restarted)"));
}

// Decides what follows an exit (or failed start) that nobody asked for; a restart happens at
// once when `immediately` is set (the backoff was already spent while no supervisor ran).
void SupervisedDaemon::afterExit(bool failure, bool immediately) {
    if (desired_ != DesiredState::Up) {
        setState(DaemonState::Stopped, lastExit_);
        return;
    }
    if (failure && recordFailure()) {
        QString detail = QStringLiteral("%1 failures within %2")
                             .arg(failureTimes_.size())
                             .arg(seconds(definition_.failureWindowMs));
        addHistory(HistoryEvent::GaveUp, detail);
        VLOG_WARN("{}: gave up after {}", definition_.name.toStdString(), detail.toStdString());
        setState(DaemonState::Failed, QStringLiteral("gave up after ") + detail);
        Q_EMIT gaveUp();
        return;
    }
    bool again = definition_.restart == RestartPolicy::Always ||
                 (definition_.restart == RestartPolicy::OnFailure && failure);
    if (!again) {
        // The supervisor adopts the outcome: nothing more is pursued for this daemon.
        desired_ = DesiredState::Down;
        setState(DaemonState::Stopped, QStringLiteral("%1 (restart policy %2)")
                                           .arg(lastExit_, restartPolicyName(definition_.restart)));
        return;
    }
    if (immediately) {
        ++restarts_;
        launch();
        return;
    }
    scheduleRestart();
}

// Records a failure now; returns true when the failures within the window reach the limit.
bool SupervisedDaemon::recordFailure() {
    qint64 now = time_msec();
    failureTimes_.push_back(now);
    while (!failureTimes_.empty() && now - failureTimes_.front() > definition_.failureWindowMs) {
        failureTimes_.pop_front();
    }
    return definition_.maxFailures > 0 && int(failureTimes_.size()) >= definition_.maxFailures;
}

void SupervisedDaemon::scheduleRestart() {
    backoffMs_ = restartDelay(backoffLevel_);
    ++backoffLevel_;
    nextRestartAt_ = QDateTime::currentDateTime().addMSecs(backoffMs_);
    restartTimer_.start(backoffMs_);
    addHistory(HistoryEvent::Restarting, QStringLiteral("in %1").arg(seconds(backoffMs_)));
    setState(DaemonState::Backoff, QStringLiteral("restarting after %1").arg(lastExit_));
}

// Exponential backoff: min * 2^level, capped at max, then scaled by a random factor in
// [1 - jitter, 1 + jitter] (still capped) so that daemons that failed together spread out.
int SupervisedDaemon::restartDelay(int level) const {
    double delay = definition_.backoffMinMs;
    for (int i = 0; i < level && delay < definition_.backoffMaxMs; ++i) {
        delay *= 2;
    }
    delay = qMin(delay, double(definition_.backoffMaxMs));
    if (definition_.backoffJitter > 0) {
        double u = QRandomGenerator::global()->generateDouble() * 2 - 1;
        delay *= 1 + definition_.backoffJitter * u;
    }
    return int(qBound(0.0, delay, double(definition_.backoffMaxMs)));
}

int SupervisedDaemon::sendSignal(int signal) {
    if (adopted_) {
        return watcher_ ? watcher_->sendSignal(signal) : ESRCH;
    }
    if (readopted_) {
        return signalReadopted(signal);
    }
    if (!process_) {
        return ESRCH;
    }
    int error = process_->kill_group(signal);
    return error == EINVAL ? process_->kill(signal) : error;
}

void SupervisedDaemon::beginStop(const QString& why) {
    graceTimer_.stop();
    probeTimer_.stop();
    probe_->cancel();
    int error = sendSignal(SIGTERM);
    QString target = adopted_ ? QStringLiteral("pid %1").arg(pid_)
                              : QStringLiteral("process group %1").arg(pid_);
    addHistory(HistoryEvent::Stopped,
               error ? QStringLiteral("%1 (TERM to %2 failed: %3)")
                           .arg(why, target, QString::fromStdString(vigil::error_text(error)))
                     : QStringLiteral("%1 (TERM sent to %2)").arg(why, target));
    killTimer_.start(definition_.stopTimeoutMs);
    setState(DaemonState::Stopping, why);
}

void SupervisedDaemon::escalate() {
    if (state_ != DaemonState::Stopping) {
        return;
    }
    addHistory(HistoryEvent::Killed, QStringLiteral("still running %1 after TERM; KILL sent")
                                         .arg(seconds(definition_.stopTimeoutMs)));
    VLOG_WARN("{}: did not stop within {} ms, sending KILL", definition_.name.toStdString(),
              definition_.stopTimeoutMs);
    sendSignal(SIGKILL);
}

void SupervisedDaemon::becomeRunning(const QString& how) {
    graceTimer_.stop();
    probeTimer_.stop();
    addHistory(HistoryEvent::Ready, how);
    setState(DaemonState::Running);
}

// Enters Starting and probes controlSocket_ at once, then with a growing delay.
void SupervisedDaemon::startProbing() {
    setState(DaemonState::Starting, QStringLiteral("waiting for control socket"));
    probeDelayMs_ = probeFirstDelayMs;
    probeControlSocket();
}

void SupervisedDaemon::probeControlSocket() {
    if (state_ != DaemonState::Starting && state_ != DaemonState::Running) {
        return;
    }
    probe_->probe(controlSocket_, probeTimeoutMs);
}

void SupervisedDaemon::onProbeFinished(bool answered, const QString& error) {
    if (state_ != DaemonState::Starting) {
        return;
    }
    if (answered) {
        becomeRunning(QStringLiteral("control socket %1 answered").arg(controlSocket_));
        return;
    }
    if (socketDeclared_ && reason_ != error) {
        setState(DaemonState::Starting,
                 QStringLiteral("waiting for control socket (%1)").arg(error));
    }
    probeDelayMs_ = qMin(probeDelayMs_ * 2, probeMaxDelayMs);
    probeTimer_.start(probeDelayMs_);
}

void SupervisedDaemon::checkSurvivors(qint64 pgid) {
    QList<qint64> members = ProcessSampler::processGroupMembers(pgid);
    members.removeAll(pid_); // a new leader cannot share the old group, but be safe
    if (members.isEmpty()) {
        return;
    }
    QStringList pids;
    for (qint64 pid : members) {
        pids << QString::number(pid);
    }
    QString detail = QStringLiteral("pids %1 still running in process group %2 after its leader "
                                    "exited")
                         .arg(pids.join(QStringLiteral(", ")))
                         .arg(pgid);
    VLOG_WARN("{}: {}", definition_.name.toStdString(), detail.toStdString());
    addHistory(HistoryEvent::Survivors, detail);
}

void SupervisedDaemon::appendOutput(const output_line& line) {
    LogLine entry;
    entry.seq = ++outputSeq_;
    entry.time = QDateTime::fromMSecsSinceEpoch(line.wall_msec);
    entry.isStderr = line.stream == output_stream::err;
    entry.truncated = line.truncated;
    entry.text = QString::fromStdString(line.text);
    output_.push_back(entry);
    trimOutput();
    Q_EMIT outputAppended(entry);
}

void SupervisedDaemon::trimOutput() {
    while (output_.size() > std::size_t(qMax(1, definition_.outputLines))) {
        output_.pop_front();
    }
}

void SupervisedDaemon::addHistory(HistoryEvent event, const QString& detail) {
    HistoryEntry entry{QDateTime::currentDateTime(), event, detail};
    history_.push_back(entry);
    while (history_.size() > std::size_t(maxDaemonHistory)) {
        history_.pop_front();
    }
    Q_EMIT historyAppended(entry);
    Q_EMIT journalChanged();
}

void SupervisedDaemon::setState(DaemonState state, const QString& reason) {
    state_ = state;
    reason_ = reason;
    Q_EMIT changed();
    Q_EMIT journalChanged();
}

DaemonStatus SupervisedDaemon::status() const {
    DaemonStatus s;
    s.name = definition_.name;
    s.state = state_;
    s.desired = desired_;
    s.reason = reason_;
    s.pid = pid_;
    s.restarts = restarts_;
    qint64 now = time_msec();
    int failures = 0;
    for (qint64 t : failureTimes_) {
        failures += now - t <= definition_.failureWindowMs ? 1 : 0;
    }
    s.failures = failures;
    s.lastExit = lastExit_;
    s.startedAt = startedAt_;
    s.nextRestartAt = nextRestartAt_;
    s.backoffMs = state_ == DaemonState::Backoff ? backoffMs_ : 0;
    s.controlSocket = controlSocket_;
    s.adopted = adopted_;
    if (pid_ > 0) {
        ProcessSampler::Sample sample = sampler_->sample(pid_);
        s.cpuPercent = sample.cpuPercent;
        s.rssBytes = sample.rssBytes;
    }
    return s;
}

QList<HistoryEntry> SupervisedDaemon::history() const {
    return QList<HistoryEntry>(history_.begin(), history_.end());
}

QList<LogLine> SupervisedDaemon::output() const {
    return QList<LogLine>(output_.begin(), output_.end());
}

} // namespace vigil::ui
