// An item delegate for the console's busy tables that paints plain-text cells from cached
// QStaticText layouts. QStyledItemDelegate shapes every cell's text with HarfBuzz on every paint
// (twice: once to lay the cell out, once to draw it), which was most of the cost of repainting
// a table whose rows all change ten times a second. Cells with an icon or a check box, and text
// that does not fit (it must be elided), are left to QStyledItemDelegate.
#pragma once

#include <QFont>
#include <QHash>
#include <QStaticText>
#include <QStyledItemDelegate>

namespace vigil::ui {

class CachedTextDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit CachedTextDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;

private:
    // The prepared layout of `text` in `font` (the cache is emptied when the font changes or it
    // grows past its bound, so it stays small whatever the cells show).
    const QStaticText& layout(const QString& text, const QFont& font) const;

    mutable QHash<QString, QStaticText> cache_;
    mutable QFont cacheFont_;
};

} // namespace vigil::ui
