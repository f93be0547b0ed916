// The daemon table's model as the Daemons view shows it: one row per supervised daemon (name,
// state, pid, uptime, restarts, last exit, CPU, memory, desired state), fed by the Supervisor's
// signals. Changes are coalesced through the event loop and signalled as contiguous dataChanged
// ranges; uptime and "next try in" are computed when a cell is painted, and CPU/memory change
// at most once a second (when the supervisor samples).
#pragma once

#include "services/supervisor_types.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QTimer>

namespace vigil::ui {

class Supervisor;

class DaemonTable : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        StateColumn,
        PidColumn,
        UptimeColumn,
        RestartsColumn,
        LastExitColumn,
        CpuColumn,
        MemoryColumn,
        DesiredColumn,
        ColumnCount
    };
    enum Role {
        NameRole = Qt::UserRole + 1, // QString, in every column
        StateRole,                   // int (DaemonState), in every column
        SortRole,                    // a sortable raw value for the column
    };

    // Follows `supervisor` (not owned; may be null, then use setDaemons()).
    explicit DaemonTable(Supervisor* supervisor, QObject* parent = nullptr);

    // Replaces the rows with `daemons`, matched by name: changed rows are signalled as
    // contiguous ranges, new ones inserted in one burst, vanished ones removed.
    void setDaemons(const QList<DaemonStatus>& daemons);
    // The snapshot on `row`; a default DaemonStatus for a row out of range.
    DaemonStatus daemon(int row) const;
    // The row of `name`, -1 when none.
    int rowOf(const QString& name) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Formats a byte count as the memory column does ("12.4 MiB").
    static QString formatBytes(qint64 bytes);

private:
    void markDirty();
    void sync();

    Supervisor* supervisor_;
    QList<DaemonStatus> rows_;
    QHash<QString, int> index_;
    QTimer coalesce_;
};

} // namespace vigil::ui
