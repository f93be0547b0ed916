#include "views/watch_chart.h"

#include "views/state_style.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QTime>
#include <algorithm>
#include <cmath>
#include <limits>

namespace vigil::ui {

namespace {

// A 1-2-5 step that splits `range` into about `ticks` parts.
double niceStep(double range, int ticks) {
    if (range <= 0 || !std::isfinite(range)) {
        return 1;
    }
    const double raw = range / std::max(1, ticks);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (raw <= m * magnitude) {
            return m * magnitude;
        }
    }
    return 10 * magnitude;
}

QString numberText(double v) {
    const double a = std::fabs(v);
    if (a >= 1e9) {
        return QString::number(v / 1e9, 'g', 3) + QLatin1Char('G');
    }
    if (a >= 1e6) {
        return QString::number(v / 1e6, 'g', 3) + QLatin1Char('M');
    }
    if (a >= 1e4) {
        return QString::number(v / 1e3, 'g', 3) + QLatin1Char('k');
    }
    return QString::number(v, 'g', 6);
}

} // namespace

WatchChart::WatchChart(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("watchChart"));
    setAccessibleName(tr("Chart of the watched numbers"));
    setAccessibleDescription(tr("The checked numbers of the reply, plotted over time"));
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QSize WatchChart::sizeHint() const {
    return {480, 200};
}

QSize WatchChart::minimumSizeHint() const {
    return {240, 120};
}

QColor WatchChart::seriesColor(int position) {
    // Distinct on light and dark backgrounds (Tableau 10).
    static const QColor colours[] = {
        QColor(0x4e79a7), QColor(0xf28e2b), QColor(0x59a14f), QColor(0xe15759), QColor(0x76b7b2),
        QColor(0xedc948), QColor(0xb07aa1), QColor(0xff9da7), QColor(0x9c755f), QColor(0xbab0ac)};
    return colours[position % int(std::size(colours))];
}

void WatchChart::setData(const QList<Series>& series, const QList<qint64>& failures) {
    series_ = series;
    failures_ = failures;
    update();
}

void WatchChart::clear() {
    setData({}, {});
}

int WatchChart::pointCount() const {
    int n = 0;
    for (const Series& s : series_) {
        for (const WatchPoint& p : s.points) {
            if (std::isfinite(p.value)) {
                n++;
            }
        }
    }
    return n;
}

