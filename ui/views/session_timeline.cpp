#include "views/session_timeline.h"

#include "views/state_style.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QPainter>
#include <QToolTip>

namespace vigil::ui {

TimelineColumnProxy::TimelineColumnProxy(int historyRole, QObject* parent)
    : QIdentityProxyModel(parent), historyRole_(historyRole) {}

int TimelineColumnProxy::timelineColumn() const {
    return sourceModel() ? sourceModel()->columnCount() : 0;
}

void TimelineColumnProxy::setSourceModel(QAbstractItemModel* source) {
    if (sourceModel()) {
        disconnect(sourceModel(), nullptr, this, nullptr);
    }
    QIdentityProxyModel::setSourceModel(source);
    if (source) {
        // A change anywhere in a row may be a state change: repaint that row's strip too.
        connect(source, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex& topLeft, const QModelIndex& bottomRight) {
                    int column = timelineColumn();
                    Q_EMIT dataChanged(index(topLeft.row(), column),
                                       index(bottomRight.row(), column));
                });
    }
}

int TimelineColumnProxy::columnCount(const QModelIndex& parent) const {
    if (parent.isValid() || !sourceModel()) {
        return 0;
    }
    return sourceModel()->columnCount() + 1;
}

QModelIndex TimelineColumnProxy::index(int row, int column, const QModelIndex& parent) const {
    if (parent.isValid() || !sourceModel() || row < 0 || row >= rowCount() || column < 0 ||
        column > timelineColumn()) {
        return {};
    }
    if (column == timelineColumn()) {
        return createIndex(row, column);
    }
    return QIdentityProxyModel::index(row, column, parent);
}

QModelIndex TimelineColumnProxy::parent(const QModelIndex&) const {
    return {};
}

QModelIndex TimelineColumnProxy::sibling(int row, int column, const QModelIndex&) const {
    return index(row, column);
}

QModelIndex TimelineColumnProxy::mapToSource(const QModelIndex& proxyIndex) const {
    if (!proxyIndex.isValid() || !sourceModel()) {
        return {};
    }
    if (proxyIndex.column() == timelineColumn()) {
        return {};
    }
    return sourceModel()->index(proxyIndex.row(), proxyIndex.column());
}

QVariant TimelineColumnProxy::data(const QModelIndex& index, int role) const {
    if (index.isValid() && index.column() == timelineColumn()) {
        QModelIndex first = sourceModel()->index(index.row(), 0);
        if (role == Qt::DisplayRole || role == historyRole_) {
            return first.data(historyRole_);
        }
        if (role == Qt::AccessibleTextRole) {
            // A screen reader cannot read colours: it reads what the strip shows.
            return describeHistory(first.data(historyRole_).toList());
        }
        return {};
    }
    return QIdentityProxyModel::data(index, role);
}

QVariant TimelineColumnProxy::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && section == timelineColumn()) {
        return role == Qt::DisplayRole ? QVariant(tr("Timeline")) : QVariant();
    }
    return QIdentityProxyModel::headerData(section, orientation, role);
}

Qt::ItemFlags TimelineColumnProxy::flags(const QModelIndex& index) const {
    if (index.isValid() && index.column() == timelineColumn()) {
        return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    }
    return QIdentityProxyModel::flags(index);
}

TimelineDelegate::TimelineDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

void TimelineDelegate::paintStrip(QPainter* painter, const QRect& rect, const QVariantList& history,
                                  const QDateTime& now, qint64 spanMs, const QColor& empty) {
    painter->save();
    painter->fillRect(rect, empty);
    const qint64 end = now.toMSecsSinceEpoch();
    const qint64 begin = end - spanMs;
    auto xOf = [&](qint64 t) {
        double f = double(qBound(begin, t, end) - begin) / double(spanMs);
        return rect.left() + int(f * rect.width());
    };
    for (int i = 0; i < history.size(); ++i) {
        const QVariantMap change = history[i].toMap();
        qint64 from = change.value(QStringLiteral("time")).toDateTime().toMSecsSinceEpoch();
        qint64 to = i + 1 < history.size() ? history[i + 1]
                                                 .toMap()
                                                 .value(QStringLiteral("time"))
                                                 .toDateTime()
                                                 .toMSecsSinceEpoch()
                                           : end;
        if (to < begin || from > end) {
            continue;
        }
        int x0 = xOf(from);
        int x1 = qMax(xOf(to), x0 + 1); // a brief state still shows as a line
        painter->fillRect(QRect(x0, rect.top(), x1 - x0, rect.height()),
                          stateColor(change.value(QStringLiteral("state")).toString()));
    }
    painter->restore();
}

void TimelineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                             const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    QRect strip = opt.rect.adjusted(4, 5, -4, -5);
    if (strip.width() < 4 || strip.height() < 2) {
        return;
    }
    const QColor empty = trackColor(opt.palette);
    paintStrip(painter, strip, index.data(Qt::DisplayRole).toList(),
               QDateTime::currentDateTimeUtc(), spanMs_, empty);
}

QSize TimelineDelegate::sizeHint(const QStyleOptionViewItem& option,
                                 const QModelIndex& index) const {
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    return {240, s.height()};
}

bool TimelineDelegate::helpEvent(QHelpEvent* event, QAbstractItemView* view,
                                 const QStyleOptionViewItem& option, const QModelIndex& index) {
    if (event->type() != QEvent::ToolTip || !index.isValid()) {
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    }
    const QRect strip = option.rect.adjusted(4, 0, -4, 0);
    const qint64 end = QDateTime::currentMSecsSinceEpoch();
    const qint64 at =
        end - spanMs_ +
        qint64(double(event->pos().x() - strip.left()) / qMax(1, strip.width()) * spanMs_);
    const QVariantList history = index.data(Qt::DisplayRole).toList();
    QString text;
    for (int i = 0; i < history.size(); ++i) {
        const QVariantMap change = history[i].toMap();
        QDateTime from = change.value(QStringLiteral("time")).toDateTime();
        QDateTime to = i + 1 < history.size()
                           ? history[i + 1].toMap().value(QStringLiteral("time")).toDateTime()
                           : QDateTime();
        if (from.toMSecsSinceEpoch() <= at && (!to.isValid() || to.toMSecsSinceEpoch() > at)) {
            text = tr("%1 since %2")
                       .arg(change.value(QStringLiteral("state")).toString(),
                            from.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
            if (to.isValid()) {
                text += tr(", for %1").arg(formatDuration(from.msecsTo(to)));
            }
        }
    }
    if (text.isEmpty()) {
        text = tr("No state known at this time");
    }
    QToolTip::showText(event->globalPos(), text, view);
    return true;
}

QString describeHistory(const QVariantList& history) {
    if (history.isEmpty()) {
        return QCoreApplication::translate("TimelineDelegate", "no state recorded yet");
    }
    const QVariantMap last = history.last().toMap();
    return QCoreApplication::translate("TimelineDelegate", "%1 since %2; %n change(s) shown", "",
                                       int(history.size()) - 1)
        .arg(last.value(QStringLiteral("state")).toString(),
             last.value(QStringLiteral("time"))
                 .toDateTime()
                 .toLocalTime()
                 .toString(QStringLiteral("HH:mm:ss")));
}

StateLegend::StateLegend(const QStringList& states, QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("stateLegend"));
    setAccessibleName(tr("State colours"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    for (const QString& state : states) {
        QPixmap swatch(14, 14);
        swatch.fill(Qt::transparent);
        {
            QPainter p(&swatch);
            p.setRenderHint(QPainter::Antialiasing);
            p.setPen(Qt::NoPen);
            p.setBrush(stateColor(state));
            p.drawRoundedRect(QRectF(1, 1, 12, 12), 3, 3);
        }
        auto* icon = new QLabel;
        icon->setPixmap(swatch);
        auto* name = new QLabel(state);
        layout->addWidget(icon);
        layout->addWidget(name);
        layout->addSpacing(10);
    }
    layout->addStretch();
}

} // namespace vigil::ui
