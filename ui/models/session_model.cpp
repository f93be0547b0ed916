#include "models/session_model.h"

#include "models/changed_rows.h"

#include <QBrush>
#include <QCoreApplication>
#include <QFont>
#include <QPalette>
#include <QSet>
#include <QVariantMap>

namespace vigil::ui {

namespace {

// Tolerance when deciding whether a row's time in state moved, beyond what the clock explains.
constexpr qint64 elapsedSlackMs = 1500;

// True when `a` and `b` paint alike (the time cells follow from the snapshot times).
bool samePainted(const SessionInfo& a, const SessionInfo& b, const QDateTime& now) {
    const vigil::session_stats& x = a.stats;
    const vigil::session_stats& y = b.stats;
    return a.source == b.source && a.name == b.name && x.role == y.role && x.state == y.state &&
           x.backoff == y.backoff && x.attempts == y.attempts && x.successes == y.successes &&
           x.seqno == y.seqno && x.connected == y.connected && x.last_error == y.last_error &&
           x.backlog == y.backlog && x.peer_id == y.peer_id && a.resolvedName == b.resolvedName &&
           a.history == b.history && a.stateKnown == b.stateKnown && a.reason == b.reason &&
           a.detail == b.detail && a.openflowRole == b.openflowRole && a.ovsStatus == b.ovsStatus &&
           std::abs(a.timeInStateMs(now) - b.timeInStateMs(now)) <= elapsedSlackMs &&
           (x.connected || x.connected_total == y.connected_total);
}

QVariant historyValue(const QList<SessionStateChange>& history) {
    QVariantList list;
    list.reserve(history.size());
    for (const SessionStateChange& c : history) {
        list << QVariantMap{
            {QStringLiteral("time"), c.time},
            {QStringLiteral("state"),
             c.known ? sessionStateName(c.state) : QString::fromLatin1(unknownSessionState)}};
    }
    return list;
}

} // namespace

SessionModel::SessionModel(QObject* parent) : QAbstractTableModel(parent) {}

void SessionModel::resetRows(const QList<SessionInfo>& sessions, const QList<QString>& keys) {
    beginResetModel();
    rows_ = sessions;
    keys_ = keys;
    histories_.clear();
    histories_.reserve(sessions.size());
    for (const SessionInfo& session : sessions) {
        histories_ << historyValue(session.history);
    }
    endResetModel();
}

void SessionModel::assignRow(qsizetype i, const SessionInfo& session) {
    // Histories are shared copies of the monitor's lists: usually the same data, so the
    // comparison stops at the pointer.
    if (histories_[i].isNull() || rows_[i].history != session.history) {
        histories_[i] = historyValue(session.history);
    }
    rows_[i] = session;
}

QString SessionModel::formatDuration(qint64 ms) {
    if (ms < 0) {
        return QString();
    }
    if (ms < 1000) {
        return QCoreApplication::translate("vigil::ui::Duration", "%1 ms").arg(ms);
    }
    if (ms < 60000) {
        return QCoreApplication::translate("vigil::ui::Duration", "%1 s")
            .arg(ms / 1000.0, 0, 'f', 1);
    }
    const qint64 s = ms / 1000;
    if (s < 3600) {
        return QCoreApplication::translate("vigil::ui::Duration", "%1 min %2 s")
            .arg(s / 60)
            .arg(s % 60);
    }
    if (s < 86400) {
        return QCoreApplication::translate("vigil::ui::Duration", "%1 h %2 min")
            .arg(s / 3600)
            .arg((s % 3600) / 60);
    }
    return QCoreApplication::translate("vigil::ui::Duration", "%1 d %2 h")
        .arg(s / 86400)
        .arg((s % 86400) / 3600);
}

void SessionModel::setSessions(const QList<SessionInfo>& sessions) {
    QList<QString> keys;
    keys.reserve(sessions.size());
    for (const SessionInfo& s : sessions) {
        keys << s.key();
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();

    // The steady state: the same sessions in the same order, only their fields moved.
    if (keys == keys_) {
        QList<bool> changed(sessions.size(), false);
        for (qsizetype i = 0; i < sessions.size(); i++) {
            changed[i] = !samePainted(rows_[i], sessions[i], now);
            assignRow(i, sessions[i]);
        }
        signalChanged(changed);
        return;
    }

    const QSet<QString> newKeys(keys.cbegin(), keys.cend());
    // 1. Remove vanished rows, one range per contiguous run, from the bottom up.
    for (int row = int(rows_.size()) - 1; row >= 0;) {
        if (newKeys.contains(keys_[row])) {
            row--;
            continue;
        }
        int first = row;
        while (first > 0 && !newKeys.contains(keys_[first - 1])) {
            first--;
        }
        beginRemoveRows(QModelIndex(), first, row);
        rows_.remove(first, row - first + 1);
        histories_.remove(first, row - first + 1);
        keys_.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }
    // 2. The surviving rows must keep their relative order; otherwise start over.
    const QSet<QString> oldKeys(keys_.cbegin(), keys_.cend());
    {
        qsizetype j = 0;
        bool sameOrder = true;
        for (const QString& key : keys) {
            if (oldKeys.contains(key)) {
                if (j >= keys_.size() || keys_[j] != key) {
                    sameOrder = false;
                    break;
                }
                j++;
            }
        }
        if (!sameOrder || sessions.size() < rows_.size()) {
            resetRows(sessions, keys);
            return;
        }
    }
    // 3. Insert new rows (bursts as single ranges) and note which surviving rows changed.
    // Rows before `i` already match sessions[0..i), so row i is where sessions[i] goes.
    QList<bool> changed(sessions.size(), false);
    for (qsizetype i = 0; i < sessions.size();) {
        if (i < rows_.size() && keys_[i] == keys[i]) {
            changed[i] = !samePainted(rows_[i], sessions[i], now);
            assignRow(i, sessions[i]);
            i++;
            continue;
        }
        qsizetype n = 0;
        while (i + n < sessions.size() && !oldKeys.contains(keys[i + n])) {
            n++;
        }
        if (n == 0) { // cannot happen with the order checked above; stay correct anyway
            resetRows(sessions, keys);
            return;
        }
        beginInsertRows(QModelIndex(), int(i), int(i + n - 1));
        rows_.insert(i, n, SessionInfo());
        histories_.insert(i, n, QVariant());
        keys_.insert(i, n, QString());
        for (qsizetype k = 0; k < n; k++) {
            assignRow(i + k, sessions[i + k]);
            keys_[i + k] = keys[i + k];
        }
        endInsertRows();
        i += n;
    }
    signalChanged(changed);
}

void SessionModel::signalChanged(const QList<bool>& changed) {
    for (const auto& [first, last] : changedRowRanges(changed)) {
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
    }
}

SessionInfo SessionModel::session(int row) const {
    return row >= 0 && row < rows_.size() ? rows_[row] : SessionInfo();
}

int SessionModel::rowOf(const QString& key) const {
    return int(keys_.indexOf(key));
}

int SessionModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : rows_.size();
}

int SessionModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return QVariant();
    }
    const SessionInfo& s = rows_[index.row()];
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Open vSwitch publishes no counters for its sessions: empty cells, not zeros.
    const bool counters = !s.countersUnknown();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SourceColumn:
            return s.stats.role == "server" ? s.source + tr(" (server)") : s.source;
        case NameColumn:
            return s.name;
        case DetailColumn:
            return s.detail;
        case StateColumn:
            return s.displayState();
        case TimeInStateColumn:
            return formatDuration(s.timeInStateMs(now));
        case BackoffColumn:
            return s.stats.backoff > 0 ? formatDuration(s.stats.backoff) : QString();
        case AttemptsColumn:
            return counters ? QVariant(s.stats.attempts) : QVariant();
        case SuccessesColumn:
            return counters ? QVariant(s.stats.successes) : QVariant();
        case ConnectedTotalColumn:
            return counters ? formatDuration(s.connectedTotalNowMs(now)) : QString();
        case LastErrorColumn:
            if (!s.stateKnown) {
                return s.lastError().isEmpty()
                           ? s.reason
                           : tr("%1 (last known: %2)").arg(s.reason, s.lastError());
            }
            return s.lastError();
        case SeqnoColumn:
            return counters ? QVariant(s.stats.seqno) : QVariant();
        }
        return QVariant();
    case Qt::ToolTipRole:
        if (!s.stateKnown && (index.column() == StateColumn || index.column() == LastErrorColumn)) {
            return tr("State unknown: %1\nLast known state: %2").arg(s.reason, s.stateName());
        }
        if (index.column() == NameColumn && !s.resolvedName.isEmpty() && s.resolvedName != s.name) {
            return s.resolvedName;
        }
        if (index.column() == DetailColumn && !s.ovsStatus.isEmpty()) {
            QStringList lines{tr("%1 row status:").arg(s.table)};
            for (auto it = s.ovsStatus.cbegin(); it != s.ovsStatus.cend(); ++it) {
                lines << QStringLiteral("  %1 = %2").arg(it.key(), it.value());
            }
            return lines.join(QLatin1Char('\n'));
        }
        if (index.column() == DetailColumn && !s.detail.isEmpty()) {
            return s.detail;
        }
        return QVariant();
    case Qt::ForegroundRole:
        if (!s.stateKnown) {
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        }
        return QVariant();
    case Qt::FontRole:
        if (!s.stateKnown) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return QVariant();
    case SortRole:
        switch (index.column()) {
        case TimeInStateColumn:
            return s.timeInStateMs(now);
        case BackoffColumn:
            return s.stats.backoff;
        case AttemptsColumn:
            return s.stats.attempts;
        case SuccessesColumn:
            return s.stats.successes;
        case ConnectedTotalColumn:
            return s.connectedTotalNowMs(now);
        case SeqnoColumn:
            return s.stats.seqno;
        default:
            return data(index, Qt::DisplayRole);
        }
    case KeyRole:
        return keys_[index.row()];
    case StateRole:
        return s.displayState();
    case StateKnownRole:
        return s.stateKnown;
    case ConnectedRole:
        return s.stats.connected;
    case SnapshotTimeRole:
        return s.snapshotTime;
    case StateElapsedRole:
        return qint64(s.stats.state_elapsed);
    case HistoryRole:
        return histories_[index.row()];
    }
    return QVariant();
}

QVariant SessionModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QVariant();
    }
    switch (section) {
    case SourceColumn:
        return tr("Source");
    case NameColumn:
        return tr("Name");
    case DetailColumn:
        return tr("Detail");
    case StateColumn:
        return tr("State");
    case TimeInStateColumn:
        return tr("Time in state");
    case BackoffColumn:
        return tr("Backoff");
    case AttemptsColumn:
        return tr("Attempts");
    case SuccessesColumn:
        return tr("Successes");
    case ConnectedTotalColumn:
        return tr("Connected");
    case LastErrorColumn:
        return tr("Last error");
    case SeqnoColumn:
        return tr("Seqno");
    }
    return QVariant();
}

} // namespace vigil::ui