void WatchChart::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    const QColor text = pal.color(QPalette::Text);
    const QColor grid = trackColor(pal);
    const QFontMetrics fm(font());

    // The extent of the data.
    qint64 t0 = std::numeric_limits<qint64>::max();
    qint64 t1 = std::numeric_limits<qint64>::min();
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    for (const Series& s : series_) {
        for (const WatchPoint& pt : s.points) {
            t0 = std::min(t0, pt.msecsSinceEpoch);
            t1 = std::max(t1, pt.msecsSinceEpoch);
            if (std::isfinite(pt.value)) {
                lo = std::min(lo, pt.value);
                hi = std::max(hi, pt.value);
            }
        }
    }
    for (qint64 f : failures_) {
        t0 = std::min(t0, f);
        t1 = std::max(t1, f);
    }
    if (!std::isfinite(lo)) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter,
                   series_.isEmpty() ? tr("No numbers to plot: pick series from the list")
                                     : tr("Waiting for numbers…"));
        return;
    }
    if (hi == lo) {
        // A flat line sits in the middle of a small range around its value.
        const double pad = std::max(1.0, std::fabs(lo) * 0.05);
        lo -= pad;
        hi += pad;
    }
    const double step = niceStep(hi - lo, 4);
    lo = std::floor(lo / step) * step;
    hi = std::ceil(hi / step) * step;
    if (t1 <= t0) {
        t1 = t0 + 1000;
    }

    // The legend, one line per series with its latest value, along the top.
    const int lineHeight = fm.height();
    int legendRows = 1;
    {
        int x = 8;
        for (const Series& s : series_) {
            const int w = 16 + fm.horizontalAdvance(s.name + QStringLiteral(": 00000000")) + 14;
            if (x + w > width() - 8 && x > 8) {
                legendRows++;
                x = 8;
            }
            x += w;
        }
    }
    QString widest;
    for (double v = lo; v <= hi + step / 2; v += step) {
        const QString label = numberText(v);
        if (label.size() > widest.size()) {
            widest = label;
        }
    }
    const QRect plot(8 + fm.horizontalAdvance(widest) + 6, 6 + legendRows * lineHeight + 6, 0, 0);
    QRect area = plot;
    area.setRight(width() - 12);
    area.setBottom(height() - lineHeight - 8);
    if (area.width() < 20 || area.height() < 20) {
        return;
    }
    auto xOf = [&](qint64 t) {
        return area.left() + double(t - t0) / double(t1 - t0) * area.width();
    };
    auto yOf = [&](double v) { return area.bottom() - (v - lo) / (hi - lo) * area.height(); };

    // Value axis: grid lines and labels.
    p.setFont(font());
    for (double v = lo; v <= hi + step / 2; v += step) {
        const int y = int(std::round(yOf(v)));
        p.setPen(grid);
        p.drawLine(area.left(), y, area.right(), y);
        p.setPen(text);
        const QString label = numberText(v);
        p.drawText(QRect(0, y - lineHeight / 2, area.left() - 6, lineHeight),
                   Qt::AlignRight | Qt::AlignVCenter, label);
    }
    // Time axis: the first and last time, and the span.
    p.setPen(text);
    p.drawLine(area.bottomLeft(), area.bottomRight());
    const QString fmt = QStringLiteral("HH:mm:ss");
    const QString first = QDateTime::fromMSecsSinceEpoch(t0).toString(fmt);
    const QString last = QDateTime::fromMSecsSinceEpoch(t1).toString(fmt);
    const QRect axis(area.left(), area.bottom() + 4, area.width(), lineHeight);
    p.drawText(axis, Qt::AlignLeft | Qt::AlignTop, first);
    p.drawText(axis, Qt::AlignRight | Qt::AlignTop, last);
    p.drawText(axis, Qt::AlignHCenter | Qt::AlignTop,
               tr("%1 s").arg(QLocale().toString(double(t1 - t0) / 1000.0, 'f', 0)));

    // Failed runs: a red mark across the plot.
    QColor failed = stateColor(QStringLiteral("failed"));
    failed.setAlpha(150);
    p.setPen(QPen(failed, 2, Qt::DashLine));
    for (qint64 f : failures_) {
        const int x = int(std::round(xOf(f)));
        p.drawLine(x, area.top(), x, area.bottom());
    }

    // The lines, broken at gaps; a lone point between gaps is a dot.
    for (int i = 0; i < series_.size(); i++) {
        const Series& s = series_[i];
        const QColor colour = seriesColor(i);
        QPainterPath path;
        bool open = false;
        QList<QPointF> lone;
        for (int k = 0; k < s.points.size(); k++) {
            const WatchPoint& pt = s.points[k];
            if (!std::isfinite(pt.value)) {
                open = false;
                continue;
            }
            const QPointF at(xOf(pt.msecsSinceEpoch), yOf(pt.value));
            const bool nextFinite = k + 1 < s.points.size() && std::isfinite(s.points[k + 1].value);
            if (!open) {
                path.moveTo(at);
                if (!nextFinite) {
                    lone << at;
                }
                open = true;
            } else {
                path.lineTo(at);
            }
        }
        p.setPen(QPen(colour, 2));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        p.setBrush(colour);
        for (const QPointF& at : lone) {
            p.drawEllipse(at, 2.5, 2.5);
        }
        // The latest point, marked.
        for (int k = int(s.points.size()) - 1; k >= 0; k--) {
            if (std::isfinite(s.points[k].value)) {
                p.drawEllipse(QPointF(xOf(s.points[k].msecsSinceEpoch), yOf(s.points[k].value)),
                              3.5, 3.5);
                break;
            }
        }
    }

    // The legend: swatch, name, latest value.
    int x = 8;
    int y = 6;
    for (int i = 0; i < series_.size(); i++) {
        const Series& s = series_[i];
        QString latest = QStringLiteral("–");
        for (int k = int(s.points.size()) - 1; k >= 0; k--) {
            if (std::isfinite(s.points[k].value)) {
                latest = QLocale().toString(s.points[k].value, 'g', 12);
                break;
            }
        }
        const QString label = s.name + QStringLiteral(": ") + latest;
        const int w = 16 + fm.horizontalAdvance(label) + 14;
        if (x + w > width() - 8 && x > 8) {
            x = 8;
            y += lineHeight;
        }
        p.fillRect(QRect(x, y + lineHeight / 2 - 2, 12, 4), seriesColor(i));
        p.setPen(text);
        p.drawText(QRect(x + 16, y, w, lineHeight), Qt::AlignLeft | Qt::AlignVCenter, label);
        x += w;
    }
}

} // namespace vigil::ui
