// A JSON value as a browsable tree: one row per member or element (key, value, type, and its
// JSON Pointer path), bounded in nodes, expanded to a depth that keeps it readable, filtered to
// the rows that match (with their ancestors), and rows can be highlighted by path. A rebuild
// with a new value keeps the rows the reader opened. The reply pane (views/reply_view.h) shows
// JSON replies in one.
#pragma once

#include <QColor>
#include <QJsonValue>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTreeView>

class QSortFilterProxyModel;
class QStandardItem;
class QStandardItemModel;

namespace vigil::ui {

// The JSON type of `value` as JSON names it ("null", "boolean", "number", "string", "array",
// "object"); empty for an undefined value.
QString jsonTypeName(const QJsonValue& value);
// A leaf as JSON spells it (strings unquoted: the Type column tells them apart), a container
// as its count of items or members.
QString jsonValueText(const QJsonValue& value);
// `value` as indented JSON text, ending in a newline (a bare leaf as jsonValueText() spells it).
QString prettyJson(const QJsonValue& value);

class JsonTree : public QTreeView {
    Q_OBJECT
public:
    // The tree's columns.
    enum Column { KeyColumn, ValueColumn, TypeColumn };
    // Column 0's role holding a row's JSON Pointer path.
    static constexpr int PathRole = Qt::UserRole + 1;
    // A value with more nodes than this is not built (a tree that large helps nobody and costs
    // seconds to build).
    static constexpr int maxNodes = 50000;

    explicit JsonTree(QWidget* parent = nullptr);

    // Replaces the rows with `value`'s. The rows the reader had expanded stay expanded (by
    // path); a first tree is expanded as deep as keeps it to about two screens. Returns false,
    // leaving the tree empty, when `value` has more than maxNodes nodes.
    bool setValue(const QJsonValue& value);
    // Removes all rows and the changed paths.
    void clear();
    // Whether the last setValue() was refused for its size.
    bool isTooLarge() const { return tooLarge_; }
    // How deep the built tree goes (1: top-level rows only; 0 when empty).
    int depth() const { return depth_; }

    // Shows only the rows whose key or value contains `text` (case-insensitive) and their
    // ancestors; empty shows all.
    void setFilter(const QString& text);
    // The number of rows at top level (after the filter).
    int visibleTopLevelRows() const;

    // Marks the rows at `paths` (JSON Pointers) and their ancestors as changed, so a change
    // inside a collapsed object shows on its row, and paints them in `colour`.
    void setChangedPaths(const QStringList& paths, const QColor& colour);
    // Forgets the changed paths without repainting (the next applyHighlights() clears them).
    void clearChangedPaths() { changedPaths_.clear(); }
    // Paints the changed rows' background in `colour` and clears every other row's.
    void applyHighlights(const QColor& colour);

private:
    QStandardItem* addNode(QStandardItem* parent, const QString& key, const QString& path,
                           const QJsonValue& value, int depth, int& budget);
    void expandSensibly();

    QStandardItemModel* model_;
    QSortFilterProxyModel* filtered_;
    QSet<QString> changedPaths_;
    int depth_ = 0;
    bool tooLarge_ = false;
};

} // namespace vigil::ui
