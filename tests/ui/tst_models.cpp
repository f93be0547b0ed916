// The supervisor's models under QAbstractItemModelTester: DaemonModel's diffing (one insert
// burst, contiguous dataChanged ranges, one full range when most rows change, removals),
// paint-time time cells, and LogModel/HistoryModel batching and bounds.
#include "bridge/runtime_bridge.h"
#include "models/daemon_model.h"
#include "models/history_model.h"
#include "models/log_model.h"
#include "services/local_supervisor.h"
#include "test_util.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace vigil::ui;
using vigil::test::bin;

class TestModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void daemonModelInsertsInOneBurst();
    void daemonModelChangedRanges();
    void daemonModelRemovesRows();
    void daemonModelCellsAndRoles();
    void daemonModelTimeCellsComputedWhenRead();
    void logModelBatchesAndBounds();
    void logModelFollowsRealOutput();
    void logModelPauseHoldsLines();
    void daemonModelFedWithoutSupervisor();
    void historyModelFollowsDaemon();
    void formatting_data();
    void formatting();

private:
    DaemonDefinition def(const QString& name, const QStringList& args = {"--after=-1"}) const;
    // Adds daemons whose program does not exist, so start() fails at once (state changes
    // without processes).
    void addBroken(int count);
    // Emits the supervisor's outputAppended for lines `from`..`to` of `daemon` (odd ones on
    // stderr), and the same lines for a daemon named "other", which models must ignore.
    void emitOutput(const QString& daemon, int from, int to);

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<RuntimeBridge> bridge_;
    std::unique_ptr<LocalSupervisor> supervisor_;
};

using Ranges = QList<QPair<int, int>>;

namespace {

Ranges rangesOf(const QSignalSpy& spy) {
    Ranges ranges;
    for (const auto& args : spy) {
        ranges << qMakePair(args[0].toModelIndex().row(), args[1].toModelIndex().row());
    }
    return ranges;
}

} // namespace

void TestModels::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    qputenv("OVS_RUNDIR", dir_->path().toLocal8Bit());
    bridge_ = std::make_unique<RuntimeBridge>();
    supervisor_ = std::make_unique<LocalSupervisor>();
}

void TestModels::cleanup() {
    QSignalSpy stopped(supervisor_.get(), &Supervisor::allStopped);
    supervisor_->stopAll();
    QTRY_VERIFY_WITH_TIMEOUT(stopped.size() == 1, 10000);
    supervisor_.reset();
    bridge_.reset();
    dir_.reset();
}

DaemonDefinition TestModels::def(const QString& name, const QStringList& args) const {
    DaemonDefinition d;
    d.name = name;
    d.program = bin("vigil-test-child");
    d.arguments = args;
    d.startGraceMs = 20;
    d.backoffMinMs = d.backoffMaxMs = 100;
    d.backoffJitter = 0;
    d.controlSocket = "none";
    return d;
}

void TestModels::addBroken(int count) {
    for (int i = 0; i < count; ++i) {
        DaemonDefinition d = def(QStringLiteral("d%1").arg(i));
        d.program = dir_->filePath("missing");
        d.restart = RestartPolicy::Never;
        QVERIFY(supervisor_->add(d));
    }
}

void TestModels::daemonModelInsertsInOneBurst() {
    DaemonModel model(supervisor_.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    addBroken(5);
    QCOMPARE(model.rowCount(), 0); // applied from the event loop, all together
    QTRY_COMPARE(model.rowCount(), 5);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted[0][1].toInt(), 0);
    QCOMPARE(inserted[0][2].toInt(), 4);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(model.statusAt(i).name, QStringLiteral("d%1").arg(i));
        QCOMPARE(model.rowOf(QStringLiteral("d%1").arg(i)), i);
    }
    // A model created later starts with the rows.
    DaemonModel late(supervisor_.get());
    QCOMPARE(late.rowCount(), 5);
}

