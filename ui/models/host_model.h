// The fleet's hosts as one table (name, destination, state, targets, round trip, last error),
// fed with snapshots (normally Fleet::hosts(), again on every hostsChanged()) and diffed by host
// name: vanished rows removed in contiguous ranges, changed cells signalled in contiguous
// dataChanged ranges, new hosts appended in one burst.
#pragma once

#include "services/host_types.h"

#include <QAbstractTableModel>
#include <QList>
#include <QVariant>

namespace vigil::ui {

class Fleet;

class HostModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        DestinationColumn,
        StateColumn,
        TargetsColumn,
        RttColumn,
        LastErrorColumn,
        ColumnCount
    };
    enum Role {
        NameRole = Qt::UserRole + 1, // QString: the host's name, in every column
        StateRole,                   // int: HostState, in every column
        FingerprintRole,             // QString: the offered key's fingerprint (key states)
        KeyTypeRole,                 // QString: the offered key's type (key states)
        SortRole,                    // a sortable raw value for the column
    };

    // A model following `fleet` (not owned; may be null, then only setHosts() feeds it).
    explicit HostModel(Fleet* fleet = nullptr, QObject* parent = nullptr);

    // Replaces the rows with `hosts`, keeping rows whose name stays (updated in place),
    // removing vanished ones and appending new ones in the order given.
    void setHosts(const QList<HostInfo>& hosts);
    // The host on `row`; a default HostInfo for a row out of range.
    HostInfo host(int row) const;
    // The row of the host named `name`, -1 when none.
    int rowOf(const QString& name) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void signalChanged(const QList<bool>& changed);

    QList<HostInfo> rows_;
};

} // namespace vigil::ui
