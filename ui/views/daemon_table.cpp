#include "views/daemon_table.h"

#include "services/supervisor.h"
#include "views/state_style.h"

#include <QDateTime>

namespace vigil::ui {

DaemonTable::DaemonTable(Supervisor* supervisor, QObject* parent)
    : QAbstractTableModel(parent), supervisor_(supervisor) {
    coalesce_.setSingleShot(true);
    coalesce_.setInterval(0);
    connect(&coalesce_, &QTimer::timeout, this, &DaemonTable::sync);
    if (supervisor_) {
        connect(supervisor_, &Supervisor::daemonAdded, this, &DaemonTable::markDirty);
        connect(supervisor_, &Supervisor::daemonRemoved, this, &DaemonTable::markDirty);
        connect(supervisor_, &Supervisor::daemonChanged, this, &DaemonTable::markDirty);
        connect(supervisor_, &Supervisor::samplesUpdated, this, &DaemonTable::markDirty);
        setDaemons(supervisor_->daemons());
    }
}

void DaemonTable::markDirty() {
    if (!coalesce_.isActive()) {
        coalesce_.start();
    }
}

void DaemonTable::sync() {
    if (supervisor_) {
        setDaemons(supervisor_->daemons());
    }
}

void DaemonTable::setDaemons(const QList<DaemonStatus>& daemons) {
    // Removals first (from the bottom, coalescing adjacent rows), then changes, then inserts.
    QSet<QString> incoming;
    for (const DaemonStatus& d : daemons) {
        incoming.insert(d.name);
    }
    for (int row = int(rows_.size()) - 1; row >= 0;) {
        if (incoming.contains(rows_[row].name)) {
            --row;
            continue;
        }
        int last = row;
        while (row > 0 && !incoming.contains(rows_[row - 1].name)) {
            --row;
        }
        beginRemoveRows({}, row, last);
        rows_.remove(row, last - row + 1);
        endRemoveRows();
        --row;
    }
    index_.clear();
    for (int i = 0; i < rows_.size(); ++i) {
        index_.insert(rows_[i].name, i);
    }

    QList<DaemonStatus> added;
    int firstChanged = -1;
    int lastChanged = -1;
    auto flush = [&] {
        if (firstChanged >= 0) {
            Q_EMIT dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
        }
        firstChanged = lastChanged = -1;
    };
    for (const DaemonStatus& d : daemons) {
        auto it = index_.constFind(d.name);
        if (it == index_.cend()) {
            added.append(d);
            continue;
        }
        int row = *it;
        if (rows_[row] == d) {
            continue;
        }
        rows_[row] = d;
        if (firstChanged >= 0 && row == lastChanged + 1) {
            lastChanged = row;
        } else {
            flush();
            firstChanged = lastChanged = row;
        }
    }
    flush();
    if (!added.isEmpty()) {
        int first = int(rows_.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (const DaemonStatus& d : added) {
            index_.insert(d.name, int(rows_.size()));
            rows_.append(d);
        }
        endInsertRows();
    }
}

DaemonStatus DaemonTable::daemon(int row) const {
    return row >= 0 && row < rows_.size() ? rows_[row] : DaemonStatus{};
}

int DaemonTable::rowOf(const QString& name) const {
    return index_.value(name, -1);
}

int DaemonTable::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int DaemonTable::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString DaemonTable::formatBytes(qint64 bytes) {
    if (bytes < 0) {
        return {};
    }
    if (bytes < 1024 * 1024) {
        return QStringLiteral("%1 KiB").arg(bytes / 1024);
    }
    if (bytes < qint64(1024) * 1024 * 1024) {
        return QStringLiteral("%1 MiB").arg(bytes / (1024.0 * 1024.0), 0, 'f', 1);
    }
    return QStringLiteral("%1 GiB").arg(bytes / (1024.0 * 1024.0 * 1024.0), 0, 'f', 2);
}

QVariant DaemonTable::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size()) {
        return {};
    }
    const DaemonStatus& d = rows_[index.row()];
    const auto column = Column(index.column());
    if (role == NameRole) {
        return d.name;
    }
    if (role == StateRole) {
        return int(d.state);
    }
    if (role == Qt::DisplayRole) {
        switch (column) {
        case NameColumn:
            return d.name;
        case StateColumn:
            return daemonStateName(d.state);
        case PidColumn:
            return d.pid > 0 ? QVariant(d.pid) : QVariant(QString());
        case UptimeColumn: {
            // Computed here, when painted: nothing is pushed per row as time passes.
            const QDateTime now = QDateTime::currentDateTimeUtc();
            if (d.state == DaemonState::Backoff && d.nextRestartAt.isValid()) {
                return tr("next try in %1")
                    .arg(formatDuration(qMax<qint64>(0, now.msecsTo(d.nextRestartAt)) + 999));
            }
            return d.startedAt.isValid() && d.pid > 0 ? formatDuration(d.startedAt.msecsTo(now))
                                                      : QString();
        }
        case RestartsColumn:
            return d.restarts;
        case LastExitColumn:
            return d.lastExit;
        case CpuColumn:
            return d.cpuPercent >= 0 && d.pid > 0
                       ? QStringLiteral("%1 %").arg(d.cpuPercent, 0, 'f', 1)
                       : QString();
        case MemoryColumn:
            return d.pid > 0 ? formatBytes(d.rssBytes) : QString();
        case DesiredColumn:
            return desiredStateName(d.desired);
        case ColumnCount:
            break;
        }
        return {};
    }
    if (role == SortRole) {
        switch (column) {
        case PidColumn:
            return d.pid;
        case UptimeColumn:
            return d.startedAt.isValid() ? d.startedAt.toMSecsSinceEpoch() : 0;
        case RestartsColumn:
            return d.restarts;
        case CpuColumn:
            return d.cpuPercent;
        case MemoryColumn:
            return d.rssBytes;
        case StateColumn:
            return int(d.state);
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::TextAlignmentRole) {
        switch (column) {
        case PidColumn:
        case RestartsColumn:
        case CpuColumn:
        case MemoryColumn:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return int(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    if (role == Qt::ToolTipRole) {
        if (column == StateColumn || column == NameColumn) {
            QString tip = QStringLiteral("%1: %2").arg(d.name, daemonStateName(d.state));
            if (!d.reason.isEmpty()) {
                tip += QStringLiteral(" (%1)").arg(d.reason);
            }
            if (d.failures > 0) {
                tip += tr("\n%n recent failure(s)", nullptr, d.failures);
            }
            if (!d.controlSocket.isEmpty()) {
                tip += tr("\ncontrol socket %1").arg(d.controlSocket);
            }
            if (d.adopted) {
                tip += tr("\nadopted (started elsewhere)");
            }
            return tip;
        }
        if (column == LastExitColumn) {
            return d.lastExit;
        }
    }
    return {};
}

QVariant DaemonTable::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case StateColumn:
        return tr("State");
    case PidColumn:
        return tr("PID");
    case UptimeColumn:
        return tr("Uptime");
    case RestartsColumn:
        return tr("Restarts");
    case LastExitColumn:
        return tr("Last exit");
    case CpuColumn:
        return tr("CPU");
    case MemoryColumn:
        return tr("Memory");
    case DesiredColumn:
        return tr("Desired");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace vigil::ui
