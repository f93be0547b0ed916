#include "services/supervisor_journal.h"

#include "services/json_error_position.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSaveFile>
#include <algorithm>
#include <functional>
#include <limits>
#include <vector>

namespace vigil::ui {

namespace {

// What one history entry adds to the indented file besides its compact JSON: the indentation
// of its five lines, the spaces after the colons, newlines and a comma. An estimate, used only
// to choose how much to drop at once; the real size is checked after.
constexpr qint64 historyEntryOverhead = 100;

} // namespace

SupervisorJournal::SupervisorJournal(const QString& path, QObject* parent, const Limits& limits)
    : QObject(parent), path_(path), limits_(limits) {
    timer_.setSingleShot(true);
    timer_.setInterval(limits_.saveDelayMs);
    connect(&timer_, &QTimer::timeout, this, [this] {
        if (!flush()) {
            Q_EMIT saveFailed(error_);
        }
    });
}

SupervisorJournal::~SupervisorJournal() {
    if (dirty_) {
        flush();
    }
}

bool SupervisorJournal::fail(const QString& message) {
    error_ = message;
    return false;
}

bool SupervisorJournal::load() {
    timer_.stop();
    daemons_.clear();
    dirty_ = false;
    badFileInPlace_ = false;
    badFilePath_.clear();
    previousPid_ = 0;
    previousWrittenAt_ = QDateTime();
    error_.clear();

    const QFileInfo info(path_);
    if (!info.exists() && !info.isSymLink()) {
        return true;
    }
    if (info.size() > limits_.maxFileBytes) {
        fail(QStringLiteral("%1: %2 bytes, over the limit of %3 bytes")
                 .arg(path_)
                 .arg(info.size())
                 .arg(limits_.maxFileBytes));
        moveAside();
        return false;
    }
    QByteArray data;
    {
        QFile file(path_);
        if (!file.open(QIODevice::ReadOnly)) {
            fail(QStringLiteral("%1: cannot read (%2)").arg(path_, file.errorString()));
            moveAside();
            return false;
        }
        // The size was checked above; reading one byte past the limit also catches a file that
        // grew since (or one whose size stat() does not tell).
        data = file.read(limits_.maxFileBytes + 1);
        if (file.error() != QFileDevice::NoError) {
            fail(QStringLiteral("%1: cannot read (%2)").arg(path_, file.errorString()));
            file.close();
            moveAside();
            return false;
        }
    }
    if (data.size() > limits_.maxFileBytes) {
        fail(QStringLiteral("%1: over the limit of %2 bytes").arg(path_).arg(limits_.maxFileBytes));
        moveAside();
        return false;
    }
    if (!parse(data)) {
        daemons_.clear();
        previousPid_ = 0;
        previousWrittenAt_ = QDateTime();
        moveAside();
        return false;
    }
    return true;
}

bool SupervisorJournal::parse(const QByteArray& data) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return fail(
            QStringLiteral("%1: %2: %3")
                .arg(path_, jsonErrorPosition(data, parseError.offset), parseError.errorString()));
    }
    if (!doc.isObject()) {
        return fail(QStringLiteral("%1: the journal must be a JSON object").arg(path_));
    }
    const QJsonObject root = doc.object();
    const QJsonValue version = root.value(QLatin1String("version"));
    if (!version.isDouble() || version.toDouble() != formatVersion) {
        return fail(QStringLiteral("%1: \"version\" must be %2 (this supervisor reads version %2)")
                        .arg(path_)
                        .arg(formatVersion));
    }
    const QJsonValue list = root.value(QLatin1String("daemons"));
    if (!list.isUndefined() && !list.isNull() && !list.isObject()) {
        return fail(QStringLiteral("%1: \"daemons\" must be an object").arg(path_));
    }
    const QJsonObject records = list.toObject();
    if (records.size() > limits_.maxDaemons) {
        return fail(QStringLiteral("%1: %2 daemons, over the limit of %3")
                        .arg(path_)
                        .arg(records.size())
                        .arg(limits_.maxDaemons));
    }
    QMap<QString, JournalDaemon> daemons;
    for (auto it = records.begin(); it != records.end(); ++it) {
        if (!it.value().isObject()) {
            return fail(QStringLiteral("%1: daemons.%2 must be an object").arg(path_, it.key()));
        }
        QString why;
        std::optional<JournalDaemon> daemon =
            journalDaemonFromJson(it.key(), it.value().toObject(), &why);
        if (!daemon) {
            return fail(QStringLiteral("%1: daemons.%2: %3").arg(path_, it.key(), why));
        }
        why = journalDaemonProblem(*daemon, limits_);
        if (!why.isEmpty()) {
            return fail(QStringLiteral("%1: daemons.%2: %3").arg(path_, it.key(), why));
        }
        // A file written under other limits is read under these.
        boundJournalDaemon(*daemon, limits_);
        daemons.insert(it.key(), *daemon);
    }
    daemons_ = daemons;
    const QJsonValue pid = root.value(QLatin1String("supervisor_pid"));
    previousPid_ = pid.isDouble() ? pid.toInteger() : 0;
    previousWrittenAt_ = QDateTime::fromString(root.value(QLatin1String("written_at")).toString(),
                                               Qt::ISODateWithMs);
    return true;
}

