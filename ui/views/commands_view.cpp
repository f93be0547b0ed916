#include "views/commands_view.h"

#include "models/command_model.h"
#include "models/invocation_history_model.h"
#include "services/command_invoker.h"
#include "services/command_watch.h"
#include "services/target_registry.h"
#include "views/argument_form.h"
#include "views/reply_view.h"
#include "views/state_style.h"
#include "views/table_export_actions.h"
#include "views/watch_chart.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace vigil::ui {

namespace {

const char* const preferJsonKey = "commands/preferJson";
// Series checked when they first appear: a few lines read, a dozen do not.
constexpr int defaultPlottedSeries = 3;

QTableView* makeTable(QAbstractItemModel* model) {
    auto* table = new QTableView;
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return table;
}

} // namespace

CommandsView::CommandsView(TargetRegistry* registry, CommandInvoker* invoker,
                           InvocationHistoryModel* history, QWidget* parent)
    : QWidget(parent), registry_(registry), invoker_(invoker), history_(history) {
    setObjectName(QStringLiteral("commandsView"));
    commands_ = new CommandModel(registry_, this);
    filtered_ = new QSortFilterProxyModel(this);
    filtered_->setSourceModel(commands_);
    filtered_->setFilterKeyColumn(CommandModel::NameColumn);
    filtered_->setFilterCaseSensitivity(Qt::CaseInsensitive);

    // Left: the target's commands.
    targetLabel_ = new QLabel;
    targetLabel_->setObjectName(QStringLiteral("targetLabel"));
    targetLabel_->setTextFormat(Qt::RichText);
    refresh_ = new QToolButton;
    refresh_->setIcon(resourceIcon(QStringLiteral("restart")));
    refresh_->setToolTip(tr("Fetch the command list again"));
    connect(refresh_, &QToolButton::clicked, this, [this] {
        if (!target_.isEmpty()) {
            commands_->setTarget(QString());
            commands_->setTarget(target_);
            updateHeader();
        }
    });
    filter_ = new QLineEdit;
    filter_->setObjectName(QStringLiteral("commandFilter"));
    filter_->setPlaceholderText(tr("Filter commands (Ctrl+F)"));
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, filtered_,
            &QSortFilterProxyModel::setFilterFixedString);
    commandTable_ = makeTable(filtered_);
    commandTable_->setObjectName(QStringLiteral("commandTable"));
    commandTable_->horizontalHeader()->setStretchLastSection(true);
    commandTable_->setColumnWidth(CommandModel::NameColumn, 200);
    connect(commandTable_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CommandsView::onCommandSelected);
    connect(commandTable_, &QTableView::activated, this, [this] { form_->setFocus(); });
    connect(commands_, &CommandModel::fetchFinished, this, &CommandsView::onFetchFinished);
    connect(commands_, &QAbstractItemModel::modelReset, this, &CommandsView::updateHeader);

    auto* headerRow = new QHBoxLayout;
    headerRow->addWidget(targetLabel_, 1);
    headerRow->addWidget(refresh_);
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(headerRow);
    leftLayout->addWidget(filter_);
    leftLayout->addWidget(commandTable_, 1);

    // Right: the form, the output and the history.
    commandTitle_ = new QLabel;
    commandTitle_->setObjectName(QStringLiteral("commandTitle"));
    QFont titleFont = commandTitle_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    titleFont.setBold(true);
    commandTitle_->setFont(titleFont);
    commandUsage_ = new QLabel;
    commandUsage_->setObjectName(QStringLiteral("commandUsage"));
    commandUsage_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    commandUsage_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form_ = new ArgumentForm;
    form_->setObjectName(QStringLiteral("argumentForm"));
    connect(form_, &ArgumentForm::submitted, this, &CommandsView::run);
    json_ = new QCheckBox(tr("Prefer &JSON"));
    json_->setObjectName(QStringLiteral("jsonOutput"));
    json_->setToolTip(tr("Ask the daemon for --format json output and show it as a tree; "
                         "daemons that do not speak it (OVS before 3.4) answer in text"));
    json_->setChecked(QSettings().value(QLatin1String(preferJsonKey), true).toBool());
    connect(json_, &QCheckBox::toggled, this,
            [](bool on) { QSettings().setValue(QLatin1String(preferJsonKey), on); });
    watchToggle_ = new QToolButton;
    watchToggle_->setObjectName(QStringLiteral("watchToggle"));
    watchToggle_->setText(tr("&Watch"));
    watchToggle_->setIcon(resourceIcon(QStringLiteral("follow")));
    watchToggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    watchToggle_->setCheckable(true);
    watchToggle_->setToolTip(tr("Run the command again every interval, highlight what changed "
                                "and chart its numbers (Esc stops)"));
    interval_ = new QSpinBox;
    interval_->setObjectName(QStringLiteral("watchInterval"));
    interval_->setRange(CommandWatch::minIntervalSeconds, CommandWatch::maxIntervalSeconds);
    interval_->setValue(2);
    interval_->setSuffix(tr(" s"));
    interval_->setToolTip(tr("Seconds between the starts of two runs"));
    run_ = new QPushButton(resourceIcon(QStringLiteral("run")), tr("&Run"));
    run_->setObjectName(QStringLiteral("runButton"));
    run_->setToolTip(tr("Run the command (Enter)"));
    run_->setDefault(true);
    run_->setEnabled(false);
    connect(run_, &QPushButton::clicked, this, &CommandsView::run);
    status_ = new QLabel;
    status_->setObjectName(QStringLiteral("commandStatus"));
    status_->setTextFormat(Qt::PlainText);
    status_->setWordWrap(true);

    auto* titleRow = new QHBoxLayout;
    titleRow->addWidget(commandTitle_);
    titleRow->addWidget(commandUsage_, 1);
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(status_, 1);
    runRow->addWidget(json_);
    runRow->addWidget(watchToggle_);
    runRow->addWidget(interval_);
    runRow->addWidget(run_);
    auto* formBox = new QGroupBox(tr("Invoke"));
    auto* formLayout = new QVBoxLayout(formBox);
    formLayout->addLayout(titleRow);
    formLayout->addWidget(form_);
    formLayout->addLayout(runRow);

    reply_ = new ReplyView;

    // The watch: its state, the chart, and the series to plot.
    watch_ = new CommandWatch(invoker_, registry_, this);
    watchStatus_ = new QLabel;
    watchStatus_->setObjectName(QStringLiteral("watchStatus"));
    watchStatus_->setTextFormat(Qt::PlainText);
    chart_ = new WatchChart;
    seriesList_ = new QListWidget;
    seriesList_->setObjectName(QStringLiteral("watchSeries"));
    seriesList_->setToolTip(tr("The numbers the reply carries; checked ones are plotted"));
    seriesList_->setMaximumWidth(220);
    connect(seriesList_, &QListWidget::itemChanged, this, &CommandsView::updateChart);
    auto* chartRow = new QHBoxLayout;
    chartRow->setContentsMargins(0, 0, 0, 0);
    chartRow->addWidget(chart_, 1);
    chartRow->addWidget(seriesList_);
    watchPanel_ = new QWidget;
    watchPanel_->setObjectName(QStringLiteral("watchPanel"));
    auto* watchLayout = new QVBoxLayout(watchPanel_);
    watchLayout->setContentsMargins(0, 0, 0, 0);
    watchLayout->addWidget(watchStatus_);
    watchLayout->addLayout(chartRow, 1);
    watchPanel_->hide();
    connect(watchToggle_, &QToolButton::toggled, this, [this](bool on) {
        if (on && !watch_->isActive()) {
            if (!startWatch()) {
                const QSignalBlocker block(watchToggle_);
                watchToggle_->setChecked(false);
            }
        } else if (!on && watch_->isActive()) {
            stopWatch();
        }
    });
    connect(interval_, &QSpinBox::valueChanged, watch_, &CommandWatch::setIntervalSeconds);
    connect(watch_, &CommandWatch::runFinished, this, &CommandsView::onWatchRun);
    connect(watch_, &CommandWatch::stopped, this, &CommandsView::onWatchStopped);
    connect(watch_, &CommandWatch::seriesChanged, this, &CommandsView::syncSeriesList);
    connect(watch_, &CommandWatch::runStarted, this, [this](quint64 number) {
        watchStatus_->setText(tr("Watching %1 on %2 every %3 s — run %4 running…")
                                  .arg(watch_->command(), watch_->target())
                                  .arg(watch_->intervalSeconds())
                                  .arg(number));
    });
    auto* escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, [this] {
        if (watch_->isActive()) {
            stopWatch();
        }
    });

    auto* replySplit = new QSplitter(Qt::Vertical);
    replySplit->setObjectName(QStringLiteral("replySplit"));
    replySplit->addWidget(reply_);
    replySplit->addWidget(watchPanel_);
    replySplit->setStretchFactor(0, 3);
    replySplit->setStretchFactor(1, 2);
    replySplit->setChildrenCollapsible(false);

    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(formBox);
    topLayout->addWidget(replySplit, 1);

    historyTable_ = makeTable(history);
    historyTable_->setObjectName(QStringLiteral("historyTable"));
    historyTable_->setSelectionMode(QAbstractItemView::ExtendedSelection); // to copy several
    {
        const QFontMetrics fm = historyTable_->fontMetrics();
        auto width = [&fm](const char* sample) {
            return fm.horizontalAdvance(QString::fromLatin1(sample)) + 16;
        };
        historyTable_->setColumnWidth(InvocationHistoryModel::TimeColumn, width("00:00:00.000"));
        historyTable_->setColumnWidth(InvocationHistoryModel::TargetColumn,
                                      width("demo-server-xx"));
        historyTable_->setColumnWidth(InvocationHistoryModel::CommandColumn,
                                      width("vlog/list-pattern"));
        historyTable_->setColumnWidth(InvocationHistoryModel::ArgumentsColumn,
                                      width("arguments here"));
        historyTable_->setColumnWidth(InvocationHistoryModel::FormatColumn,
                                      width("text (no JSON)"));
        historyTable_->setColumnWidth(InvocationHistoryModel::DurationColumn, width("Duration"));
        historyTable_->horizontalHeader()->setStretchLastSection(false);
        historyTable_->horizontalHeader()->setSectionResizeMode(
            InvocationHistoryModel::ResultColumn, QHeaderView::Stretch);
    }
    connect(historyTable_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                rerun_->setEnabled(current.isValid());
                if (current.isValid()) {
                    showHistoryRow(current.row());
                }
            });
    connect(historyTable_, &QTableView::doubleClicked, this,
            [this](const QModelIndex& index) { rerun(index.row()); });
    // Follow new invocations to the bottom, as a terminal would.
    connect(history, &QAbstractItemModel::rowsInserted, historyTable_,
            [this] { historyTable_->scrollToBottom(); });
    rerun_ = new QPushButton(resourceIcon(QStringLiteral("restart")), tr("Re-&run"));
    rerun_->setObjectName(QStringLiteral("rerunButton"));
    rerun_->setEnabled(false);
    connect(rerun_, &QPushButton::clicked, this, [this] {
        QModelIndex current = historyTable_->currentIndex();
        if (current.isValid()) {
            rerun(current.row());
        }
    });
    auto* clear = new QPushButton(resourceIcon(QStringLiteral("clear")), tr("Clear"));
    connect(clear, &QPushButton::clicked, this, [this] { invoker_->clearHistory(); });
    auto* historyButtons = new QHBoxLayout;
    auto* historyTitle = new QLabel(tr("<b>History</b> (every invocation, also from the control "
                                       "socket)"));
    historyButtons->addWidget(historyTitle, 1);
    historyButtons->addWidget(rerun_);
    historyButtons->addWidget(addTableExport(historyTable_, tr("History")));
    historyButtons->addWidget(clear);
    auto* bottom = new QWidget;
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addLayout(historyButtons);
    bottomLayout->addWidget(historyTable_, 1);

    auto* rightSplit = new QSplitter(Qt::Vertical);
    rightSplit->setObjectName(QStringLiteral("commandsRightSplit"));
    rightSplit->addWidget(top);
    rightSplit->addWidget(bottom);
    rightSplit->setStretchFactor(0, 3);
    rightSplit->setStretchFactor(1, 2);
    rightSplit->setChildrenCollapsible(false);

    auto* split = new QSplitter(Qt::Horizontal);
    split->setObjectName(QStringLiteral("commandsSplit"));
    split->addWidget(left);
    split->addWidget(rightSplit);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({420, 640});
    split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(split);

    connect(invoker_, &CommandInvoker::invocationFinished, this,
            &CommandsView::onInvocationFinished);
    onCommandSelected();
    updateHeader();
}

