#include "models/history_model.h"

#include "services/supervisor.h"

namespace vigil::ui {

HistoryModel::HistoryModel(Supervisor* supervisor, const QString& daemon, QObject* parent)
    : BoundedRowsModel(parent), supervisor_(supervisor) {
    flushTimer_.setSingleShot(true);
    flushTimer_.setInterval(0);
    connect(&flushTimer_, &QTimer::timeout, this, &HistoryModel::flush);
    if (supervisor) {
        connect(supervisor, &Supervisor::historyAppended, this, &HistoryModel::onHistory);
        connect(supervisor, &Supervisor::daemonRemoved, this, [this](const QString& name) {
            if (name == daemon_) {
                setDaemon(QString());
            }
        });
    }
    setDaemon(daemon);
}

void HistoryModel::setDaemon(const QString& daemon) {
    beginResetModel();
    daemon_ = daemon;
    pending_.clear();
    flushTimer_.stop();
    rows_ = supervisor_ && !daemon.isEmpty() ? supervisor_->history(daemon) : QList<HistoryEntry>();
    endResetModel();
}

void HistoryModel::onHistory(const QString& daemon, const HistoryEntry& entry) {
    if (daemon != daemon_ || daemon.isEmpty()) {
        return;
    }
    pending_ << entry;
    if (!flushTimer_.isActive()) {
        flushTimer_.start();
    }
}

void HistoryModel::flush() {
    flushTimer_.stop();
    appendBounded(rows_, pending_, Supervisor::maxHistoryEntries);
}

HistoryEntry HistoryModel::entryAt(int row) const {
    return row >= 0 && row < rows_.size() ? rows_[row] : HistoryEntry();
}

int HistoryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int HistoryModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const HistoryEntry& entry = rows_[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return entry.time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        case EventColumn:
            return historyEventName(entry.event);
        case DetailColumn:
            return entry.detail;
        }
        return {};
    case Qt::ToolTipRole:
        return index.column() == DetailColumn ? QVariant(entry.detail) : QVariant();
    case EventRole:
        return historyEventName(entry.event);
    case TimeRole:
        return entry.time;
    }
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case EventColumn:
        return tr("Event");
    case DetailColumn:
        return tr("Detail");
    }
    return {};
}

} // namespace vigil::ui
