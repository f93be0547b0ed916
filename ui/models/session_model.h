// All sessions (the console's and every daemon's) as one table, fed with snapshots (normally
// SessionMonitor::sessions()) and diffed by SessionInfo::key(): contiguous dataChanged ranges,
// bursts of inserts and removals as single ranges. The time-in-state cell is computed when it
// is painted (from the snapshot time), so nothing is pushed per row as time passes; the
// timeline a row hands out is built when its history changes, not when it is painted. A row
// whose state is not known now (an Open vSwitch database that cannot be reached) shows
// "unknown", its reason in the error column, and is painted greyed and in italics; counters
// that Open vSwitch does not publish stay empty.
#pragma once

#include "services/session_types.h"

#include <QAbstractTableModel>
#include <QList>
#include <QVariant>

namespace vigil::ui {

class SessionModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        SourceColumn,
        NameColumn,
        DetailColumn, // where the session lives (an OVS row's bridge and role, ...)
        StateColumn,
        TimeInStateColumn,
        BackoffColumn,
        AttemptsColumn,
        SuccessesColumn,
        ConnectedTotalColumn,
        LastErrorColumn,
        SeqnoColumn,
        ColumnCount
    };
    enum Role {
        KeyRole = Qt::UserRole + 1, // QString: SessionInfo::key()
        StateRole,                  // QString: the FSM state, in every column
        ConnectedRole,              // bool
        SnapshotTimeRole,           // QDateTime (UTC)
        StateElapsedRole,           // qint64: ms in state at the snapshot
        HistoryRole,                // QVariantList of QVariantMap {time: QDateTime, state: QString}
        SortRole,                   // a sortable raw value for the column
        StateKnownRole,             // bool: false for a row whose state is not known now
    };

    explicit SessionModel(QObject* parent = nullptr);

    // Replaces the rows with `sessions`, keeping rows whose key stays, removing vanished ones
    // and inserting new ones, and signalling changed cells in contiguous ranges.
    void setSessions(const QList<SessionInfo>& sessions);
    // The session on `row`; a default SessionInfo for a row out of range.
    SessionInfo session(int row) const;
    // The row of the session with `key`, -1 when none.
    int rowOf(const QString& key) const;
    // Formats a duration like the table does ("850 ms", "12.3 s", "4 min 5 s", "2 h 3 min").
    static QString formatDuration(qint64 ms);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    // Emits dataChanged for the rows flagged in `changed`: contiguous ranges, or one range when
    // most rows changed.
    void signalChanged(const QList<bool>& changed);

    // Replaces every row (a reset), for changes the diff cannot express as moves.
    void resetRows(const QList<SessionInfo>& sessions, const QList<QString>& keys);
    // Stores `session` in row `i`, rebuilding the row's HistoryRole value only when its history
    // changed.
    void assignRow(qsizetype i, const SessionInfo& session);

    QList<SessionInfo> rows_;
    // rows_[i].history as HistoryRole hands it out (an implicitly shared list, so a paint
    // copies a pointer).
    QList<QVariant> histories_;
    // rows_[i].key(), kept beside the rows because building keys dominated the diff's cost.
    QList<QString> keys_;
};

} // namespace vigil::ui