void CommandsView::setTarget(const QString& target) {
    if (target == target_) {
        return;
    }
    if (watch_->isActive()) {
        stopWatch(); // the view shows one target; a watch on another would run unseen
    }
    target_ = target;
    commands_->setTarget(target);
    updateHeader();
    selectDefaultCommand();
}

void CommandsView::selectDefaultCommand() {
    // Start on a harmless command (never on the first in the list, which may be "abort" or
    // "exit", one Enter away from running).
    if (commandTable_->currentIndex().isValid()) {
        return;
    }
    for (const char* name : {"version", "list-commands", "help"}) {
        if (selectCommand(QString::fromLatin1(name))) {
            return;
        }
    }
}

void CommandsView::updateHeader() {
    if (target_.isEmpty()) {
        targetLabel_->setText(tr("<b>No target selected</b>"));
        refresh_->setEnabled(false);
        return;
    }
    refresh_->setEnabled(true);
    QString state;
    if (commands_->isLoading()) {
        state = tr("loading…");
    } else if (!commands_->errorString().isEmpty()) {
        state = QStringLiteral("<span style='color:%1'>%2</span>")
                    .arg(stateColor(QStringLiteral("failed")).name(),
                         commands_->errorString().toHtmlEscaped());
    } else {
        state = tr("%n command(s)", nullptr, commands_->rowCount());
    }
    targetLabel_->setText(
        QStringLiteral("<b>%1</b> &nbsp; %2").arg(target_.toHtmlEscaped(), state));
}

