// The session timeline strip: a picture of a session's reconnect FSM states over the last few
// minutes, one colour per state (stateColor()), painted as a table cell from the session
// model's HistoryRole. TimelineColumnProxy adds that column to any table model with a history
// role; StateLegend shows which colour is which state.
#pragma once

#include <QIdentityProxyModel>
#include <QStyledItemDelegate>
#include <QVariantList>
#include <QWidget>

namespace vigil::ui {

// Adds one last column ("Timeline") to a flat table model; its cells return the source row's
// `historyRole` data for Qt::DisplayRole, and change whenever any cell of that row changes.
class TimelineColumnProxy : public QIdentityProxyModel {
    Q_OBJECT
public:
    TimelineColumnProxy(int historyRole, QObject* parent = nullptr);

    // The index of the added column.
    int timelineColumn() const;

    void setSourceModel(QAbstractItemModel* source) override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QModelIndex index(int row, int column,
                      const QModelIndex& parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex& idx) const override;
    QModelIndex mapToSource(const QModelIndex& proxyIndex) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    int historyRole_;
};

// Paints a list of {time: QDateTime, state: QString} maps (oldest first) as a strip covering the
// last spanMs() milliseconds up to now: each state lasts until the next change, the last one
// until now.
class TimelineDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit TimelineDelegate(QObject* parent = nullptr);

    // How much time the strip covers (5 minutes by default).
    void setSpanMs(qint64 spanMs) { spanMs_ = spanMs; }
    qint64 spanMs() const { return spanMs_; }

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    // Shows which state each part of the strip was in, and when.
    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                   const QModelIndex& index) override;

    // Paints `history` into `rect` for the span ending at `now` (shared with tests/benchmarks).
    static void paintStrip(QPainter* painter, const QRect& rect, const QVariantList& history,
                           const QDateTime& now, qint64 spanMs, const QColor& empty);

private:
    qint64 spanMs_ = 5 * 60 * 1000;
};

// What a strip of `history` shows, in words: "connected since 14:02:11; 3 changes shown" (for
// screen readers, which cannot read the colours).
QString describeHistory(const QVariantList& history);

// A row of colour swatches naming each state.
class StateLegend : public QWidget {
    Q_OBJECT
public:
    // A legend for `states` (their colours from stateColor()).
    explicit StateLegend(const QStringList& states, QWidget* parent = nullptr);
};

} // namespace vigil::ui
