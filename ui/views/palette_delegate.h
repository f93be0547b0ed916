// Paints one row of the command palette on one line: the entry's kind, its title with the
// characters the query matched in bold, where it lives (its detail) in a muted colour, and an
// action's shortcut at the right edge. The title is laid out with QTextLayout's format ranges,
// not rich text, so a row costs no HTML parse when the list scrolls.
#pragma once

#include <QStyledItemDelegate>

namespace vigil::ui {

class PaletteDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit PaletteDelegate(QObject* parent = nullptr);

    // Paints the selection/background as the style does, then the row's parts (see above).
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    // Returns one line of text plus padding, as wide as the view gives.
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace vigil::ui
