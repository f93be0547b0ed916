// A supervisor with a state directory dies and a new one takes over, with real processes: the
// new one re-adopts the daemon still running (same pid, history and restart count carried on,
// lines written meanwhile delivered from the log files), restarts by policy one that exited
// during the outage, never touches a process that reuses a recorded pid, keeps a daemon the
// user stopped stopped, finishes a stop that was under way and checks a recorded control socket.
#include "bridge/runtime_bridge.h"
#include "services/local_supervisor.h"
#include "services/process_identity.h"
#include "services/workspace.h"
#include "test_util.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <memory>

using namespace vigil::ui;
using vigil::test::bin;

class TestReadoption : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void readoptsRunningDaemon();
    void exitDuringOutageRestartsAtAdd();
    void recycledPidIsNotAdopted();
    void desiredDownPersists();
    void stopUnderWayIsContinued();
    void controlSocketIsCheckedOnReadoption_data();
    void controlSocketIsCheckedOnReadoption();
    void badJournalIsMovedAside();
    void withoutKeepTheJournalHoldsNoProcess();

private:
    // A supervisor on the test's state directory (no daemons yet).
    std::unique_ptr<LocalSupervisor> supervisor();
    // Stops every daemon of `s` and waits until they have stopped.
    void stopAll(LocalSupervisor& s);
    // A shell daemon printing "started PID" (and crashing once when `crashOnce`), then printing
    // "outage line" on stdout and "err line" on stderr whenever the trigger file appears.
    DaemonDefinition shellDaemon(const QString& name, bool crashOnce = false) const;
    QString logFile(const QString& name, bool isStderr = false) const;
    QString trigger() const { return dir_->filePath(QStringLiteral("trigger")); }
    static bool alive(qint64 pid) { return pid > 0 && ::kill(pid_t(pid), 0) == 0; }
    static bool outputHas(const LocalSupervisor& s, const QString& name, const QString& text,
                          bool isStderr = false);
    static bool historyHas(const LocalSupervisor& s, const QString& name, HistoryEvent event,
                           const QString& detail);

    std::unique_ptr<QTemporaryDir> dir_;
    QString stateDir_;
    std::unique_ptr<RuntimeBridge> bridge_;
    QList<qint64> strays_; // pids to kill at cleanup
};

void TestReadoption::initTestCase() {
    QVERIFY2(QFile::exists(bin("vigil-test-child")), "build the vigil-test-child program");
}

void TestReadoption::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    qputenv("OVS_RUNDIR", dir_->path().toLocal8Bit());
    stateDir_ = dir_->filePath(QStringLiteral("state"));
    bridge_ = std::make_unique<RuntimeBridge>();
}

void TestReadoption::cleanup() {
    for (qint64 pid : strays_) {
        ::kill(pid_t(pid), SIGKILL);
    }
    strays_.clear();
    bridge_.reset();
    dir_.reset();
}

std::unique_ptr<LocalSupervisor> TestReadoption::supervisor() {
    auto s = std::make_unique<LocalSupervisor>();
    QString error;
    bool ok = s->setStateDirectory(stateDir_, &error);
    if (!ok || !error.isEmpty()) {
        qWarning("setStateDirectory: %s", qPrintable(error));
        return nullptr;
    }
    return s;
}

void TestReadoption::stopAll(LocalSupervisor& s) {
    QSignalSpy stopped(&s, &Supervisor::allStopped);
    s.stopAll();
    QTRY_VERIFY_WITH_TIMEOUT(stopped.size() == 1, 10000);
}

DaemonDefinition TestReadoption::shellDaemon(const QString& name, bool crashOnce) const {
    QString crashed = dir_->filePath(name + QStringLiteral(".crashed"));
    QString script = QStringLiteral("echo started $$\n");
    if (crashOnce) {
        script += QStringLiteral("if [ ! -e '%1' ]; then touch '%1'; exit 1; fi\n").arg(crashed);
    }
    script += QStringLiteral("while :; do\n"
                             "  if [ -e '%1' ]; then rm -f '%1'; echo outage line; "
                             "echo err line >&2; fi\n"
                             "  sleep 0.05\n"
                             "done\n")
                  .arg(trigger());
    DaemonDefinition def;
    def.name = name;
    def.program = QStringLiteral("/bin/sh");
    def.arguments = {QStringLiteral("-c"), script};
    def.restart = RestartPolicy::OnFailure;
    def.backoffMinMs = 100;
    def.backoffMaxMs = 100;
    def.backoffJitter = 0;
    def.maxFailures = 0;
    def.stopTimeoutMs = 3000;
    def.startGraceMs = 20;
    def.controlSocket = QStringLiteral("none");
    return def;
}

