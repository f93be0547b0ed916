#include "views/widget_state.h"

#include <QAbstractItemView>
#include <QHeaderView>
#include <QSettings>
#include <QSplitter>
#include <QStringList>
#include <QTableView>
#include <QTreeView>

namespace vigil::ui {

namespace {

QString stepName(const QObject* object) {
    if (!object->objectName().isEmpty()) {
        return object->objectName();
    }
    // Unnamed: its class and its place among its parent's children of that class.
    int index = 0;
    if (const QObject* parent = object->parent()) {
        for (const QObject* sibling : parent->children()) {
            if (sibling == object) {
                break;
            }
            if (sibling->metaObject() == object->metaObject()) {
                index++;
            }
        }
    }
    return QStringLiteral("%1#%2")
        .arg(QString::fromLatin1(object->metaObject()->className()))
        .arg(index);
}

// The header a view shows its columns in: a table's horizontal one, a tree's only one.
QHeaderView* columnHeader(QAbstractItemView* view) {
    if (auto* table = qobject_cast<QTableView*>(view)) {
        return table->horizontalHeader();
    }
    if (auto* tree = qobject_cast<QTreeView*>(view)) {
        return tree->header();
    }
    return nullptr;
}

bool sortable(QAbstractItemView* view) {
    if (auto* table = qobject_cast<QTableView*>(view)) {
        return table->isSortingEnabled();
    }
    if (auto* tree = qobject_cast<QTreeView*>(view)) {
        return tree->isSortingEnabled();
    }
    return false;
}

void sortBy(QAbstractItemView* view, int column, Qt::SortOrder order) {
    if (auto* table = qobject_cast<QTableView*>(view)) {
        table->sortByColumn(column, order);
    } else if (auto* tree = qobject_cast<QTreeView*>(view)) {
        tree->sortByColumn(column, order);
    }
}

QString splitterKey(const QWidget* root, const QSplitter* splitter) {
    return QStringLiteral("splitter/") + widgetStateKey(root, splitter);
}

QString headerKey(const QWidget* root, const QAbstractItemView* view) {
    return QStringLiteral("columns/") + widgetStateKey(root, view);
}

} // namespace

QString widgetStateKey(const QWidget* root, const QWidget* widget) {
    QStringList steps;
    for (const QObject* o = widget; o && o != root; o = o->parent()) {
        steps.prepend(stepName(o));
    }
    return steps.join(QLatin1Char('.'));
}

void saveWidgetStates(const QWidget* root, QSettings& settings) {
    for (const QSplitter* splitter : root->findChildren<QSplitter*>()) {
        settings.setValue(splitterKey(root, splitter), splitter->saveState());
    }
    for (QAbstractItemView* view : root->findChildren<QAbstractItemView*>()) {
        if (QHeaderView* header = columnHeader(view); header && header->count() > 0) {
            settings.setValue(headerKey(root, view), header->saveState());
        }
    }
}

void restoreWidgetStates(QWidget* root, const QSettings& settings) {
    for (QSplitter* splitter : root->findChildren<QSplitter*>()) {
        const QByteArray state = settings.value(splitterKey(root, splitter)).toByteArray();
        if (!state.isEmpty()) {
            splitter->restoreState(state);
        }
    }
    for (QAbstractItemView* view : root->findChildren<QAbstractItemView*>()) {
        QHeaderView* header = columnHeader(view);
        const QByteArray state = settings.value(headerKey(root, view)).toByteArray();
        if (!header || state.isEmpty() || !header->restoreState(state)) {
            continue;
        }
        // The header remembers the sort indicator; the model has to be told.
        if (sortable(view) && header->sortIndicatorSection() >= 0) {
            sortBy(view, header->sortIndicatorSection(), header->sortIndicatorOrder());
        }
    }
}

} // namespace vigil::ui
