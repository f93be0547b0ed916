// The supervisor as a service, with real processes: `vigil --headless --detach --monitor`
// returns once it serves; its daemons outlive it (kill -9, a crash restarted by its monitor)
// and the next supervisor re-adopts them with their history and their output written in the
// meantime; a daemon that dies while no supervisor runs is restarted by its policy once one is
// back; the window (a client) starts the service when none runs, and closing or killing it
// leaves the daemons running; two windows share one supervisor.
#include "console_test_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

using vigil::test::bin;
using vigil::test::run_result;

class TestSupervisorService : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void detachedServiceOutlivesKillNine();
    void monitorRestartsCrashedService();
    void windowStartsServiceAndLeavesDaemonsRunning();

private:
    QString writeWorkspace();
    QStringList serviceArgs() const;
    QProcessEnvironment env() const;
    run_result appctl(const QStringList& args, int timeoutMs = 20000);
    QJsonValue appctlJson(const QStringList& args);
    QJsonObject daemon(const QString& name);
    pid_t servicePid() const;
    void startService();
    void stopEverything();

    std::unique_ptr<QTemporaryDir> dir_;
    QString run_;
    QString state_;
    QString workspace_;
};

void TestSupervisorService::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    run_ = dir_->filePath(QStringLiteral("run"));
    state_ = dir_->filePath(QStringLiteral("state"));
    QVERIFY(QDir().mkpath(run_));
    workspace_ = writeWorkspace();
}

void TestSupervisorService::cleanup() {
    stopEverything();
    dir_.reset();
}

// Two daemons that need nothing but a shell: "ticker" writes a numbered line every 50 ms (so
// output written while no supervisor runs can be recognised), "sleeper" just runs, restarted
// always.
QString TestSupervisorService::writeWorkspace() {
    auto daemonJson = [](const QString& name, const QString& script, const QString& restart) {
        return QJsonObject{{QStringLiteral("name"), name},
                           {QStringLiteral("program"), QStringLiteral("/bin/sh")},
                           {QStringLiteral("arguments"), QJsonArray{QStringLiteral("-c"), script}},
                           {QStringLiteral("restart"), restart},
                           {QStringLiteral("startGraceMs"), 200},
                           {QStringLiteral("backoff"), QJsonObject{{QStringLiteral("minMs"), 100}}},
                           {QStringLiteral("autostart"), true}};
    };
    const QJsonArray daemons{
        daemonJson(QStringLiteral("ticker"),
                   QStringLiteral("i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.05; done"),
                   QStringLiteral("on-failure")),
        daemonJson(QStringLiteral("sleeper"), QStringLiteral("exec sleep 1000"),
                   QStringLiteral("always"))};
    const QString path = dir_->filePath(QStringLiteral("ws.json"));
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(QJsonDocument(QJsonObject{{QStringLiteral("version"), 1},
                                      {QStringLiteral("daemons"), daemons},
                                      {QStringLiteral("targets"), QJsonArray{}},
                                      {QStringLiteral("sessions"), QJsonArray{}}})
                .toJson());
    return path;
}

QStringList TestSupervisorService::serviceArgs() const {
    return {QStringLiteral("--headless"),  QStringLiteral("--detach"),
            QStringLiteral("--monitor"),   QStringLiteral("--keep-daemons"),
            QStringLiteral("--rundir"),    run_,
            QStringLiteral("--state-dir"), state_,
            QStringLiteral("--workspace"), workspace_};
}

