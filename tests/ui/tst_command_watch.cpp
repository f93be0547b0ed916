// CommandWatch against real daemons: a watch of a real ovs-vswitchd 3.1's coverage/show and
// memory/show repeats, diffs each reply against the one before and follows the numbers as
// series; a watch of a Vigil daemon's memory/show gets JSON and path diffs; a command slower
// than the interval is never overlapped; a daemon that dies shows as failed runs (gaps) and
// then stops the watch; a removed target stops it; stop() stops it.
#include "bridge/runtime_bridge.h"
#include "ovs_fixture.h"
#include "services/command_invoker.h"
#include "services/command_watch.h"
#include "services/target_registry.h"
#include "test_util.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <memory>

using namespace vigil::ui;
using vigil::test::bin;

class TestCommandWatch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void watchesRealOvsCoverage();
    void watchesRealOvsMemory();
    void watchesVigilJson();
    void slowCommandIsNeverOverlapped();
    void stopsWhenAsked();
    void removedTargetStopsTheWatch();
    void deadDaemonShowsGapsThenStops();
    void repliesAreBoundedInBytes();

private:
    void startTestd();

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<RuntimeBridge> bridge_;
    std::unique_ptr<vigil::test::real_ovs> ovs_;
    std::unique_ptr<QProcess> testd_;
    std::unique_ptr<TargetRegistry> registry_;
    std::unique_ptr<CommandInvoker> invoker_;
    QString testdSocket_;
};

void TestCommandWatch::startTestd() {
    testd_ = std::make_unique<QProcess>();
    testd_->start(bin(QStringLiteral("vigil-testd")),
                  {QStringLiteral("--unixctl=") + testdSocket_});
    QVERIFY(testd_->waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(testdSocket_), 10000);
}

void TestCommandWatch::initTestCase() {
    QVERIFY2(QFile::exists(bin(QStringLiteral("vigil-testd"))), "build the vigil-testd program");
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    bridge_ = std::make_unique<RuntimeBridge>();
    ovs_ = std::make_unique<vigil::test::real_ovs>();
    QString error;
    QVERIFY2(ovs_->start(dir_->path(), error), qPrintable(error));
    testdSocket_ = dir_->filePath(QStringLiteral("testd.ctl"));
    startTestd();
    registry_ = std::make_unique<TargetRegistry>(nullptr);
    registry_->setRunDirectories({});
    invoker_ = std::make_unique<CommandInvoker>(registry_.get());
}

void TestCommandWatch::cleanupTestCase() {
    invoker_.reset();
    registry_.reset();
    if (testd_) {
        testd_->kill();
        testd_->waitForFinished();
    }
    ovs_.reset();
    bridge_.reset();
}

void TestCommandWatch::watchesRealOvsCoverage() {
    CommandWatch watch(invoker_.get(), registry_.get());
    QSignalSpy runs(&watch, &CommandWatch::runFinished);
    InvokeOptions options;
    options.json = true; // refused by OVS 3.1: text, silently
    watch.start(ovs_->vswitchdControl(), QStringLiteral("coverage/show"), {}, 1, options);
    QVERIFY(watch.isActive());
    // ovs-vswitchd sums its counters every few seconds: its first replies may list none.
    QTRY_VERIFY_WITH_TIMEOUT(runs.size() >= 3 && !watch.lastRun().numbers.isEmpty(), 60000);
    watch.stop();
    QVERIFY(!watch.isActive());

    const QList<WatchRun> recent = watch.recentRuns();
    QVERIFY(recent.size() >= 3);
    QCOMPARE(recent.first().number, quint64(1));
    QVERIFY(!recent.first().compared); // nothing to compare the first reply with
    for (int i = 0; i < recent.size(); i++) {
        const WatchRun& run = recent[i];
        QVERIFY2(run.invocation.ok, qPrintable(run.invocation.error));
        QCOMPARE(run.invocation.format, ReplyFormat::Text);
        QVERIFY(run.invocation.output.startsWith(QStringLiteral("Event coverage")));
        // The numbers are the totals of the reply's counter lines.
        QCOMPARE(run.numbers, extractTextNumbers(run.invocation.output));
        QCOMPARE(run.numbers.isEmpty(), !run.invocation.output.contains(QStringLiteral("total:")));
        if (i > 0) {
            QVERIFY(run.compared);
            const LineDiff expected =
                diffLines(recent[i - 1].invocation.output, run.invocation.output);
            QCOMPARE(run.lines.changedLines, expected.changedLines);
            QCOMPARE(run.lines.removedLines, expected.removedLines);
            QVERIFY(run.at >= recent[i - 1].at);
        }
    }
    // Every counter is a series, with a point per run since it first appeared (a gap where a
    // reply lacked it).
    const QStringList names = watch.seriesNames();
    const WatchRun last = watch.lastRun();
    QVERIFY(!names.isEmpty());
    for (const ReplyNumber& n : last.numbers) {
        QVERIFY2(names.contains(n.key), qPrintable(n.key));
        const QList<WatchPoint> points = watch.series(n.key);
        QVERIFY(!points.isEmpty() && points.size() <= watch.runCount());
        QCOMPARE(points.last().value, n.value);
    }
    QCOMPARE(watch.maxInFlight(), 1);
    // Only the first run went into the audit trail.
    int recorded = 0;
    for (const Invocation& inv : invoker_->history()) {
        recorded += inv.command == QStringLiteral("coverage/show") ? 1 : 0;
    }
    QCOMPARE(recorded, 1);
}

