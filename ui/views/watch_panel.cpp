#include "views/watch_panel.h"

#include "services/command_watch.h"
#include "views/reply_view.h"
#include "views/state_style.h"
#include "views/watch_chart.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace vigil::ui {

namespace {

// Series checked when they first appear: a few lines read, a dozen do not.
constexpr int defaultPlottedSeries = 3;

} // namespace

QString invocationLine(const Invocation& invocation) {
    QString line = invocation.command;
    if (!invocation.arguments.isEmpty()) {
        line += QLatin1Char(' ') + invocation.arguments.join(QLatin1Char(' '));
    }
    return line;
}

WatchPanel::WatchPanel(CommandInvoker* invoker, TargetRegistry* registry, ReplyView* reply,
                       QWidget* parent)
    : QWidget(parent), reply_(reply) {
    setObjectName(QStringLiteral("watchPanel"));
    watch_ = new CommandWatch(invoker, registry, this);

    // The controls are children of the panel until the owner lays them out elsewhere.
    toggle_ = new QToolButton(this);
    toggle_->setObjectName(QStringLiteral("watchToggle"));
    toggle_->setText(tr("&Watch"));
    toggle_->setIcon(resourceIcon(QStringLiteral("follow")));
    toggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toggle_->setCheckable(true);
    toggle_->setToolTip(tr("Run the command again every interval, highlight what changed "
                           "and chart its numbers (Esc stops)"));
    interval_ = new QSpinBox(this);
    interval_->setObjectName(QStringLiteral("watchInterval"));
    interval_->setRange(CommandWatch::minIntervalSeconds, CommandWatch::maxIntervalSeconds);
    interval_->setValue(2);
    interval_->setSuffix(tr(" s"));
    interval_->setToolTip(tr("Seconds between the starts of two runs"));

    // The panel: the watch's state, the chart, and the series to plot.
    status_ = new QLabel;
    status_->setObjectName(QStringLiteral("watchStatus"));
    status_->setTextFormat(Qt::PlainText);
    chart_ = new WatchChart;
    seriesList_ = new QListWidget;
    seriesList_->setObjectName(QStringLiteral("watchSeries"));
    seriesList_->setAccessibleName(tr("Plotted numbers"));
    seriesList_->setToolTip(tr("The numbers the reply carries; checked ones are plotted"));
    seriesList_->setMaximumWidth(220);
    connect(seriesList_, &QListWidget::itemChanged, this, &WatchPanel::updateChart);
    auto* chartRow = new QHBoxLayout;
    chartRow->setContentsMargins(0, 0, 0, 0);
    chartRow->addWidget(chart_, 1);
    chartRow->addWidget(seriesList_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(status_);
    layout->addLayout(chartRow, 1);
    hide();

    connect(toggle_, &QToolButton::toggled, this, [this](bool on) {
        if (on && !watch_->isActive()) {
            Q_EMIT startRequested();
            if (!watch_->isActive()) {
                setToggle(false); // the owner had nothing to watch (it said why)
            }
        } else if (!on && watch_->isActive()) {
            stop();
        }
    });
    connect(interval_, &QSpinBox::valueChanged, watch_, &CommandWatch::setIntervalSeconds);
    connect(watch_, &CommandWatch::runFinished, this, &WatchPanel::onRun);
    connect(watch_, &CommandWatch::stopped, this, &WatchPanel::onStopped);
    connect(watch_, &CommandWatch::seriesChanged, this, &WatchPanel::syncSeriesList);
    connect(watch_, &CommandWatch::runStarted, this, [this](quint64 number) {
        status_->setText(tr("Watching %1 on %2 every %3 s — run %4 running…")
                             .arg(watch_->command(), watch_->target())
                             .arg(watch_->intervalSeconds())
                             .arg(number));
    });
}

void WatchPanel::start(const QString& target, const QString& command, const QStringList& arguments,
                       const InvokeOptions& options) {
    seriesList_->clear();
    chart_->clear();
    show();
    watch_->start(target, command, arguments, interval_->value(), options);
    setToggle(true);
    Q_EMIT statusChanged(
        tr("Watching %1 on %2 every %3 s (Esc stops)").arg(command, target).arg(interval_->value()),
        false);
}

void WatchPanel::stop() {
    watch_->stop();
}

bool WatchPanel::isWatching() const {
    return watch_->isActive();
}

void WatchPanel::setInterval(int seconds) {
    interval_->setValue(seconds);
}

int WatchPanel::interval() const {
    return interval_->value();
}

void WatchPanel::setToggle(bool on) {
    // The toggle mirrors the watch; setting it must not start or stop one.
    const QSignalBlocker block(toggle_);
    toggle_->setChecked(on);
}

void WatchPanel::onRun(const WatchRun& run) {
    const Invocation& inv = run.invocation;
    QString change;
    if (!inv.ok) {
        // The pane keeps the last good reply; the failure is the status's and the chart's gap.
        status_->setText(tr("Watching %1 on %2 every %3 s — run %4 failed: %5")
                             .arg(invocationLine(inv), inv.target)
                             .arg(watch_->intervalSeconds())
                             .arg(run.number)
                             .arg(inv.error.trimmed()));
        Q_EMIT statusChanged(
            tr("%1 on %2 failed: %3").arg(invocationLine(inv), inv.target, inv.error.trimmed()),
            true);
        if (reply_->mode() == ReplyView::Mode::Empty) {
            reply_->showInvocation(inv);
        }
        updateChart();
        return;
    }
    reply_->showInvocation(inv);
    if (!run.compared) {
        change = tr("first reply");
    } else if (inv.format == ReplyFormat::Json) {
        QStringList paths = run.paths.changed + run.paths.added;
        reply_->setChangedPaths(paths);
        change = paths.isEmpty() && run.paths.removed.isEmpty()
                     ? tr("no change")
                     : tr("%n value(s) changed", nullptr, int(run.paths.changed.size())) +
                           (run.paths.added.isEmpty()
                                ? QString()
                                : tr(", %n added", nullptr, int(run.paths.added.size()))) +
                           (run.paths.removed.isEmpty()
                                ? QString()
                                : tr(", %n removed", nullptr, int(run.paths.removed.size())));
    } else {
        reply_->setChangedLines(run.lines.changedLines);
        change = run.lines.changedLines.isEmpty() && run.lines.removedLines == 0
                     ? tr("no change")
                     : tr("%n line(s) changed", nullptr, int(run.lines.changedLines.size())) +
                           (run.lines.removedLines == 0
                                ? QString()
                                : tr(", %n removed", nullptr, run.lines.removedLines));
    }
    status_->setText(tr("Watching %1 on %2 every %3 s — run %4 (%5 ms, %6): %7")
                         .arg(invocationLine(inv), inv.target)
                         .arg(watch_->intervalSeconds())
                         .arg(run.number)
                         .arg(inv.durationMs)
                         .arg(reply_->formatText(), change));
    Q_EMIT statusChanged(tr("Watching %1 on %2 (Esc stops)").arg(invocationLine(inv), inv.target),
                         false);
    updateChart();
}

void WatchPanel::onStopped(WatchStopReason reason, const QString& detail) {
    setToggle(false);
    QString text = tr("Watch of %1 stopped after %n run(s)", nullptr, watch_->runCount())
                       .arg(watch_->command());
    if (reason != WatchStopReason::Stopped) {
        text += QStringLiteral(" (%1: %2)").arg(watchStopReasonText(reason), detail);
    }
    status_->setText(text);
    Q_EMIT statusChanged(text, reason != WatchStopReason::Stopped);
}

void WatchPanel::syncSeriesList() {
    const QStringList names = watch_->seriesNames();
    if (names.isEmpty()) {
        seriesList_->clear();
        return;
    }
    const QSignalBlocker block(seriesList_);
    for (int i = seriesList_->count(); i < names.size(); i++) {
        auto* item = new QListWidgetItem(names[i], seriesList_);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(i < defaultPlottedSeries ? Qt::Checked : Qt::Unchecked);
    }
    updateChart();
}

void WatchPanel::updateChart() {
    QList<WatchChart::Series> series;
    for (int i = 0; i < seriesList_->count(); i++) {
        QListWidgetItem* item = seriesList_->item(i);
        if (item->checkState() == Qt::Checked) {
            series << WatchChart::Series{item->text(), watch_->series(item->text())};
        }
    }
    // The list's swatches follow the chart's colours, so a line is found by its colour.
    int plotted = 0;
    for (int i = 0; i < seriesList_->count(); i++) {
        QListWidgetItem* item = seriesList_->item(i);
        const QSignalBlocker block(seriesList_);
        item->setIcon(item->checkState() == Qt::Checked
                          ? stateDotIcon(WatchChart::seriesColor(plotted++))
                          : stateDotIcon(Qt::transparent)); // aligned names
    }
    chart_->setData(series, watch_->failureTimes());
}

} // namespace vigil::ui