QProcessEnvironment TestSupervisorService::env() const {
    QProcessEnvironment env = vigil::test::env_with_rundir(run_);
    env.insert(QStringLiteral("HOME"), dir_->filePath(QStringLiteral("home")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir_->filePath(QStringLiteral("home/.config")));
    env.insert(QStringLiteral("XDG_STATE_HOME"), dir_->filePath(QStringLiteral("home/.state")));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return env;
}

run_result TestSupervisorService::appctl(const QStringList& args, int timeoutMs) {
    return vigil::test::run_program(
        bin(QStringLiteral("vigil-appctl")),
        QStringList{QStringLiteral("-t"), QStringLiteral("vigil")} + args, env(), timeoutMs);
}

QJsonValue TestSupervisorService::appctlJson(const QStringList& args) {
    const run_result r =
        appctl(QStringList{QStringLiteral("--format"), QStringLiteral("json")} + args);
    if (r.exit_code != 0) {
        return QJsonValue();
    }
    const QJsonDocument doc = QJsonDocument::fromJson(r.out);
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

QJsonObject TestSupervisorService::daemon(const QString& name) {
    for (const QJsonValue& v : appctlJson({QStringLiteral("daemon/list")}).toArray()) {
        if (v.toObject().value(QLatin1String("name")).toString() == name) {
            return v.toObject();
        }
    }
    return QJsonObject();
}

pid_t TestSupervisorService::servicePid() const {
    return vigil::test::read_pid(run_ + QStringLiteral("/vigil.pid"));
}

void TestSupervisorService::startService() {
    // --detach: the command returns once the service serves its control socket.
    const run_result r =
        vigil::test::run_program(bin(QStringLiteral("vigil")), serviceArgs(), env(), 30000);
    QVERIFY2(r.exit_code == 0, r.err.constData());
    const pid_t pid = servicePid();
    QVERIFY(pid > 0);
    QVERIFY(QFile::exists(run_ + QStringLiteral("/vigil.%1.ctl").arg(pid)));
}

// Stops the daemons and the service (and its monitor) of this test, whatever state it is in.
void TestSupervisorService::stopEverything() {
    if (!dir_) {
        return;
    }
    if (servicePid() > 0 && !vigil::test::process_gone(servicePid())) {
        appctl({QStringLiteral("daemon/stop-all")}, 20000);
        appctl({QStringLiteral("exit")}, 5000);
    }
    // Whatever is left of this test's processes (a failed run): found by the run directory in
    // their environment would be fragile, so by the journal's pids and the pidfile instead.
    const pid_t pid = servicePid();
    if (pid > 0) {
        ::kill(pid, SIGKILL);
    }
}

// kill -9 of the service: its daemons keep running and writing; the next service re-adopts
// them at once (same pids, not restarted), with their history and the lines written while
// none ran; a daemon killed during the outage is restarted by its policy once one is back.
void TestSupervisorService::detachedServiceOutlivesKillNine() {
    startService();
    QTRY_COMPARE_WITH_TIMEOUT(
        daemon(QStringLiteral("ticker")).value(QLatin1String("state")).toString(),
        QStringLiteral("running"), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(
        daemon(QStringLiteral("sleeper")).value(QLatin1String("state")).toString(),
        QStringLiteral("running"), 15000);
    const qint64 ticker = daemon(QStringLiteral("ticker")).value(QLatin1String("pid")).toInteger();
    const qint64 sleeper =
        daemon(QStringLiteral("sleeper")).value(QLatin1String("pid")).toInteger();
    QVERIFY(ticker > 0 && sleeper > 0);
    // Output arrives through the log file the supervisor follows.
    QTRY_VERIFY_WITH_TIMEOUT(
        appctlJson({QStringLiteral("daemon/log"), QStringLiteral("ticker"), QStringLiteral("5")})
                .toArray()
                .size() == 5,
        10000);

    // The service and its monitor die hard (the monitor, as OVS's, restarts only crashes).
    const pid_t service = servicePid();
    ::kill(service, SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(vigil::test::process_gone(service), 10000);
    // Daemons are unaffected, and keep writing; one dies meanwhile.
    QTest::qWait(300);
    QVERIFY(!vigil::test::process_gone(pid_t(ticker)));
    QVERIFY(!vigil::test::process_gone(pid_t(sleeper)));
    ::kill(pid_t(sleeper), SIGKILL);
    QTRY_VERIFY_WITH_TIMEOUT(vigil::test::process_gone(pid_t(sleeper)), 10000);
    QTest::qWait(300);

    // A stale pidfile is no obstacle: the next service starts and re-adopts.
    startService();
    QVERIFY(servicePid() != service);
    // Right away (the first answer of the new service), the ticker is the same process, not
    // restarted.
    QJsonObject t = daemon(QStringLiteral("ticker"));
    QCOMPARE(t.value(QLatin1String("pid")).toInteger(), ticker);
    QVERIFY2(t.value(QLatin1String("state")).toString() != QStringLiteral("backoff"),
             qPrintable(QJsonDocument(t).toJson()));
    QTRY_COMPARE_WITH_TIMEOUT(
        daemon(QStringLiteral("ticker")).value(QLatin1String("state")).toString(),
        QStringLiteral("running"), 10000);
    // Its history goes on from before the outage.
    const QJsonArray history =
        appctlJson({QStringLiteral("daemon/history"), QStringLiteral("ticker")}).toArray();
    QStringList events;
    for (const QJsonValue& h : history) {
        events << h.toObject().value(QLatin1String("event")).toString();
    }
    QVERIFY2(events.first() == QStringLiteral("started"), qPrintable(events.join(',')));
    QVERIFY2(events.contains(QStringLiteral("adopted")), qPrintable(events.join(',')));
    // The lines written while no supervisor ran are there: the tick numbers have no gap.
    const QJsonArray log =
        appctlJson({QStringLiteral("daemon/log"), QStringLiteral("ticker"), QStringLiteral("1000")})
            .toArray();
    QVERIFY(log.size() > 10);
    int previous = 0;
    for (const QJsonValue& line : log) {
        const QString text = line.toObject().value(QLatin1String("text")).toString();
        const int n = text.section(QLatin1Char(' '), 1).toInt();
        if (previous > 0) {
            QVERIFY2(n == previous + 1,
                     qPrintable(QStringLiteral("%1 after %2").arg(n).arg(previous)));
        }
        previous = n;
    }
    // The sleeper died while nobody watched: restarted by its policy, as a new process.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const QJsonObject s = daemon(QStringLiteral("sleeper"));
            const qint64 pid = s.value(QLatin1String("pid")).toInteger();
            return pid > 0 && pid != sleeper;
        }(),
        15000);
}

// A crash of the service (SIGSEGV) is restarted by its --monitor, which re-adopts.
void TestSupervisorService::monitorRestartsCrashedService() {
    startService();
    QTRY_COMPARE_WITH_TIMEOUT(
        daemon(QStringLiteral("ticker")).value(QLatin1String("state")).toString(),
        QStringLiteral("running"), 15000);
    const qint64 ticker = daemon(QStringLiteral("ticker")).value(QLatin1String("pid")).toInteger();
    const pid_t first = servicePid();
    ::kill(first, SIGSEGV);
    QTRY_VERIFY_WITH_TIMEOUT(
        servicePid() > 0 && servicePid() != first &&
            QFile::exists(run_ + QStringLiteral("/vigil.%1.ctl").arg(servicePid())),
        20000);
    QTRY_COMPARE_WITH_TIMEOUT(
        daemon(QStringLiteral("ticker")).value(QLatin1String("pid")).toInteger(), ticker, 10000);
    QVERIFY(!vigil::test::process_gone(pid_t(ticker)));
}

// The window attaches to the service of its run directory, starting one when none runs;
// killing the window leaves service and daemons alone; a second window attaches to the same
// service, and File > Quit and Stop Daemons is reachable through the service's commands.
void TestSupervisorService::windowStartsServiceAndLeavesDaemonsRunning() {
    QProcess window;
    window.setProcessEnvironment(env());
    window.setProcessChannelMode(QProcess::ForwardedChannels);
    window.start(bin(QStringLiteral("vigil")),
                 {QStringLiteral("--rundir"), run_, QStringLiteral("--state-dir"), state_,
                  QStringLiteral("--workspace"), workspace_});
    QVERIFY(window.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(servicePid() > 0, 30000);
    const pid_t service = servicePid();
    QVERIFY(service != pid_t(window.processId())); // the service is its own process
    QTRY_COMPARE_WITH_TIMEOUT(
        daemon(QStringLiteral("ticker")).value(QLatin1String("state")).toString(),
        QStringLiteral("running"), 15000);
    const qint64 ticker = daemon(QStringLiteral("ticker")).value(QLatin1String("pid")).toInteger();

    // A second window on the same run directory: no second service.
    QProcess second;
    second.setProcessEnvironment(env());
    second.setProcessChannelMode(QProcess::ForwardedChannels);
    second.start(bin(QStringLiteral("vigil")), {QStringLiteral("--rundir"), run_});
    QVERIFY(second.waitForStarted());
    QTest::qWait(1500);
    QCOMPARE(second.state(), QProcess::Running);
    QCOMPARE(servicePid(), service);

    // The first window is killed outright: nothing changes for the daemons.
    window.kill();
    QVERIFY(window.waitForFinished(10000));
    second.terminate();
    QVERIFY(second.waitForFinished(10000));
    QTest::qWait(500);
    QCOMPARE(servicePid(), service);
    QVERIFY(!vigil::test::process_gone(service));
    QCOMPARE(daemon(QStringLiteral("ticker")).value(QLatin1String("pid")).toInteger(), ticker);
    QVERIFY(!vigil::test::process_gone(pid_t(ticker)));

    // Reopened: the same service, the same daemons.
    QProcess third;
    third.setProcessEnvironment(env());
    third.setProcessChannelMode(QProcess::ForwardedChannels);
    third.start(bin(QStringLiteral("vigil")), {QStringLiteral("--rundir"), run_});
    QVERIFY(third.waitForStarted());
    QTest::qWait(1000);
    QCOMPARE(third.state(), QProcess::Running);
    QCOMPARE(servicePid(), service);
    third.terminate();
    QVERIFY(third.waitForFinished(10000));

    // Stopping the daemons, then the service, ends everything.
    QCOMPARE(appctl({QStringLiteral("daemon/stop-all")}).exit_code, 0);
    QTRY_VERIFY_WITH_TIMEOUT(vigil::test::process_gone(pid_t(ticker)), 10000);
    QCOMPARE(appctl({QStringLiteral("exit")}).exit_code, 0);
    QTRY_VERIFY_WITH_TIMEOUT(vigil::test::process_gone(service), 10000);
}

QTEST_GUILESS_MAIN(TestSupervisorService)
#include "tst_supervisor_service.moc"
