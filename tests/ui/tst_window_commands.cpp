// The Commands view against a real daemon (vigil-testd): its command list with filter and
// usage, the argument form built from the usage, running a command (Enter) with its output, a
// command error, a call with a required field left empty (sent; the daemon's error shown),
// re-running from the history, a JSON reply as a tree, a text reply in a fixed font, Copy,
// copying and exporting the history, and a Watch that ticks and charts.
#include "bridge/runtime_bridge.h"
#include "models/invocation_history_model.h"
#include "services/command_invoker.h"
#include "services/command_watch.h"
#include "services/invocation_history_feed.h"
#include "services/target_registry.h"
#include "test_util.h"
#include "views/argument_form.h"
#include "views/commands_view.h"
#include "views/reply_view.h"
#include "views/table_export_actions.h"
#include "views/watch_chart.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>
#include <memory>

using namespace vigil::ui;
using vigil::test::bin;

class TestWindowCommands : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void listsCommandsAndFilters();
    void formIsSizedByUsage();
    void enterRunsCommandAndShowsOutput();
    void commandErrorIsShown();
    void missingArgumentIsOnlyAHint();
    void rerunFromHistory();
    void jsonReplyShowsAsTree();
    void textReplyIsMonospaced();
    void copyPutsReplyOnClipboard();
    void errorReplyIsDistinct();
    void historyCopyAndExport();
    void watchTicksAndCharts();
    void unreachableTargetIsReported();

private:
    bool runAndWait(const QString& command, const QStringList& args = {});

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<RuntimeBridge> bridge_;
    std::unique_ptr<QProcess> daemon_;
    std::unique_ptr<TargetRegistry> registry_;
    std::unique_ptr<CommandInvoker> invoker_;
    std::unique_ptr<InvocationHistoryModel> history_;
    std::unique_ptr<CommandsView> view_;
    QString target_;
};

void TestWindowCommands::initTestCase() {
    QVERIFY2(QFile::exists(bin("vigil-testd")), "build the vigil-testd program");
    dir_ = std::make_unique<QTemporaryDir>();
    qputenv("OVS_RUNDIR", dir_->path().toLocal8Bit());
    // The view's preferences go to the test's own settings, never the user's.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir_->path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir_->path());
    QCoreApplication::setOrganizationName(QStringLiteral("vigil-test"));
    bridge_ = std::make_unique<RuntimeBridge>();
    const QString socket = dir_->filePath(QStringLiteral("testd.ctl"));
    daemon_ = std::make_unique<QProcess>();
    daemon_->start(bin("vigil-testd"), {QStringLiteral("--unixctl=") + socket});
    QVERIFY(daemon_->waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(socket), 10000);

    registry_ = std::make_unique<TargetRegistry>(nullptr);
    registry_->setRunDirectories({});
    QString error;
    QVERIFY2(registry_->addPath(socket, &error), qPrintable(error));
    target_ = registry_->targets().first().name;
    invoker_ = std::make_unique<CommandInvoker>(registry_.get());
    history_ = std::make_unique<InvocationHistoryModel>();
    feedHistoryModel(*invoker_, *history_);
    view_ = std::make_unique<CommandsView>(registry_.get(), invoker_.get(), history_.get());
    view_->resize(1100, 700);
    view_->show();
    view_->setTarget(target_);
    QTRY_VERIFY_WITH_TIMEOUT(view_->visibleCommandCount() > 5, 10000);
}

void TestWindowCommands::cleanupTestCase() {
    view_.reset();
    invoker_.reset();
    history_.reset();
    registry_.reset();
    if (daemon_) {
        daemon_->kill();
        daemon_->waitForFinished();
    }
    bridge_.reset();
}

