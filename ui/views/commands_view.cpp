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
#include "views/watch_panel.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
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
    refresh_->setAccessibleName(tr("Refresh command list"));
    connect(refresh_, &QToolButton::clicked, this, [this] {
        if (!target_.isEmpty()) {
            commands_->setTarget(QString());
            commands_->setTarget(target_);
            updateHeader();
        }
    });
    filter_ = new QLineEdit;
    filter_->setObjectName(QStringLiteral("commandFilter"));
    filter_->setAccessibleName(tr("Filter commands"));
    filter_->setPlaceholderText(tr("Filter commands (Ctrl+F)"));
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, filtered_,
            &QSortFilterProxyModel::setFilterFixedString);
    commandTable_ = makeTable(filtered_);
    commandTable_->setObjectName(QStringLiteral("commandTable"));
    commandTable_->setAccessibleName(tr("Commands"));
    commandTable_->horizontalHeader()->setStretchLastSection(true);
    commandTable_->setColumnWidth(CommandModel::NameColumn, 200);
    connect(commandTable_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CommandsView::onCommandSelected);
    connect(commandTable_, &QTableView::activated, this, &CommandsView::focusArguments);
    connect(commands_, &CommandModel::fetchFinished, this, &CommandsView::onFetchFinished);
    connect(commands_, &QAbstractItemModel::modelReset, this, &CommandsView::updateHeader);

    auto* headerRow = new QHBoxLayout;
    headerRow->addWidget(targetLabel_, 1);
    headerRow->addWidget(refresh_);
    headerRow->addWidget(addTableExport(commandTable_, tr("Commands")));
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

    // The watch: its toggle and interval go in the run row, its panel under the reply.
    reply_ = new ReplyView;
    watchPanel_ = new WatchPanel(invoker_, registry_, reply_);
    connect(watchPanel_, &WatchPanel::startRequested, this, &CommandsView::startWatch);
    connect(watchPanel_, &WatchPanel::statusChanged, this, &CommandsView::setStatus);

    auto* titleRow = new QHBoxLayout;
    titleRow->addWidget(commandTitle_);
    titleRow->addWidget(commandUsage_, 1);
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(status_, 1);
    runRow->addWidget(json_);
    runRow->addWidget(watchPanel_->toggleButton());
    runRow->addWidget(watchPanel_->intervalBox());
    runRow->addWidget(run_);
    auto* formBox = new QGroupBox(tr("Invoke"));
    auto* formLayout = new QVBoxLayout(formBox);
    formLayout->addLayout(titleRow);
    formLayout->addWidget(form_);
    formLayout->addLayout(runRow);

    auto* escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, [this] {
        if (watchPanel_->isWatching()) {
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
    historyTable_->setAccessibleName(tr("Command history"));
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
    if (watchPanel_->isWatching()) {
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

void CommandsView::focusArguments() {
    form_->focusFirstField();
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
    if ((watchPanel_->isWatching() && invocation.id != lastRun_) ||
        invocation.id == watchPanel_->watch()->recordedInvocationId()) {
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
    watchPanel_->start(target_, command, form_->arguments(), options);
    return true;
}

void CommandsView::stopWatch() {
    watchPanel_->stop();
}

bool CommandsView::isWatching() const {
    return watchPanel_->isWatching();
}

void CommandsView::setWatchInterval(int seconds) {
    watchPanel_->setInterval(seconds);
}

int CommandsView::watchInterval() const {
    return watchPanel_->interval();
}

WatchChart* CommandsView::chart() const {
    return watchPanel_->chart();
}

CommandWatch* CommandsView::watch() const {
    return watchPanel_->watch();
}

QListWidget* CommandsView::seriesList() const {
    return watchPanel_->seriesList();
}

QString CommandsView::statusText() const {
    return status_->text();
}

} // namespace vigil::ui
