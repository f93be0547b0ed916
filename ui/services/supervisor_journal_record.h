// One daemon's record in the supervisor's journal: what a restarted supervisor needs to re-adopt
// its process and carry on its history and restart policy, its JSON form and the bounds that
// keep it small.
#pragma once

#include "services/process_identity.h"
#include "services/supervisor_types.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace vigil::ui {

// The bounds of the journal; the defaults suit the supervisor, tests choose smaller ones.
struct JournalLimits {
    qint64 maxFileBytes = 8 * 1024 * 1024; // a bigger file is refused; a save never writes one
    int maxDaemons = 1000;                 // records beyond this are refused by put()
    int maxTextBytes = 1024;               // UTF-8 bytes of a history detail, a reason, a last exit
    int maxFailureTimes = 100;             // the newest failure times kept per daemon
    int maxNameBytes = 256;                // UTF-8 bytes of a daemon's name
    int maxSocketBytes = 4096;             // UTF-8 bytes of a control socket path (PATH_MAX)
    int saveDelayMs = 100;                 // changes are written at most once per this interval
};

// One daemon's record. Times are wall-clock; an invalid QDateTime is stored as null.
struct JournalDaemon {
    QString name;
    std::optional<ProcessIdentity> process; // the running process; none when it has none
    qint64 pgid = 0;                        // its process group; 0 when none
    QDateTime startedAt;                    // start of the current process
    QString controlSocket;                  // control socket path; empty when none
    qint64 stdoutOffset = -1;               // bytes of its stdout log consumed; -1: unknown
    qint64 stderrOffset = -1;               // bytes of its stderr log consumed; -1: unknown
    QString state;                          // daemonStateName(), or empty
    QString desired;                        // desiredStateName(), or empty
    QString reason;
    QString lastExit;
    int restarts = 0;
    QList<qint64> failureTimes; // wall-clock ms since the epoch of recent failures, oldest first
    int backoffLevel = 0;
    QDateTime nextRestartAt;
    bool restartAfterStop = false;
    QList<HistoryEntry> history; // oldest first

    // Returns true when every field is equal (times as instants; history entry by entry).
    friend bool operator==(const JournalDaemon& a, const JournalDaemon& b);
};

// Returns the JSON object of `daemon` (its name is the key it is stored under, so it is not
// repeated). Every field is written; absent values are null.
QJsonObject journalDaemonToJson(const JournalDaemon& daemon);

// Parses what journalDaemonToJson() returns into the record named `name`. Missing members keep
// their defaults; returns std::nullopt and sets `*error` (naming the member) when one has the
// wrong type, a time or a state name does not parse, or a history event is unknown.
std::optional<JournalDaemon> journalDaemonFromJson(const QString& name, const QJsonObject& json,
                                                   QString* error = nullptr);

// Checks that `daemon` can be written and read back within `limits`. Returns an empty string
// when it can, or why not: an empty or too long name, a too long control socket, or a state or
// desired state that is not one of the names of supervisor_types.h.
QString journalDaemonProblem(const JournalDaemon& daemon, const JournalLimits& limits);

// Cuts `daemon` down to `limits`: keeps the newest maxDaemonHistory history entries and
// maxFailureTimes failure times, shortens history details, the reason and the last exit to
// maxTextBytes (on a character boundary, ending in "…"), and drops a process identity that is
// not valid (it could not be checked on re-adoption anyway).
void boundJournalDaemon(JournalDaemon& daemon, const JournalLimits& limits);

// Returns `text` unchanged when its UTF-8 fits in `maxBytes`, else its longest prefix that fits
// together with a final "…", cut on a character boundary.
QString truncateUtf8(const QString& text, int maxBytes);

} // namespace vigil::ui