void TestModels::daemonModelChangedRanges() {
    addBroken(6);
    DaemonModel model(supervisor_.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 6);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // Rows 0, 1 and 3 change in one pass: two contiguous ranges.
    for (const char* name : {"d0", "d1", "d3"}) {
        supervisor_->start(name);
    }
    QTRY_VERIFY(!changed.isEmpty());
    QCOMPARE(rangesOf(changed), (Ranges{{0, 1}, {3, 3}}));
    QCOMPARE(changed[0][0].toModelIndex().column(), 0);
    QCOMPARE(changed[0][1].toModelIndex().column(), int(DaemonModel::ColumnCount) - 1);
    QCOMPARE(model.data(model.index(3, DaemonModel::StateColumn)).toString(), "failed");

    // Most rows change: one full range.
    changed.clear();
    for (const char* name : {"d0", "d1", "d2", "d4", "d5"}) {
        supervisor_->start(name);
    }
    supervisor_->stop("d0");
    QTRY_VERIFY(!changed.isEmpty());
    QCOMPARE(rangesOf(changed), (Ranges{{0, 5}}));

    // Nothing changed: nothing signalled.
    changed.clear();
    model.refresh();
    QVERIFY(changed.isEmpty());
}

void TestModels::daemonModelRemovesRows() {
    addBroken(5);
    DaemonModel model(supervisor_.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    supervisor_->remove("d1");
    supervisor_->remove("d2");
    supervisor_->remove("d4");
    QTRY_COMPARE(model.rowCount(), 2);
    // Bottom up, one range per contiguous run.
    QCOMPARE(removed.size(), 2);
    QCOMPARE(removed[0][1].toInt(), 4);
    QCOMPARE(removed[1][1].toInt(), 1);
    QCOMPARE(removed[1][2].toInt(), 2);
    QCOMPARE(model.statusAt(0).name, QStringLiteral("d0"));
    QCOMPARE(model.statusAt(1).name, QStringLiteral("d3"));

    // Removal and insertion in one pass.
    supervisor_->remove("d0");
    QVERIFY(supervisor_->add(def("new")));
    QTRY_COMPARE(model.rowOf("new"), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.statusAt(0).name, QStringLiteral("d3"));
}

void TestModels::daemonModelCellsAndRoles() {
    DaemonModel model(supervisor_.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(supervisor_->add(def("run")));
    supervisor_->start("run");
    QTRY_COMPARE(model.rowCount(), 1);
    QTRY_COMPARE(model.data(model.index(0, 0), DaemonModel::StateRole).toString(), "running");
    QTRY_VERIFY(model.statusAt(0).rssBytes > 0);
    auto cell = [&](int column, int role = Qt::DisplayRole) {
        return model.data(model.index(0, column), role);
    };
    QCOMPARE(cell(DaemonModel::NameColumn).toString(), "run");
    QCOMPARE(cell(DaemonModel::StateColumn).toString(), "running");
    QCOMPARE(cell(DaemonModel::PidColumn).toLongLong(), supervisor_->status("run")->pid);
    QVERIFY(cell(DaemonModel::UptimeColumn).toString().startsWith("up "));
    QCOMPARE(cell(DaemonModel::RestartsColumn).toInt(), 0);
    QCOMPARE(cell(DaemonModel::LastExitColumn).toString(), QString());
    QVERIFY(cell(DaemonModel::MemoryColumn).toString().endsWith("iB"));
    QCOMPARE(cell(DaemonModel::DesiredColumn).toString(), "up");
    QCOMPARE(cell(DaemonModel::PidColumn, DaemonModel::StateRole).toString(), "running");
    QCOMPARE(cell(DaemonModel::PidColumn, DaemonModel::NameRole).toString(), "run");
    QCOMPARE(cell(DaemonModel::PidColumn, DaemonModel::DesiredRole).toString(), "up");
    QCOMPARE(model.headerData(DaemonModel::LastExitColumn, Qt::Horizontal).toString(), "Last exit");

    supervisor_->stop("run");
    QTRY_COMPARE(cell(0, DaemonModel::StateRole).toString(), "stopped");
    QCOMPARE(cell(DaemonModel::LastExitColumn).toString(), "killed (Terminated)");
    QCOMPARE(cell(DaemonModel::DesiredColumn).toString(), "down");
    QCOMPARE(cell(DaemonModel::PidColumn).toString(), QString());
    QCOMPARE(cell(DaemonModel::UptimeColumn).toString(), QString());
}

// Uptime and "next try in" change as time passes without any dataChanged.
void TestModels::daemonModelTimeCellsComputedWhenRead() {
    DaemonDefinition slow = def("slow", {"--exit=1"});
    slow.startGraceMs = 5000;
    slow.backoffMinMs = slow.backoffMaxMs = 30000;
    QVERIFY(supervisor_->add(slow));
    QVERIFY(supervisor_->add(def("up")));
    DaemonModel model(supervisor_.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    supervisor_->start("slow");
    supervisor_->start("up");
    QTRY_COMPARE(model.data(model.index(0, 0), DaemonModel::StateRole).toString(), "backoff");
    QTRY_COMPARE(model.data(model.index(1, 0), DaemonModel::StateRole).toString(), "running");
    QModelIndex next = model.index(0, DaemonModel::UptimeColumn);
    QModelIndex uptime = model.index(1, DaemonModel::UptimeColumn);
    QString nextBefore = model.data(next).toString();
    QString upBefore = model.data(uptime).toString();
    QVERIFY2(nextBefore.startsWith("next try in "), qPrintable(nextBefore));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QTest::qWait(1100);
    QVERIFY(model.data(next).toString() != nextBefore);
    QVERIFY(model.data(uptime).toString() != upBefore);
    // Only CPU/memory samples may have been signalled, never a time-only change of "slow".
    for (const auto& args : changed) {
        QVERIFY(args[0].toModelIndex().row() == 1);
    }
}

void TestModels::emitOutput(const QString& daemon, int from, int to) {
    for (int i = from; i <= to; ++i) {
        LogLine line;
        line.seq = quint64(i);
        line.time = QDateTime::currentDateTime();
        line.isStderr = i % 2;
        line.text = QStringLiteral("line %1").arg(i);
        Q_EMIT supervisor_->outputAppended(daemon, line);
        Q_EMIT supervisor_->outputAppended("other", line);
    }
}

void TestModels::logModelBatchesAndBounds() {
    DaemonDefinition d = def("quiet");
    d.outputLines = 50;
    QVERIFY(supervisor_->add(d));
    LogModel model(supervisor_.get(), "quiet");
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    auto emitLines = [&](int from, int to) { emitOutput("quiet", from, to); };
    emitLines(1, 30);
    QCOMPARE(model.rowCount(), 0);
    QTRY_COMPARE(model.rowCount(), 30);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.data(model.index(0, LogModel::StreamColumn)).toString(), "stderr");
    QCOMPARE(model.data(model.index(1, LogModel::TextColumn), LogModel::StreamRole).toString(),
             "stdout");

    // Past the bound, the oldest rows go in one range.
    emitLines(31, 45);
    QTRY_COMPARE(inserted.size(), 2);
    QCOMPARE(model.rowCount(), 45);
    emitLines(46, 200);
    QTRY_COMPARE(inserted.size(), 3);
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.lineAt(0).seq, quint64(151));
    QCOMPARE(model.data(model.index(49, LogModel::TextColumn)).toString(), "line 200");

    model.setDaemon(QString());
    QCOMPARE(model.rowCount(), 0);
}

void TestModels::logModelFollowsRealOutput() {
    QVERIFY(supervisor_->add(def("talk", {"--print=hello", "--stderr=oops", "--after=-1"})));
    LogModel model(supervisor_.get(), "talk");
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    supervisor_->start("talk");
    QTRY_COMPARE(model.rowCount(), 2);
    QStringList texts{model.data(model.index(0, LogModel::TextColumn)).toString(),
                      model.data(model.index(1, LogModel::TextColumn)).toString()};
    texts.sort();
    QCOMPARE(texts, (QStringList{"hello", "oops"}));
    // Another model on the same daemon starts with the captured lines.
    LogModel later(supervisor_.get(), "talk");
    QCOMPARE(later.rowCount(), 2);
    QSignalSpy reset(&later, &QAbstractItemModel::modelReset);
    supervisor_->remove("talk");
    QTRY_COMPARE(reset.size(), 1);
    QCOMPARE(later.rowCount(), 0);
}

// While paused, lines are held (bounded, counted) and nothing is inserted; resuming inserts them
// in one burst.
void TestModels::logModelPauseHoldsLines() {
    DaemonDefinition d = def("paused");
    d.outputLines = 20;
    QVERIFY(supervisor_->add(d));
    LogModel model(supervisor_.get(), "paused");
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy held(&model, &LogModel::pendingChanged);
    auto emitLines = [&](int from, int to) { emitOutput("paused", from, to); };
    emitLines(1, 5);
    QTRY_COMPARE(model.rowCount(), 5);
    QVERIFY(model.data(model.index(0, LogModel::TextColumn), LogModel::IsStderrRole).toBool());

    model.setPaused(true);
    QVERIFY(model.paused());
    emitLines(6, 40);
    QTest::qWait(50);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.pendingCount(), 20); // bounded by the daemon's output bound
    QCOMPARE(held.last().at(0).toInt(), 20);

    model.setPaused(false);
    QCOMPARE(held.last().at(0).toInt(), 0);
    QCOMPARE(model.pendingCount(), 0);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(model.rowCount(), 20);
    QCOMPARE(model.lineAt(19).seq, quint64(40));
    QCOMPARE(model.lineAt(0).seq, quint64(21));
}

