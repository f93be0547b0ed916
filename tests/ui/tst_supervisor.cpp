// The supervisor with real child processes: restart policies, exponential backoff and its
// reset, crash-loop give-up, user stop, TERM->KILL escalation, survivors, readiness through the
// control socket, output capture and adoption from a pidfile.
#include "bridge/runtime_bridge.h"
#include "services/daemon_paths.h"
#include "services/local_supervisor.h"
#include "services/process_sampler.h"
#include "test_util.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <memory>

using namespace vigil::ui;
using vigil::test::bin;

class TestSupervisor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void crashRestartsAfterBackoff();
    void backoffGrowsAndResetsAfterStableRun_data();
    void backoffGrowsAndResetsAfterStableRun();
    void crashLoopGivesUp();
    void restartPolicy_data();
    void restartPolicy();
    void userStopStaysStopped();
    void termIgnoredGetsKilled();
    void orphanedGrandchildIsReported();
    void restartByUser();
    void missingProgramFails();
    void outputIsCapturedAndBounded();
    void readyWhenControlSocketAnswers();
    void notReadyWhileControlSocketSilent();
    void removeStopsAndForgets();
    void adoptFromPidfile();
    void adoptRejectsBadPidfiles();
    void samplesMemory();
    void controlSocketPaths_data();
    void controlSocketPaths();
    void programResolution();

private:
    DaemonDefinition child(const QString& name, const QStringList& args) const;
    QStringList events(const QString& name) const;
    QList<HistoryEntry> entries(const QString& name, HistoryEvent event) const;
    DaemonStatus st(const QString& name) const { return *supervisor_->status(name); }

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<RuntimeBridge> bridge_;
    std::unique_ptr<LocalSupervisor> supervisor_;
    QList<qint64> strays_; // grandchildren to kill at cleanup
};

void TestSupervisor::initTestCase() {
    QVERIFY2(QFile::exists(bin("vigil-test-child")), "build the vigil-test-child program");
}

void TestSupervisor::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    qputenv("OVS_RUNDIR", dir_->path().toLocal8Bit());
    bridge_ = std::make_unique<RuntimeBridge>();
    supervisor_ = std::make_unique<LocalSupervisor>();
}

void TestSupervisor::cleanup() {
    if (supervisor_) {
        QSignalSpy stopped(supervisor_.get(), &Supervisor::allStopped);
        supervisor_->stopAll();
        QTRY_VERIFY_WITH_TIMEOUT(stopped.size() == 1, 10000);
    }
    supervisor_.reset();
    for (qint64 pid : strays_) {
        ::kill(pid_t(pid), SIGKILL);
    }
    strays_.clear();
    bridge_.reset();
    dir_.reset();
}

// A definition running vigil-test-child with short timings, restarting on failure.
DaemonDefinition TestSupervisor::child(const QString& name, const QStringList& args) const {
    DaemonDefinition def;
    def.name = name;
    def.program = bin("vigil-test-child");
    def.arguments = args;
    def.backoffMinMs = 100;
    def.backoffMaxMs = 100;
    def.backoffJitter = 0;
    def.stableRunMs = 60000;
    def.maxFailures = 0;
    def.stopTimeoutMs = 3000;
    def.startGraceMs = 20;
    def.controlSocket = QStringLiteral("none");
    return def;
}

QStringList TestSupervisor::events(const QString& name) const {
    QStringList result;
    for (const HistoryEntry& e : supervisor_->history(name)) {
        result << historyEventName(e.event);
    }
    return result;
}

QList<HistoryEntry> TestSupervisor::entries(const QString& name, HistoryEvent event) const {
    QList<HistoryEntry> result;
    for (const HistoryEntry& e : supervisor_->history(name)) {
        if (e.event == event) {
            result << e;
        }
    }
    return result;
}

