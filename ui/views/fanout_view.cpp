#include "views/fanout_view.h"

#include "services/command_invoker.h"
#include "services/fanout_status.h"
#include "services/line_diff.h"
#include "services/target_registry.h"
#include "views/state_style.h"

#include <QAction>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMap>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QSplitter>
#include <QTextBlock>
#include <QVBoxLayout>
#include <fnmatch.h>

namespace vigil::ui {

namespace {

// Commands every OVS daemon answers, offered first; any other may be typed.
const QStringList commonCommands = {
    QStringLiteral("version"),        QStringLiteral("list-commands"),
    QStringLiteral("coverage/show"),  QStringLiteral("memory/show"),
    QStringLiteral("vlog/list"),      QStringLiteral("dpif/show"),
    QStringLiteral("cluster/status"),
};

// The tint behind a line that is not in every reply: the "unresponsive" amber, faint enough
// for the text to stay readable on light and dark palettes.
QColor differingTint() {
    QColor c = stateColor(QStringLiteral("unresponsive"));
    c.setAlpha(90);
    return c;
}

bool matches(const QString& pattern, const QString& name) {
    // Without FNM_PATHNAME, as target/call-all: '*' matches '/' too.
    return ::fnmatch(pattern.toUtf8().constData(), name.toUtf8().constData(), 0) == 0;
}

QString headerText(const FanoutView::Result& r) {
    const QColor colour = stateColor(r.status);
    QString text = QStringLiteral("<b>%1</b>&nbsp;&nbsp;<span style=\"background-color:%2; "
                                  "color:white;\">&nbsp;%3&nbsp;</span>")
                       .arg(r.target.toHtmlEscaped(), colour.name(), r.status.toHtmlEscaped());
    if (r.status != QLatin1String("running")) {
        text += QStringLiteral("&nbsp;&nbsp;%1 ms").arg(r.ms);
    }
    return text;
}

} // namespace

FanoutView::FanoutView(TargetRegistry* targets, CommandInvoker* invoker, QWidget* parent)
    : QWidget(parent), targets_(targets), invoker_(invoker) {
    setObjectName(QStringLiteral("fanoutView"));

    pattern_ = new QLineEdit;
    pattern_->setObjectName(QStringLiteral("fanoutPattern"));
    pattern_->setAccessibleName(tr("Target pattern"));
    pattern_->setPlaceholderText(tr("Pattern, e.g. */ovs-vswitchd"));
    pattern_->setToolTip(tr("A glob over target names ('*' also matches '/'); selects the "
                            "matching targets below"));
    pattern_->setClearButtonEnabled(true);
    connect(pattern_, &QLineEdit::textChanged, this, &FanoutView::applyPattern);
    list_ = new QListWidget;
    list_->setObjectName(QStringLiteral("fanoutTargets"));
    list_->setAccessibleName(tr("Targets to run on"));
    list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    list_->setToolTip(tr("The command runs on the selected targets"));
    connect(list_, &QListWidget::itemSelectionChanged, this, &FanoutView::updateSummary);

    command_ = new QComboBox;
    command_->setObjectName(QStringLiteral("fanoutCommand"));
    command_->setEditable(true);
    command_->setInsertPolicy(QComboBox::NoInsert);
    command_->addItems(commonCommands);
    command_->setMinimumContentsLength(18);
    arguments_ = new QLineEdit;
    arguments_->setObjectName(QStringLiteral("fanoutArguments"));
    arguments_->setAccessibleName(tr("Arguments"));
    arguments_->setPlaceholderText(tr("Arguments"));
    run_ = new QAction(resourceIcon(QStringLiteral("run")), tr("Run on &Targets"), this);
    run_->setShortcut(QKeySequence(tr("Ctrl+Shift+Return")));
    run_->setToolTip(tr("Send the command to every selected target at once (Ctrl+Shift+Return)"));
    connect(run_, &QAction::triggered, this, &FanoutView::run);
    connect(arguments_, &QLineEdit::returnPressed, this, &FanoutView::run);
    auto* runButton = new QPushButton(run_->icon(), tr("Run"));
    runButton->setObjectName(QStringLiteral("fanoutRun"));
    runButton->setToolTip(run_->toolTip());
    connect(runButton, &QPushButton::clicked, run_, &QAction::trigger);
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("fanoutSummary"));

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(pattern_);
    leftLayout->addWidget(list_, 1);

