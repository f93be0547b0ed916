// The Commands view against a real daemon (vigil-testd): its command list with filter and
// usage, the argument form built from the usage, running a command (Enter) with its output, a
// command error, a call with a required field left empty (sent; the daemon's error shown), and
// re-running from the history.
#include "bridge/runtime_bridge.h"
#include "models/invocation_history_model.h"
#include "services/command_invoker.h"
#include "services/invocation_history_feed.h"
#include "services/target_registry.h"
#include "test_util.h"
#include "views/argument_form.h"
#include "views/commands_view.h"

#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
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
    void unreachableTargetIsReported();

private:
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

void TestWindowCommands::unreachableTargetIsReported() {
    // The daemon goes away: a call fails visibly, the GUI does not hang.
    QVERIFY(view_->selectCommand(QStringLiteral("version")));
    daemon_->kill();
    daemon_->waitForFinished();
    QSignalSpy finished(view_.get(), &CommandsView::invocationFinished);
    QVERIFY(view_->run());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY(view_->statusText().contains(QStringLiteral("failed")));
}

QTEST_MAIN(TestWindowCommands)
#include "tst_window_commands.moc"
