// The widget side of exporting a table: an "Export…" button whose menu writes a table view's
// model to a file (text, JSON or CSV by the dialog's filter or the name's extension) or to the
// clipboard, and a Copy action (Ctrl+C, context menu) for the selected rows, tab-separated.
// The writing itself is table_export's.
#pragma once

#include "services/table_export.h"

#include <QList>
#include <QString>

class QAbstractItemModel;
class QAbstractItemView;
class QToolButton;
class QWidget;

namespace vigil::ui {

// Gives `table` (a table, or a tree whose top-level rows are exported) a "Copy" action (Ctrl+C
// while it has focus, and its context menu) copying the selected rows tab-separated, and returns a
// new "Export…" tool button (for the caller's layout; unparented until added) exporting `table`'s
// model, limited to `columns` when given. `title` names the table in dialogs and the default file
// name ("sessions" → sessions.csv).
QToolButton* addTableExport(QAbstractItemView* table, const QString& title,
                            const QList<int>& columns = {});

// Asks for a file and writes `model` to it; a failure is reported in a message box. Returns
// the path written, or an empty string when cancelled or failed.
QString exportTableWithDialog(QWidget* parent, const QAbstractItemModel& model,
                              const QString& title, const TableExportOptions& options = {});

// Writes `model` to `path` in the format of its extension (txt, json, csv). Returns false with
// the reason in `*error`; the old file is left as it was.
bool exportTableToFile(const QAbstractItemModel& model, const QString& path,
                       const TableExportOptions& options = {}, QString* error = nullptr);

} // namespace vigil::ui
