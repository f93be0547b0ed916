// One daemon's history (time, event, detail): starts, readiness, exits with their status text,
// restarts, give-ups, stops, survivors. Entries arriving in one event-loop pass are inserted
// with one beginInsertRows; the oldest are removed past Supervisor::maxHistoryEntries.
#pragma once

#include "models/bounded_rows.h"
#include "services/supervisor_types.h"

#include <QList>
#include <QPointer>
#include <QTimer>

namespace vigil::ui {

class Supervisor;

class HistoryModel : public BoundedRowsModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, EventColumn, DetailColumn, ColumnCount };
    enum Role {
        EventRole = Qt::UserRole, // QString: historyEventName(), in every column
        TimeRole,                 // QDateTime
    };

    // Shows the history of `daemon` (none when empty) and follows `supervisor`.
    explicit HistoryModel(Supervisor* supervisor, const QString& daemon = QString(),
                          QObject* parent = nullptr);

    // Switches to another daemon's history (a model reset).
    void setDaemon(const QString& daemon);
    QString daemon() const { return daemon_; }
    // Inserts the entries received so far at once (normally done from the event loop).
    void flush();
    // The entry on `row`; a default HistoryEntry for a row out of range.
    HistoryEntry entryAt(int row) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void onHistory(const QString& daemon, const HistoryEntry& entry);

    QPointer<Supervisor> supervisor_;
    QString daemon_;
    QList<HistoryEntry> rows_;
    QList<HistoryEntry> pending_;
    QTimer flushTimer_;
};

} // namespace vigil::ui
