// The Logs view on a real Supervisor: captured stdout/stderr lines of a child, search, stream
// filter, pause (lines held, not lost) and resume.
#include "bridge/runtime_bridge.h"
#include "services/local_supervisor.h"
#include "test_util.h"
#include "views/logs_view.h"

#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace vigil::ui;
using vigil::test::bin;

class TestWindowLogs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void showsBothStreams();
    void search_data();
    void search();
    void streamFilter();
    void pauseHoldsLinesUntilResumed();
    void switchingDaemonShowsItsOutput();

private:
    void startTalker(const QString& name, const QStringList& extra = {});

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<RuntimeBridge> bridge_;
    std::unique_ptr<LocalSupervisor> supervisor_;
    std::unique_ptr<LogsView> view_;
};

void TestWindowLogs::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    qputenv("OVS_RUNDIR", dir_->path().toLocal8Bit());
    bridge_ = std::make_unique<RuntimeBridge>();
    supervisor_ = std::make_unique<LocalSupervisor>();
    view_ = std::make_unique<LogsView>(supervisor_.get());
    view_->resize(900, 500);
    view_->show();
}

void TestWindowLogs::cleanup() {
    view_.reset();
    QSignalSpy stopped(supervisor_.get(), &Supervisor::allStopped);
    supervisor_->stopAll();
    QTRY_VERIFY_WITH_TIMEOUT(stopped.size() == 1, 10000);
    supervisor_.reset();
    bridge_.reset();
}

void TestWindowLogs::startTalker(const QString& name, const QStringList& extra) {
    DaemonDefinition def;
    def.name = name;
    def.program = bin("vigil-test-child");
    def.arguments =
        QStringList{QStringLiteral("--print=alpha line"), QStringLiteral("--print=beta line"),
                    QStringLiteral("--stderr=gamma warning"), QStringLiteral("--after=-1")} +
        extra;
    def.controlSocket = QStringLiteral("none");
    def.startGraceMs = 20;
    QVERIFY(supervisor_->add(def));
    QVERIFY(supervisor_->start(name));
}

void TestWindowLogs::showsBothStreams() {
    startTalker(QStringLiteral("talker"));
    view_->setDaemon(QStringLiteral("talker"));
    QTRY_COMPARE_WITH_TIMEOUT(view_->visibleLineCount(), 3, 10000);
    QStringList lines;
    for (int row = 0; row < 3; ++row) {
        lines << view_->lineText(row);
    }
    QVERIFY(lines.contains(QStringLiteral("alpha line")));
    QVERIFY(lines.contains(QStringLiteral("gamma warning")));
    QVERIFY(view_->following());
}

void TestWindowLogs::search_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("matches");
    QTest::newRow("one") << "BETA" << 1;
    QTest::newRow("two") << "line" << 2;
    QTest::newRow("none") << "delta" << 0;
    QTest::newRow("all") << "" << 3;
}

void TestWindowLogs::search() {
    QFETCH(QString, text);
    QFETCH(int, matches);
    startTalker(QStringLiteral("talker"));
    view_->setDaemon(QStringLiteral("talker"));
    QTRY_COMPARE_WITH_TIMEOUT(view_->visibleLineCount(), 3, 10000);
    view_->setSearch(text);
    QCOMPARE(view_->visibleLineCount(), matches);
    if (matches == 1) {
        QCOMPARE(view_->lineText(0), QStringLiteral("beta line"));
    }
}

void TestWindowLogs::streamFilter() {
    startTalker(QStringLiteral("talker"));
    view_->setDaemon(QStringLiteral("talker"));
    QTRY_COMPARE_WITH_TIMEOUT(view_->visibleLineCount(), 3, 10000);
    view_->setStreams(LogsView::Streams::Stderr);
    QCOMPARE(view_->visibleLineCount(), 1);
    QCOMPARE(view_->lineText(0), QStringLiteral("gamma warning"));
    view_->setStreams(LogsView::Streams::Stdout);
    QCOMPARE(view_->visibleLineCount(), 2);
    view_->setSearch(QStringLiteral("gamma")); // both filters apply together
    QCOMPARE(view_->visibleLineCount(), 0);
    view_->setStreams(LogsView::Streams::Both);
    QCOMPARE(view_->visibleLineCount(), 1);
}

void TestWindowLogs::pauseHoldsLinesUntilResumed() {
    startTalker(QStringLiteral("talker"));
    view_->setDaemon(QStringLiteral("talker"));
    QTRY_COMPARE_WITH_TIMEOUT(view_->visibleLineCount(), 3, 10000);
    view_->setPaused(true);
    // A restart prints the three lines again; while paused they wait.
    QVERIFY(supervisor_->restart(QStringLiteral("talker")));
    QTRY_COMPARE_WITH_TIMEOUT(view_->pendingLineCount(), 3, 10000);
    QCOMPARE(view_->visibleLineCount(), 3);
    view_->setPaused(false);
    QCOMPARE(view_->visibleLineCount(), 6);
    QCOMPARE(view_->pendingLineCount(), 0);
}

void TestWindowLogs::switchingDaemonShowsItsOutput() {
    startTalker(QStringLiteral("first"));
    startTalker(QStringLiteral("second"), {QStringLiteral("--print=only in second")});
    view_->setDaemon(QStringLiteral("second"));
    QTRY_COMPARE_WITH_TIMEOUT(view_->visibleLineCount(), 4, 10000);
    view_->setDaemon(QStringLiteral("first"));
    QTRY_COMPARE_WITH_TIMEOUT(view_->visibleLineCount(), 3, 10000);
    view_->setSearch(QStringLiteral("only in second"));
    QCOMPARE(view_->visibleLineCount(), 0);
}

QTEST_MAIN(TestWindowLogs)
#include "tst_window_logs.moc"