// A model with no supervisor is fed snapshots directly (the stall benchmark does this); rows
// are matched by name and rowOf follows removals and inserts.
void TestModels::daemonModelFedWithoutSupervisor() {
    DaemonModel model(nullptr);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<DaemonStatus> snapshot;
    for (int i = 0; i < 4; ++i) {
        DaemonStatus s;
        s.name = QStringLiteral("n%1").arg(i);
        s.state = DaemonState::Running;
        s.pid = 100 + i;
        snapshot << s;
    }
    model.setDaemons(snapshot);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.rowOf("n2"), 2);
    snapshot.removeAt(1);
    snapshot[0].state = DaemonState::Backoff;
    DaemonStatus fresh;
    fresh.name = QStringLiteral("n9");
    snapshot << fresh;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setDaemons(snapshot);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.rowOf("n1"), -1);
    QCOMPARE(model.rowOf("n2"), 1);
    QCOMPARE(model.rowOf("n9"), 3);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.data(model.index(0, DaemonModel::StateColumn)).toString(), "backoff");
    // No process: no CPU, memory or uptime cells.
    QCOMPARE(model.data(model.index(3, DaemonModel::MemoryColumn)).toString(), QString());
    QCOMPARE(model.data(model.index(3, DaemonModel::UptimeColumn)).toString(), QString());
    QVERIFY(model.data(model.index(0, DaemonModel::NameColumn), Qt::ToolTipRole)
                .toString()
                .startsWith("n0: backoff"));
}