void SupervisorJournal::moveAside() {
    // QFile::rename() refuses an existing target, so a bad file kept earlier is never replaced;
    // the loop only looks for a free name.
    constexpr int maxCandidates = 100;
    for (int i = 0; i < maxCandidates; ++i) {
        const QString candidate =
            i == 0 ? path_ + QStringLiteral(".bad") : path_ + QStringLiteral(".bad.%1").arg(i);
        const QFileInfo target(candidate);
        if (target.exists() || target.isSymLink()) {
            continue;
        }
        QFile file(path_);
        if (file.rename(candidate)) {
            badFilePath_ = candidate;
            error_ += QStringLiteral(" (the file is kept as %1)").arg(candidate);
            return;
        }
        const QFileInfo after(candidate);
        if (after.exists() || after.isSymLink()) {
            continue;
        }
        error_ += QStringLiteral(" (it could not be moved aside: %1; it is left in place and "
                                 "will not be overwritten)")
                      .arg(file.errorString());
        badFileInPlace_ = true;
        return;
    }
    error_ += QStringLiteral(" (it could not be moved aside: %1.bad to %1.bad.%2 all exist; it "
                             "is left in place and will not be overwritten)")
                  .arg(path_)
                  .arg(maxCandidates - 1);
    badFileInPlace_ = true;
}

std::optional<JournalDaemon> SupervisorJournal::daemon(const QString& name) const {
    auto it = daemons_.constFind(name);
    if (it == daemons_.constEnd()) {
        return std::nullopt;
    }
    return *it;
}

bool SupervisorJournal::put(const JournalDaemon& daemon) {
    const QString problem = journalDaemonProblem(daemon, limits_);
    if (!problem.isEmpty()) {
        return fail(QStringLiteral("%1: %2").arg(path_, problem));
    }
    auto it = daemons_.find(daemon.name);
    if (it == daemons_.end() && daemons_.size() >= limits_.maxDaemons) {
        return fail(QStringLiteral("%1: %2: the journal holds %3 daemons, its limit")
                        .arg(path_, daemon.name)
                        .arg(limits_.maxDaemons));
    }
    JournalDaemon bounded = daemon;
    boundJournalDaemon(bounded, limits_);
    error_.clear();
    if (it != daemons_.end()) {
        if (*it == bounded) {
            return true;
        }
        *it = bounded;
    } else {
        daemons_.insert(bounded.name, bounded);
    }
    scheduleSave();
    return true;
}

void SupervisorJournal::remove(const QString& name) {
    if (daemons_.remove(name) > 0) {
        scheduleSave();
    }
}

void SupervisorJournal::scheduleSave() {
    dirty_ = true;
    // A running timer is left alone: restarting it on every change would let a steady stream of
    // changes postpone the write forever.
    if (!timer_.isActive()) {
        timer_.start();
    }
}