void TestSupervisor::crashRestartsAfterBackoff() {
    DaemonDefinition def = child("crashy", {"--after=400", "--exit=1"});
    def.backoffMinMs = def.backoffMaxMs = 300;
    QVERIFY(supervisor_->add(def));
    QCOMPARE(st("crashy").state, DaemonState::Stopped);
    QCOMPARE(st("crashy").desired, DesiredState::Down);
    QCOMPARE(st("crashy").lastExit, QString());

    QList<DaemonState> seen;
    QObject scope; // disconnects the lambda before its captures go away
    connect(supervisor_.get(), &Supervisor::daemonChanged, &scope, [&](const QString& name) {
        DaemonStatus s = st(name);
        if (seen.isEmpty() || seen.last() != s.state) {
            seen << s.state;
        }
        if (s.state == DaemonState::Backoff) {
            QVERIFY(s.nextRestartAt.isValid());
            QCOMPARE(s.backoffMs, 300);
            QCOMPARE(s.lastExit, QStringLiteral("exit status 1"));
        }
    });
    QVERIFY(supervisor_->start("crashy"));
    qint64 firstPid = st("crashy").pid;
    QVERIFY(firstPid > 0);
    QTRY_VERIFY_WITH_TIMEOUT(st("crashy").restarts >= 1, 10000);
    QTRY_VERIFY(st("crashy").pid > 0);
    QVERIFY(st("crashy").pid != firstPid);
    QCOMPARE(st("crashy").desired, DesiredState::Up);

    QCOMPARE(seen.mid(0, 4), (QList<DaemonState>{DaemonState::Starting, DaemonState::Running,
                                                 DaemonState::Backoff, DaemonState::Starting}));
    QStringList ev = events("crashy");
    QCOMPARE(ev.mid(0, 5), (QStringList{"started", "ready", "exited", "restarting", "started"}));
    auto history = supervisor_->history("crashy");
    QCOMPARE(history[0].detail, QStringLiteral("pid %1").arg(firstPid));
    QCOMPARE(history[2].detail, QStringLiteral("exit status 1"));
    QCOMPARE(history[3].detail, QStringLiteral("in 0.3 s"));
    // The restart waited for the backoff.
    QVERIFY2(history[2].time.msecsTo(history[4].time) >= 290,
             qPrintable(QString::number(history[2].time.msecsTo(history[4].time))));
}

void TestSupervisor::backoffGrowsAndResetsAfterStableRun_data() {
    QTest::addColumn<int>("stableRunMs");
    QTest::addColumn<QList<int>>("delays");
    // The child runs 500 ms each time: longer than a 100 ms stable-run window, shorter than a
    // 60 s one.
    QTest::newRow("never stable") << 60000 << QList<int>{100, 200, 400, 800};
    QTest::newRow("stable each run") << 100 << QList<int>{100, 100, 100, 100};
}

void TestSupervisor::backoffGrowsAndResetsAfterStableRun() {
    QFETCH(int, stableRunMs);
    QFETCH(QList<int>, delays);
    DaemonDefinition def = child("loop", {"--after=500", "--exit=3"});
    def.backoffMinMs = 100;
    def.backoffMaxMs = 10000;
    def.stableRunMs = stableRunMs;
    QVERIFY(supervisor_->add(def));
    QList<int> seen;
    QObject scope; // disconnects the lambda before its captures go away
    connect(supervisor_.get(), &Supervisor::daemonChanged, &scope, [&](const QString& name) {
        DaemonStatus s = st(name);
        if (s.state == DaemonState::Backoff && (seen.isEmpty() || s.restarts >= seen.size())) {
            seen << s.backoffMs;
        }
    });
    supervisor_->start("loop");
    QTRY_VERIFY_WITH_TIMEOUT(seen.size() >= delays.size(), 15000);
    QCOMPARE(seen.mid(0, delays.size()), delays);
}

