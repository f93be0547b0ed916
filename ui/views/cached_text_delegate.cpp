#include "views/cached_text_delegate.h"

#include <QApplication>
#include <QPainter>

namespace vigil::ui {

namespace {

// Enough for every distinct string a screenful of rows shows, several times over.
constexpr qsizetype maxCachedTexts = 4096;

} // namespace

CachedTextDelegate::CachedTextDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

const QStaticText& CachedTextDelegate::layout(const QString& text, const QFont& font) const {
    if (font != cacheFont_ || cache_.size() >= maxCachedTexts) {
        cache_.clear();
        cacheFont_ = font;
    }
    auto it = cache_.find(text);
    if (it == cache_.end()) {
        QStaticText prepared(text);
        prepared.setTextFormat(Qt::PlainText);
        prepared.setPerformanceHint(QStaticText::AggressiveCaching);
        prepared.prepare(QTransform(), font);
        it = cache_.insert(text, prepared);
    }
    return *it;
}

void CachedTextDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                               const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    constexpr auto extras = QStyleOptionViewItem::HasCheckIndicator |
                            QStyleOptionViewItem::HasDecoration | QStyleOptionViewItem::WrapText;
    if ((opt.features & extras) || opt.text.contains(QLatin1Char('\n'))) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    // Without an icon or a check box the text may use the whole cell, less the margin the
    // style's own text drawing keeps on each side.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, &opt, widget) + 1;
    const QRect textRect = opt.rect.adjusted(margin, 0, -margin, 0);
    const QString text = opt.text;
    const QStaticText& prepared = layout(text, opt.font);
    opt.text.clear();
    if (prepared.size().width() > textRect.width()) {
        QStyledItemDelegate::paint(painter, option, index); // elided by the style
        return;
    }
    // Background, selection and focus frame as the style paints them, without the text.
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    if (text.isEmpty()) {
        return;
    }
    const QSizeF size = prepared.size();
    const Qt::Alignment align = QStyle::visualAlignment(opt.direction, opt.displayAlignment);
    qreal x = textRect.left();
    if (align & Qt::AlignRight) {
        x = textRect.right() + 1 - size.width();
    } else if (align & Qt::AlignHCenter) {
        x = textRect.left() + (textRect.width() - size.width()) / 2;
    }
    qreal y = textRect.top() + (textRect.height() - size.height()) / 2;
    if (align & Qt::AlignTop) {
        y = textRect.top();
    } else if (align & Qt::AlignBottom) {
        y = textRect.bottom() + 1 - size.height();
    }
    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (opt.state & QStyle::State_Active) ? QPalette::Normal
                                                                            : QPalette::Inactive;
    const QPalette::ColorRole role =
        (opt.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text;
    painter->save();
    painter->setFont(opt.font);
    painter->setPen(opt.palette.color(group, role));
    painter->setClipRect(textRect);
    painter->drawStaticText(QPointF(x, y), prepared);
    painter->restore();
}

} // namespace vigil::ui