    auto* commandRow = new QHBoxLayout;
    commandRow->addWidget(new QLabel(tr("Command:")));
    commandRow->addWidget(command_);
    commandRow->addWidget(arguments_, 1);
    commandRow->addWidget(runButton);

    columnsHost_ = new QWidget;
    columns_ = new QHBoxLayout(columnsHost_);
    columns_->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("fanoutResults"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(columnsHost_);

    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(commandRow);
    rightLayout->addWidget(summary_);
    rightLayout->addWidget(scroll, 1);

    auto* split = new QSplitter(Qt::Horizontal);
    split->setObjectName(QStringLiteral("fanoutSplit"));
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    split->setSizes({240, 900});
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(split);

    connect(targets_, &TargetRegistry::targetsChanged, this, &FanoutView::refreshTargets);
    refreshTargets();
}

void FanoutView::refreshTargets() {
    const QSet<QString> selected(selectedTargets().cbegin(), selectedTargets().cend());
    const QSignalBlocker block(list_);
    list_->clear();
    for (const TargetInfo& t : targets_->targets()) {
        auto* item = new QListWidgetItem(t.name, list_);
        if (!t.error.isEmpty()) {
            item->setToolTip(t.error);
            item->setForeground(palette().color(QPalette::PlaceholderText));
        } else {
            item->setToolTip(t.socketPath);
        }
        // A target that appears while a pattern is set joins the selection if it matches.
        const bool matching = !pattern().isEmpty() && matches(pattern(), t.name);
        item->setSelected(selected.contains(t.name) || matching);
    }
    updateSummary();
}

void FanoutView::applyPattern() {
    const QString glob = pattern();
    if (glob.isEmpty()) {
        return; // clearing the pattern keeps a hand-made selection
    }
    const QSignalBlocker block(list_);
    for (int i = 0; i < list_->count(); i++) {
        list_->item(i)->setSelected(matches(glob, list_->item(i)->text()));
    }
    updateSummary();
}

void FanoutView::setPattern(const QString& pattern) {
    pattern_->setText(pattern);
    applyPattern();
}

QString FanoutView::pattern() const {
    return pattern_->text().trimmed();
}

QStringList FanoutView::selectedTargets() const {
    QStringList out;
    for (int i = 0; i < list_->count(); i++) {
        if (list_->item(i)->isSelected()) {
            out << list_->item(i)->text();
        }
    }
    return out;
}

void FanoutView::setSelectedTargets(const QStringList& names) {
    const QSignalBlocker block(list_);
    for (int i = 0; i < list_->count(); i++) {
        list_->item(i)->setSelected(names.contains(list_->item(i)->text()));
    }
    updateSummary();
}

void FanoutView::setCommand(const QString& command, const QString& arguments) {
    command_->setEditText(command);
    arguments_->setText(arguments);
}

void FanoutView::run() {
    const QString command = command_->currentText().trimmed();
    const QStringList targets = selectedTargets();
    if (command.isEmpty() || targets.isEmpty()) {
        summary_->setText(command.isEmpty() ? tr("Type a command to run.")
                                            : tr("Select the targets to run it on."));
        return;
    }
    const QStringList arguments = QProcess::splitCommand(arguments_->text());
    const quint64 generation = ++generation_;
    results_.clear();
    for (const QString& target : targets) {
        results_.append({target, QStringLiteral("running"), QString(), 0, {}});
    }
    pending_ = int(targets.size());
    showResults();
    QPointer<FanoutView> self(this);
    for (int i = 0; i < targets.size(); i++) {
        invoker_->invoke(targets[i], command, arguments, {},
                         [self, generation, i](const Invocation& invocation) {
                             if (self) {
                                 self->onReply(generation, i, invocation);
                             }
                         });
    }
}

void FanoutView::onReply(quint64 generation, int index, const Invocation& invocation) {
    if (generation != generation_ || index >= results_.size()) {
        return; // a reply to a run the user has since replaced
    }
    Result& r = results_[index];
    r.status = fanoutStatus(invocation);
    r.output = invocation.ok ? invocation.output : invocation.error;
    r.ms = invocation.durationMs;
    if (--pending_ == 0) {
        // Differences are only meaningful once every reply is in.
        QList<QStringList> lines;
        for (const Result& each : results_) {
            lines << replyLines(each.output);
        }
        const QList<QList<bool>> differing = differingLines(lines);
        for (qsizetype i = 0; i < results_.size(); i++) {
            results_[i].differing = differing[i];
        }
    }
    showResults();
    if (pending_ == 0) {
        Q_EMIT finished();
    }
}

void FanoutView::showResults() {
    // One column per target: rebuilt when the run's targets change, refilled otherwise.
    if (headers_.size() != results_.size()) {
        while (QLayoutItem* item = columns_->takeAt(0)) {
            delete item->widget();
            delete item;
        }
        headers_.clear();
        replies_.clear();
        for (qsizetype i = 0; i < results_.size(); i++) {
            auto* column = new QWidget;
            column->setMinimumWidth(300);
            auto* layout = new QVBoxLayout(column);
            layout->setContentsMargins(0, 0, 0, 0);
            auto* header = new QLabel;
            header->setTextFormat(Qt::RichText);
            auto* reply = new QPlainTextEdit;
            reply->setObjectName(QStringLiteral("fanoutReply%1").arg(i));
            reply->setReadOnly(true);
            reply->setLineWrapMode(QPlainTextEdit::NoWrap);
            QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
            reply->setFont(mono);
            layout->addWidget(header);
            layout->addWidget(reply, 1);
            columns_->addWidget(column, 1);
            headers_ << header;
            replies_ << reply;
        }
    }
    const QColor tint = differingTint();
    for (qsizetype i = 0; i < results_.size(); i++) {
        const Result& r = results_[i];
        headers_[i]->setText(headerText(r));
        headers_[i]->setToolTip(r.target);
        QPlainTextEdit* reply = replies_[i];
        if (reply->toPlainText() != r.output) {
            reply->setPlainText(r.output);
        }
        // An empty reply is an answer too: say so rather than show a blank column.
        reply->setPlaceholderText(r.status == QLatin1String("running")
                                      ? tr("Waiting for the reply…")
                                      : tr("(empty reply)"));
        QList<QTextEdit::ExtraSelection> marks;
        QTextBlock block = reply->document()->firstBlock();
        for (qsizetype line = 0; block.isValid() && line < r.differing.size(); line++) {
            if (r.differing[line]) {
                QTextEdit::ExtraSelection mark;
                mark.cursor = QTextCursor(block);
                mark.format.setBackground(tint);
                mark.format.setProperty(QTextFormat::FullWidthSelection, true);
                marks << mark;
            }
            block = block.next();
        }
        reply->setExtraSelections(marks);
    }
    updateSummary();
}

void FanoutView::updateSummary() {
    if (results_.isEmpty()) {
        summary_->setText(tr("%n target(s) selected", nullptr, int(selectedTargets().size())));
        return;
    }
    QMap<QString, int> counts;
    int differing = 0;
    for (const Result& r : results_) {
        counts[r.status]++;
        differing += int(r.differing.count(true));
    }
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        parts << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
    }
    QString text = tr("%n target(s): ", nullptr, int(results_.size())) + parts.join(u", ");
    if (pending_ == 0) {
        text += differing == 0 ? tr("; every reply is the same")
                               : tr("; %n highlighted line(s) differ", nullptr, differing);
    }
    summary_->setText(text);
}

} // namespace vigil::ui