void TestSupervisor::crashLoopGivesUp() {
    DaemonDefinition def = child("doomed", {"--exit=2"});
    def.startGraceMs = 5000; // it never gets to be ready
    def.backoffMinMs = 50;
    def.backoffMaxMs = 50;
    def.maxFailures = 3;
    def.failureWindowMs = 60000;
    QVERIFY(supervisor_->add(def));
    QSignalSpy failed(supervisor_.get(), &Supervisor::daemonFailed);
    supervisor_->start("doomed");
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QCOMPARE(failed[0][0].toString(), QStringLiteral("doomed"));
    DaemonStatus s = st("doomed");
    QCOMPARE(s.state, DaemonState::Failed);
    QCOMPARE(s.desired, DesiredState::Up);
    QCOMPARE(s.failures, 3);
    QCOMPARE(s.restarts, 2);
    QCOMPARE(s.pid, 0);
    QVERIFY2(s.reason.contains("gave up"), qPrintable(s.reason));
    QCOMPARE(entries("doomed", HistoryEvent::Exited).size(), 3);
    auto gaveUp = entries("doomed", HistoryEvent::GaveUp);
    QCOMPARE(gaveUp.size(), 1);
    QCOMPARE(gaveUp[0].detail, QStringLiteral("3 failures within 60 s"));
    QCOMPARE(events("doomed").last(), QStringLiteral("gave up"));
    // It stays failed.
    QTest::qWait(300);
    QCOMPARE(st("doomed").state, DaemonState::Failed);
    QCOMPARE(st("doomed").restarts, 2);

    // Reset failures: the counter clears and, desired being up, it is tried again.
    QVERIFY(supervisor_->resetFailures("doomed"));
    QVERIFY(st("doomed").failures <= 1);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 2, 10000);
    QCOMPARE(entries("doomed", HistoryEvent::Exited).size(), 6);

    // Stopping a failed daemon makes it stopped with desired down.
    supervisor_->stop("doomed");
    QCOMPARE(st("doomed").state, DaemonState::Stopped);
    QCOMPARE(st("doomed").desired, DesiredState::Down);
}

void TestSupervisor::restartPolicy_data() {
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("exitText");
    QTest::addColumn<bool>("restarts");
    QTest::newRow("never, exit 1")
        << "never" << QStringList{"--exit=1"} << "exit status 1" << false;
    QTest::newRow("never, SIGSEGV")
        << "never" << QStringList{"--signal=11"} << "killed (Segmentation fault)" << false;
    QTest::newRow("on-failure, exit 0")
        << "on-failure" << QStringList{"--exit=0"} << "exit status 0" << false;
    QTest::newRow("on-failure, exit 3")
        << "on-failure" << QStringList{"--exit=3"} << "exit status 3" << true;
    QTest::newRow("on-failure, SIGSEGV")
        << "on-failure" << QStringList{"--signal=11"} << "killed (Segmentation fault)" << true;
    QTest::newRow("on-failure, SIGTERM from elsewhere")
        << "on-failure" << QStringList{"--signal=15"} << "killed (Terminated)" << true;
    QTest::newRow("always, exit 0")
        << "always" << QStringList{"--exit=0"} << "exit status 0" << true;
    QTest::newRow("always, exit 1")
        << "always" << QStringList{"--exit=1"} << "exit status 1" << true;
}

void TestSupervisor::restartPolicy() {
    QFETCH(QString, policy);
    QFETCH(QStringList, args);
    QFETCH(QString, exitText);
    QFETCH(bool, restarts);
    DaemonDefinition def = child("p", args << "--after=50");
    def.restart = *restartPolicyFromName(policy);
    QVERIFY(supervisor_->add(def));
    supervisor_->start("p");
    QTRY_VERIFY_WITH_TIMEOUT(!entries("p", HistoryEvent::Exited).isEmpty(), 10000);
    // A core dump may be appended to a signal's text.
    QVERIFY2(entries("p", HistoryEvent::Exited)[0].detail.startsWith(exitText),
             qPrintable(entries("p", HistoryEvent::Exited)[0].detail));
    QVERIFY(st("p").lastExit.startsWith(exitText));
    if (restarts) {
        QTRY_VERIFY_WITH_TIMEOUT(st("p").restarts >= 1, 10000);
        QTRY_VERIFY(entries("p", HistoryEvent::Started).size() >= 2);
        QCOMPARE(st("p").desired, DesiredState::Up);
    } else {
        QTRY_COMPARE(st("p").state, DaemonState::Stopped);
        QTest::qWait(400); // well past the 100 ms backoff
        QCOMPARE(st("p").state, DaemonState::Stopped);
        QCOMPARE(st("p").restarts, 0);
        QCOMPARE(entries("p", HistoryEvent::Started).size(), 1);
        QCOMPARE(st("p").desired, DesiredState::Down);
    }
}

