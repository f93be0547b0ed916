// An icon that stays readable on a selected row. Qt draws an icon's Selected mode by blending
// it with the highlight colour, which turns a blue line icon on a blue selection into a faint
// smudge (every selected sidebar entry showed one); this engine draws it instead in the
// palette's highlighted-text colour, the way KDE's icons turn white on a selection. Every other
// mode is the wrapped icon's own, at whatever device pixel ratio the screen asks for, so SVG
// icons stay sharp at 1.5× and 2×.
#pragma once

#include <QIcon>
#include <QIconEngine>

namespace vigil::ui {

class SelectionTintedIconEngine : public QIconEngine {
public:
    explicit SelectionTintedIconEngine(QIcon base);

    void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State state) override;
    QSize actualSize(const QSize& size, QIcon::Mode mode, QIcon::State state) override;
    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override;
    QPixmap scaledPixmap(const QSize& size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override;
    QList<QSize> availableSizes(QIcon::Mode mode, QIcon::State state) override;
    bool isNull() override;
    QIconEngine* clone() const override;

private:
    QIcon base_;
};

// `base` with its Selected mode drawn in the highlighted-text colour.
QIcon selectionTinted(const QIcon& base);

} // namespace vigil::ui
