#include "views/badge_delegate.h"

#include "views/state_style.h"

#include <QApplication>
#include <QPainter>

namespace vigil::ui {

BadgeDelegate::BadgeDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

void BadgeDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    opt.icon = QIcon();
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    QFont font = opt.font;
    font.setPointSizeF(font.pointSizeF() * 0.9);
    font.setBold(true);
    paintBadge(painter, opt.rect, text, stateColor(text), font);
}

QSize BadgeDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    QFont font = opt.font;
    font.setPointSizeF(font.pointSizeF() * 0.9);
    font.setBold(true);
    QSize s = badgeSize(opt.text, font);
    return {s.width() + 12,
            qMax(s.height() + 6, QStyledItemDelegate::sizeHint(option, index).height())};
}

} // namespace vigil::ui
