#include "views/log_table.h"

#include "services/supervisor.h"
#include "views/state_style.h"

#include <QFontDatabase>

namespace vigil::ui {

LogTable::LogTable(Supervisor* supervisor, QObject* parent)
    : QAbstractTableModel(parent), supervisor_(supervisor) {
    flushTimer_.setSingleShot(true);
    flushTimer_.setInterval(0);
    connect(&flushTimer_, &QTimer::timeout, this, &LogTable::flush);
    connect(supervisor_, &Supervisor::outputAppended, this,
            [this](const QString& name, const LogLine& line) {
                if (name != daemon_) {
                    return;
                }
                pending_.append(line);
                if (paused_) {
                    Q_EMIT pendingChanged(int(pending_.size()));
                } else if (!flushTimer_.isActive()) {
                    flushTimer_.start();
                }
            });
}

void LogTable::setDaemon(const QString& name) {
    beginResetModel();
    daemon_ = name;
    lines_.clear();
    pending_.clear();
    if (!name.isEmpty()) {
        const QList<LogLine> lines = supervisor_->output(name);
        lines_.assign(lines.begin(), lines.end());
        while (lines_.size() > size_t(maxLines)) {
            lines_.pop_front();
        }
    }
    endResetModel();
    Q_EMIT pendingChanged(0);
}

void LogTable::setPaused(bool on) {
    paused_ = on;
    if (!on) {
        flush();
        Q_EMIT pendingChanged(0);
    }
}

void LogTable::flush() {
    if (paused_ || pending_.isEmpty()) {
        return;
    }
    // Drop the oldest first so the table never exceeds its bound, then one insert burst.
    qsizetype incoming = qMin<qsizetype>(pending_.size(), maxLines);
    qsizetype overflow = qsizetype(lines_.size()) + incoming - maxLines;
    if (overflow > 0) {
        int drop = int(qMin<qsizetype>(overflow, qsizetype(lines_.size())));
        beginRemoveRows({}, 0, drop - 1);
        lines_.erase(lines_.begin(), lines_.begin() + drop);
        endRemoveRows();
    }
    int first = int(lines_.size());
    beginInsertRows({}, first, first + int(incoming) - 1);
    for (qsizetype i = pending_.size() - incoming; i < pending_.size(); ++i) {
        lines_.push_back(pending_[i]);
    }
    endInsertRows();
    pending_.clear();
}

int LogTable::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(lines_.size());
}

int LogTable::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogTable::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || size_t(index.row()) >= lines_.size()) {
        return {};
    }
    const LogLine& line = lines_[size_t(index.row())];
    if (role == IsStderrRole) {
        return line.isStderr;
    }
    switch (Column(index.column())) {
    case TimeColumn:
        if (role == Qt::DisplayRole) {
            return line.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
        }
        if (role == Qt::ToolTipRole) {
            return line.time.toLocalTime().toString(Qt::ISODateWithMs);
        }
        break;
    case StreamColumn:
        if (role == Qt::DisplayRole) {
            return logStreamName(line.isStderr);
        }
        if (role == Qt::ForegroundRole && line.isStderr) {
            return stateColor(QStringLiteral("stopping"));
        }
        break;
    case TextColumn:
        if (role == Qt::DisplayRole) {
            return line.truncated ? line.text + QStringLiteral(" …") : line.text;
        }
        if (role == Qt::FontRole) {
            static const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
            return fixed;
        }
        break;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant LogTable::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case StreamColumn:
        return tr("Stream");
    case TextColumn:
        return tr("Line");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace vigil::ui
