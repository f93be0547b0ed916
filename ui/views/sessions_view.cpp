#include "views/sessions_view.h"

#include "models/session_model.h"
#include "services/session_monitor.h"
#include "views/record_table.h"
#include "views/session_timeline.h"
#include "views/state_style.h"
#include "views/table_export_actions.h"
#include "views/text_filter_proxy.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace vigil::ui {

SessionsView::SessionsView(SessionModel* model, SessionMonitor* monitor, QWidget* parent)
    : QWidget(parent), model_(model), monitor_(monitor) {
    setObjectName(QStringLiteral("sessionsView"));
    timeline_ = new TimelineColumnProxy(SessionModel::HistoryRole, this);
    timeline_->setSourceModel(model_);
    auto* filter = new TextFilterProxy(
        QList<int>{int(SessionModel::SourceColumn), int(SessionModel::NameColumn),
                   int(SessionModel::DetailColumn), int(SessionModel::StateColumn),
                   int(SessionModel::LastErrorColumn)},
        this);
    filter->setSourceModel(timeline_);
    filter->setSortRole(SessionModel::SortRole);
    filter->setDynamicSortFilter(true);
    filtered_ = filter;

    filter_ = new QLineEdit;
    filter_->setObjectName(QStringLiteral("sessionFilter"));
    filter_->setAccessibleName(tr("Filter sessions"));
    filter_->setPlaceholderText(tr("Filter by source, name, detail, state or error"));
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, this, [this, filter](const QString& text) {
        filter->setText(text);
        updateSummary();
    });
    span_ = new QComboBox;
    span_->setObjectName(QStringLiteral("timelineSpan"));
    span_->addItem(tr("Last minute"), qint64(60 * 1000));
    span_->addItem(tr("Last 5 minutes"), qint64(5 * 60 * 1000));
    span_->addItem(tr("Last 30 minutes"), qint64(30 * 60 * 1000));
    span_->addItem(tr("Last 2 hours"), qint64(2 * 3600 * 1000));
    span_->setCurrentIndex(0); // a first-time user sees the demo's changes at once
    span_->setToolTip(tr("How much time the timeline strips cover"));
    auto* add = new QPushButton(resourceIcon(QStringLiteral("add")), tr("Add Session…"));
    add->setObjectName(QStringLiteral("addSessionButton"));
    add->setToolTip(tr("Open a reconnecting JSON-RPC session to a remote (tcp:, ssl:, unix:)"));
    connect(add, &QPushButton::clicked, this, &SessionsView::addSessionRequested);
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("sessionSummary"));

    auto* top = new QHBoxLayout;
    top->addWidget(filter_, 2);
    top->addWidget(span_);
    top->addWidget(add);

    auto* legendRow = new QHBoxLayout;
    legendRow->addWidget(new StateLegend(sessionStateNames()), 1);
    legendRow->addWidget(summary_);

    table_ = new QTableView;
    table_->setObjectName(QStringLiteral("sessionTable"));
    table_->setAccessibleName(tr("Sessions"));
    table_->setModel(filtered_);
    setUpRecordTable(table_, 10, SessionModel::StateColumn);
    strip_ = new TimelineDelegate(table_);
    table_->setItemDelegateForColumn(timeline_->timelineColumn(), strip_);
    // Widths from sample contents, so columns fit their usual values in any font.
    const QFontMetrics fm = table_->fontMetrics();
    auto width = [&fm](const QString& sample) { return fm.horizontalAdvance(sample) + 18; };
    table_->setColumnWidth(SessionModel::SourceColumn, width(QStringLiteral("demo-server-xxx")));
    table_->setColumnWidth(SessionModel::NameColumn,
                           width(QStringLiteral("tcp:127.0.0.1:60000xx")));
    table_->setColumnWidth(SessionModel::DetailColumn,
                           width(QStringLiteral("bridge br-int controller, role master")));
    table_->setColumnWidth(SessionModel::StateColumn, width(QStringLiteral("CONNECTING")) + 12);
    table_->setColumnWidth(SessionModel::TimeInStateColumn, width(QStringLiteral("Time in state")));
    table_->setColumnWidth(SessionModel::BackoffColumn, width(QStringLiteral("Backoff")));
    table_->setColumnWidth(SessionModel::AttemptsColumn, width(QStringLiteral("Attempts")));
    table_->setColumnWidth(SessionModel::SuccessesColumn, width(QStringLiteral("Successes")));
    table_->setColumnWidth(SessionModel::ConnectedTotalColumn,
                           width(QStringLiteral("10 min 00 s")));
    table_->setColumnWidth(SessionModel::LastErrorColumn,
                           width(QStringLiteral("Connection refused")));
    table_->setColumnWidth(SessionModel::SeqnoColumn, width(QStringLiteral("Seqno")));
    // Export… (file or clipboard) and Copy (Ctrl+C) of the rows as shown, minus the timeline.
    QList<int> exported;
    for (int c = 0; c < timeline_->timelineColumn(); c++) {
        exported << c;
    }
    top->addWidget(addTableExport(table_, tr("Sessions"), exported));
    QHeaderView* header = table_->horizontalHeader();
    header->setStretchLastSection(true);
    header->setMinimumSectionSize(40);

    connect(span_, &QComboBox::currentIndexChanged, this, [this] {
        strip_->setSpanMs(timelineSpanMs());
        table_->viewport()->update();
    });
    strip_->setSpanMs(timelineSpanMs());
    connect(filtered_, &QAbstractItemModel::rowsInserted, this, &SessionsView::updateSummary);
    connect(filtered_, &QAbstractItemModel::rowsRemoved, this, &SessionsView::updateSummary);
    connect(filtered_, &QAbstractItemModel::modelReset, this, &SessionsView::updateSummary);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addLayout(legendRow);
    layout->addWidget(table_, 1);

    // Time cells and strips move with the clock; repaint them (only) while visible.
    tick_.setInterval(1000);
    connect(&tick_, &QTimer::timeout, this, &SessionsView::tick);
    updateSummary();
}

void SessionsView::tick() {
    table_->viewport()->update();
    updateSummary();
}

void SessionsView::updateSummary() {
    int connected = 0;
    int unknown = 0;
    const int rows = model_->rowCount();
    for (int row = 0; row < rows; ++row) {
        const QModelIndex index = model_->index(row, 0);
        if (!index.data(SessionModel::StateKnownRole).toBool()) {
            ++unknown; // its connected flag is only the last known one
        } else if (index.data(SessionModel::ConnectedRole).toBool()) {
            ++connected;
        }
    }
    QString text = tr("%1 sessions, %2 connected").arg(rows).arg(connected);
    if (unknown > 0) {
        text += tr(", %1 unknown").arg(unknown);
    }
    summary_->setText(text);
}

void SessionsView::setFilter(const QString& text) {
    filter_->setText(text);
}

int SessionsView::visibleSessionCount() const {
    return filtered_->rowCount();
}

qint64 SessionsView::timelineSpanMs() const {
    return span_->currentData().toLongLong();
}

void SessionsView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    tick_.start();
    if (monitor_) {
        monitor_->setLiveRefresh(true);
    }
}

void SessionsView::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    tick_.stop();
    if (monitor_) {
        monitor_->setLiveRefresh(false);
    }
}

} // namespace vigil::ui