void TestSupervisor::userStopStaysStopped() {
    DaemonDefinition def = child("steady", {"--after=-1"});
    def.restart = RestartPolicy::Always;
    QVERIFY(supervisor_->add(def));
    supervisor_->start("steady");
    QTRY_COMPARE(st("steady").state, DaemonState::Running);
    QVERIFY(st("steady").startedAt.isValid());
    QVERIFY(supervisor_->stop("steady"));
    QCOMPARE(st("steady").desired, DesiredState::Down);
    QCOMPARE(st("steady").state, DaemonState::Stopping);
    QTRY_COMPARE(st("steady").state, DaemonState::Stopped);
    QCOMPARE(st("steady").lastExit, QStringLiteral("killed (Terminated)"));
    QTest::qWait(500); // several backoff periods
    DaemonStatus s = st("steady");
    QCOMPARE(s.state, DaemonState::Stopped);
    QCOMPARE(s.desired, DesiredState::Down);
    QCOMPARE(s.pid, 0);
    QCOMPARE(s.restarts, 0);
    QVERIFY(!s.startedAt.isValid());
    QCOMPARE(entries("steady", HistoryEvent::Started).size(), 1);
    auto stops = entries("steady", HistoryEvent::Stopped);
    QCOMPARE(stops.size(), 1);
    QVERIFY2(stops[0].detail.startsWith("stopped by user"), qPrintable(stops[0].detail));
    QVERIFY(entries("steady", HistoryEvent::Killed).isEmpty());
}

void TestSupervisor::termIgnoredGetsKilled() {
    DaemonDefinition def = child("stubborn", {"--ignore-term", "--print=ready", "--after=-1"});
    def.stopTimeoutMs = 300;
    QVERIFY(supervisor_->add(def));
    supervisor_->start("stubborn");
    QTRY_COMPARE(st("stubborn").state, DaemonState::Running);
    // It prints only once it ignores TERM.
    QTRY_COMPARE(supervisor_->output("stubborn").size(), 1);
    supervisor_->stop("stubborn");
    QTest::qWait(150);
    QCOMPARE(st("stubborn").state, DaemonState::Stopping); // TERM did nothing
    QTRY_COMPARE_WITH_TIMEOUT(st("stubborn").state, DaemonState::Stopped, 10000);
    QCOMPARE(st("stubborn").lastExit, QStringLiteral("killed (Killed)"));
    QCOMPARE(entries("stubborn", HistoryEvent::Killed).size(), 1);
    QCOMPARE(events("stubborn").mid(0, 5),
             (QStringList{"started", "ready", "stopped", "killed", "exited"}));
}

void TestSupervisor::orphanedGrandchildIsReported() {
    QVERIFY(supervisor_->add(child("parent", {"--orphan=30000", "--after=-1"})));
    supervisor_->start("parent");
    QRegularExpression re("^grandchild (\\d+)$");
    qint64 grandchild = 0;
    QTRY_VERIFY([&] {
        for (const LogLine& line : supervisor_->output("parent")) {
            auto m = re.match(line.text);
            if (m.hasMatch()) {
                grandchild = m.captured(1).toLongLong();
            }
        }
        return grandchild > 0;
    }());
    strays_ << grandchild;
    qint64 leader = st("parent").pid;
    QCOMPARE(ProcessSampler::processGroupMembers(leader).size(), 2);

    supervisor_->stop("parent");
    QTRY_COMPARE(st("parent").state, DaemonState::Stopped);
    QTRY_COMPARE(entries("parent", HistoryEvent::Survivors).size(), 1);
    QString detail = entries("parent", HistoryEvent::Survivors)[0].detail;
    QVERIFY2(detail.contains(QStringLiteral("pids %1 ").arg(grandchild)), qPrintable(detail));
    QVERIFY2(detail.contains(QStringLiteral("process group %1").arg(leader)), qPrintable(detail));
    QCOMPARE(::kill(pid_t(grandchild), 0), 0); // really still alive
}

