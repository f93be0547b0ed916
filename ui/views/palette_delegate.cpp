#include "views/palette_delegate.h"

#include "models/palette_model.h"

#include <QApplication>
#include <QPainter>
#include <QTextLayout>
#include <algorithm>

namespace vigil::ui {

namespace {

constexpr int padding = 6; // around the row's text and between its parts

// The width of the kind column: the widest label, so the titles line up.
int kindColumnWidth(const QFontMetrics& metrics) {
    int width = 0;
    for (PaletteKind kind : {PaletteKind::Action, PaletteKind::Host, PaletteKind::Target,
                             PaletteKind::Daemon, PaletteKind::Command}) {
        width = std::max(width, metrics.horizontalAdvance(PaletteModel::kindLabel(kind)));
    }
    return width;
}

// The runs of consecutive `positions` inside a text of `length` characters, each as a bold
// format range.
QList<QTextLayout::FormatRange> boldRanges(const QList<int>& positions, int length,
                                           const QFont& font) {
    QTextCharFormat bold;
    QFont boldFont = font;
    boldFont.setBold(true);
    bold.setFont(boldFont);
    QList<QTextLayout::FormatRange> ranges;
    for (int position : positions) {
        if (position < 0 || position >= length) {
            continue; // folding to lower case may have changed the length (rare scripts)
        }
        if (!ranges.isEmpty() && ranges.last().start + ranges.last().length == position) {
            ++ranges.last().length;
        } else {
            ranges.append({position, 1, bold});
        }
    }
    return ranges;
}

} // namespace

PaletteDelegate::PaletteDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

void PaletteDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                            const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group =
        opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    const QColor text =
        opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor muted = text;
    muted.setAlphaF(0.65f);

    painter->save();
    painter->setFont(opt.font);
    const QFontMetrics metrics(opt.font);
    QRect rest = opt.rect.adjusted(padding, 0, -padding, 0);

    // Kind, left.
    const auto kind = PaletteKind(index.data(PaletteModel::KindRole).toInt());
    const int kindWidth = kindColumnWidth(metrics);
    painter->setPen(muted);
    painter->drawText(QRect(rest.left(), rest.top(), kindWidth, rest.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, PaletteModel::kindLabel(kind));
    rest.setLeft(rest.left() + kindWidth + 2 * padding);

    // Shortcut, right.
    const QString shortcut = index.data(PaletteModel::ShortcutRole).toString();
    if (!shortcut.isEmpty()) {
        const int width = metrics.horizontalAdvance(shortcut);
        painter->drawText(QRect(rest.right() - width, rest.top(), width, rest.height()),
                          Qt::AlignRight | Qt::AlignVCenter, shortcut);
        rest.setRight(rest.right() - width - 2 * padding);
    }

    // Title, with the matched characters bold; it keeps its full width before the detail
    // gets any, and only a title wider than the row is cut.
    const QString title = index.data(Qt::DisplayRole).toString();
    QTextLayout layout(title, opt.font, painter->device());
    layout.setFormats(boldRanges(index.data(PaletteModel::MatchPositionsRole).value<QList<int>>(),
                                 int(title.size()), opt.font));
    layout.beginLayout();
    QTextLine line = layout.createLine();
    if (line.isValid()) {
        line.setLineWidth(1e6); // one line, however long
    }
    layout.endLayout();
    const qreal titleWidth =
        line.isValid() ? std::min<qreal>(line.naturalTextWidth(), rest.width()) : 0;
    painter->setPen(text);
    painter->save();
    painter->setClipRect(QRect(rest.left(), rest.top(), int(titleWidth) + 1, rest.height()));
    layout.draw(painter, QPointF(rest.left(), rest.top() + (rest.height() - line.height()) / 2));
    painter->restore();
    rest.setLeft(rest.left() + int(titleWidth) + 2 * padding);

    // Detail, in what is left.
    const QString detail = index.data(PaletteModel::DetailRole).toString();
    if (!detail.isEmpty() && rest.width() > metrics.averageCharWidth() * 3) {
        painter->setPen(muted);
        painter->drawText(rest, Qt::AlignLeft | Qt::AlignVCenter,
                          metrics.elidedText(detail, Qt::ElideMiddle, rest.width()));
    }
    painter->restore();
}

QSize PaletteDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    const QFontMetrics metrics(option.font);
    return QSize(option.rect.width(), metrics.height() + 2 * padding);
}

} // namespace vigil::ui
