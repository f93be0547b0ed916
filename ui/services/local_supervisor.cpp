#include "services/local_supervisor.h"

#include "services/daemon_paths.h"
#include "services/process_sampler.h"
#include "services/state_directory.h"
#include "services/supervised_daemon.h"
#include "services/supervisor_journal.h"
#include "vigil/vlog.h"

#include <QDir>
#include <QFileInfo>
#include <QTimer>
#include <algorithm>

VLOG_DEFINE_THIS_MODULE(supervisor_journal);

namespace vigil::ui {

LocalSupervisor::LocalSupervisor(QObject* parent)
    : Supervisor(parent), sampler_(new ProcessSampler(this)) {
    connect(sampler_, &ProcessSampler::sampled, this, &LocalSupervisor::samplesUpdated);
    journalTimer_.setSingleShot(true);
    connect(&journalTimer_, &QTimer::timeout, this, &LocalSupervisor::writeJournal);
}

LocalSupervisor::~LocalSupervisor() {
    // The daemons signal their process groups in their destructors; disconnect first so that
    // no signal reaches a half-destroyed supervisor.
    for (auto& daemon : daemons_) {
        daemon->disconnect(this);
    }
    if (journal_) {
        for (auto& daemon : daemons_) {
            if (daemon->adopted()) {
                continue;
            }
            JournalDaemon record = daemon->journalRecord();
            if (keepDaemonsOnExit_) {
                daemon->setKeepOnExit(true);
            } else {
                // Its process is signalled now and must not be re-adopted; without a desired
                // state, the next supervisor leaves the decision to the workspace.
                record.process.reset();
                record.pgid = 0;
                record.startedAt = QDateTime();
                record.state = daemonStateName(DaemonState::Stopped);
                record.desired.clear();
                record.restartAfterStop = false;
                record.nextRestartAt = QDateTime();
            }
            journal_->put(record);
        }
        if (!journal_->flush()) {
            VLOG_WARN("{}", journal_->errorString().toStdString());
        }
    }
    daemons_.clear();
}

bool LocalSupervisor::setStateDirectory(const QString& dir, QString* error) {
    auto fail = [&](const QString& message) {
        if (error) {
            *error = message;
        }
        return false;
    };
    if (!daemons_.empty() || journal_) {
        return fail(QStringLiteral("the state directory is set before any daemon is added"));
    }
    QString why;
    QString logs = QDir(dir).filePath(QStringLiteral("logs"));
    if (!prepareStateDirectory(dir, &why) || !prepareStateDirectory(logs, &why)) {
        return fail(why);
    }
    stateDirectory_ = dir;
    journal_ = new SupervisorJournal(QDir(dir).filePath(QStringLiteral("supervisor.json")), this);
    connect(journal_, &SupervisorJournal::saveFailed, this,
            [](const QString& message) { VLOG_WARN("{}", message.toStdString()); });
    if (error) {
        error->clear();
    }
    if (!journal_->load()) {
        // The text names where the bad file was kept; supervision goes on with an empty journal.
        QString message = journal_->errorString();
        VLOG_WARN("{}", message.toStdString());
        if (error) {
            *error = message;
        }
    }
    return true;
}

void LocalSupervisor::markJournalDirty(SupervisedDaemon* daemon) {
    journalDirty_.insert(daemon);
    if (!journalTimer_.isActive()) {
        journalTimer_.start(0);
    }
}

// Puts the records of the daemons that changed; the journal coalesces the writes themselves.
void LocalSupervisor::writeJournal() {
    QSet<SupervisedDaemon*> dirty;
    dirty.swap(journalDirty_);
    for (const auto& daemon : daemons_) {
        if (dirty.contains(daemon.get()) && !journal_->put(daemon->journalRecord())) {
            VLOG_WARN("{}: not journaled: {}", daemon->name().toStdString(),
                      journal_->errorString().toStdString());
        }
    }
}

void LocalSupervisor::flushJournal() {
    if (!journal_) {
        return;
    }
    journalTimer_.stop();
    for (const auto& daemon : daemons_) {
        if (!daemon->adopted()) {
            journalDirty_.insert(daemon.get());
        }
    }
    writeJournal();
    if (!journal_->flush()) {
        VLOG_WARN("{}", journal_->errorString().toStdString());
    }
}

SupervisedDaemon* LocalSupervisor::find(const QString& name) const {
    for (const auto& daemon : daemons_) {
        if (daemon->name() == name) {
            return daemon.get();
        }
    }
    return nullptr;
}

bool LocalSupervisor::add(const DaemonDefinition& definition, QString* error) {
    QString problem = definition.validate();
    if (problem.isEmpty() && find(definition.name)) {
        problem = QStringLiteral("a daemon named \"%1\" already exists").arg(definition.name);
    }
    if (!problem.isEmpty()) {
        if (error) {
            *error = problem;
        }
        return false;
    }
    auto daemon = std::make_unique<SupervisedDaemon>(definition, sampler_);
    SupervisedDaemon* d = daemon.get();
    std::optional<JournalDaemon> record;
    if (journal_) {
        d->setLogDirectory(QDir(stateDirectory_).filePath(QStringLiteral("logs")));
        connect(d, &SupervisedDaemon::journalChanged, this, [this, d] { markJournalDirty(d); });
        record = journal_->daemon(definition.name);
    }
    attach(std::move(daemon));
    if (record) {
        // Synchronously: a re-adopted process is ours again before add() returns.
        if (d->restore(*record)) {
            restored_.insert(definition.name);
        }
    }
    if (journal_) {
        markJournalDirty(d);
    }
    return true;
}

void LocalSupervisor::attach(std::unique_ptr<SupervisedDaemon> daemon) {
    SupervisedDaemon* d = daemon.get();
    QString name = d->name();
    connect(d, &SupervisedDaemon::changed, this, [this, d] { onDaemonChanged(d); });
    connect(d, &SupervisedDaemon::historyAppended, this,
            [this, name](const HistoryEntry& entry) { Q_EMIT historyAppended(name, entry); });
    connect(d, &SupervisedDaemon::outputAppended, this,
            [this, name](const LogLine& line) { Q_EMIT outputAppended(name, line); });
    connect(d, &SupervisedDaemon::gaveUp, this, [this, name] { Q_EMIT daemonFailed(name); });
    daemons_.push_back(std::move(daemon));
    Q_EMIT daemonAdded(name);
}

bool LocalSupervisor::update(const DaemonDefinition& definition, QString* error) {
    SupervisedDaemon* d = find(definition.name);
    QString problem = definition.validate();
    if (problem.isEmpty() && !d) {
        problem = QStringLiteral("no daemon named \"%1\"").arg(definition.name);
    } else if (problem.isEmpty() && d->adopted()) {
        problem = QStringLiteral("\"%1\" is adopted; it has no definition").arg(definition.name);
    }
    if (!problem.isEmpty()) {
        if (error) {
            *error = problem;
        }
        return false;
    }
    d->setDefinition(definition);
    return true;
}

bool LocalSupervisor::remove(const QString& name) {
    SupervisedDaemon* d = find(name);
    if (!d) {
        return false;
    }
    d->markForRemoval();
    if (!d->adopted()) {
        d->stop(); // may report a change that removes it at once
    }
    if (find(name) == d) {
        onDaemonChanged(d);
    }
    return true;
}

void LocalSupervisor::onDaemonChanged(SupervisedDaemon* d) {
    auto it =
        std::find_if(daemons_.begin(), daemons_.end(), [d](const auto& p) { return p.get() == d; });
    if (it == daemons_.end()) {
        return;
    }
    QString name = d->name();
    bool removable =
        d->adopted() || d->state() == DaemonState::Stopped || d->state() == DaemonState::Failed;
    if (d->markedForRemoval() && removable) {
        // This may run inside the daemon's own signal emission: delete it later.
        std::unique_ptr<SupervisedDaemon> doomed = std::move(*it);
        daemons_.erase(it);
        doomed->disconnect(this);
        journalDirty_.remove(d);
        restored_.remove(name);
        if (journal_ && !d->adopted()) {
            journal_->remove(name);
        }
        doomed.release()->deleteLater();
        Q_EMIT daemonRemoved(name);
    } else {
        Q_EMIT daemonChanged(name);
    }
    checkAllStopped();
}

bool LocalSupervisor::start(const QString& name) {
    SupervisedDaemon* d = find(name);
    return d && !d->markedForRemoval() && d->start();
}

bool LocalSupervisor::stop(const QString& name) {
    SupervisedDaemon* d = find(name);
    return d && d->stop();
}

bool LocalSupervisor::restart(const QString& name) {
    SupervisedDaemon* d = find(name);
    return d && !d->markedForRemoval() && d->restart();
}

bool LocalSupervisor::resetFailures(const QString& name) {
    SupervisedDaemon* d = find(name);
    if (!d) {
        return false;
    }
    d->resetFailures();
    return true;
}

void LocalSupervisor::stopAll() {
    stoppingAll_ = true;
    // stop() may emit changes that remove daemons; iterate over a copy of the names.
    for (const QString& name : names()) {
        if (SupervisedDaemon* d = find(name)) {
            d->stop();
        }
    }
    QTimer::singleShot(0, this, &LocalSupervisor::checkAllStopped);
}

void LocalSupervisor::checkAllStopped() {
    if (!stoppingAll_) {
        return;
    }
    for (const auto& d : daemons_) {
        DaemonState s = d->state();
        if (s == DaemonState::Stopping || s == DaemonState::Starting || s == DaemonState::Running) {
            return;
        }
    }
    stoppingAll_ = false;
    Q_EMIT allStopped();
}

bool LocalSupervisor::adopt(const QString& name, const QString& pidfile, QString* error,
                            const QString& controlSocket) {
    auto fail = [&](const QString& message) {
        if (error) {
            *error = message;
        }
        return false;
    };
    if (name.trimmed().isEmpty()) {
        return fail(QStringLiteral("an adopted daemon needs a name"));
    }
    if (find(name)) {
        return fail(QStringLiteral("a daemon named \"%1\" already exists").arg(name));
    }
    QString why;
    qint64 pid = readDaemonPidfile(pidfile, &why);
    if (pid <= 0) {
        return fail(why);
    }
    QString socket = controlSocket;
    if (socket.isEmpty()) {
        QFileInfo info(pidfile);
        QDir dir = info.absoluteDir();
        QString byName = dir.filePath(QStringLiteral("%1.%2.ctl").arg(name).arg(pid));
        QString byStem =
            dir.filePath(QStringLiteral("%1.%2.ctl").arg(info.completeBaseName()).arg(pid));
        socket = QFileInfo::exists(byName)   ? byName
                 : QFileInfo::exists(byStem) ? byStem
                                             : QString();
    }
    DaemonDefinition definition;
    definition.name = name;
    definition.program = QFileInfo(pidfile).completeBaseName();
    definition.restart = RestartPolicy::Never;
    auto daemon = std::make_unique<SupervisedDaemon>(definition, sampler_);
    SupervisedDaemon* d = daemon.get();
    attach(std::move(daemon));
    d->adopt(pid, pidfile, socket);
    return true;
}

std::optional<DaemonDefinition> LocalSupervisor::definition(const QString& name) const {
    SupervisedDaemon* d = find(name);
    if (!d || d->adopted()) {
        return std::nullopt;
    }
    return d->definition();
}

QList<DaemonStatus> LocalSupervisor::daemons() const {
    QList<DaemonStatus> result;
    result.reserve(qsizetype(daemons_.size()));
    for (const auto& d : daemons_) {
        result << d->status();
    }
    return result;
}

std::optional<DaemonStatus> LocalSupervisor::status(const QString& name) const {
    SupervisedDaemon* d = find(name);
    if (!d) {
        return std::nullopt;
    }
    return d->status();
}

QList<HistoryEntry> LocalSupervisor::history(const QString& name) const {
    SupervisedDaemon* d = find(name);
    return d ? d->history() : QList<HistoryEntry>();
}

QList<LogLine> LocalSupervisor::output(const QString& name) const {
    SupervisedDaemon* d = find(name);
    return d ? d->output() : QList<LogLine>();
}

} // namespace vigil::ui