QString TestReadoption::logFile(const QString& name, bool isStderr) const {
    return QStringLiteral("%1/logs/%2.%3.log")
        .arg(stateDir_, name, isStderr ? QStringLiteral("stderr") : QStringLiteral("stdout"));
}

bool TestReadoption::outputHas(const LocalSupervisor& s, const QString& name, const QString& text,
                               bool isStderr) {
    for (const LogLine& line : s.output(name)) {
        if (line.text.startsWith(text) && line.isStderr == isStderr) {
            return true;
        }
    }
    return false;
}

bool TestReadoption::historyHas(const LocalSupervisor& s, const QString& name, HistoryEvent event,
                                const QString& detail) {
    for (const HistoryEntry& e : s.history(name)) {
        if (e.event == event && e.detail.contains(detail)) {
            return true;
        }
    }
    return false;
}

static QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestReadoption::readoptsRunningDaemon() {
    DaemonDefinition def = shellDaemon(QStringLiteral("d"), true);
    auto a = supervisor();
    QVERIFY(a);
    QVERIFY(a->add(def));
    QVERIFY(a->start(def.name));
    // It crashes once and is restarted by policy; the second run stays up.
    QTRY_VERIFY_WITH_TIMEOUT(a->status(def.name)->restarts == 1 &&
                                 a->status(def.name)->state == DaemonState::Running,
                             10000);
    qint64 pid = a->status(def.name)->pid;
    strays_ << pid;
    // Its output flows through the log files, not pipes.
    QString started = QStringLiteral("started %1").arg(pid);
    QTRY_VERIFY_WITH_TIMEOUT(outputHas(*a, def.name, started), 10000);
    QVERIFY(readAll(logFile(def.name)).contains(started.toUtf8()));
    qint64 sizeBefore = QFileInfo(logFile(def.name)).size();
    QList<HistoryEntry> historyA = a->history(def.name);
    std::optional<ProcessIdentity> identity = readProcessIdentity(pid);
    QVERIFY(identity);

    a->setKeepDaemonsOnExit(true);
    a.reset();
    QVERIFY(processStillRunning(*identity));

    // It writes while no supervisor runs.
    QFile(trigger()).open(QIODevice::WriteOnly);
    QTRY_VERIFY_WITH_TIMEOUT(readAll(logFile(def.name, true)).contains("err line"), 10000);
    QVERIFY(QFileInfo(logFile(def.name)).size() > sizeBefore);

    auto b = supervisor();
    QVERIFY(b);
    QVERIFY(b->add(def));
    // Re-adopted synchronously in add(): same pid, our own (not "adopted"), counters kept.
    DaemonStatus s = *b->status(def.name);
    QCOMPARE(s.pid, pid);
    QCOMPARE(s.state, DaemonState::Running);
    QCOMPARE(s.desired, DesiredState::Up);
    QCOMPARE(s.adopted, false);
    QCOMPARE(s.restarts, 1);
    QVERIFY(b->restoredFromJournal(def.name));
    QList<HistoryEntry> historyB = b->history(def.name);
    QVERIFY(historyB.size() > historyA.size());
    for (int i = 0; i < historyA.size(); ++i) {
        QCOMPARE(historyB[i].event, historyA[i].event);
        QCOMPARE(historyB[i].detail, historyA[i].detail);
    }
    QVERIFY(historyHas(*b, def.name, HistoryEvent::Adopted,
                       QStringLiteral("re-adopted pid %1 after a supervisor restart").arg(pid)));

    // The lines written during the outage arrive; those A delivered are not repeated.
    QTRY_VERIFY_WITH_TIMEOUT(outputHas(*b, def.name, QStringLiteral("outage line")) &&
                                 outputHas(*b, def.name, QStringLiteral("err line"), true),
                             10000);
    QVERIFY(!outputHas(*b, def.name, QStringLiteral("started")));

    // Applying the workspace does not disturb it.
    Workspace workspace(dir_->filePath(QStringLiteral("workspace.json")));
    workspace.daemons = {def};
    QVERIFY(workspace.applyTo(*b).isEmpty());
    QCOMPARE(b->status(def.name)->pid, pid);

    // It dies: the restart policy applies, as for a child.
    QVERIFY(::kill(pid_t(pid), SIGKILL) == 0);
    QTRY_VERIFY_WITH_TIMEOUT(b->status(def.name)->state == DaemonState::Running &&
                                 b->status(def.name)->pid != pid && b->status(def.name)->pid > 0,
                             10000);
    QCOMPARE(b->status(def.name)->restarts, 2);
    QVERIFY(historyHas(*b, def.name, HistoryEvent::Exited,
                       QStringLiteral("exited (status unknown: it was not a child of this "
                                      "supervisor)")));
    strays_ << b->status(def.name)->pid;
    stopAll(*b);
}