void CommandsView::onFetchFinished(const QString& target, const QString& error) {
    if (target != target_) {
        return;
    }
    updateHeader();
    if (!error.isEmpty()) {
        setStatus(tr("Could not list the commands of %1: %2").arg(target, error), true);
        listError_ = true;
    } else if (listError_) {
        setStatus(QString(), false); // the earlier failure is no longer true
        listError_ = false;
    }
    selectDefaultCommand();
}

bool CommandsView::selectCommand(const QString& name) {
    for (int pass = 0; pass < 2; ++pass) {
        for (int row = 0; row < filtered_->rowCount(); ++row) {
            QModelIndex index = filtered_->index(row, CommandModel::NameColumn);
            if (index.data(CommandModel::CommandNameRole).toString() == name) {
                commandTable_->setCurrentIndex(index);
                commandTable_->scrollTo(index);
                return true;
            }
        }
        if (filter_->text().isEmpty()) {
            break;
        }
        filter_->clear();
    }
    return false;
}

QString CommandsView::currentCommand() const {
    QModelIndex current = commandTable_->currentIndex();
    return current.isValid() ? current.data(CommandModel::CommandNameRole).toString() : QString();
}

void CommandsView::setFilter(const QString& text) {
    filter_->setText(text);
}

int CommandsView::visibleCommandCount() const {
    return filtered_->rowCount();
}

