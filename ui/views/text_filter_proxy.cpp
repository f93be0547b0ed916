#include "views/text_filter_proxy.h"

namespace vigil::ui {

TextFilterProxy::TextFilterProxy(QList<int> columns, QObject* parent)
    : QSortFilterProxyModel(parent), columns_(std::move(columns)) {}

void TextFilterProxy::setText(const QString& text) {
    text_ = text;
    invalidateRowsFilter();
}

bool TextFilterProxy::filterAcceptsRow(int row, const QModelIndex& parent) const {
    if (text_.isEmpty()) {
        return true;
    }
    for (int column : columns_) {
        const QModelIndex index = sourceModel()->index(row, column, parent);
        if (index.data().toString().contains(text_, Qt::CaseInsensitive)) {
            return true;
        }
    }
    return false;
}

} // namespace vigil::ui