void TestWindowCommands::listsCommandsAndFilters() {
    const int all = view_->visibleCommandCount();
    view_->setFilter(QStringLiteral("vlog/"));
    const int vlog = view_->visibleCommandCount();
    QVERIFY(vlog >= 3);
    QVERIFY(vlog < all);
    view_->setFilter(QStringLiteral("ECHO"));  // case-insensitive
    QCOMPARE(view_->visibleCommandCount(), 2); // echo, echo_error
    view_->setFilter(QStringLiteral("no-such-command"));
    QCOMPARE(view_->visibleCommandCount(), 0);
    view_->setFilter(QString());
    QCOMPARE(view_->visibleCommandCount(), all);
    // The harmless default: never a destructive command one Enter away.
    QVERIFY(view_->selectCommand(QStringLiteral("version")));
}

void TestWindowCommands::formIsSizedByUsage() {
    QVERIFY(view_->selectCommand(QStringLiteral("version")));
    QCOMPARE(view_->argumentForm()->fieldCount(), 0);
    QVERIFY(view_->selectCommand(QStringLiteral("echo")));
    QCOMPARE(view_->argumentForm()->fieldCount(), 1);
    QVERIFY(view_->selectCommand(QStringLiteral("sessions/wait")));
    QCOMPARE(view_->argumentForm()->fieldCount(), 1);
    QVERIFY(view_->argumentForm()->missingArgument().isEmpty()); // SEQNO is optional
}

