// One daemon's captured stdout/stderr lines as a table (time, stream, text). Lines arriving in
// one event-loop pass are inserted with one beginInsertRows; the oldest rows are removed in one
// range when the daemon's output bound is exceeded, so the model holds what the supervisor
// holds. While paused, new lines are held (and counted) so a reader's place stays put.
#pragma once

#include "models/bounded_rows.h"
#include "services/supervisor_types.h"

#include <QList>
#include <QPointer>
#include <QTimer>

namespace vigil::ui {

class Supervisor;

class LogModel : public BoundedRowsModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, StreamColumn, TextColumn, ColumnCount };
    enum Role {
        StreamRole = Qt::UserRole, // QString: "stdout" or "stderr", in every column
        SeqRole,                   // quint64: the line's sequence number
        TimeRole,                  // QDateTime
        TruncatedRole,             // bool: the line was cut at the capture's line limit
        IsStderrRole,              // bool, in every column
    };

    // Shows the lines of `daemon` (none when empty) and follows `supervisor`'s output.
    explicit LogModel(Supervisor* supervisor, const QString& daemon = QString(),
                      QObject* parent = nullptr);

    // Switches to another daemon's lines (a model reset).
    void setDaemon(const QString& daemon);
    QString daemon() const { return daemon_; }
    // Inserts the lines received so far at once (normally done from the event loop; nothing
    // while paused).
    void flush();
    // Holds new lines while on; turning it off appends the held lines at once.
    void setPaused(bool on);
    bool paused() const { return paused_; }
    // The lines held while paused (at most the daemon's output bound).
    int pendingCount() const { return int(pending_.size()); }
    // The line on `row`; a default LogLine for a row out of range.
    LogLine lineAt(int row) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // The number of held lines changed (while paused, or to 0 when released or reset).
    void pendingChanged(int count);

private:
    void onOutput(const QString& daemon, const LogLine& line);
    int limit() const;

    QPointer<Supervisor> supervisor_;
    QString daemon_;
    QList<LogLine> rows_;
    QList<LogLine> pending_;
    QTimer flushTimer_;
    bool paused_ = false;
};

} // namespace vigil::ui
