// A Vigil supervisor running on one of the fleet's hosts: a real `vigil --headless` started on
// simulated host h1 over ssh (its control socket in h1's own /run/vigil) supervises a daemon
// there, and the local console, which reaches h1 through the system ssh, finds it like any
// control socket, lists its daemons under the host (daemon/list HOST) and starts, stops and
// restarts them and reads their logs on h1 (daemon/... HOST/NAME). The effects are checked on
// h1 itself: the daemon's pid changes or goes. A host without a supervisor, an unknown host
// and an unknown daemon get clear errors, and a supervisor restarted on h1 (a new pid, so a new
// socket name) is followed.
#include "appctl_test_util.h"
#include "fleet_fixture.h"
#include "headless_console.h"
#include "test_util.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace vigil::test;

namespace {

bool alive(qint64 pid) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    return pid > 0 && status.open(QIODevice::ReadOnly) && !status.readAll().contains("State:\tZ");
}

} // namespace

class tst_fleet_supervisors : public QObject {
    Q_OBJECT

private:
    bool startRemoteSupervisor(QString& error) {
        return fleet_.startVigilSupervisor(1, bin(QStringLiteral("vigil")), workspace_, error);
    }

    qint64 remoteSupervisorPid() const { return fleet_.vigilSupervisorPid(1); }

    // h1's daemon "ticker" as the local console lists it (empty when it is not listed).
    QJsonObject ticker() const {
        for (const QJsonValue v : console_.json({QStringLiteral("daemon/list"), "h1"})) {
            if (v[QLatin1String("name")].toString() == QLatin1String("ticker")) {
                return v.toObject();
            }
        }
        return {};
    }

    qint64 tickerPid() const { return ticker().value(QLatin1String("pid")).toInteger(); }
    QString tickerState() const { return ticker().value(QLatin1String("state")).toString(); }

    SimFleet fleet_;
    HeadlessConsole console_;
    QTemporaryDir files_{QStringLiteral("/tmp/vs-XXXXXX")};
    QString workspace_;

private slots:
    void initTestCase() {
        QString error;
        SimFleet::Options options;
        options.withVswitchd = false;
        QVERIFY2(fleet_.up(2, error, options), qPrintable(error));
        workspace_ = files_.path() + QStringLiteral("/remote-workspace.json");
        QVERIFY(SimFleet::writeTickerWorkspace(workspace_));
        QVERIFY2(startRemoteSupervisor(error), qPrintable(error));
        QVERIFY(alive(remoteSupervisorPid()));

        QVERIFY2(console_.start({{"h1", "h1"}, {"h2", "h2"}},
                                {QStringLiteral("-F"), fleet_.sshConfig()}, error),
                 qPrintable(error));
        QVERIFY2(wait_until([this] { return !console_.target("h1/vigil").isEmpty(); }, 60000),
                 console_.appctl({"host/list"}).out.constData());
        QVERIFY2(wait_until([this] { return tickerState() == QLatin1String("running"); }, 30000),
                 console_.appctl({"daemon/list", "h1"}).err.constData());
    }

    void theHostsDaemonsAreListedUnderIt() {
        const qint64 pid = tickerPid();
        QVERIFY(alive(pid));
        // The same process h1's own supervisor reports.
        const SimFleet::Result there =
            fleet_.ssh(1, bin(QStringLiteral("vigil-appctl")) +
                              QStringLiteral(" -t /run/vigil/vigil.%1.ctl daemon/list")
                                  .arg(remoteSupervisorPid()));
        QVERIFY2(there.exitCode == 0, there.err.constData());
        QVERIFY2(there.out.contains(QByteArray::number(pid)), there.out.constData());
        // The local console's own list does not mix them in.
        const run_result local = console_.appctl({"daemon/list"});
        QCOMPARE(local.exit_code, 0);
        QVERIFY(!local.out.contains("ticker"));
    }

    void restartActsOnTheHost() {
        const qint64 before = tickerPid();
        const run_result r = console_.appctl({"daemon/restart", "h1/ticker"});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY(wait_until(
            [&] {
                const qint64 now = tickerPid();
                return now > 0 && now != before && tickerState() == QLatin1String("running");
            },
            20000));
        QVERIFY(wait_until([&] { return !alive(before); }, 10000));
        QVERIFY(alive(tickerPid()));
    }

    void stopAndStartActOnTheHost() {
        const qint64 running = tickerPid();
        run_result r = console_.appctl({"daemon/stop", "h1/ticker"});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY(wait_until([&] { return tickerState() == QLatin1String("stopped"); }, 20000));
        QVERIFY(wait_until([&] { return !alive(running); }, 10000));
        r = console_.appctl({"daemon/start", "h1/ticker"});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY(wait_until([&] { return tickerState() == QLatin1String("running"); }, 20000));
        QVERIFY(alive(tickerPid()));
    }

    void logsComeFromTheHost() {
        QVERIFY(wait_until(
            [&] {
                return console_.appctl({"daemon/log", "h1/ticker", "5"}).out.contains("tick");
            },
            10000));
        const run_result history = console_.appctl({"daemon/history", "h1/ticker"});
        QCOMPARE(history.exit_code, 0);
        QVERIFY2(history.out.contains("stop"), history.out.constData());
    }

    void errorsNameWhatIsMissing() {
        run_result r = console_.appctl({"daemon/list", "h2"});
        QCOMPARE(r.exit_code, 2);
        QVERIFY2(r.err.contains("no Vigil supervisor found on host \"h2\""), r.err.constData());
        r = console_.appctl({"daemon/list", "nowhere"});
        QCOMPARE(r.exit_code, 2);
        QVERIFY2(r.err.contains("unknown host \"nowhere\""), r.err.constData());
        r = console_.appctl({"daemon/restart", "h1/nothing"});
        QCOMPARE(r.exit_code, 2);
        QVERIFY2(r.err.contains("no daemon named \"nothing\" on host \"h1\""), r.err.constData());
        r = console_.appctl({"daemon/restart", "nowhere/ticker"});
        QCOMPARE(r.exit_code, 2);
        QVERIFY2(r.err.contains("no daemon named \"nowhere/ticker\""), r.err.constData());
    }

    // h1's supervisor is killed and started again: a new pid, so a new socket name, which the
    // console follows; the daemon it re-adopted is listed again with the same pid and the
    // re-adoption in its history.
    void aRestartedRemoteSupervisorIsFollowed() {
        const qint64 daemonPid = tickerPid();
        const qint64 old = remoteSupervisorPid();
        QVERIFY(alive(old));
        ::kill(static_cast<pid_t>(old), SIGKILL);
        QVERIFY(wait_until([&] { return !alive(old); }, 10000));
        QVERIFY(alive(daemonPid));
        QString error;
        QVERIFY2(startRemoteSupervisor(error), qPrintable(error));
        const qint64 fresh = remoteSupervisorPid();
        QVERIFY(fresh != old);
        // Only the new supervisor's history has the re-adoption: the mirror of the old one,
        // kept while it is unreachable, does not.
        const QByteArray readopted = "re-adopted pid " + QByteArray::number(daemonPid);
        QVERIFY2(wait_until(
                     [&] {
                         return console_.appctl({"daemon/history", "h1/ticker"})
                                    .out.contains(readopted) &&
                                tickerPid() == daemonPid;
                     },
                     60000),
                 console_.appctl({"daemon/history", "h1/ticker"}).out.constData());
    }

    void cleanupTestCase() {
        console_.stop();
        QString error;
        QVERIFY2(fleet_.down(error), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(tst_fleet_supervisors)
#include "tst_fleet_supervisors.moc"
