#include "views/table_export_actions.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCoreApplication>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QToolButton>

// The same context as services/table_export.cpp's texts, at global scope so that lupdate
// files them under "TableExport", the name Q_DECLARE_TR_FUNCTIONS looks them up under.
struct TableExport {
    Q_DECLARE_TR_FUNCTIONS(TableExport)
};

namespace vigil::ui {

namespace {

QString extensionFor(ExportFormat format) {
    return format == ExportFormat::Text ? QStringLiteral("txt") : exportFormatName(format);
}

} // namespace

bool exportTableToFile(const QAbstractItemModel& model, const QString& path,
                       const TableExportOptions& options, QString* error) {
    const std::optional<ExportFormat> format = exportFormatForPath(path);
    if (!format) {
        if (error) {
            *error = TableExport::tr("Choose a file ending in .txt, .json or .csv.");
        }
        return false;
    }
    return writeFileAtomically(path, exportTable(model, *format, options), error);
}

QString exportTableWithDialog(QWidget* parent, const QAbstractItemModel& model,
                              const QString& title, const TableExportOptions& options) {
    const QStringList filters = exportFileFilters();
    QString selected = filters.value(2); // CSV: what a table is most often wanted as
    QString path = QFileDialog::getSaveFileName(
        parent, TableExport::tr("Export %1").arg(title),
        title.toLower().replace(QLatin1Char(' '), QLatin1Char('-')) + QStringLiteral(".csv"),
        filters.join(QLatin1String(";;")), &selected);
    if (path.isEmpty()) {
        return QString();
    }
    if (!exportFormatForPath(path)) {
        path += QLatin1Char('.') +
                extensionFor(exportFormatForFilter(selected).value_or(ExportFormat::Csv));
    }
    QString error;
    if (!exportTableToFile(model, path, options, &error)) {
        QMessageBox::warning(parent, TableExport::tr("Export %1").arg(title), error);
        return QString();
    }
    return path;
}

QToolButton* addTableExport(QAbstractItemView* table, const QString& title,
                            const QList<int>& columns) {
    auto* copy = new QAction(TableExport::tr("Copy Selected Rows"), table);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QObject::connect(copy, &QAction::triggered, table, [table, columns] {
        if (!table->model() || !table->selectionModel()) {
            return;
        }
        const QString text =
            copyRows(*table->model(), table->selectionModel()->selectedIndexes(), columns);
        if (!text.isEmpty()) {
            QApplication::clipboard()->setText(text);
        }
    });
    table->addAction(copy);
    if (table->contextMenuPolicy() == Qt::DefaultContextMenu) {
        table->setContextMenuPolicy(Qt::ActionsContextMenu);
    }

    auto* button = new QToolButton;
    button->setObjectName(title.toLower().replace(QLatin1Char(' '), QLatin1Char('-')) +
                          QStringLiteral("-export"));
    button->setText(TableExport::tr("Export…"));
    button->setToolTip(
        TableExport::tr("Write the %1 table to a file or the clipboard").arg(title.toLower()));
    button->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(button);
    TableExportOptions options;
    options.columns = columns;
    menu->addAction(TableExport::tr("To File…"), button, [table, title, options] {
        if (table->model()) {
            exportTableWithDialog(table, *table->model(), title, options);
        }
    });
    menu->addSeparator();
    for (ExportFormat format : {ExportFormat::Csv, ExportFormat::Json, ExportFormat::Text}) {
        menu->addAction(TableExport::tr("Copy as %1").arg(exportFormatName(format).toUpper()),
                        button, [table, format, options] {
                            if (table->model()) {
                                QApplication::clipboard()->setText(QString::fromUtf8(
                                    exportTable(*table->model(), format, options)));
                            }
                        });
    }
    menu->addAction(copy);
    button->setMenu(menu);
    return button;
}

} // namespace vigil::ui
