// A small time chart for a watch: one line per chosen series over a shared time axis and value
// axis (with labels), the latest value of each in the legend, gaps where a run failed or lacked
// the number, and a red mark at each failed run. Painted with QPainter; holds only the points
// it is given.
#pragma once

#include "services/command_watch.h"

#include <QColor>
#include <QList>
#include <QString>
#include <QWidget>

namespace vigil::ui {

class WatchChart : public QWidget {
    Q_OBJECT
public:
    struct Series {
        QString name;
        QList<WatchPoint> points; // oldest first; NaN values are gaps
    };

    explicit WatchChart(QWidget* parent = nullptr);

    // Replaces what is plotted: the series (each drawn in the colour of its position) and the
    // times of failed runs (msecs since the epoch).
    void setData(const QList<Series>& series, const QList<qint64>& failures = {});
    void clear();

    // The number of series and of plotted (non-gap) points, for tests and the status line.
    int seriesCount() const { return int(series_.size()); }
    int pointCount() const;
    // The colour the series at `position` is drawn in.
    static QColor seriesColor(int position);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QList<Series> series_;
    QList<qint64> failures_;
};

} // namespace vigil::ui
