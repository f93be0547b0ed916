// Paints a cell's display text as a coloured state badge (stateColor() of the text), for the
// state columns of the daemon, session and target tables.
#pragma once

#include <QStyledItemDelegate>

namespace vigil::ui {

class BadgeDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit BadgeDelegate(QObject* parent = nullptr);

    // Paints the selection/background as the style does, then the badge.
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    // Returns the badge's size plus margins.
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace vigil::ui
