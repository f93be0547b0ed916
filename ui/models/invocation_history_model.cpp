#include "models/invocation_history_model.h"

#include "services/table_export.h"

namespace vigil::ui {

namespace {

// "json", "text", "text (no JSON)" when JSON was asked for and refused; empty while running.
QString formatText(const Invocation& inv) {
    if (!inv.finished || inv.transportError) {
        return QString();
    }
    QString text = replyFormatName(inv.format);
    if (inv.json && inv.jsonUnsupported) {
        text += QStringLiteral(" (no JSON)");
    }
    return text;
}

QString resultText(const Invocation& inv) {
    if (!inv.finished) {
        return QStringLiteral("running…");
    }
    const QString& text = inv.ok ? inv.output : inv.error;
    QString first = text.section(QLatin1Char('\n'), 0, 0).trimmed();
    if (first.isEmpty() && inv.ok) {
        first = QStringLiteral("ok");
    }
    return inv.ok ? first : QStringLiteral("error: ") + first;
}

} // namespace

InvocationHistoryModel::InvocationHistoryModel(QObject* parent) : QAbstractTableModel(parent) {}

void InvocationHistoryModel::append(const Invocation& invocation) {
    beginInsertRows(QModelIndex(), rows_.size(), rows_.size());
    rows_ << invocation;
    endInsertRows();
}

void InvocationHistoryModel::update(const Invocation& invocation) {
    // Recent invocations are at the end: search backwards.
    for (int row = rows_.size() - 1; row >= 0; row--) {
        if (rows_[row].id == invocation.id) {
            rows_[row] = invocation;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            return;
        }
    }
}

void InvocationHistoryModel::dropOldest(int count) {
    count = std::min<int>(count, rows_.size());
    if (count <= 0) {
        return;
    }
    beginRemoveRows(QModelIndex(), 0, count - 1);
    rows_.remove(0, count);
    endRemoveRows();
}

void InvocationHistoryModel::clear() {
    if (rows_.isEmpty()) {
        return;
    }
    beginResetModel();
    rows_.clear();
    endResetModel();
}

Invocation InvocationHistoryModel::invocation(int row) const {
    return row >= 0 && row < rows_.size() ? rows_[row] : Invocation();
}

int InvocationHistoryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : rows_.size();
}

int InvocationHistoryModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InvocationHistoryModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return QVariant();
    }
    const Invocation& inv = rows_[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return inv.started.toString(QStringLiteral("HH:mm:ss"));
        case TargetColumn:
            return inv.target;
        case CommandColumn:
            return inv.command;
        case ArgumentsColumn:
            return inv.arguments.join(QLatin1Char(' '));
        case ResultColumn:
            return resultText(inv);
        case FormatColumn:
            return formatText(inv);
        case DurationColumn:
            return inv.finished ? QStringLiteral("%1 ms").arg(inv.durationMs) : QString();
        }
        return QVariant();
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn) {
            return inv.started.toString(Qt::ISODateWithMs);
        }
        return inv.ok ? inv.output : inv.error;
    case OutputRole:
        return inv.ok ? inv.output : inv.error;
    case OkRole:
        return inv.ok;
    case FinishedRole:
        return inv.finished;
    case IdRole:
        return inv.id;
    case JsonRole:
        // A truncated reply is no longer valid JSON: show it as text.
        return inv.format == ReplyFormat::Json && !inv.truncated;
    case TruncatedRole:
        return inv.truncated;
    case FormatRole:
        return inv.finished ? replyFormatName(inv.format) : QString();
    case ExportRole:
        // A file gets the whole story: the date, and the whole reply or error.
        if (index.column() == TimeColumn) {
            return inv.started.toString(Qt::ISODateWithMs);
        }
        if (index.column() == ResultColumn && inv.finished) {
            return inv.ok ? inv.output : QStringLiteral("error: ") + inv.error;
        }
        return QVariant();
    }
    return QVariant();
}

QVariant InvocationHistoryModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QVariant();
    }
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case TargetColumn:
        return tr("Target");
    case CommandColumn:
        return tr("Command");
    case ArgumentsColumn:
        return tr("Arguments");
    case ResultColumn:
        return tr("Result");
    case FormatColumn:
        return tr("Format");
    case DurationColumn:
        return tr("Duration");
    }
    return QVariant();
}

} // namespace vigil::ui
