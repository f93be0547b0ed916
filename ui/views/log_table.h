// The Logs view's model: the captured lines of one daemon (time, stream, text), appended as the
// supervisor reports them, in bursts of one beginInsertRows per event-loop pass, bounded to
// maxLines (the oldest are dropped first). While paused, new lines are held and counted.
#pragma once

#include "services/supervisor_types.h"

#include <QAbstractTableModel>
#include <QList>
#include <QTimer>
#include <deque>

namespace vigil::ui {

class Supervisor;

class LogTable : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, StreamColumn, TextColumn, ColumnCount };
    enum Role { IsStderrRole = Qt::UserRole + 1 };
    static constexpr int maxLines = 20000;

    explicit LogTable(Supervisor* supervisor, QObject* parent = nullptr);

    // Shows the output of `name` (reloaded from the supervisor).
    void setDaemon(const QString& name);
    QString daemon() const { return daemon_; }

    // Holds new lines while on; when turned off, the held lines are appended at once.
    void setPaused(bool on);
    bool paused() const { return paused_; }
    int pendingCount() const { return int(pending_.size()); }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // Lines were held while paused (the count changed).
    void pendingChanged(int count);

private:
    void flush();

    Supervisor* supervisor_;
    QString daemon_;
    std::deque<LogLine> lines_;
    QList<LogLine> pending_;
    bool paused_ = false;
    QTimer flushTimer_;
};

} // namespace vigil::ui
