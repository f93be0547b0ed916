// The supervised daemons as a table, fed with Supervisor::daemons() snapshots and diffed by
// name: rows that stay keep their place, changed cells are signalled in contiguous dataChanged
// ranges (one full range when most rows changed), new daemons are appended in one
// beginInsertRows burst. The time cells (uptime, "next try in") are computed in data(), when
// painted, so nothing is pushed per row as time passes; a view that shows them repaints itself
// (e.g. once a second).
#pragma once

#include "services/supervisor_types.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QTimer>

namespace vigil::ui {

class Supervisor;

class DaemonModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        StateColumn,
        PidColumn,
        UptimeColumn, // "up 3 min 5 s", "next try in 2 s", "gave up", ""
        RestartsColumn,
        LastExitColumn, // "exit status 3", "killed (Segmentation fault)"
        CpuColumn,
        MemoryColumn,
        DesiredColumn,
        ColumnCount
    };
    enum Role {
        StateRole = Qt::UserRole, // QString: daemonStateName(), in every column (badges)
        NameRole,                 // QString: the daemon's name, in every column
        DesiredRole,              // QString: "up" or "down"
        ReasonRole,               // QString: why it is in its state
        AdoptedRole,              // bool
        FailuresRole,             // int: failures within the current window
        SortRole,                 // a sortable raw value for the column
    };

    // Shows `supervisor`'s daemons and follows its signals (changes arriving in one event-loop
    // pass are applied together).
    explicit DaemonModel(Supervisor* supervisor, QObject* parent = nullptr);

    // Applies the supervisor's current snapshots at once (normally done from the event loop).
    void refresh();
    // Replaces the rows with `daemons`, matched by name (what refresh() does with the
    // supervisor's snapshots; a model without a supervisor is fed this way).
    void setDaemons(const QList<DaemonStatus>& daemons);
    // The snapshot on `row`; a default DaemonStatus for a row out of range.
    DaemonStatus statusAt(int row) const;
    // The row of the daemon named `name`, -1 when none.
    int rowOf(const QString& name) const;

    // Formats a duration for the time cells: "850 ms", "12 s", "4 min 5 s", "2 h 3 min",
    // "3 d 4 h".
    static QString formatDuration(qint64 ms);
    // Formats a byte count: "512 B", "12.3 KiB", "45.6 MiB", "1.2 GiB".
    static QString formatBytes(qint64 bytes);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void scheduleRefresh();
    QVariant display(const DaemonStatus& s, int column) const;
    QVariant sortValue(const DaemonStatus& s, int column) const;
    QString toolTip(const DaemonStatus& s) const;
    void reindex();

    QPointer<Supervisor> supervisor_;
    QList<DaemonStatus> rows_;
    QHash<QString, int> rowOfName_;
    QTimer refreshTimer_;
};

} // namespace vigil::ui
