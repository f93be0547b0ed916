// The audit trail of command invocations as a table (newest last): time, target, command,
// arguments, result, format and duration. Running invocations show "running…" until they
// finish. Exports (table_export's ExportRole) get the full time and the whole reply.
#pragma once

#include "services/invocation.h"

#include <QAbstractTableModel>
#include <QList>

namespace vigil::ui {

class InvocationHistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        TargetColumn,
        CommandColumn,
        ArgumentsColumn,
        ResultColumn,
        FormatColumn,
        DurationColumn,
        ColumnCount
    };
    enum Role {
        OutputRole = Qt::UserRole + 1, // QString: full output, or the error text
        OkRole,                        // bool
        FinishedRole,                  // bool
        IdRole,                        // quint64
        JsonRole,                      // bool: output is pretty JSON
        TruncatedRole,                 // bool: the history keeps only the start of the text
        FormatRole,                    // QString: replyFormatName() of a finished reply
    };

    explicit InvocationHistoryModel(QObject* parent = nullptr);

    // Appends a started invocation (one row).
    void append(const Invocation& invocation);
    // Updates the row of a finished invocation (matched by id); ignored when it is gone.
    void update(const Invocation& invocation);
    // Removes the `count` oldest rows.
    void dropOldest(int count);
    void clear();
    // The invocation on `row`; a default Invocation for a row out of range.
    Invocation invocation(int row) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<Invocation> rows_;
};

} // namespace vigil::ui