void TestCommandWatch::watchesRealOvsMemory() {
    CommandWatch watch(invoker_.get(), registry_.get());
    QSignalSpy runs(&watch, &CommandWatch::runFinished);
    watch.start(ovs_->vswitchdControl(), QStringLiteral("memory/show"), {}, 1);
    QTRY_VERIFY_WITH_TIMEOUT(runs.size() >= 2, 30000);
    watch.stop();
    const WatchRun last = watch.lastRun();
    QVERIFY2(last.invocation.ok, qPrintable(last.invocation.error));
    // "idl-cells-Open_vSwitch:96" with no bridge; handlers, ports, rules... with one.
    QVERIFY2(!last.numbers.isEmpty(), qPrintable(last.invocation.output));
    QVERIFY(watch.seriesNames().contains(last.numbers.first().key));
    QVERIFY(last.numbers.first().key.startsWith(QStringLiteral("idl-cells")) ||
            last.numbers.first().key == QStringLiteral("handlers"));
}

void TestCommandWatch::watchesVigilJson() {
    CommandWatch watch(invoker_.get(), registry_.get());
    QSignalSpy runs(&watch, &CommandWatch::runFinished);
    InvokeOptions options;
    options.json = true;
    watch.start(testdSocket_, QStringLiteral("memory/show"), {}, 1, options);
    QTRY_VERIFY_WITH_TIMEOUT(runs.size() >= 3, 30000);
    watch.stop();
    const QList<WatchRun> recent = watch.recentRuns();
    for (int i = 0; i < recent.size(); i++) {
        const WatchRun& run = recent[i];
        QVERIFY2(run.invocation.ok, qPrintable(run.invocation.error));
        QCOMPARE(run.invocation.format, ReplyFormat::Json);
        QStringList keys;
        for (const ReplyNumber& n : run.numbers) {
            keys << n.key;
        }
        QCOMPARE(keys, (QStringList{QStringLiteral("/owners"), QStringLiteral("/rss-kB"),
                                    QStringLiteral("/watched-fds")}));
        if (i > 0) {
            QVERIFY(run.compared);
            // Nothing is added or removed between two memory/show replies; what changed is
            // exactly the numbers that differ.
            QVERIFY(run.paths.added.isEmpty());
            QVERIFY(run.paths.removed.isEmpty());
            QStringList differing;
            for (int k = 0; k < run.numbers.size(); k++) {
                if (run.numbers[k].value != recent[i - 1].numbers[k].value) {
                    differing << run.numbers[k].key;
                }
            }
            QCOMPARE(run.paths.changed, differing);
        }
    }
    QCOMPARE(watch.seriesNames().size(), 3);
}

void TestCommandWatch::slowCommandIsNeverOverlapped() {
    // vigil-testd's "block" never answers: each run lasts its whole timeout (1.5 s), longer
    // than the 1 s interval. The next run must start only after the previous one timed out.
    CommandWatch watch(invoker_.get(), registry_.get());
    watch.setTimeoutMs(1500);
    watch.setMaxFailures(0);
    QList<qint64> starts;
    QList<qint64> ends;
    int inFlight = 0;
    int maxInFlight = 0;
    connect(&watch, &CommandWatch::runStarted, this, [&] {
        starts << QDateTime::currentMSecsSinceEpoch();
        maxInFlight = std::max(maxInFlight, ++inFlight);
    });
    connect(&watch, &CommandWatch::runFinished, this, [&](const WatchRun& run) {
        ends << QDateTime::currentMSecsSinceEpoch();
        inFlight--;
        QVERIFY(!run.invocation.ok);
        QVERIFY(run.invocation.transportError);
    });
    watch.start(testdSocket_, QStringLiteral("block"), {}, 1);
    QTRY_VERIFY_WITH_TIMEOUT(ends.size() >= 3, 60000);
    watch.stop();
    QCOMPARE(maxInFlight, 1);
    QCOMPARE(watch.maxInFlight(), 1);
    for (int i = 1; i < ends.size(); i++) {
        QVERIFY2(starts[i] >= ends[i - 1], "a run started before the previous one ended");
        // A timed-out run is at least its timeout long.
        QVERIFY(ends[i] - starts[i] >= 1400);
    }
    // Every failed run is a gap: the failures are recorded, no series has a finite point.
    QVERIFY(watch.failureTimes().size() >= 3);
    QCOMPARE(watch.failureCount(), watch.runCount());
}

