// The window's icons at any scale: drawn from their SVGs at the screen's device pixel ratio
// (sharp at 1.5× and 2×: as many device pixels as the ratio asks, not an upscaled 1× image),
// and on a selected row in the highlighted-text colour instead of Qt's faint blend with the
// highlight.
#include "views/state_style.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QtTest>

using namespace vigil::ui;

namespace {

// The distinct opaque colours of `image` (alpha above half), without alpha.
QSet<QRgb> opaqueColours(const QImage& image) {
    QSet<QRgb> colours;
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y) {
        for (int x = 0; x < argb.width(); ++x) {
            const QRgb pixel = argb.pixel(x, y);
            if (qAlpha(pixel) > 128) {
                colours.insert(qRgb(qRed(pixel), qGreen(pixel), qBlue(pixel)));
            }
        }
    }
    return colours;
}

int opaquePixels(const QImage& image) {
    int n = 0;
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y) {
        for (int x = 0; x < argb.width(); ++x) {
            n += qAlpha(argb.pixel(x, y)) > 128 ? 1 : 0;
        }
    }
    return n;
}

} // namespace

class TestSelectionTintedIcon : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawnAtTheDevicePixelRatio_data();
    void drawnAtTheDevicePixelRatio();
    void selectedIsHighlightedText();
    void paintOnAHighDpiDeviceUsesItsRatio();
};

void TestSelectionTintedIcon::drawnAtTheDevicePixelRatio_data() {
    QTest::addColumn<qreal>("scale");
    QTest::newRow("1x") << 1.0;
    QTest::newRow("1.5x") << 1.5;
    QTest::newRow("2x") << 2.0;
}

void TestSelectionTintedIcon::drawnAtTheDevicePixelRatio() {
    QFETCH(qreal, scale);
    const QIcon icon = resourceIcon(QStringLiteral("daemon"));
    QVERIFY(!icon.isNull());
    for (QIcon::Mode mode : {QIcon::Normal, QIcon::Selected, QIcon::Disabled}) {
        const QPixmap pixmap = icon.pixmap(QSize(16, 16), scale, mode);
        QCOMPARE(pixmap.size(), QSize(qRound(16 * scale), qRound(16 * scale)));
        QCOMPARE(pixmap.devicePixelRatio(), scale);
        QVERIFY(opaquePixels(pixmap.toImage()) > 0);
    }
    // An SVG drawn at 2× has detail a 1× image scaled up lacks: more distinct edge pixels.
    const QImage sharp = icon.pixmap(QSize(16, 16), 2.0).toImage();
    const QImage blown = icon.pixmap(QSize(16, 16), 1.0).toImage().scaled(sharp.size());
    QVERIFY(sharp != blown);
}

void TestSelectionTintedIcon::selectedIsHighlightedText() {
    QPalette palette = QApplication::palette();
    palette.setColor(QPalette::HighlightedText, QColor(255, 255, 255));
    palette.setColor(QPalette::Highlight, QColor(48, 140, 198));
    QApplication::setPalette(palette);
    const QIcon icon = resourceIcon(QStringLiteral("daemon"));
    const QImage normal = icon.pixmap(QSize(32, 32), 1.0, QIcon::Normal).toImage();
    const QImage selected = icon.pixmap(QSize(32, 32), 1.0, QIcon::Selected).toImage();
    // The same shape...
    QCOMPARE(opaquePixels(selected), opaquePixels(normal));
    // ...in the highlighted-text colour only, where the normal icon has colours of its own.
    QCOMPARE(opaqueColours(selected), QSet<QRgb>{qRgb(255, 255, 255)});
    QVERIFY(!opaqueColours(normal).contains(qRgb(255, 255, 255)) ||
            opaqueColours(normal).size() > 1);
}

void TestSelectionTintedIcon::paintOnAHighDpiDeviceUsesItsRatio() {
    const QIcon icon = resourceIcon(QStringLiteral("daemon"));
    QImage canvas(64, 64, QImage::Format_ARGB32_Premultiplied);
    canvas.setDevicePixelRatio(2.0);
    canvas.fill(Qt::transparent);
    {
        QPainter painter(&canvas);
        icon.paint(&painter, QRect(0, 0, 32, 32), Qt::AlignCenter, QIcon::Selected);
    }
    canvas.setDevicePixelRatio(1.0);
    // The icon covers the whole 64×64 device-pixel canvas as a 2× pixmap would (its shape as
    // drawn at 64 pixels), not a 32-pixel image in one corner.
    QImage direct = icon.pixmap(QSize(32, 32), 2.0, QIcon::Selected).toImage();
    direct.setDevicePixelRatio(1.0);
    QCOMPARE(opaquePixels(canvas), opaquePixels(direct));
}

QTEST_MAIN(TestSelectionTintedIcon)
#include "tst_selection_tinted_icon.moc"