void TestSupervisor::restartByUser() {
    QVERIFY(supervisor_->add(child("r", {"--after=-1"})));
    supervisor_->start("r");
    QTRY_COMPARE(st("r").state, DaemonState::Running);
    qint64 first = st("r").pid;
    QVERIFY(supervisor_->restart("r"));
    QCOMPARE(st("r").state, DaemonState::Stopping);
    QCOMPARE(st("r").desired, DesiredState::Up);
    QTRY_COMPARE(st("r").state, DaemonState::Running);
    QVERIFY(st("r").pid != first);
    QCOMPARE(entries("r", HistoryEvent::Started).size(), 2);
    QVERIFY(!supervisor_->restart("unknown"));
    QVERIFY(!supervisor_->start("unknown"));
    QVERIFY(!supervisor_->stop("unknown"));
}

void TestSupervisor::missingProgramFails() {
    DaemonDefinition def = child("ghost", {});
    def.program = dir_->filePath("no-such-program");
    def.restart = RestartPolicy::Never;
    QVERIFY(supervisor_->add(def));
    QSignalSpy failed(supervisor_.get(), &Supervisor::daemonFailed);
    supervisor_->start("ghost");
    QCOMPARE(st("ghost").state, DaemonState::Failed);
    QCOMPARE(failed.size(), 1);
    auto why = entries("ghost", HistoryEvent::StartFailed);
    QCOMPARE(why.size(), 1);
    QVERIFY2(why[0].detail.contains("does not exist"), qPrintable(why[0].detail));

    def.name = "ghost2";
    def.program = "vigil-no-such-program-anywhere";
    def.restart = RestartPolicy::OnFailure;
    def.maxFailures = 2;
    QVERIFY(supervisor_->add(def));
    supervisor_->start("ghost2");
    QTRY_COMPARE(st("ghost2").state, DaemonState::Failed);
    QVERIFY(entries("ghost2", HistoryEvent::StartFailed)[0].detail.contains("not found"));
}

void TestSupervisor::outputIsCapturedAndBounded() {
    DaemonDefinition def = child("talk", {"--print=one", "--stderr=oops", "--print=two",
                                          "--print=three", "--print=four", "--after=-1"});
    def.outputLines = 3;
    QVERIFY(supervisor_->add(def));
    QList<LogLine> signalled;
    QObject scope; // disconnects the lambda before its captures go away
    connect(supervisor_.get(), &Supervisor::outputAppended, &scope,
            [&](const QString& name, const LogLine& line) {
                QCOMPARE(name, QStringLiteral("talk"));
                signalled << line;
            });
    supervisor_->start("talk");
    QTRY_COMPARE(signalled.size(), 5);
    QList<LogLine> kept = supervisor_->output("talk");
    QCOMPARE(kept.size(), 3);
    // stdout and stderr are separate pipes: their relative order is not fixed, but the kept
    // lines are the newest three as numbered on arrival.
    QCOMPARE(kept[0].seq, quint64(3));
    QCOMPARE(kept.last().seq, quint64(5));
    QCOMPARE(kept.last().text, signalled.last().text);
    QVERIFY(kept.last().time.isValid());
    bool sawStderr = false;
    for (const LogLine& line : signalled) {
        if (line.text == "oops") {
            sawStderr = line.isStderr;
        } else {
            QVERIFY(!line.isStderr);
        }
    }
    QVERIFY(sawStderr);
}