void TestModels::historyModelFollowsDaemon() {
    DaemonDefinition d = def("crash", {"--after=50", "--exit=4"});
    d.maxFailures = 2;
    QVERIFY(supervisor_->add(d));
    HistoryModel model(supervisor_.get(), "crash");
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    supervisor_->start("crash");
    QTRY_COMPARE_WITH_TIMEOUT(supervisor_->status("crash")->state, DaemonState::Failed, 10000);
    QTRY_COMPARE(model.rowCount(), int(supervisor_->history("crash").size()));
    QStringList eventsSeen;
    for (int row = 0; row < model.rowCount(); ++row) {
        eventsSeen << model
                          .data(model.index(row, HistoryModel::DetailColumn),
                                HistoryModel::EventRole)
                          .toString();
    }
    QCOMPARE(eventsSeen.first(), "started");
    QCOMPARE(eventsSeen.last(), "gave up");
    QVERIFY(eventsSeen.contains("exited"));
    int exited = int(eventsSeen.indexOf("exited"));
    QCOMPARE(model.data(model.index(exited, HistoryModel::DetailColumn)).toString(),
             "exit status 4");
    QCOMPARE(model.data(model.index(exited, HistoryModel::EventColumn)).toString(), "exited");

    HistoryModel none(supervisor_.get());
    QCOMPARE(none.rowCount(), 0);
    none.setDaemon("crash");
    QCOMPARE(none.rowCount(), model.rowCount());
}

void TestModels::formatting_data() {
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::newRow("ms") << qint64(850) << "850 ms";
    QTest::newRow("s") << qint64(12400) << "12 s";
    QTest::newRow("min") << qint64(245000) << "4 min 5 s";
    QTest::newRow("h") << qint64(7380000) << "2 h 3 min";
    QTest::newRow("d") << qint64(3 * 86400000LL + 4 * 3600000LL) << "3 d 4 h";
    QTest::newRow("negative") << qint64(-5) << "0 ms";
}

void TestModels::formatting() {
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(DaemonModel::formatDuration(ms), text);
    QCOMPARE(DaemonModel::formatBytes(512), QStringLiteral("512 B"));
    QCOMPARE(DaemonModel::formatBytes(5 * 1024 * 1024 + 300 * 1024), QStringLiteral("5.3 MiB"));
}

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
