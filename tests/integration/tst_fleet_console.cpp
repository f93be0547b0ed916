// The console's fleet against a simulated fleet of real hosts (tests/fleet/sim-fleet: a real
// sshd per host in its own mount namespace, real ovsdb-server and ovs-vswitchd): a real
// `vigil --headless` reaches them through the system ssh, discovers their control sockets,
// calls and fans out through forwarded sockets, and reports every failure mode as the user
// sees it (unknown and changed host keys, a refused key, a lost sshd, forwarding disabled, a
// socket the login user may not open, a daemon restarted under a new pid, a daemon that does
// not answer).
#include "appctl_test_util.h"
#include "fleet_fixture.h"
#include "headless_console.h"
#include "test_util.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <memory>

using namespace vigil::test;

namespace {

QString fingerprintOfHostKey(const QString& publicKeyFile) {
    QProcess p;
    p.start(QStringLiteral("ssh-keygen"),
            {QStringLiteral("-l"), QStringLiteral("-f"), publicKeyFile});
    p.waitForFinished(10000);
    return QString::fromLatin1(p.readAllStandardOutput()).section(QLatin1Char(' '), 1, 1);
}

pid_t pidFromFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? static_cast<pid_t>(f.readAll().trimmed().toLongLong()) : 0;
}

} // namespace

class tst_fleet_console : public QObject {
    Q_OBJECT

    SimFleet fleet_;
    HeadlessConsole console_;