void TestSupervisor::readyWhenControlSocketAnswers() {
    QVERIFY2(QFile::exists(bin("vigil-testd")), "vigil-testd is not built");
    DaemonDefinition def;
    def.name = "testd";
    def.program = bin("vigil-testd");
    def.arguments = {"--unixctl=testd.ctl"};
    def.startGraceMs = 60000; // readiness must come from the socket, not from the grace
    QVERIFY(supervisor_->add(def));
    supervisor_->start("testd");
    QCOMPARE(st("testd").controlSocket, dir_->filePath("testd.ctl"));
    QTRY_COMPARE_WITH_TIMEOUT(st("testd").state, DaemonState::Running, 10000);
    auto ready = entries("testd", HistoryEvent::Ready);
    QCOMPARE(ready.size(), 1);
    QVERIFY2(ready[0].detail.contains("answered"), qPrintable(ready[0].detail));
}

void TestSupervisor::notReadyWhileControlSocketSilent() {
    DaemonDefinition def = child("mute", {"--after=-1"});
    def.controlSocket = "mute.ctl"; // never created
    QVERIFY(supervisor_->add(def));
    supervisor_->start("mute");
    QTest::qWait(600); // well past the 20 ms grace
    QCOMPARE(st("mute").state, DaemonState::Starting);
    QVERIFY2(st("mute").reason.startsWith("waiting for control socket"),
             qPrintable(st("mute").reason));
    QCOMPARE(st("mute").controlSocket, dir_->filePath("mute.ctl"));
}

void TestSupervisor::removeStopsAndForgets() {
    QVERIFY(supervisor_->add(child("gone", {"--after=-1"})));
    QVERIFY(!supervisor_->add(child("gone", {})));
    supervisor_->start("gone");
    QTRY_COMPARE(st("gone").state, DaemonState::Running);
    qint64 pid = st("gone").pid;
    QSignalSpy removed(supervisor_.get(), &Supervisor::daemonRemoved);
    QVERIFY(supervisor_->remove("gone"));
    QTRY_COMPARE(removed.size(), 1);
    QVERIFY(!supervisor_->contains("gone"));
    QVERIFY(supervisor_->daemons().isEmpty());
    QTRY_VERIFY(::kill(pid_t(pid), 0) != 0);
    QVERIFY(!supervisor_->remove("gone"));
}

void TestSupervisor::adoptFromPidfile() {
    QString pidfile = dir_->filePath("adoptee.pid");
    QProcess other;
    other.start(bin("vigil-test-child"), {"--pidfile=" + pidfile, "--after=-1"});
    QVERIFY(other.waitForStarted());
    QString error;
    QTRY_VERIFY(QFile::exists(pidfile) && readDaemonPidfile(pidfile) > 0);
    QVERIFY2(supervisor_->adopt("adoptee", pidfile, &error), qPrintable(error));
    DaemonStatus s = st("adoptee");
    QVERIFY(s.adopted);
    QCOMPARE(s.pid, other.processId());
    QCOMPARE(s.state, DaemonState::Running);
    QCOMPARE(s.desired, DesiredState::Up);
    QCOMPARE(entries("adoptee", HistoryEvent::Adopted).size(), 1);
    QVERIFY(!supervisor_->definition("adoptee"));
    QVERIFY(!supervisor_->restart("adoptee"));
    QVERIFY(!supervisor_->adopt("adoptee", pidfile, &error));

    // Its exit is noticed without being our child, and it is not restarted.
    other.kill();
    QVERIFY(other.waitForFinished());
    QTRY_COMPARE(st("adoptee").state, DaemonState::Stopped);
    QCOMPARE(st("adoptee").pid, 0);
    QCOMPARE(st("adoptee").desired, DesiredState::Down);
    QVERIFY(st("adoptee").lastExit.contains("not a child"));

    // Adopt another and stop it through the supervisor (TERM to its pid).
    QProcess second;
    second.start(bin("vigil-test-child"), {"--pidfile=" + pidfile, "--after=-1"});
    QVERIFY(second.waitForStarted());
    QTRY_VERIFY(readDaemonPidfile(pidfile) == second.processId());
    QVERIFY2(supervisor_->adopt("second", pidfile, &error), qPrintable(error));
    QVERIFY(supervisor_->stop("second"));
    QVERIFY(second.waitForFinished(10000));
    QCOMPARE(second.exitStatus(), QProcess::CrashExit);
    QTRY_COMPARE(st("second").state, DaemonState::Stopped);
    QVERIFY(entries("second", HistoryEvent::Stopped)[0].detail.contains("TERM sent to pid"));
}