void TestReadoption::exitDuringOutageRestartsAtAdd() {
    DaemonDefinition def = shellDaemon(QStringLiteral("gone"));
    auto a = supervisor();
    QVERIFY(a->add(def));
    QVERIFY(a->start(def.name));
    QTRY_VERIFY_WITH_TIMEOUT(a->status(def.name)->state == DaemonState::Running, 10000);
    qint64 pid = a->status(def.name)->pid;
    std::optional<ProcessIdentity> identity = readProcessIdentity(pid);
    QVERIFY(identity);
    a->setKeepDaemonsOnExit(true);
    a.reset();

    QVERIFY(::kill(pid_t(pid), SIGKILL) == 0);
    QTRY_VERIFY_WITH_TIMEOUT(!processStillRunning(*identity), 10000);

    auto b = supervisor();
    QVERIFY(b->add(def));
    DaemonStatus s = *b->status(def.name);
    QVERIFY(historyHas(*b, def.name, HistoryEvent::Exited,
                       QStringLiteral("exited while no supervisor ran (status unknown)")));
    QCOMPARE(s.state, DaemonState::Starting); // started at add(), without a backoff delay
    QVERIFY(s.pid > 0 && s.pid != pid);
    QCOMPARE(s.restarts, 1);
    strays_ << s.pid;
    QTRY_VERIFY_WITH_TIMEOUT(b->status(def.name)->state == DaemonState::Running, 10000);
    stopAll(*b);
}

void TestReadoption::recycledPidIsNotAdopted() {
    DaemonDefinition def = shellDaemon(QStringLiteral("recycled"));
    auto a = supervisor();
    QVERIFY(a->add(def));
    QVERIFY(a->start(def.name));
    QTRY_VERIFY_WITH_TIMEOUT(a->status(def.name)->state == DaemonState::Running, 10000);
    qint64 pid = a->status(def.name)->pid;
    strays_ << pid;
    a->setKeepDaemonsOnExit(true);
    a.reset();

    // An unrelated live process takes the recorded pid's place in the journal, with the
    // recorded start ticks: a pid reused by another process.
    QProcess sleeper;
    sleeper.start(QStringLiteral("sleep"), {QStringLiteral("1000")});
    QVERIFY(sleeper.waitForStarted());
    qint64 other = sleeper.processId();
    strays_ << other;
    QString journalPath = stateDir_ + QStringLiteral("/supervisor.json");
    QJsonObject root = QJsonDocument::fromJson(readAll(journalPath)).object();
    QJsonObject daemons = root.value(QStringLiteral("daemons")).toObject();
    QJsonObject record = daemons.value(def.name).toObject();
    QJsonObject process = record.value(QStringLiteral("process")).toObject();
    QCOMPARE(process.value(QStringLiteral("pid")).toInteger(), pid);
    process.insert(QStringLiteral("pid"), other);
    record.insert(QStringLiteral("process"), process);
    record.insert(QStringLiteral("pgid"), other);
    daemons.insert(def.name, record);
    root.insert(QStringLiteral("daemons"), daemons);
    QFile file(journalPath);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(root).toJson());
    file.close();

    auto b = supervisor();
    QVERIFY(b);
    QVERIFY(b->add(def));
    DaemonStatus s = *b->status(def.name);
    QVERIFY(s.pid != other);
    QVERIFY(s.pid > 0 && s.pid != pid); // started anew
    strays_ << s.pid;
    QVERIFY(historyHas(*b, def.name, HistoryEvent::Exited,
                       QStringLiteral("the pid now names another process")));
    QTRY_VERIFY_WITH_TIMEOUT(b->status(def.name)->state == DaemonState::Running, 10000);
    stopAll(*b);
    b.reset();
    QCOMPARE(sleeper.state(), QProcess::Running);
    QVERIFY(alive(other));
    sleeper.kill();
    sleeper.waitForFinished();
}

