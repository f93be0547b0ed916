#include "models/host_model.h"

#include "models/changed_rows.h"
#include "services/fleet.h"

#include <QSet>

namespace vigil::ui {

HostModel::HostModel(Fleet* fleet, QObject* parent) : QAbstractTableModel(parent) {
    if (fleet) {
        connect(fleet, &Fleet::hostsChanged, this, [this, fleet] { setHosts(fleet->hosts()); });
        setHosts(fleet->hosts());
    }
}

void HostModel::setHosts(const QList<HostInfo>& hosts) {
    QSet<QString> names;
    for (const HostInfo& h : hosts) {
        names.insert(h.definition.name);
    }
    // Removals first, from the end, one range per run of vanished rows.
    for (int row = int(rows_.size()) - 1; row >= 0;) {
        if (names.contains(rows_[row].definition.name)) {
            row--;
            continue;
        }
        int first = row;
        while (first > 0 && !names.contains(rows_[first - 1].definition.name)) {
            first--;
        }
        beginRemoveRows({}, first, row);
        rows_.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }
    // Updates in place; new hosts are appended in the order they come.
    QList<bool> changed(rows_.size(), false);
    QList<HostInfo> added;
    for (const HostInfo& h : hosts) {
        const int row = rowOf(h.definition.name);
        if (row < 0) {
            added.append(h);
        } else if (!(rows_[row] == h)) {
            rows_[row] = h;
            changed[row] = true;
        }
    }
    signalChanged(changed);
    if (!added.isEmpty()) {
        beginInsertRows({}, int(rows_.size()), int(rows_.size() + added.size() - 1));
        rows_.append(added);
        endInsertRows();
    }
}

void HostModel::signalChanged(const QList<bool>& changed) {
    for (const auto& [first, last] : changedRowRanges(changed)) {
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
    }
}

HostInfo HostModel::host(int row) const {
    return row >= 0 && row < rows_.size() ? rows_[row] : HostInfo{};
}

int HostModel::rowOf(const QString& name) const {
    for (int row = 0; row < rows_.size(); row++) {
        if (rows_[row].definition.name == name) {
            return row;
        }
    }
    return -1;
}

int HostModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int HostModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HostModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const HostInfo& h = rows_[index.row()];
    switch (role) {
    case NameRole:
        return h.definition.name;
    case StateRole:
        return int(h.state);
    case FingerprintRole:
        return h.fingerprint;
    case KeyTypeRole:
        return h.keyType;
    case Qt::ToolTipRole:
        if (index.column() == StateColumn && !h.lastError.isEmpty()) {
            return h.lastError;
        }
        if (index.column() == LastErrorColumn) {
            return h.lastError;
        }
        if (index.column() == DestinationColumn) {
            return tr("Run directories: %1")
                .arg(h.definition.effectiveRunDirectories().join(QStringLiteral(", ")));
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == TargetsColumn || index.column() == RttColumn) {
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        return {};
    case SortRole:
        switch (index.column()) {
        case StateColumn:
            return int(h.state);
        case TargetsColumn:
            return h.targets;
        case RttColumn:
            return h.rttMs;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return h.definition.name;
        case DestinationColumn:
            return h.definition.destination;
        case StateColumn:
            return hostStateName(h.state);
        case TargetsColumn:
            return h.state == HostState::Connected || h.targets > 0 ? QString::number(h.targets)
                                                                    : QString();
        case RttColumn:
            return h.rttMs < 0 ? QString() : tr("%1 ms").arg(h.rttMs);
        case LastErrorColumn:
            // One line in the table; the tooltip holds all of it.
            return h.lastError.section(QLatin1Char('\n'), 0, 0);
        }
        return {};
    default:
        return {};
    }
}

QVariant HostModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case NameColumn:
        return tr("Host");
    case DestinationColumn:
        return tr("Destination");
    case StateColumn:
        return tr("State");
    case TargetsColumn:
        return tr("Targets");
    case RttColumn:
        return tr("RTT");
    case LastErrorColumn:
        return tr("Last error");
    }
    return {};
}

} // namespace vigil::ui