void TestSupervisor::adoptRejectsBadPidfiles() {
    QString error;
    QVERIFY(!supervisor_->adopt("x", dir_->filePath("missing.pid"), &error));
    QVERIFY2(error.contains("missing.pid") && error.contains("No such file"), qPrintable(error));

    QString stale = dir_->filePath("stale.pid");
    QFile f(stale);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("12345\n");
    f.close();
    QVERIFY(!supervisor_->adopt("x", stale, &error));
    QVERIFY2(error.contains("stale"), qPrintable(error));
    QVERIFY(!supervisor_->contains("x"));
}

void TestSupervisor::samplesMemory() {
    QVERIFY(supervisor_->add(child("sampled", {"--after=-1"})));
    supervisor_->start("sampled");
    QTRY_COMPARE(st("sampled").state, DaemonState::Running);
    QTRY_VERIFY(st("sampled").rssBytes > 0);
    QSignalSpy samples(supervisor_.get(), &Supervisor::samplesUpdated);
    QTRY_VERIFY_WITH_TIMEOUT(samples.size() >= 1, 5000);
    QVERIFY(st("sampled").cpuPercent >= 0);
    supervisor_->stop("sampled");
    QTRY_COMPARE(st("sampled").state, DaemonState::Stopped);
    QCOMPARE(st("sampled").rssBytes, -1);
}

void TestSupervisor::controlSocketPaths_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("override");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("declared");
    QTest::newRow("OVS default") << QStringList{} << ""
                                 << "/r/prog.42.ctl" << false;
    QTest::newRow("relative") << QStringList{"--unixctl=a.ctl"} << ""
                              << "/r/a.ctl" << true;
    QTest::newRow("absolute") << QStringList{"--unixctl=/x/a.ctl"} << ""
                              << "/x/a.ctl" << true;
    QTest::newRow("separate") << QStringList{"--unixctl", "b.ctl"} << ""
                              << "/r/b.ctl" << true;
    QTest::newRow("none") << QStringList{"--unixctl=none"} << ""
                          << "" << true;
    QTest::newRow("override") << QStringList{"--unixctl=a.ctl"} << "o.ctl"
                              << "/r/o.ctl" << true;
    QTest::newRow("override none") << QStringList{} << "none"
                                   << "" << true;
}

void TestSupervisor::controlSocketPaths() {
    QFETCH(QStringList, args);
    QFETCH(QString, override);
    QFETCH(QString, path);
    QFETCH(bool, declared);
    DaemonDefinition def;
    def.name = "n";
    def.program = "/usr/sbin/prog";
    def.arguments = args;
    def.controlSocket = override;
    def.environment = {{"OVS_RUNDIR", "/r"}};
    ControlSocketLocation where = daemonControlSocket(def, 42);
    QCOMPARE(where.path, path);
    QCOMPARE(where.declared, declared);
    // Without an override in the definition, the console's environment decides.
    def.environment.clear();
    QCOMPARE(daemonRunDirectory(def.environment), dir_->path());
}

void TestSupervisor::programResolution() {
    QString error;
    QString sh = resolveDaemonProgram("sh", dir_->path(), QString(), QString(), &error);
    QVERIFY2(sh.endsWith("/sh"), qPrintable(error));
    // A program next to the console wins over PATH.
    QString beside = dir_->filePath("sh");
    QVERIFY(QFile::copy(sh, beside));
    QCOMPARE(resolveDaemonProgram("sh", dir_->path()), beside);
    QVERIFY(resolveDaemonProgram("no-such-program-xyz", dir_->path(), QString(), QString(), &error)
                .isEmpty());
    QVERIFY2(error.contains("not found"), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestSupervisor)
#include "tst_supervisor.moc"