void TestReadoption::desiredDownPersists() {
    DaemonDefinition def = shellDaemon(QStringLiteral("down"));
    DaemonDefinition fresh = shellDaemon(QStringLiteral("fresh"));
    auto a = supervisor();
    QVERIFY(a->add(def));
    QVERIFY(a->start(def.name));
    QTRY_VERIFY_WITH_TIMEOUT(a->status(def.name)->state == DaemonState::Running, 10000);
    QVERIFY(a->stop(def.name));
    QTRY_VERIFY_WITH_TIMEOUT(a->status(def.name)->state == DaemonState::Stopped, 10000);
    a->setKeepDaemonsOnExit(true);
    a.reset();

    auto b = supervisor();
    Workspace workspace(dir_->filePath(QStringLiteral("workspace.json")));
    workspace.daemons = {def, fresh};
    QVERIFY(workspace.applyTo(*b).isEmpty());
    // The journal's "down" wins over the workspace's autostart; a daemon it does not know
    // starts as before.
    QCOMPARE(b->status(def.name)->state, DaemonState::Stopped);
    QCOMPARE(b->status(def.name)->desired, DesiredState::Down);
    QVERIFY(b->restoredFromJournal(def.name));
    QVERIFY(!b->restoredFromJournal(fresh.name));
    QCOMPARE(b->status(fresh.name)->desired, DesiredState::Up);
    strays_ << b->status(fresh.name)->pid;
    // The user can still start it.
    QVERIFY(b->start(def.name));
    QTRY_VERIFY_WITH_TIMEOUT(b->status(def.name)->state == DaemonState::Running, 10000);
    strays_ << b->status(def.name)->pid;
    stopAll(*b);
}

