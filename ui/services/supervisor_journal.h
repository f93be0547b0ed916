// The supervisor's journal, `<state dir>/supervisor.json`: per daemon, the identity of its
// process, its log offsets, its restart-policy state and its history, so a supervisor killed
// with -9 and started again re-adopts its daemons and carries on where it stopped. Writes are
// atomic (QSaveFile) and coalesced, and the file is bounded in size.
#pragma once

#include "services/supervisor_journal_record.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QTimer>
#include <optional>

namespace vigil::ui {

class SupervisorJournal : public QObject {
    Q_OBJECT
public:
    using Limits = JournalLimits;

    // The format this code reads and writes; a file of another version is refused.
    static constexpr int formatVersion = 1;

    // A journal kept in `path`; nothing is read or written until load(), put() or flush().
    explicit SupervisorJournal(const QString& path, QObject* parent = nullptr,
                               const Limits& limits = {});
    // Writes pending changes (a failure is lost: there is nobody left to tell).
    ~SupervisorJournal() override;

    QString path() const { return path_; }
    const Limits& limits() const { return limits_; }

    // Reads the file, replacing what the journal holds. A missing file returns true and leaves
    // the journal empty. A file over maxFileBytes, unreadable, not JSON, of another version or
    // with a malformed record returns false, sets errorString() ("PATH: line L, column C: ...")
    // and is renamed to PATH.bad (PATH.bad.1, ... when that exists: never overwritten), so the
    // journal starts empty and the next save starts clean. Should the rename fail too, saves are
    // refused while the bad file stays in place.
    bool load();
    // The last error of load(), put() or flush(); empty after a success.
    QString errorString() const { return error_; }
    // Where load() moved the last bad file; empty when it moved none.
    QString badFilePath() const { return badFilePath_; }
    // The pid and time of the supervisor that wrote the file load() read; 0 and invalid when
    // none was read.
    qint64 previousSupervisorPid() const { return previousPid_; }
    QDateTime previousWrittenAt() const { return previousWrittenAt_; }

    // Every daemon's record, ordered by name.
    QList<JournalDaemon> daemons() const { return daemons_.values(); }
    // The record of `name`; std::nullopt when there is none.
    std::optional<JournalDaemon> daemon(const QString& name) const;

    // Replaces the record of daemon.name (bounded by boundJournalDaemon()) and schedules a
    // coalesced save: at most one write per saveDelayMs, from a single-shot timer, so a burst of
    // changes costs one write. A record equal to the one held changes nothing. Returns false and
    // sets errorString() when the record cannot be written (journalDaemonProblem()) or would be
    // one daemon more than maxDaemons.
    bool put(const JournalDaemon& daemon);
    // Removes the record of `name` (nothing when there is none) and schedules a save.
    void remove(const QString& name);
    // Returns true while changes wait to be written.
    bool hasPendingChanges() const { return dirty_; }

    // Writes now if anything is pending, atomically (the old file stays intact on failure); the
    // oldest history entries are left out, across daemons, if the file would exceed
    // maxFileBytes. Returns true when nothing was pending or the write succeeded; false with
    // errorString() ("PATH: cannot write (...)") when it failed, and the changes stay pending.
    bool flush();

Q_SIGNALS:
    // The file was written.
    void saved();
    // A save scheduled by put() or remove() failed with `error` (flush() returns its own).
    void saveFailed(const QString& error);

private:
    bool fail(const QString& message);
    void scheduleSave();
    bool parse(const QByteArray& data);
    void moveAside();
    QByteArray serialize() const;
    void dropOldestHistory(qint64 bytes);

    QString path_;
    Limits limits_;
    QMap<QString, JournalDaemon> daemons_;
    QTimer timer_;
    bool dirty_ = false;
    bool badFileInPlace_ = false;
    QString error_;
    QString badFilePath_;
    qint64 previousPid_ = 0;
    QDateTime previousWrittenAt_;
};

} // namespace vigil::ui