void TestWindowCommands::enterRunsCommandAndShowsOutput() {
    QVERIFY(view_->selectCommand(QStringLiteral("echo")));
    auto* field = view_->findChild<QLineEdit*>(QStringLiteral("argument0"));
    QVERIFY(field);
    field->setFocus();
    QTest::keyClicks(field, QStringLiteral("hello from the form"));
    QSignalSpy finished(view_.get(), &CommandsView::invocationFinished);
    QTest::keyClick(field, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QCOMPARE(finished.first().first().toBool(), true);
    QCOMPARE(view_->outputText().trimmed(), QStringLiteral("hello from the form"));
    QVERIFY(view_->statusText().contains(QStringLiteral("ok")));
    InvocationHistoryModel* history = history_.get();
    Invocation last = history->invocation(history->rowCount() - 1);
    QCOMPARE(last.command, QStringLiteral("echo"));
    QCOMPARE(last.arguments, QStringList{QStringLiteral("hello from the form")});
}

void TestWindowCommands::commandErrorIsShown() {
    QVERIFY(view_->selectCommand(QStringLiteral("echo_error")));
    view_->findChild<QLineEdit*>(QStringLiteral("argument0"))->setText(QStringLiteral("bad thing"));
    QSignalSpy finished(view_.get(), &CommandsView::invocationFinished);
    QTest::mouseClick(view_->findChild<QPushButton*>(QStringLiteral("runButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(view_->statusText().contains(QStringLiteral("failed")),
             qPrintable(view_->statusText()));
    QVERIFY(view_->outputText().contains(QStringLiteral("bad thing")));
}

// A required field left empty does not stop the call: the status line names it, the daemon
// judges the arity and its error is shown.
void TestWindowCommands::missingArgumentIsOnlyAHint() {
    QVERIFY(view_->selectCommand(QStringLiteral("echo")));
    view_->findChild<QLineEdit*>(QStringLiteral("argument0"))->clear();
    QVERIFY(view_->argumentForm()->missingArgument().contains(QStringLiteral("required")));
    const int before = history_.get()->rowCount();
    QSignalSpy finished(view_.get(), &CommandsView::invocationFinished);
    QVERIFY(view_->run());
    QVERIFY2(view_->statusText().contains(QStringLiteral("required")),
             qPrintable(view_->statusText()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QCOMPARE(finished.first().first().toBool(), false);
    QCOMPARE(history_.get()->rowCount(), before + 1);
    QVERIFY2(view_->outputText().contains(QStringLiteral("at least 1 arguments")),
             qPrintable(view_->outputText()));
    QVERIFY(view_->statusText().contains(QStringLiteral("failed")));
}

void TestWindowCommands::rerunFromHistory() {
    QVERIFY(view_->selectCommand(QStringLiteral("echo")));
    view_->findChild<QLineEdit*>(QStringLiteral("argument0"))->setText(QStringLiteral("again"));
    QSignalSpy finished(view_.get(), &CommandsView::invocationFinished);
    QVERIFY(view_->run());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    // Switch to another command, then re-run the echo from the history.
    QVERIFY(view_->selectCommand(QStringLiteral("version")));
    auto* table = view_->findChild<QTableView*>(QStringLiteral("historyTable"));
    const int rows = table->model()->rowCount();
    table->setCurrentIndex(table->model()->index(rows - 1, 0));
    QTest::mouseClick(view_->findChild<QPushButton*>(QStringLiteral("rerunButton")),
                      Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
    QCOMPARE(table->model()->rowCount(), rows + 1);
    QCOMPARE(view_->currentCommand(), QStringLiteral("echo"));
    QCOMPARE(view_->outputText().trimmed(), QStringLiteral("again"));
}

bool TestWindowCommands::runAndWait(const QString& command, const QStringList& args) {
    if (!view_->selectCommand(command)) {
        return false;
    }
    view_->argumentForm()->setArguments(args);
    QSignalSpy finished(view_.get(), &CommandsView::invocationFinished);
    if (!view_->run()) {
        return false;
    }
    return QTest::qWaitFor([&] { return finished.size() == 1; }, 15000);
}

void TestWindowCommands::jsonReplyShowsAsTree() {
    QVERIFY(view_->preferJson()); // the default
    QVERIFY(runAndWait(QStringLiteral("memory/show")));
    ReplyView* reply = view_->replyView();
    QCOMPARE(reply->mode(), ReplyView::Mode::Tree);
    QCOMPARE(reply->formatText(), QStringLiteral("JSON"));
    QVERIFY(view_->statusText().contains(QStringLiteral("JSON")));
    QTreeView* tree = reply->tree();
    QVERIFY(tree->isVisible());
    QCOMPARE(tree->model()->rowCount(), 3); // owners, rss-kB, watched-fds
    const QModelIndex owners = tree->model()->index(0, ReplyView::KeyColumn);
    QCOMPARE(owners.data().toString(), QStringLiteral("owners"));
    QCOMPARE(owners.siblingAtColumn(ReplyView::TypeColumn).data().toString(),
             QStringLiteral("number"));
    QVERIFY(owners.siblingAtColumn(ReplyView::ValueColumn).data().toString().toInt() > 0);
    QCOMPARE(owners.data(ReplyView::PathRole).toString(), QStringLiteral("/owners"));
    // The filter narrows the tree.
    reply->setFilter(QStringLiteral("rss"));
    QCOMPARE(reply->visibleTopLevelRows(), 1);
    reply->setFilter(QString());
    QCOMPARE(reply->visibleTopLevelRows(), 3);
    // Raw: the pretty JSON as text.
    reply->setRaw(true);
    QCOMPARE(reply->mode(), ReplyView::Mode::RawJson);
    QVERIFY(reply->textPane()->isVisible());
    const QJsonObject o =
        QJsonDocument::fromJson(reply->textPane()->toPlainText().toUtf8()).object();
    QVERIFY(o.contains(QStringLiteral("watched-fds")));
    reply->setRaw(false);
    QCOMPARE(reply->mode(), ReplyView::Mode::Tree);
    // The preference is kept.
    QCOMPARE(QSettings().value(QStringLiteral("commands/preferJson"), true).toBool(), true);
}

void TestWindowCommands::textReplyIsMonospaced() {
    view_->setPreferJson(false);
    QCOMPARE(QSettings().value(QStringLiteral("commands/preferJson")).toBool(), false);
    QVERIFY(runAndWait(QStringLiteral("coverage/show")));
    view_->setPreferJson(true);
    ReplyView* reply = view_->replyView();
    QCOMPARE(reply->mode(), ReplyView::Mode::Text);
    QCOMPARE(reply->formatText(), QStringLiteral("text"));
    QPlainTextEdit* pane = reply->textPane();
    QVERIFY(pane->isVisible());
    QVERIFY(QFontInfo(pane->font()).fixedPitch());
    QCOMPARE(pane->lineWrapMode(), QPlainTextEdit::NoWrap);
    QVERIFY(pane->toPlainText().startsWith(QStringLiteral("Event coverage")));
    QVERIFY(pane->toPlainText().contains(QStringLiteral("total: ")));
}

void TestWindowCommands::copyPutsReplyOnClipboard() {
    QVERIFY(runAndWait(QStringLiteral("echo"), {QStringLiteral("first line")}));
    ReplyView* reply = view_->replyView();
    QCOMPARE(reply->mode(), ReplyView::Mode::Text);
    QClipboard* clipboard = QGuiApplication::clipboard();
    clipboard->clear();
    QTest::mouseClick(reply->findChild<QToolButton*>(QStringLiteral("replyCopy")), Qt::LeftButton);
    QCOMPARE(clipboard->text(), QStringLiteral("first line"));
    // A selection is copied alone, by Ctrl+C.
    QPlainTextEdit* pane = reply->textPane();
    QTextCursor cursor(pane->document());
    cursor.movePosition(QTextCursor::NextWord, QTextCursor::KeepAnchor);
    pane->setTextCursor(cursor);
    pane->setFocus();
    QTest::keyClick(pane, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(clipboard->text().trimmed(), QStringLiteral("first"));
    // A JSON tree copies whole as pretty JSON.
    QVERIFY(runAndWait(QStringLiteral("memory/show")));
    QCOMPARE(reply->mode(), ReplyView::Mode::Tree);
    reply->tree()->clearSelection();
    const QString copied = reply->copy();
    QCOMPARE(clipboard->text(), copied);
    QVERIFY(QJsonDocument::fromJson(clipboard->text().toUtf8())
                .object()
                .contains(QStringLiteral("owners")));
    // Export of the reply: JSON as pretty JSON, CSV refused for a non-table.
    const QString path = dir_->filePath(QStringLiteral("reply.json"));
    QString error;
    QVERIFY2(reply->exportTo(path, &error), qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(QJsonDocument::fromJson(f.readAll()).object().contains(QStringLiteral("rss-kB")));
    QVERIFY(!reply->exportTo(dir_->filePath(QStringLiteral("reply.csv")), &error));
    QVERIFY2(error.contains(QStringLiteral("CSV")), qPrintable(error));
    QVERIFY(!QFile::exists(dir_->filePath(QStringLiteral("reply.csv"))));
}

void TestWindowCommands::errorReplyIsDistinct() {
    QVERIFY(runAndWait(QStringLiteral("echo_error"), {QStringLiteral("it broke")}));
    ReplyView* reply = view_->replyView();
    QCOMPARE(reply->mode(), ReplyView::Mode::Error);
    QCOMPARE(reply->formatText(), QStringLiteral("error"));
    QVERIFY(reply->textPane()->toPlainText().contains(QStringLiteral("it broke")));
    QVERIFY(reply->textPane()->palette().color(QPalette::Text) !=
            view_->palette().color(QPalette::Text));
}

void TestWindowCommands::historyCopyAndExport() {
    QVERIFY(runAndWait(QStringLiteral("echo"), {QStringLiteral("for the record")}));
    auto* table = view_->findChild<QTableView*>(QStringLiteral("historyTable"));
    const int last = table->model()->rowCount() - 1;
    table->setFocus();
    table->selectionModel()->select(table->model()->index(last, 0),
                                    QItemSelectionModel::ClearAndSelect |
                                        QItemSelectionModel::Rows);
    QGuiApplication::clipboard()->clear();
    QTest::keyClick(table, Qt::Key_C, Qt::ControlModifier);
    const QStringList fields =
        QGuiApplication::clipboard()->text().trimmed().split(QLatin1Char('	'));
    QCOMPARE(fields.value(InvocationHistoryModel::CommandColumn), QStringLiteral("echo"));
    QCOMPARE(fields.value(InvocationHistoryModel::ArgumentsColumn),
             QStringLiteral("for the record"));
    QCOMPARE(fields.value(InvocationHistoryModel::FormatColumn), QStringLiteral("text"));
    // To a file: every row, the whole time and reply.
    const QString path = dir_->filePath(QStringLiteral("history.json"));
    QString error;
    QVERIFY2(exportTableToFile(*table->model(), path, {}, &error), qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray rows = QJsonDocument::fromJson(f.readAll()).array();
    QCOMPARE(rows.size(), table->model()->rowCount());
    const QJsonObject row = rows.last().toObject();
    QCOMPARE(row.value(QStringLiteral("Command")).toString(), QStringLiteral("echo"));
    QCOMPARE(row.value(QStringLiteral("Result")).toString(), QStringLiteral("for the record"));
    QVERIFY(QDateTime::fromString(row.value(QStringLiteral("Time")).toString(), Qt::ISODateWithMs)
                .isValid());
    QVERIFY(view_->findChild<QToolButton*>(QStringLiteral("history-export")));
}

void TestWindowCommands::watchTicksAndCharts() {
    QVERIFY(view_->selectCommand(QStringLiteral("memory/show")));
    view_->setWatchInterval(1);
    const int historyBefore = history_->rowCount();
    QVERIFY(view_->startWatch());
    QVERIFY(view_->isWatching());
    auto* toggle = view_->findChild<QToolButton*>(QStringLiteral("watchToggle"));
    QVERIFY(toggle->isChecked());
    CommandWatch* watch = view_->watch();
    QTRY_VERIFY_WITH_TIMEOUT(watch->runCount() >= 3, 30000);
    QCOMPARE(watch->maxInFlight(), 1);
    // The reply pane shows the latest JSON reply; the chart plots the first series by default.
    QCOMPARE(view_->replyView()->mode(), ReplyView::Mode::Tree);
    QListWidget* series = view_->seriesList();
    QCOMPARE(series->count(), 3);
    QCOMPARE(series->item(0)->checkState(), Qt::Checked);
    QCOMPARE(view_->chart()->seriesCount(), 3);
    QTRY_VERIFY_WITH_TIMEOUT(view_->chart()->pointCount() >= 6, 10000);
    // Unchecking a series takes it off the chart.
    series->item(2)->setCheckState(Qt::Unchecked);
    QCOMPARE(view_->chart()->seriesCount(), 2);
    // The first run alone went into the history.
    QCOMPARE(history_->rowCount(), historyBefore + 1);
    // Changes since the previous run are highlighted (rows whose value changed).
    const int before = watch->runCount();
    QTRY_VERIFY_WITH_TIMEOUT(watch->runCount() > before, 20000);
    const WatchRun last = watch->lastRun();
    QVERIFY(last.compared);
    // Esc stops the watch.
    QTest::keyClick(view_->replyView()->tree(), Qt::Key_Escape);
    QVERIFY(!view_->isWatching());
    QVERIFY(!toggle->isChecked());
    QVERIFY(view_->statusText().contains(QStringLiteral("stopped")));
    // The toggle starts it again, and stops it.
    toggle->click();
    QVERIFY(view_->isWatching());
    toggle->click();
    QVERIFY(!view_->isWatching());
}

void TestWindowCommands::unreachableTargetIsReported() {
    // The daemon goes away: a call fails visibly, the GUI does not hang.
    QVERIFY(view_->selectCommand(QStringLiteral("version")));
    daemon_->kill();
    daemon_->waitForFinished();
    QSignalSpy finished(view_.get(), &CommandsView::invocationFinished);
    QVERIFY(view_->run());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(view_->statusText().contains(QStringLiteral("failed")),
             qPrintable(view_->statusText()));
}

QTEST_MAIN(TestWindowCommands)
#include "tst_window_commands.moc"