void CommandsView::onCommandSelected() {
    QModelIndex current = commandTable_->currentIndex();
    if (!current.isValid()) {
        commandTitle_->setText(tr("No command selected"));
        commandUsage_->clear();
        form_->setCommand(CommandInfo{});
        run_->setEnabled(false);
        return;
    }
    CommandInfo command = commands_->command(filtered_->mapToSource(current).row());
    commandTitle_->setText(command.name);
    commandUsage_->setText(command.usage);
    form_->setCommand(command);
    run_->setEnabled(true);
}

bool CommandsView::run() {
    QString command = currentCommand();
    if (target_.isEmpty() || command.isEmpty()) {
        setStatus(tr("Select a target and a command first."), true);
        return false;
    }
    // A field the usage calls required is only a hint: the daemon judges arity (OVS does not
    // publish it) and its error says what is wrong.
    QString missing = form_->missingArgument();
    InvokeOptions options;
    options.json = preferJson();
    QStringList args = form_->arguments();
    lastRun_ = invoker_->invoke(target_, command, args, options);
    setStatus(missing.isEmpty() ? tr("Running %1 on %2…").arg(command, target_)
                                : tr("%1 Running %2 on %3 anyway…").arg(missing, command, target_),
              false);
    return true;
}

void CommandsView::onInvocationFinished(const Invocation& invocation) {
    if ((watch_->isActive() && invocation.id != lastRun_) ||
        invocation.id == watch_->recordedInvocationId()) {
        return; // the watch owns the reply pane, and shows its runs itself
    }
    if (invocation.id == lastRun_) {
        showInvocation(invocation);
        Q_EMIT invocationFinished(invocation.ok);
        return;
    }
    // Invocations from elsewhere (the console's control socket, a script) are shown too,
    // unless one the user started here is still waiting for its reply.
    const InvocationHistoryModel* history = history_;
    for (int row = history->rowCount() - 1; row >= 0; --row) {
        QModelIndex index = history->index(row, 0);
        if (index.data(InvocationHistoryModel::IdRole).toULongLong() == lastRun_) {
            if (!index.data(InvocationHistoryModel::FinishedRole).toBool()) {
                return;
            }
            break;
        }
    }
    showInvocation(invocation);
}

QString CommandsView::invocationLine(const Invocation& invocation) const {
    QString line = invocation.command;
    if (!invocation.arguments.isEmpty()) {
        line += QLatin1Char(' ') + invocation.arguments.join(QLatin1Char(' '));
    }
    return line;
}

