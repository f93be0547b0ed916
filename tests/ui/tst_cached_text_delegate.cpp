// CachedTextDelegate paints plain-text cells where QStyledItemDelegate would: the same table is
// rendered with each delegate and the text's ink (its bounding box of non-background pixels)
// is compared cell by cell, for left- and right-aligned text, a selected row (highlighted text
// colour), a foreground colour from the model, and text too long for its cell (elided by the
// style's own path).
#include "views/cached_text_delegate.h"

#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QtTest>

using namespace vigil::ui;

class TestCachedTextDelegate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void paintsLikeTheStyle();
};

namespace {

// The bounding box of the pixels of `image` inside `cell` that differ from the cell's
// background (taken at its left edge, mid-height).
QRect inkBox(const QImage& image, const QRect& cell) {
    const QRgb background = image.pixel(cell.left() + 1, cell.center().y());
    QRect box;
    for (int y = cell.top() + 1; y < cell.bottom(); ++y) {
        for (int x = cell.left() + 1; x < cell.right(); ++x) {
            const QRgb p = image.pixel(x, y);
            if (qAbs(qGray(p) - qGray(background)) > 60 || qAbs(qRed(p) - qRed(background)) > 60) {
                box |= QRect(x, y, 1, 1);
            }
        }
    }
    return box;
}

struct Rendered {
    QImage image;
    QList<QRect> cells;
};

Rendered render(QAbstractItemDelegate* delegate) {
    QStandardItemModel model(3, 2);
    model.setItem(0, 0, new QStandardItem(QStringLiteral("left text")));
    auto* right = new QStandardItem(QStringLiteral("12.5 MiB"));
    right->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    model.setItem(0, 1, right);
    model.setItem(1, 0, new QStandardItem(QStringLiteral("selected row")));
    model.setItem(1, 1, new QStandardItem(QStringLiteral("9436")));
    auto* red = new QStandardItem(QStringLiteral("stderr"));
    red->setForeground(QColor(Qt::red));
    model.setItem(2, 0, red);
    model.setItem(2, 1,
                  new QStandardItem(QStringLiteral("a line far too long for its narrow cell")));

    QTableView view;
    view.setModel(&model);
    view.setItemDelegate(delegate);
    view.setShowGrid(false);
    view.setWordWrap(false); // as the console's tables are: wrapping cells go to the style
    view.setColumnWidth(0, 160);
    view.setColumnWidth(1, 110);
    view.resize(320, 160);
    view.selectRow(1);
    view.show();
    Rendered out;
    out.image = view.viewport()->grab().toImage();
    for (int row = 0; row < 3; ++row) {
        for (int column = 0; column < 2; ++column) {
            out.cells << view.visualRect(model.index(row, column));
        }
    }
    return out;
}

} // namespace

void TestCachedTextDelegate::paintsLikeTheStyle() {
    QStyledItemDelegate styled;
    CachedTextDelegate cached;
    const Rendered expected = render(&styled);
    const Rendered actual = render(&cached);
    QCOMPARE(actual.cells, expected.cells);
    for (int i = 0; i < expected.cells.size(); ++i) {
        const QRect want = inkBox(expected.image, expected.cells[i]);
        const QRect got = inkBox(actual.image, actual.cells[i]);
        QVERIFY2(!want.isEmpty(), qPrintable(QStringLiteral("cell %1 painted nothing").arg(i)));
        // Sub-pixel placement may differ by a pixel; the text's place may not.
        const bool close =
            qAbs(got.left() - want.left()) <= 1 && qAbs(got.right() - want.right()) <= 1 &&
            qAbs(got.top() - want.top()) <= 1 && qAbs(got.bottom() - want.bottom()) <= 1;
        QVERIFY2(close, qPrintable(QStringLiteral("cell %1: ink at %2,%3 %4x%5, style's at "
                                                  "%6,%7 %8x%9")
                                       .arg(i)
                                       .arg(got.x())
                                       .arg(got.y())
                                       .arg(got.width())
                                       .arg(got.height())
                                       .arg(want.x())
                                       .arg(want.y())
                                       .arg(want.width())
                                       .arg(want.height())));
    }
    // The selected row's text is drawn in the highlighted-text colour, the model's foreground
    // where it sets one: compare the darkest/reddest pixel's colour family in both renderings.
    auto dominant = [](const QImage& image, const QRect& box) {
        int red = 0;
        int light = 0;
        for (int y = box.top(); y <= box.bottom(); ++y) {
            for (int x = box.left(); x <= box.right(); ++x) {
                const QRgb p = image.pixel(x, y);
                red += qRed(p) > qGreen(p) + 80 ? 1 : 0;
                light += qGray(p) > 200 ? 1 : 0;
            }
        }
        return qMakePair(red > 0, light > 0);
    };
    for (int i : {2, 4}) {
        const QRect box = inkBox(expected.image, expected.cells[i]);
        QCOMPARE(dominant(actual.image, box), dominant(expected.image, box));
    }
}

QTEST_MAIN(TestCachedTextDelegate)
#include "tst_cached_text_delegate.moc"
