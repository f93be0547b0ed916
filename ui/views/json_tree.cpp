#include "views/json_tree.h"

#include "services/reply_analysis.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <functional>

namespace vigil::ui {

namespace {

// Keeps a row whose key or value matches, and the ancestors of such rows.
class TreeFilter : public QSortFilterProxyModel {
public:
    explicit TreeFilter(QObject* parent) : QSortFilterProxyModel(parent) {
        setRecursiveFilteringEnabled(true);
        setFilterCaseSensitivity(Qt::CaseInsensitive);
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        const QString needle = filterRegularExpression().pattern();
        if (needle.isEmpty()) {
            return true;
        }
        for (int column : {int(JsonTree::KeyColumn), int(JsonTree::ValueColumn)}) {
            const QModelIndex index = sourceModel()->index(row, column, parent);
            if (index.data().toString().contains(needle, Qt::CaseInsensitive)) {
                return true;
            }
        }
        return false;
    }
};

} // namespace

QString jsonTypeName(const QJsonValue& v) {
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Undefined:
        break;
    }
    return QString();
}

QString jsonValueText(const QJsonValue& v) {
    switch (v.type()) {
    case QJsonValue::Array:
        return QObject::tr("[%n item(s)]", nullptr, int(v.toArray().size()));
    case QJsonValue::Object:
        return QObject::tr("{%n member(s)}", nullptr, int(v.toObject().size()));
    case QJsonValue::String:
        return v.toString();
    default: {
        const QByteArray wrapped = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
    }
    }
}

QString prettyJson(const QJsonValue& v) {
    if (v.isObject()) {
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Indented));
    }
    if (v.isArray()) {
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Indented));
    }
    return jsonValueText(v) + QLatin1Char('\n');
}

JsonTree::JsonTree(QWidget* parent) : QTreeView(parent) {
    model_ = new QStandardItemModel(this);
    model_->setHorizontalHeaderLabels({tr("Key"), tr("Value"), tr("Type")});
    filtered_ = new TreeFilter(this);
    filtered_->setSourceModel(model_);
    setModel(filtered_);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(ValueColumn, QHeaderView::Stretch);
    setColumnWidth(KeyColumn, 260);
}

void JsonTree::clear() {
    tooLarge_ = false;
    changedPaths_.clear();
    model_->removeRows(0, model_->rowCount());
}

bool JsonTree::setValue(const QJsonValue& value) {
    // Remember what the reader opened, so a watch's refresh does not fold it up again.
    QSet<QString> expanded;
    if (model_->rowCount() > 0) {
        std::function<void(const QModelIndex&)> collect = [&](const QModelIndex& parent) {
            for (int r = 0; r < filtered_->rowCount(parent); r++) {
                const QModelIndex index = filtered_->index(r, 0, parent);
                if (isExpanded(index)) {
                    expanded.insert(index.data(PathRole).toString());
                    collect(index);
                }
            }
        };
        collect(QModelIndex());
    }
    model_->removeRows(0, model_->rowCount());
    int budget = maxNodes;
    QStandardItem* root = model_->invisibleRootItem();
    depth_ = 0;
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.constBegin(); it != o.constEnd() && budget > 0; ++it) {
            addNode(root, it.key(), jsonPointerChild(QString(), it.key()), it.value(), 1, budget);
        }
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size() && budget > 0; i++) {
            addNode(root, QStringLiteral("[%1]").arg(i),
                    jsonPointerChild(QString(), QString::number(i)), a.at(i), 1, budget);
        }
    } else {
        addNode(root, tr("(value)"), QString(), value, 1, budget);
    }
    tooLarge_ = budget <= 0;
    if (tooLarge_) {
        // Too large to browse as a tree: the raw JSON says it all.
        model_->removeRows(0, model_->rowCount());
        return false;
    }
    if (expanded.isEmpty()) {
        expandSensibly();
    } else {
        std::function<void(const QModelIndex&)> restore = [&](const QModelIndex& parent) {
            for (int r = 0; r < filtered_->rowCount(parent); r++) {
                const QModelIndex index = filtered_->index(r, 0, parent);
                if (expanded.contains(index.data(PathRole).toString())) {
                    expand(index);
                    restore(index);
                }
            }
        };
        restore(QModelIndex());
    }
    return true;
}

QStandardItem* JsonTree::addNode(QStandardItem* parent, const QString& key, const QString& path,
                                 const QJsonValue& value, int depth, int& budget) {
    budget--;
    depth_ = std::max(depth_, depth);
    auto* keyItem = new QStandardItem(key);
    keyItem->setData(path, PathRole);
    auto* valueItem = new QStandardItem(jsonValueText(value));
    auto* typeItem = new QStandardItem(jsonTypeName(value));
    if (value.isString()) {
        valueItem->setToolTip(value.toString());
    }
    parent->appendRow({keyItem, valueItem, typeItem});
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.constBegin(); it != o.constEnd() && budget > 0; ++it) {
            addNode(keyItem, it.key(), jsonPointerChild(path, it.key()), it.value(), depth + 1,
                    budget);
        }
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size() && budget > 0; i++) {
            addNode(keyItem, QStringLiteral("[%1]").arg(i),
                    jsonPointerChild(path, QString::number(i)), a.at(i), depth + 1, budget);
        }
    }
    return keyItem;
}

void JsonTree::expandSensibly() {
    // As deep as keeps the visible rows on about two screens: all of a small reply, the top
    // levels of a large one.
    constexpr int maxVisible = 200;
    QList<int> perDepth;
    std::function<void(const QModelIndex&, int)> count = [&](const QModelIndex& parent, int depth) {
        const int rows = model_->rowCount(parent);
        if (rows == 0) {
            return;
        }
        if (perDepth.size() <= depth) {
            perDepth.resize(depth + 1);
        }
        perDepth[depth] += rows;
        for (int r = 0; r < rows; r++) {
            count(model_->index(r, 0, parent), depth + 1);
        }
    };
    count(QModelIndex(), 0);
    int visible = 0;
    int depth = -1;
    for (int d = 0; d < perDepth.size(); d++) {
        visible += perDepth[d];
        if (visible > maxVisible && d > 0) {
            break;
        }
        depth = d;
    }
    collapseAll();
    if (depth >= 1) {
        expandToDepth(depth - 1);
    }
}

void JsonTree::setFilter(const QString& text) {
    filtered_->setFilterFixedString(text);
}

int JsonTree::visibleTopLevelRows() const {
    return filtered_->rowCount();
}

void JsonTree::setChangedPaths(const QStringList& paths, const QColor& colour) {
    changedPaths_.clear();
    for (const QString& p : paths) {
        // The ancestors too, so a change inside a collapsed object shows on its row.
        QString path = p;
        while (!path.isEmpty()) {
            changedPaths_.insert(path);
            path.truncate(path.lastIndexOf(QLatin1Char('/')));
        }
    }
    applyHighlights(colour);
}

void JsonTree::applyHighlights(const QColor& colour) {
    std::function<void(QStandardItem*)> walk = [&](QStandardItem* parent) {
        for (int r = 0; r < parent->rowCount(); r++) {
            QStandardItem* key = parent->child(r, KeyColumn);
            const bool changed = changedPaths_.contains(key->data(PathRole).toString());
            for (int c = KeyColumn; c <= TypeColumn; c++) {
                if (QStandardItem* item = parent->child(r, c)) {
                    item->setData(changed ? QVariant(colour) : QVariant(), Qt::BackgroundRole);
                }
            }
            walk(key);
        }
    };
    walk(model_->invisibleRootItem());
}

} // namespace vigil::ui
