#include "models/daemon_model.h"

#include "services/supervisor.h"

#include <QCoreApplication>
#include <QDateTime>

namespace vigil::ui {

DaemonModel::DaemonModel(Supervisor* supervisor, QObject* parent)
    : QAbstractTableModel(parent), supervisor_(supervisor) {
    refreshTimer_.setSingleShot(true);
    refreshTimer_.setInterval(0);
    connect(&refreshTimer_, &QTimer::timeout, this, &DaemonModel::refresh);
    if (supervisor) {
        connect(supervisor, &Supervisor::daemonAdded, this, &DaemonModel::scheduleRefresh);
        connect(supervisor, &Supervisor::daemonRemoved, this, &DaemonModel::scheduleRefresh);
        connect(supervisor, &Supervisor::daemonChanged, this, &DaemonModel::scheduleRefresh);
        connect(supervisor, &Supervisor::samplesUpdated, this, &DaemonModel::scheduleRefresh);
        rows_ = supervisor->daemons();
        reindex();
    }
}

void DaemonModel::scheduleRefresh() {
    if (!refreshTimer_.isActive()) {
        refreshTimer_.start();
    }
}

void DaemonModel::reindex() {
    rowOfName_.clear();
    for (int row = 0; row < rows_.size(); ++row) {
        rowOfName_.insert(rows_[row].name, row);
    }
}

void DaemonModel::refresh() {
    refreshTimer_.stop();
    setDaemons(supervisor_ ? supervisor_->daemons() : QList<DaemonStatus>());
}

void DaemonModel::setDaemons(const QList<DaemonStatus>& next) {
    QHash<QString, qsizetype> nextIndex;
    for (qsizetype i = 0; i < next.size(); ++i) {
        nextIndex.insert(next[i].name, i);
    }

    // Removals, bottom up, one range per contiguous run.
    const qsizetype before = rows_.size();
    for (int row = int(rows_.size()) - 1; row >= 0;) {
        if (nextIndex.contains(rows_[row].name)) {
            --row;
            continue;
        }
        int last = row;
        while (row > 0 && !nextIndex.contains(rows_[row - 1].name)) {
            --row;
        }
        beginRemoveRows(QModelIndex(), row, last);
        rows_.remove(row, last - row + 1);
        endRemoveRows();
        --row;
    }
    if (rows_.size() != before) {
        reindex();
    }

    // Updates in place.
    QList<int> changed;
    for (int row = 0; row < rows_.size(); ++row) {
        const DaemonStatus& fresh = next[nextIndex.value(rows_[row].name)];
        if (!(fresh == rows_[row])) {
            rows_[row] = fresh;
            changed << row;
        }
    }
    const int lastColumn = ColumnCount - 1;
    if (!changed.isEmpty() && changed.size() * 2 > rows_.size()) {
        Q_EMIT dataChanged(index(0, 0), index(int(rows_.size()) - 1, lastColumn));
    } else {
        for (qsizetype i = 0; i < changed.size();) {
            qsizetype j = i;
            while (j + 1 < changed.size() && changed[j + 1] == changed[j] + 1) {
                ++j;
            }
            Q_EMIT dataChanged(index(changed[i], 0), index(changed[j], lastColumn));
            i = j + 1;
        }
    }

    // New daemons, appended in one burst in the supervisor's order.
    QList<DaemonStatus> added;
    for (const DaemonStatus& s : next) {
        if (!rowOfName_.contains(s.name)) {
            added << s;
        }
    }
    if (!added.isEmpty()) {
        int first = int(rows_.size());
        beginInsertRows(QModelIndex(), first, first + int(added.size()) - 1);
        rows_ << added;
        reindex();
        endInsertRows();
    }
}

DaemonStatus DaemonModel::statusAt(int row) const {
    return row >= 0 && row < rows_.size() ? rows_[row] : DaemonStatus();
}

int DaemonModel::rowOf(const QString& name) const {
    return rowOfName_.value(name, -1);
}

int DaemonModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int DaemonModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString DaemonModel::formatDuration(qint64 ms) {
    if (ms < 0) {
        ms = 0;
    }
    if (ms < 1000) {
        return QCoreApplication::translate("vigil::ui::Duration", "%1 ms").arg(ms);
    }
    qint64 s = ms / 1000;
    if (s < 60) {
        return QCoreApplication::translate("vigil::ui::Duration", "%1 s").arg(s);
    }
    if (s < 3600) {
        return QCoreApplication::translate("vigil::ui::Duration", "%1 min %2 s")
            .arg(s / 60)
            .arg(s % 60);
    }
    if (s < 86400) {
        return QCoreApplication::translate("vigil::ui::Duration", "%1 h %2 min")
            .arg(s / 3600)
            .arg(s % 3600 / 60);
    }
    return QCoreApplication::translate("vigil::ui::Duration", "%1 d %2 h")
        .arg(s / 86400)
        .arg(s % 86400 / 3600);
}

QString DaemonModel::formatBytes(qint64 bytes) {
    if (bytes < 1024) {
        return QStringLiteral("%1 B").arg(bytes);
    }
    const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
    double value = double(bytes);
    int unit = -1;
    while (value >= 1024 && unit < 3) {
        value /= 1024;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(value, 0, 'f', 1).arg(QLatin1String(units[unit]));
}

QVariant DaemonModel::display(const DaemonStatus& s, int column) const {
    switch (column) {
    case NameColumn:
        return s.name;
    case StateColumn:
        return daemonStateName(s.state);
    case PidColumn:
        return s.pid > 0 ? QVariant(s.pid) : QVariant(QString());
    case UptimeColumn: {
        QDateTime now = QDateTime::currentDateTime();
        if (s.state == DaemonState::Backoff && s.nextRestartAt.isValid()) {
            return QStringLiteral("next try in %1")
                .arg(formatDuration(qMax<qint64>(0, now.msecsTo(s.nextRestartAt))));
        }
        if (s.state == DaemonState::Failed) {
            return QStringLiteral("gave up");
        }
        if (s.startedAt.isValid() && s.pid > 0) {
            return QStringLiteral("up %1").arg(formatDuration(s.startedAt.msecsTo(now)));
        }
        return QString();
    }
    case RestartsColumn:
        return s.restarts;
    case LastExitColumn:
        return s.lastExit;
    // A sample belongs to a process: a daemon without one shows none.
    case CpuColumn:
        return s.cpuPercent >= 0 && s.pid > 0 ? QStringLiteral("%1 %").arg(s.cpuPercent, 0, 'f', 1)
                                              : QString();
    case MemoryColumn:
        return s.rssBytes >= 0 && s.pid > 0 ? formatBytes(s.rssBytes) : QString();
    case DesiredColumn:
        return desiredStateName(s.desired);
    }
    return {};
}

QVariant DaemonModel::sortValue(const DaemonStatus& s, int column) const {
    switch (column) {
    case PidColumn:
        return s.pid;
    case UptimeColumn:
        if (s.state == DaemonState::Backoff && s.nextRestartAt.isValid()) {
            return -QDateTime::currentDateTime().msecsTo(s.nextRestartAt);
        }
        return s.startedAt.isValid() ? s.startedAt.msecsTo(QDateTime::currentDateTime())
                                     : qint64(0);
    case RestartsColumn:
        return s.restarts;
    case CpuColumn:
        return s.cpuPercent;
    case MemoryColumn:
        return s.rssBytes;
    case StateColumn:
        return int(s.state); // lifecycle order rather than alphabetical
    default:
        return display(s, column);
    }
}

QString DaemonModel::toolTip(const DaemonStatus& s) const {
    QString tip = QStringLiteral("%1: %2").arg(s.name, daemonStateName(s.state));
    if (!s.reason.isEmpty()) {
        tip += QStringLiteral(" (%1)").arg(s.reason);
    }
    if (s.failures > 0) {
        tip += tr("\n%n recent failure(s)", nullptr, s.failures);
    }
    if (!s.controlSocket.isEmpty()) {
        tip += tr("\ncontrol socket %1").arg(s.controlSocket);
    }
    if (s.adopted) {
        tip += tr("\nadopted (started elsewhere)");
    }
    return tip;
}

QVariant DaemonModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const DaemonStatus& s = rows_[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return display(s, index.column());
    case Qt::ToolTipRole:
        if (index.column() == StateColumn || index.column() == NameColumn) {
            return toolTip(s);
        }
        if (index.column() == LastExitColumn && !s.lastExit.isEmpty()) {
            return s.lastExit;
        }
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case PidColumn:
        case RestartsColumn:
        case CpuColumn:
        case MemoryColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    case StateRole:
        return daemonStateName(s.state);
    case NameRole:
        return s.name;
    case DesiredRole:
        return desiredStateName(s.desired);
    case ReasonRole:
        return s.reason;
    case AdoptedRole:
        return s.adopted;
    case FailuresRole:
        return s.failures;
    case SortRole:
        return sortValue(s, index.column());
    }
    return {};
}

QVariant DaemonModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
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
    }
    return {};
}

} // namespace vigil::ui
