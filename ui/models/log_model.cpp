#include "models/log_model.h"

#include "services/supervisor.h"

namespace vigil::ui {

namespace {

// The bound used for daemons without a definition (adopted ones capture nothing anyway).
constexpr int defaultLimit = 1000;

} // namespace

LogModel::LogModel(Supervisor* supervisor, const QString& daemon, QObject* parent)
    : BoundedRowsModel(parent), supervisor_(supervisor) {
    flushTimer_.setSingleShot(true);
    flushTimer_.setInterval(0);
    connect(&flushTimer_, &QTimer::timeout, this, &LogModel::flush);
    if (supervisor) {
        connect(supervisor, &Supervisor::outputAppended, this, &LogModel::onOutput);
        connect(supervisor, &Supervisor::daemonRemoved, this, [this](const QString& name) {
            if (name == daemon_) {
                setDaemon(QString());
            }
        });
    }
    setDaemon(daemon);
}

void LogModel::setDaemon(const QString& daemon) {
    beginResetModel();
    daemon_ = daemon;
    pending_.clear();
    flushTimer_.stop();
    rows_ = supervisor_ && !daemon.isEmpty() ? supervisor_->output(daemon) : QList<LogLine>();
    endResetModel();
    Q_EMIT pendingChanged(0);
}

void LogModel::setPaused(bool on) {
    if (paused_ == on) {
        return;
    }
    paused_ = on;
    if (!on) {
        flush();
        Q_EMIT pendingChanged(0);
    }
}

void LogModel::onOutput(const QString& daemon, const LogLine& line) {
    if (daemon != daemon_ || daemon.isEmpty()) {
        return;
    }
    pending_ << line;
    if (paused_) {
        // Held lines are bounded like shown ones: only the newest could ever be shown.
        if (pending_.size() > limit()) {
            pending_.removeFirst();
        }
        Q_EMIT pendingChanged(int(pending_.size()));
    } else if (!flushTimer_.isActive()) {
        flushTimer_.start();
    }
}

int LogModel::limit() const {
    if (supervisor_) {
        if (auto def = supervisor_->definition(daemon_)) {
            return qMax(1, def->outputLines);
        }
    }
    return defaultLimit;
}

void LogModel::flush() {
    flushTimer_.stop();
    if (paused_) {
        return;
    }
    appendBounded(rows_, pending_, limit());
}

LogLine LogModel::lineAt(int row) const {
    return row >= 0 && row < rows_.size() ? rows_[row] : LogLine();
}

int LogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int LogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const LogLine& line = rows_[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return line.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
        case StreamColumn:
            return logStreamName(line.isStderr);
        case TextColumn:
            return line.truncated ? line.text + QStringLiteral(" …") : line.text;
        }
        return {};
    case Qt::ToolTipRole:
        return index.column() == TimeColumn ? line.time.toLocalTime().toString(Qt::ISODateWithMs)
                                            : QVariant();
    case IsStderrRole:
        return line.isStderr;
    case StreamRole:
        return logStreamName(line.isStderr);
    case SeqRole:
        return line.seq;
    case TimeRole:
        return line.time;
    case TruncatedRole:
        return line.truncated;
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case StreamColumn:
        return tr("Stream");
    case TextColumn:
        return tr("Text");
    }
    return {};
}

} // namespace vigil::ui