void TestCommandWatch::stopsWhenAsked() {
    CommandWatch watch(invoker_.get(), registry_.get());
    QSignalSpy stopped(&watch, &CommandWatch::stopped);
    QSignalSpy finished(&watch, &CommandWatch::runFinished);
    QSignalSpy started(&watch, &CommandWatch::runStarted);
    watch.setTimeoutMs(3000);
    watch.start(testdSocket_, QStringLiteral("block"), {}, 1);
    QCOMPARE(started.size(), 1);
    QVERIFY(watch.isRunning());
    watch.stop(); // with the run in flight: its end is ignored, nothing more runs
    QCOMPARE(stopped.size(), 1);
    QCOMPARE(stopped.first().first().value<WatchStopReason>(), WatchStopReason::Stopped);
    QVERIFY(!watch.isActive());
    watch.stop(); // again: nothing
    QCOMPARE(stopped.size(), 1);
    // Past the abandoned run's timeout and several intervals: no run finished or started.
    QTest::qWait(4000);
    QCOMPARE(finished.size(), 0);
    QCOMPARE(started.size(), 1);
}

void TestCommandWatch::removedTargetStopsTheWatch() {
    QString error;
    QVERIFY2(registry_->addPath(testdSocket_, &error), qPrintable(error));
    const QString name = registry_->target(testdSocket_)->name;
    CommandWatch watch(invoker_.get(), registry_.get());
    QSignalSpy stopped(&watch, &CommandWatch::stopped);
    QSignalSpy runs(&watch, &CommandWatch::runFinished);
    watch.start(name, QStringLiteral("version"), {}, 1);
    QTRY_VERIFY_WITH_TIMEOUT(runs.size() >= 1, 20000);
    QVERIFY(runs.first().first().value<WatchRun>().invocation.ok);
    QVERIFY(registry_->removePath(testdSocket_));
    QTRY_COMPARE_WITH_TIMEOUT(stopped.size(), 1, 20000);
    QCOMPARE(stopped.first().first().value<WatchStopReason>(), WatchStopReason::TargetGone);
    QVERIFY(!watch.isActive());
}

void TestCommandWatch::deadDaemonShowsGapsThenStops() {
    CommandWatch watch(invoker_.get(), registry_.get());
    watch.setMaxFailures(2);
    QSignalSpy stopped(&watch, &CommandWatch::stopped);
    QSignalSpy runs(&watch, &CommandWatch::runFinished);
    InvokeOptions options;
    options.json = true;
    watch.start(testdSocket_, QStringLiteral("memory/show"), {}, 1, options);
    QTRY_VERIFY_WITH_TIMEOUT(runs.size() >= 2, 30000);
    testd_->kill();
    testd_->waitForFinished();
    QTRY_COMPARE_WITH_TIMEOUT(stopped.size(), 1, 30000);
    QCOMPARE(stopped.first().first().value<WatchStopReason>(), WatchStopReason::Failing);
    QVERIFY(stopped.first().at(1).toString().contains(QStringLiteral("in a row failed")));
    QCOMPARE(watch.failureCount(), 2);
    QCOMPARE(watch.failureTimes().size(), 2);
    // The series go on with gaps where the runs failed.
    const QList<WatchPoint> points = watch.series(QStringLiteral("/owners"));
    QCOMPARE(points.size(), watch.runCount());
    QVERIFY(std::isfinite(points.first().value));
    QVERIFY(std::isnan(points.last().value));
    QVERIFY(!watch.lastRun().invocation.ok);
    startTestd(); // for the tests after
}

void TestCommandWatch::repliesAreBoundedInBytes() {
    CommandWatch watch(invoker_.get(), registry_.get());
    QSignalSpy runs(&watch, &CommandWatch::runFinished);
    watch.start(ovs_->vswitchdControl(), QStringLiteral("coverage/show"), {}, 1);
    QTRY_VERIFY_WITH_TIMEOUT(runs.size() >= 1, 30000);
    const qsizetype one = watch.replyBytes();
    QVERIFY(one > 0);
    // Room for about two replies: never more than that kept, the latest always.
    watch.setMaxReplyBytes(one * 2 + one / 2);
    QTRY_VERIFY_WITH_TIMEOUT(runs.size() >= 4, 30000);
    watch.stop();
    QVERIFY(watch.replyBytes() <= one * 2 + one / 2 + one / 4);
    QVERIFY(watch.recentRuns().size() <= 2);
    QCOMPARE(watch.recentRuns().last().number, watch.lastRun().number);
    QVERIFY(watch.lastRun().compared); // the diff's previous reply is kept apart
}

QTEST_MAIN(TestCommandWatch)
#include "tst_command_watch.moc"