void CommandsView::showInvocation(const Invocation& invocation) {
    const QString line = invocationLine(invocation);
    reply_->showInvocation(invocation);
    if (!invocation.finished) {
        setStatus(tr("%1 on %2: running…").arg(line, invocation.target), false);
        return;
    }
    if (invocation.ok) {
        setStatus(tr("%1 on %2: ok in %3 ms, %4")
                      .arg(line, invocation.target)
                      .arg(invocation.durationMs)
                      .arg(reply_->formatText()),
                  false);
    } else {
        setStatus(
            tr("%1 on %2 failed: %3").arg(line, invocation.target, invocation.error.trimmed()),
            true);
    }
}

void CommandsView::showHistoryRow(int row) {
    showInvocation(history_->invocation(row));
}

void CommandsView::rerun(int row) {
    Invocation past = history_->invocation(row);
    if (past.command.isEmpty()) {
        return;
    }
    // Put the past invocation back in the form, so what runs is what the user sees.
    if (past.target != target_) {
        setTarget(past.target);
    }
    if (selectCommand(past.command)) {
        form_->setArguments(past.arguments);
    }
    // As it ran then (the preference stays the user's).
    InvokeOptions options;
    options.json = past.json;
    lastRun_ = invoker_->invoke(past.target, past.command, past.arguments, options);
    setStatus(tr("Running %1 on %2 again…").arg(past.command, past.target), false);
}

void CommandsView::setStatus(const QString& text, bool error) {
    status_->setText(text);
    QPalette pal = palette();
    if (error) {
        pal.setColor(QPalette::WindowText, stateColor(QStringLiteral("failed")));
    }
    status_->setPalette(pal);
}

QString CommandsView::outputText() const {
    return reply_->replyText();
}

bool CommandsView::preferJson() const {
    return json_->isChecked();
}

void CommandsView::setPreferJson(bool prefer) {
    json_->setChecked(prefer);
}

bool CommandsView::startWatch() {
    const QString command = currentCommand();
    if (target_.isEmpty() || command.isEmpty()) {
        setStatus(tr("Select a target and a command to watch first."), true);
        return false;
    }
    InvokeOptions options;
    options.json = preferJson();
    seriesList_->clear();
    chart_->clear();
    watchPanel_->show();
    watch_->start(target_, command, form_->arguments(), interval_->value(), options);
    {
        const QSignalBlocker block(watchToggle_);
        watchToggle_->setChecked(true);
    }
    setStatus(tr("Watching %1 on %2 every %3 s (Esc stops)")
                  .arg(command, target_)
                  .arg(interval_->value()),
              false);
    return true;
}

void CommandsView::stopWatch() {
    watch_->stop();
}

bool CommandsView::isWatching() const {
    return watch_->isActive();
}

void CommandsView::setWatchInterval(int seconds) {
    interval_->setValue(seconds);
}

int CommandsView::watchInterval() const {
    return interval_->value();
}

void CommandsView::onWatchRun(const WatchRun& run) {
    const Invocation& inv = run.invocation;
    QString change;
    if (!inv.ok) {
        // The pane keeps the last good reply; the failure is the status's and the chart's gap.
        watchStatus_->setText(tr("Watching %1 on %2 every %3 s — run %4 failed: %5")
                                  .arg(invocationLine(inv), inv.target)
                                  .arg(watch_->intervalSeconds())
                                  .arg(run.number)
                                  .arg(inv.error.trimmed()));
        setStatus(
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
    watchStatus_->setText(tr("Watching %1 on %2 every %3 s — run %4 (%5 ms, %6): %7")
                              .arg(invocationLine(inv), inv.target)
                              .arg(watch_->intervalSeconds())
                              .arg(run.number)
                              .arg(inv.durationMs)
                              .arg(reply_->formatText(), change));
    setStatus(tr("Watching %1 on %2 (Esc stops)").arg(invocationLine(inv), inv.target), false);
    updateChart();
}

void CommandsView::onWatchStopped(WatchStopReason reason, const QString& detail) {
    {
        const QSignalBlocker block(watchToggle_);
        watchToggle_->setChecked(false);
    }
    QString text = tr("Watch of %1 stopped after %n run(s)", nullptr, watch_->runCount())
                       .arg(watch_->command());
    if (reason != WatchStopReason::Stopped) {
        text += QStringLiteral(" (%1: %2)").arg(watchStopReasonText(reason), detail);
    }
    watchStatus_->setText(text);
    setStatus(text, reason != WatchStopReason::Stopped);
}

void CommandsView::syncSeriesList() {
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

void CommandsView::updateChart() {
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

QString CommandsView::statusText() const {
    return status_->text();
}

} // namespace vigil::ui