    bool allConnected() const {
        for (int k = 1; k <= 3; k++) {
            if (console_.hostState(SimFleet::host(k)) != QLatin1String("connected") ||
                console_.host(SimFleet::host(k))[QLatin1String("targets")].toInt() != 2) {
                return false;
            }
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase() {
        QString error;
        QVERIFY2(fleet_.up(3, error), qPrintable(error));
        QVERIFY2(console_.start({{"h1", "h1"}, {"h2", "h2"}, {"h3", "h3"}},
                                {QStringLiteral("-F"), fleet_.sshConfig()}, error),
                 qPrintable(error));
        QVERIFY2(wait_until([this] { return allConnected(); }, 60000),
                 console_.appctl({"host/list"}).out.constData());
    }

    void discoveryNamesTargetsByHost() {
        for (int k = 1; k <= 3; k++) {
            for (const char* daemon : {"ovs-vswitchd", "ovsdb-server"}) {
                const QString name = SimFleet::host(k) + '/' + daemon;
                QVERIFY(wait_until([&] {
                    return !console_.target(name)[QLatin1String("socket")].toString().isEmpty();
                }));
                const QJsonObject t = console_.target(name);
                QCOMPARE(t[QLatin1String("kind")].toString(), QStringLiteral("remote"));
                QCOMPARE(t[QLatin1String("host")].toString(), SimFleet::host(k));
            }
        }
        const QJsonObject h1 = console_.host("h1");
        QCOMPARE(h1[QLatin1String("destination")].toString(), QStringLiteral("h1"));
        QVERIFY(h1[QLatin1String("rtt_ms")].toInt() >= 0);
        QVERIFY(h1[QLatin1String("last_error")].isNull());
        // The plain text form lists the same hosts.
        const run_result text = console_.appctl({"host/list"});
        QCOMPARE(text.exit_code, 0);
        QVERIFY(text.out.contains("h3") && text.out.contains("connected"));
    }

    void callReachesTheRightHost() {
        // Each host's ovsdb-server has its own database: a row written on h2 is seen on h2 only.
        const SimFleet::Result written = fleet_.ssh(2, "ovs-vsctl add-br br-only-h2");
        QVERIFY2(written.exitCode == 0, written.err.constData());
        QVERIFY(wait_until([&] {
            return console_.appctl({"target/call", "h2/ovs-vswitchd", "dpif/show"})
                .out.contains("br-only-h2");
        }));
        const run_result other = console_.appctl({"target/call", "h1/ovs-vswitchd", "dpif/show"});
        QCOMPARE(other.exit_code, 0);
        QVERIFY(!other.out.contains("br-only-h2"));
        const run_result version = console_.appctl({"target/call", "h3/ovsdb-server", "version"});
        QCOMPARE(version.exit_code, 0);
        QVERIFY(version.out.startsWith("ovsdb-server (Open vSwitch)"));
    }

    void fanOutComparesHosts() {
        const QJsonArray results = console_.json({"target/call-all", "*/ovs-vswitchd", "version"});
        QCOMPARE(results.size(), 3);
        QStringList targets;
        for (const QJsonValue r : results) {
            targets << r[QLatin1String("target")].toString();
            QVERIFY(r[QLatin1String("ok")].toBool());
            QCOMPARE(r[QLatin1String("status")].toString(), QStringLiteral("ok"));
            QCOMPARE(r[QLatin1String("result")], results[0][QLatin1String("result")]);
            QVERIFY(r[QLatin1String("ms")].toInt() >= 0);
        }
        QCOMPARE(targets, (QStringList{"h1/ovs-vswitchd", "h2/ovs-vswitchd", "h3/ovs-vswitchd"}));
        // The text form prints one block per target; h2's bridge shows only in h2's block.
        const run_result text =
            console_.appctl({"target/call-all", "h?/ovs-vswitchd", "dpif/show"});
        QCOMPARE(text.exit_code, 0);
        const QList<QByteArray> blocks = text.out.split('=');
        QVERIFY(text.out.contains("== h1/ovs-vswitchd: ok"));
        QVERIFY(text.out.indexOf("br-only-h2") > text.out.indexOf("== h2/ovs-vswitchd"));
        QVERIFY(text.out.indexOf("br-only-h2") < text.out.indexOf("== h3/ovs-vswitchd"));
        const run_result none = console_.appctl({"target/call-all", "nosuch/*", "version"});
        QVERIFY(none.exit_code != 0);
        QVERIFY(none.err.contains("no target matches"));
    }

    void unresponsiveDaemonDoesNotStallOthers() {
        const pid_t pid = pidFromFile(fleet_.runDir(3) + "/ovs-vswitchd.pid");
        QVERIFY(pid > 0);
        ::kill(pid, SIGSTOP);
        const QJsonArray results =
            console_.json({"target/call-all", "*/ovs-vswitchd", "version"}, 60000);
        ::kill(pid, SIGCONT);
        QCOMPARE(results.size(), 3);
        QCOMPARE(results[0][QLatin1String("status")].toString(), QStringLiteral("ok"));
        QCOMPARE(results[1][QLatin1String("status")].toString(), QStringLiteral("ok"));
        QCOMPARE(results[2][QLatin1String("status")].toString(), QStringLiteral("unresponsive"));
        QVERIFY(!results[2][QLatin1String("ok")].toBool());
        // The answering hosts were not held up by the one that did not answer.
        QVERIFY(results[0][QLatin1String("ms")].toInt() < results[2][QLatin1String("ms")].toInt());
    }

    void daemonRestartKeepsTheName() {
        const QString before =
            console_.target("h1/ovs-vswitchd")[QLatin1String("socket")].toString();
        const pid_t oldPid = pidFromFile(fleet_.runDir(1) + "/ovs-vswitchd.pid");
        QString error;
        QVERIFY2(fleet_.restartDaemon(1, "ovs-vswitchd", error), qPrintable(error));
        QVERIFY(pidFromFile(fleet_.runDir(1) + "/ovs-vswitchd.pid") != oldPid);
        QVERIFY(wait_until(
            [&] {
                const QString now =
                    console_.target("h1/ovs-vswitchd")[QLatin1String("socket")].toString();
                return !now.isEmpty() && now != before;
            },
            30000));
        const run_result r = console_.appctl({"target/call", "h1/ovs-vswitchd", "version"});
        QCOMPARE(r.exit_code, 0);
        QVERIFY(r.out.startsWith("ovs-vswitchd"));
    }

    void lostSshdReconnectsWithBackoff() {
        QString error;
        QVERIFY2(fleet_.stopSshd(2, error), qPrintable(error));
        console_.killMaster(2);
        // The next attempt finds the port closed.
        QVERIFY(wait_until(
            [&] {
                return console_.hostState("h2") == "unreachable" &&
                       console_.host("h2")[QLatin1String("last_error")].toString().contains(
                           "Connection refused");
            },
            30000));
        // Its targets stay listed, with the reason; calls fail at once as "down".
        QVERIFY(console_.target("h2/ovs-vswitchd")[QLatin1String("error")].toString().contains(
            "unreachable"));
        const QJsonArray results = console_.json({"target/call-all", "*/ovs-vswitchd", "version"});
        QCOMPARE(results.size(), 3);
        QCOMPARE(results[1][QLatin1String("status")].toString(), QStringLiteral("down"));
        QCOMPARE(results[0][QLatin1String("status")].toString(), QStringLiteral("ok"));
        // The master is a session in backoff.
        QJsonObject session;
        QVERIFY(wait_until([&] {
            for (const QJsonValue s : console_.json({"session/list"})) {
                if (s[QLatin1String("source")] == "fleet" && s[QLatin1String("name")] == "h2") {
                    session = s.toObject();
                }
            }
            return session[QLatin1String("state")] == "BACKOFF" &&
                   session[QLatin1String("backoff")].toInt() >= 1000;
        }));
        QVERIFY2(fleet_.startSshd(2, error), qPrintable(error));
        QVERIFY(wait_until([&] { return console_.hostState("h2") == "connected"; }, 60000));
        QVERIFY(wait_until(
            [&] {
                return console_.appctl({"target/call", "h2/ovs-vswitchd", "version"}).exit_code ==
                       0;
            },
            20000));
        for (const QJsonValue s : console_.json({"session/list"})) {
            if (s[QLatin1String("source")] == "fleet" && s[QLatin1String("name")] == "h2") {
                QCOMPARE(s[QLatin1String("state")].toString(), QStringLiteral("ACTIVE"));
                QVERIFY(s[QLatin1String("successes")].toInt() >= 2);
            }
        }
    }

    void refusedForwardingFallsBackToExec() {
        QString error;
        QVERIFY2(fleet_.setForwarding(3, false, error), qPrintable(error));
        console_.killMaster(3);
        QVERIFY(wait_until(
            [&] {
                return console_.host("h3")[QLatin1String("forwarding")] == false &&
                       console_.target("h3/ovs-vswitchd")[QLatin1String("socket")]
                           .toString()
                           .startsWith("exec:");
            },
            60000));
        const run_result r = console_.appctl({"target/call", "h3/ovs-vswitchd", "version"});
        QCOMPARE(r.exit_code, 0);
        QVERIFY(r.out.startsWith("ovs-vswitchd"));
        const QJsonArray results = console_.json({"target/call-all", "*/ovsdb-server", "version"});
        QCOMPARE(results.size(), 3);
        for (const QJsonValue v : results) {
            QVERIFY2(v[QLatin1String("status")] == "ok",
                     QJsonDocument(v.toObject()).toJson().constData());
        }
    }

    void socketTheLoginUserMayNotOpen() {
        const run_result added = console_.appctl({"host/add", "u1", SimFleet::unprivHost(1)});
        QVERIFY2(added.exit_code == 0, added.err.constData());
        QVERIFY(wait_until(
            [&] {
                return console_.hostState("u1") == "connected" &&
                       console_.host("u1")[QLatin1String("targets")].toInt() == 2;
            },
            30000));
        const QJsonObject t = console_.target("u1/ovs-vswitchd");
        QVERIFY(t[QLatin1String("socket")].isNull());
        QVERIFY2(t[QLatin1String("error")].toString().contains(
                     "permission denied: vigil-fleet may not open"),
                 qPrintable(t[QLatin1String("error")].toString()));
        const run_result call = console_.appctl({"target/call", "u1/ovs-vswitchd", "version"});
        QVERIFY(call.exit_code != 0);
        QVERIFY(call.err.contains("permission denied"));
        const run_result removed = console_.appctl({"host/remove", "u1"});
        QCOMPARE(removed.exit_code, 0);
        QVERIFY(console_.target("u1/ovs-vswitchd").isEmpty());
    }

    void refusedKeyIsAuthFailed() {
        const run_result added = console_.appctl({"host/add", "bad", "nosuchuser@h1"});
        QCOMPARE(added.exit_code, 0);
        QVERIFY(wait_until([&] { return console_.hostState("bad") == "auth-failed"; }, 30000));
        QVERIFY(console_.host("bad")[QLatin1String("last_error")].toString().contains(
            "Permission denied"));
        console_.appctl({"host/remove", "bad"});
        const run_result invalid = console_.appctl({"host/add", "x/y", "h1"});
        QVERIFY(invalid.exit_code != 0);
        QVERIFY(invalid.err.contains("invalid host name"));
        const run_result option = console_.appctl({"host/add", "z", "-oProxyCommand=true"});
        QVERIFY(option.exit_code != 0);
        QVERIFY(option.err.contains("must not start with '-'"));
    }

    void unknownKeyNeedsTheUsersFingerprint() {
        // A console whose ssh knows no host key: the user's own known_hosts is replaced.
        HeadlessConsole fresh;
        QString error;
        QVERIFY2(fresh.start({{"h1", "h1"}},
                             {QStringLiteral("-o"), QStringLiteral("UserKnownHostsFile=/dev/null"),
                              QStringLiteral("-F"), fleet_.sshConfig()},
                             error),
                 qPrintable(error));
        QVERIFY(wait_until([&] { return fresh.hostState("h1") == "host-key-unknown"; }, 30000));
        const QString expected =
            fingerprintOfHostKey(fleet_.dir() + "/h1/ssh_host_ed25519_key.pub");
        QVERIFY(expected.startsWith("SHA256:"));
        QCOMPARE(fresh.host("h1")[QLatin1String("fingerprint")].toString(), expected);
        // It is not retried behind the user's back.
        QTest::qWait(1500);
        QCOMPARE(fresh.hostState("h1"), QStringLiteral("host-key-unknown"));
        const run_result wrong = fresh.appctl({"host/trust", "h1", "SHA256:not-this-one"});
        QVERIFY(wrong.exit_code != 0);
        QVERIFY(wrong.err.contains("offered the key"));
        QVERIFY(!QFile::exists(fresh.knownHosts()));
        const run_result trusted = fresh.appctl({"host/trust", "h1", expected});
        QVERIFY2(trusted.exit_code == 0, trusted.err.constData());
        QVERIFY(wait_until([&] { return fresh.hostState("h1") == "connected"; }, 30000));
        QFile known(fresh.knownHosts());
        QVERIFY(known.open(QIODevice::ReadOnly));
        QVERIFY(known.readAll().startsWith("h1 ssh-ed25519 "));
        QVERIFY(wait_until([&] {
            return fresh.appctl({"target/call", "h1/ovsdb-server", "version"}).exit_code == 0;
        }));

        // A changed key is refused, with the new key's fingerprint shown.
        QVERIFY2(fleet_.rekey(1, error), qPrintable(error));
        fresh.killMaster(1);
        QVERIFY(wait_until([&] { return fresh.hostState("h1") == "host-key-changed"; }, 30000));
        const QString changed = fingerprintOfHostKey(fleet_.dir() + "/h1/ssh_host_ed25519_key.pub");
        QVERIFY(changed != expected);
        QCOMPARE(fresh.host("h1")[QLatin1String("fingerprint")].toString(), changed);
        QVERIFY(fresh.host("h1")[QLatin1String("last_error")].toString().contains("changed"));
    }

    void cleanupTestCase() {
        console_.stop();
        QString error;
        QVERIFY2(fleet_.down(error), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(tst_fleet_console)
#include "tst_fleet_console.moc"