QByteArray SupervisorJournal::serialize() const {
    QJsonObject records;
    for (auto it = daemons_.begin(); it != daemons_.end(); ++it) {
        records.insert(it.key(), journalDaemonToJson(it.value()));
    }
    const QJsonObject root{
        {"version", formatVersion},
        {"supervisor_pid", QCoreApplication::applicationPid()},
        {"written_at", QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {"daemons", records},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

void SupervisorJournal::dropOldestHistory(qint64 bytes) {
    struct Candidate {
        qint64 timeMs;
        QString name;
        qsizetype index;
    };
    std::vector<Candidate> candidates;
    for (auto it = daemons_.begin(); it != daemons_.end(); ++it) {
        const QList<HistoryEntry>& history = it.value().history;
        for (qsizetype i = 0; i < history.size(); ++i) {
            // An entry without a time counts as older than any other.
            const QDateTime& time = history[i].time;
            candidates.push_back(
                {time.isValid() ? time.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min(),
                 it.key(), i});
        }
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.timeMs < b.timeMs; });
    QMap<QString, QList<qsizetype>> doomed;
    qint64 freed = 0;
    for (const Candidate& c : candidates) {
        if (freed >= bytes) {
            break;
        }
        const HistoryEntry& entry = daemons_[c.name].history[c.index];
        const QJsonObject json{{"time", entry.time.toUTC().toString(Qt::ISODateWithMs)},
                               {"event", historyEventName(entry.event)},
                               {"detail", entry.detail}};
        freed += QJsonDocument(json).toJson(QJsonDocument::Compact).size() + historyEntryOverhead;
        doomed[c.name] << c.index;
    }
    for (auto it = doomed.begin(); it != doomed.end(); ++it) {
        QList<HistoryEntry>& history = daemons_[it.key()].history;
        QList<qsizetype> indexes = it.value();
        std::sort(indexes.begin(), indexes.end(), std::greater<>());
        for (qsizetype index : indexes) {
            history.removeAt(index);
        }
    }
}

bool SupervisorJournal::flush() {
    if (!dirty_) {
        return true;
    }
    timer_.stop();
    if (badFileInPlace_) {
        const QFileInfo info(path_);
        if (info.exists() || info.isSymLink()) {
            return fail(QStringLiteral("%1: holds a journal that could not be read nor moved "
                                       "aside; it is not overwritten")
                            .arg(path_));
        }
        badFileInPlace_ = false;
    }
    QByteArray data = serialize();
    while (data.size() > limits_.maxFileBytes) {
        bool anyHistory = std::any_of(daemons_.cbegin(), daemons_.cend(),
                                      [](const JournalDaemon& d) { return !d.history.isEmpty(); });
        if (!anyHistory) {
            return fail(QStringLiteral("%1: the journal of %2 daemons takes %3 bytes without "
                                       "history, over the limit of %4 bytes; not written")
                            .arg(path_)
                            .arg(daemons_.size())
                            .arg(data.size())
                            .arg(limits_.maxFileBytes));
        }
        // The oldest entries go first, whichever daemon they belong to.
        dropOldestHistory(data.size() - limits_.maxFileBytes);
        data = serialize();
    }
    QSaveFile file(path_);
    if (!file.open(QIODevice::WriteOnly)) {
        return fail(QStringLiteral("%1: cannot write (%2)").arg(path_, file.errorString()));
    }
    // QSaveFile buffers: a write that fails when the buffer is flushed (EFBIG, ENOSPC, EIO)
    // must be caught before commit(), which in Qt 6.4 renames a short file over the journal
    // anyway.
    if (file.write(data) != data.size() || !file.flush() || file.error() != QFileDevice::NoError) {
        const QString why = file.errorString();
        file.cancelWriting();
        return fail(QStringLiteral("%1: cannot write (%2)").arg(path_, why));
    }
    if (!file.commit()) {
        return fail(QStringLiteral("%1: cannot write (%2)").arg(path_, file.errorString()));
    }
    dirty_ = false;
    error_.clear();
    Q_EMIT saved();
    return true;
}

} // namespace vigil::ui
