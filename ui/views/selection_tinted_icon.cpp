#include "views/selection_tinted_icon.h"

#include <QGuiApplication>
#include <QPainter>
#include <QPalette>

namespace vigil::ui {

SelectionTintedIconEngine::SelectionTintedIconEngine(QIcon base) : base_(std::move(base)) {}

void SelectionTintedIconEngine::paint(QPainter* painter, const QRect& rect, QIcon::Mode mode,
                                      QIcon::State state) {
    const qreal scale = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    QPixmap drawn = scaledPixmap(rect.size() * scale, mode, state, scale);
    drawn.setDevicePixelRatio(scale);
    // Centred like QIcon::paint does, for a pixmap smaller than the rectangle.
    const QSizeF size = drawn.deviceIndependentSize();
    const QPointF topLeft(rect.x() + (rect.width() - size.width()) / 2,
                          rect.y() + (rect.height() - size.height()) / 2);
    painter->drawPixmap(topLeft, drawn);
}

QSize SelectionTintedIconEngine::actualSize(const QSize& size, QIcon::Mode mode,
                                            QIcon::State state) {
    return base_.actualSize(size, mode, state);
}

QPixmap SelectionTintedIconEngine::pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) {
    return scaledPixmap(size, mode, state, 1.0);
}

// QIcon asks for `size` in device pixels already (its logical size times `scale`) and sets
// the ratio on what it gets back, so the wrapped icon is asked for device pixels at ratio 1.
QPixmap SelectionTintedIconEngine::scaledPixmap(const QSize& size, QIcon::Mode mode,
                                                QIcon::State state, qreal /*scale*/) {
    if (mode != QIcon::Selected) {
        return base_.pixmap(size, 1.0, mode, state);
    }
    QPixmap tinted = base_.pixmap(size, 1.0, QIcon::Normal, state);
    if (tinted.isNull()) {
        return tinted;
    }
    QPainter painter(&tinted);
    // SourceIn keeps the icon's shape and coverage (its anti-aliased edges) and replaces its
    // colours.
    painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
    painter.fillRect(QRectF(QPointF(), tinted.deviceIndependentSize()),
                     QGuiApplication::palette().color(QPalette::HighlightedText));
    return tinted;
}

QList<QSize> SelectionTintedIconEngine::availableSizes(QIcon::Mode mode, QIcon::State state) {
    return base_.availableSizes(mode, state);
}

bool SelectionTintedIconEngine::isNull() {
    return base_.isNull();
}

QIconEngine* SelectionTintedIconEngine::clone() const {
    return new SelectionTintedIconEngine(base_);
}

QIcon selectionTinted(const QIcon& base) {
    return QIcon(new SelectionTintedIconEngine(base));
}

} // namespace vigil::ui