void TestReadoption::stopUnderWayIsContinued() {
    DaemonDefinition def;
    def.name = QStringLiteral("stubborn");
    def.program = bin("vigil-test-child");
    def.arguments = {QStringLiteral("--ignore-term"), QStringLiteral("--after=-1"),
                     QStringLiteral("--print=hello")};
    def.startGraceMs = 20;
    def.stopTimeoutMs = 60000;
    def.controlSocket = QStringLiteral("none");
    auto a = supervisor();
    QVERIFY(a->add(def));
    QVERIFY(a->start(def.name));
    QTRY_VERIFY_WITH_TIMEOUT(a->status(def.name)->state == DaemonState::Running, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(outputHas(*a, def.name, QStringLiteral("hello")), 10000);
    qint64 pid = a->status(def.name)->pid;
    strays_ << pid;
    QVERIFY(a->stop(def.name));
    QCOMPARE(a->status(def.name)->state, DaemonState::Stopping);
    a->setKeepDaemonsOnExit(true);
    a.reset(); // dies while stopping it: the process ignores TERM and still runs
    QVERIFY(alive(pid));

    def.stopTimeoutMs = 300;
    auto b = supervisor();
    QVERIFY(b->add(def));
    QCOMPARE(b->status(def.name)->state, DaemonState::Stopping);
    QCOMPARE(b->status(def.name)->desired, DesiredState::Down);
    QVERIFY(historyHas(*b, def.name, HistoryEvent::Stopped,
                       QStringLiteral("stop continued after a supervisor restart")));
    // TERM is ignored: KILL follows after the (new) stop timeout, and it stays stopped.
    QTRY_VERIFY_WITH_TIMEOUT(b->status(def.name)->state == DaemonState::Stopped, 10000);
    QVERIFY(historyHas(*b, def.name, HistoryEvent::Killed, QStringLiteral("KILL sent")));
    QCOMPARE(b->status(def.name)->pid, 0);
    QTRY_VERIFY_WITH_TIMEOUT(!readProcessIdentity(pid), 10000);
}

void TestReadoption::controlSocketIsCheckedOnReadoption_data() {
    QTest::addColumn<bool>("removeSocket");
    QTest::newRow("socket answers") << false;
    QTest::newRow("socket gone") << true;
}

void TestReadoption::controlSocketIsCheckedOnReadoption() {
    QFETCH(bool, removeSocket);
    QVERIFY2(QFile::exists(bin("vigil-testd")), "vigil-testd is not built");
    DaemonDefinition def;
    def.name = QStringLiteral("testd");
    def.program = bin("vigil-testd");
    def.arguments = {QStringLiteral("--unixctl=testd.ctl")};
    def.startGraceMs = 60000; // readiness must come from the socket, not from the grace
    auto a = supervisor();
    QVERIFY(a->add(def));
    QVERIFY(a->start(def.name));
    QTRY_COMPARE_WITH_TIMEOUT(a->status(def.name)->state, DaemonState::Running, 10000);
    qint64 pid = a->status(def.name)->pid;
    strays_ << pid;
    QString socket = a->status(def.name)->controlSocket;
    QVERIFY(QFile::exists(socket));
    a->setKeepDaemonsOnExit(true);
    a.reset();
    if (removeSocket) {
        QVERIFY(QFile::remove(socket));
    }

    auto b = supervisor();
    QVERIFY(b->add(def));
    QCOMPARE(b->status(def.name)->pid, pid);
    if (removeSocket) {
        // Its identity matched: still ours, with a note that the socket is gone.
        QCOMPARE(b->status(def.name)->state, DaemonState::Running);
        QVERIFY(historyHas(*b, def.name, HistoryEvent::Ready,
                           QStringLiteral("its control socket %1 is gone").arg(socket)));
    } else {
        // Starting until the socket answers, as after a start.
        QCOMPARE(b->status(def.name)->state, DaemonState::Starting);
        QTRY_COMPARE_WITH_TIMEOUT(b->status(def.name)->state, DaemonState::Running, 10000);
        QCOMPARE(b->status(def.name)->controlSocket, socket);
        QCOMPARE(b->history(def.name).last().event, HistoryEvent::Ready);
        QVERIFY(b->history(def.name).last().detail.contains(QStringLiteral("answered")));
    }
    stopAll(*b);
    QTRY_VERIFY_WITH_TIMEOUT(!readProcessIdentity(pid), 10000);
}

void TestReadoption::badJournalIsMovedAside() {
    QVERIFY(QDir().mkpath(stateDir_));
    QFile file(stateDir_ + QStringLiteral("/supervisor.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{ not json");
    file.close();
    LocalSupervisor s;
    QString error;
    QVERIFY(s.setStateDirectory(stateDir_, &error));
    QVERIFY2(error.contains(QStringLiteral(".bad")), qPrintable(error));
    QVERIFY(QFile::exists(stateDir_ + QStringLiteral("/supervisor.json.bad")));
    QVERIFY(QFileInfo(stateDir_ + QStringLiteral("/logs")).isDir());

    // A second call, and an unusable directory, are refused.
    QVERIFY(!s.setStateDirectory(stateDir_, &error));
    LocalSupervisor t;
    QFile plain(dir_->filePath(QStringLiteral("plain")));
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    QVERIFY(!t.setStateDirectory(plain.fileName(), &error));
    QVERIFY(!error.isEmpty());
}

void TestReadoption::withoutKeepTheJournalHoldsNoProcess() {
    DaemonDefinition def = shellDaemon(QStringLiteral("plain"));
    auto a = supervisor();
    QVERIFY(a->add(def));
    QVERIFY(a->start(def.name));
    QTRY_VERIFY_WITH_TIMEOUT(a->status(def.name)->state == DaemonState::Running, 10000);
    qint64 pid = a->status(def.name)->pid;
    strays_ << pid;
    std::optional<ProcessIdentity> identity = readProcessIdentity(pid);
    QVERIFY(identity);
    int historySize = int(a->history(def.name).size());
    a.reset(); // today's behaviour: TERM to its group
    QTRY_VERIFY_WITH_TIMEOUT(!processStillRunning(*identity), 10000);

    // The history stays, but the workspace decides whether it starts.
    auto b = supervisor();
    QVERIFY(b->add(def));
    QVERIFY(!b->restoredFromJournal(def.name));
    QCOMPARE(b->status(def.name)->state, DaemonState::Stopped);
    QCOMPARE(int(b->history(def.name).size()), historySize);
}

QTEST_GUILESS_MAIN(TestReadoption)
#include "tst_readoption.moc"
