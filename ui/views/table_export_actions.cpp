#include "views/table_export_actions.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QToolButton>

namespace vigil::ui {

namespace {

QString tr(const char* text) {
    return QApplication::translate("TableExport", text);
}

QString extensionFor(ExportFormat format) {
    return format == ExportFormat::Text ? QStringLiteral("txt") : exportFormatName(format);
}

} // namespace

bool exportTableToFile(const QAbstractItemModel& model, const QString& path,
                       const TableExportOptions& options, QString* error) {
    const std::optional<ExportFormat> format = exportFormatForPath(path);
    if (!format) {
        if (error) {
            *error = tr("Choose a file ending in .txt, .json or .csv.");
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
        parent, tr("Export %1").arg(title),
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
        QMessageBox::warning(parent, tr("Export %1").arg(title), error);
        return QString();
    }
    return path;
}

QToolButton* addTableExport(QAbstractItemView* table, const QString& title,
                            const QList<int>& columns) {
    auto* copy = new QAction(tr("Copy Selected Rows"), table);
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
    button->setText(tr("Export…"));
    button->setToolTip(tr("Write the %1 table to a file or the clipboard").arg(title.toLower()));
    button->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(button);
    TableExportOptions options;
    options.columns = columns;
    menu->addAction(tr("To File…"), button, [table, title, options] {
        if (table->model()) {
            exportTableWithDialog(table, *table->model(), title, options);
        }
    });
    menu->addSeparator();
    for (ExportFormat format : {ExportFormat::Csv, ExportFormat::Json, ExportFormat::Text}) {
        menu->addAction(tr("Copy as %1").arg(exportFormatName(format).toUpper()), button,
                        [table, format, options] {
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
