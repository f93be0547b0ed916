// The bounded append shared by the console's append-only tables (daemon history, log lines):
// a burst of new rows goes in as one insert range, and the oldest rows beyond the bound leave
// as one remove range, so a view sees two signals however many rows arrived.
#pragma once

#include <QAbstractTableModel>
#include <QList>

namespace vigil::ui {

// A table model whose rows only grow at the end and are trimmed at the front.
class BoundedRowsModel : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;

protected:
    // Moves `pending` (emptied) to the end of `rows`, then removes the oldest rows so that at
    // most `max` remain. Of a burst larger than `max` only the newest rows are inserted, since
    // the others would be removed at once.
    template <typename T> void appendBounded(QList<T>& rows, QList<T>& pending, int max) {
        if (pending.size() > max) {
            pending.remove(0, pending.size() - max);
        }
        if (!pending.isEmpty()) {
            const int first = int(rows.size());
            beginInsertRows(QModelIndex(), first, first + int(pending.size()) - 1);
            rows << pending;
            endInsertRows();
            pending.clear();
        }
        const int excess = int(rows.size()) - max;
        if (excess > 0) {
            beginRemoveRows(QModelIndex(), 0, excess - 1);
            rows.remove(0, excess);
            endRemoveRows();
        }
    }
};

} // namespace vigil::ui
