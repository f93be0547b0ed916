// The simulated fleet (tests/fleet/sim-fleet) is what the fleet tests rely on: three hosts
// reached with the real ssh, each seeing only its own OVS daemons, with unix socket
// forwarding, and the failures the fleet code must handle (changed host key, refused
// forwarding, sshd down, a daemon under a new pid, a socket the login user may not open).
#include "fleet_fixture.h"
#include "test_util.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QLocalSocket>
#include <QSet>
#include <QTest>
#include <csignal>
#include <sys/stat.h>

using namespace vigil::test;

namespace {

constexpr int kHosts = 3;

// Reads a pid from a pidfile, 0 when unreadable.
qint64 readPid(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return 0;
    }
    return f.readAll().trimmed().toLongLong();
}

bool alive(qint64 pid) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly)) {
        return false;
    }
    return !status.readAll().contains("State:\tZ");
}

// Sends one JSON-RPC request over a unix socket and returns the reply's bytes (empty when
// the peer closed or said nothing within `timeoutMs`).
QByteArray rpc(const QString& path, const QByteArray& request, int timeoutMs = 10000) {
    QLocalSocket socket;
    socket.connectToServer(path);
    if (!socket.waitForConnected(timeoutMs)) {
        return {};
    }
    socket.write(request);
    socket.flush();
    QByteArray reply;
    QDeadlineTimer deadline(timeoutMs);
    while (!reply.contains('}') && !deadline.hasExpired() &&
           socket.state() == QLocalSocket::ConnectedState) {
        if (socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
            reply += socket.readAll();
        }
    }
    reply += socket.readAll();
    return reply;
}

} // namespace

class tst_fleet_sim : public QObject {
    Q_OBJECT

private:
    // Starts `ssh -N -L LOCAL:REMOTE HOST` and waits until ssh has made the local socket.
    bool startForward(QProcess& ssh, int k, const QString& local, const QString& remote) {
        QFile::remove(local);
        ssh.start(QStringLiteral("ssh"),
                  {QStringLiteral("-F"), fleet_.sshConfig(), QStringLiteral("-N"),
                   QStringLiteral("-o"), QStringLiteral("ExitOnForwardFailure=yes"),
                   QStringLiteral("-L"), local + QLatin1Char(':') + remote, SimFleet::host(k)});
        return ssh.waitForStarted(10000) &&
               wait_until([&] { return QFile::exists(local) || ssh.state() != QProcess::Running; },
                          30000) &&
               QFile::exists(local);
    }

    static void stopForward(QProcess& ssh) {
        ssh.terminate();
        if (!ssh.waitForFinished(10000)) {
            ssh.kill();
            ssh.waitForFinished();
        }
    }

    SimFleet fleet_;
    QSet<qint64> seenPids_;

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(fleet_.up(kHosts, error), qPrintable(error));
        QCOMPARE(fleet_.dir().size() < 40, true);
    }

    void everyHostAnswersOverSsh_data() {
        QTest::addColumn<int>("k");
        for (int k = 1; k <= kHosts; k++) {
            QTest::addRow("h%d", k) << k;
        }
    }

    void everyHostAnswersOverSsh() {
        QFETCH(int, k);
        const SimFleet::Result r =
            fleet_.ssh(k, QStringLiteral("ovs-appctl -t ovs-vswitchd version"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("Open vSwitch"), r.out.constData());
    }

    // Each host's /run/openvswitch is its own run directory: the same files, the same pids,
    // and no two hosts share a daemon.
    void eachHostSeesOnlyItsOwnDaemons() {
        QSet<QString> vswitchdPids;
        for (int k = 1; k <= kHosts; k++) {
            const SimFleet::Result r = fleet_.ssh(
                k, QStringLiteral("ls /run/openvswitch; cat /run/openvswitch/ovs-vswitchd.pid"));
            QVERIFY2(r.exitCode == 0, r.err.constData());
            QStringList remote =
                QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            const QString pid = remote.takeLast();
            QStringList local = QDir(fleet_.runDir(k)).entryList(QDir::System | QDir::Files);
            remote.sort();
            local.sort();
            QCOMPARE(remote, local);
            QVERIFY(remote.contains(QStringLiteral("ovs-vswitchd.%1.ctl").arg(pid)));
            QVERIFY(remote.contains(QStringLiteral("db.sock")));
            QCOMPARE(
                QString::number(readPid(fleet_.runDir(k) + QStringLiteral("/ovs-vswitchd.pid"))),
                pid);
            vswitchdPids.insert(pid);
        }
        QCOMPARE(vswitchdPids.size(), kHosts);
    }

    // `ssh -L local.sock:/run/openvswitch/db.sock` reaches that host's ovsdb-server.
    void streamLocalForwardingReachesTheDatabase() {
        const QString local = fleet_.dir() + QStringLiteral("/fwd1.sock");
        QProcess ssh;
        QVERIFY2(startForward(ssh, 1, local, QStringLiteral("/run/openvswitch/db.sock")),
                 ssh.readAllStandardError().constData());
        const QByteArray reply = rpc(local, R"({"method":"list_dbs","params":[],"id":1})");
        stopForward(ssh);
        QVERIFY2(reply.contains("Open_vSwitch"), reply.constData());
    }

    // With AllowStreamLocalForwarding no, a connection to the forwarded socket gets nothing.
    void refusedForwardingFails() {
        QString error;
        QVERIFY2(fleet_.setForwarding(2, false, error), qPrintable(error));
        const QString local = fleet_.dir() + QStringLiteral("/fwd2.sock");
        QProcess ssh;
        QVERIFY2(startForward(ssh, 2, local, QStringLiteral("/run/openvswitch/db.sock")),
                 ssh.readAllStandardError().constData());
        const QByteArray reply = rpc(local, R"({"method":"list_dbs","params":[],"id":1})", 5000);
        stopForward(ssh);
        QCOMPARE(reply, QByteArray());
        QVERIFY2(fleet_.setForwarding(2, true, error), qPrintable(error));
        QProcess again;
        QVERIFY2(startForward(again, 2, local, QStringLiteral("/run/openvswitch/db.sock")),
                 again.readAllStandardError().constData());
        const QByteArray restored = rpc(local, R"({"method":"list_dbs","params":[],"id":1})");
        stopForward(again);
        QVERIFY2(restored.contains("Open_vSwitch"), restored.constData());
    }

    void changedHostKeyIsRefused() {
        QString error;
        QVERIFY2(fleet_.rekey(3, error), qPrintable(error));
        const SimFleet::Result r = fleet_.ssh(3, QStringLiteral("true"));
        QCOMPARE(r.exitCode, 255);
        QVERIFY2(r.err.contains("REMOTE HOST IDENTIFICATION HAS CHANGED"), r.err.constData());
    }

    void stoppedSshdRefusesAndComesBack() {
        QString error;
        const int port = fleet_.port(1);
        QVERIFY(port > 0);
        QVERIFY2(fleet_.stopSshd(1, error), qPrintable(error));
        SimFleet::Result r = fleet_.ssh(1, QStringLiteral("true"));
        QCOMPARE(r.exitCode, 255);
        QVERIFY2(r.err.contains("Connection refused"), r.err.constData());
        QVERIFY2(fleet_.startSshd(1, error), qPrintable(error));
        QCOMPARE(fleet_.port(1), port);
        r = fleet_.ssh(1, QStringLiteral("echo back"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("back\n"));
    }

    void restartedDaemonHasANewPid_data() {
        QTest::addColumn<QString>("daemon");
        QTest::newRow("ovs-vswitchd") << QStringLiteral("ovs-vswitchd");
        QTest::newRow("ovsdb-server") << QStringLiteral("ovsdb-server");
    }

    void restartedDaemonHasANewPid() {
        QFETCH(QString, daemon);
        const QString pidfile =
            fleet_.runDir(1) + QLatin1Char('/') + daemon + QStringLiteral(".pid");
        const qint64 before = readPid(pidfile);
        QVERIFY(before > 0);
        QString error;
        QVERIFY2(fleet_.restartDaemon(1, daemon, error), qPrintable(error));
        const qint64 after = readPid(pidfile);
        QVERIFY(after > 0);
        QVERIFY(after != before);
        QVERIFY(!alive(before));
        const SimFleet::Result r = fleet_.ssh(
            1, QStringLiteral("ls /run/openvswitch; ovs-appctl -t %1 version").arg(daemon));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains(QStringLiteral("%1.%2.ctl").arg(daemon).arg(after).toUtf8()));
        QVERIFY(!r.out.contains(QStringLiteral("%1.%2.ctl").arg(daemon).arg(before).toUtf8()));
    }

    // Root ignores file modes, so the unprivileged login shows what a user without access
    // to a socket gets.
    void unprivilegedLoginIsDeniedAChmod000Socket() {
        const QString socket = fleet_.runDir(1) + QStringLiteral("/db.sock");
        QVERIFY(::chmod(QFile::encodeName(socket).constData(), 0) == 0);
        const SimFleet::Result r = fleet_.sshTo(
            SimFleet::unprivHost(1),
            QStringLiteral("id -un; socat -T5 STDIO UNIX-CONNECT:/run/openvswitch/db.sock"
                           " </dev/null"));
        ::chmod(QFile::encodeName(socket).constData(), 0770);
        QVERIFY2(r.out.startsWith("vigil-fleet\n"), (r.out + r.err).constData());
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("Permission denied"), r.err.constData());
    }

    // `down` leaves no process behind: not the daemons, not the sshds, not their sessions.
    void downLeavesNoProcess() {
        QList<qint64> pids;
        for (int k = 1; k <= kHosts; k++) {
            const QString hostDir = fleet_.dir() + QStringLiteral("/h%1").arg(k);
            for (const QString& file :
                 {QStringLiteral("/run/ovs-vswitchd.pid"), QStringLiteral("/run/ovsdb-server.pid"),
                  QStringLiteral("/sshd.pid")}) {
                const qint64 pid = readPid(hostDir + file);
                QVERIFY2(pid > 0 && alive(pid), qPrintable(hostDir + file));
                pids << pid;
            }
        }
        // A session left open must go too.
        QProcess session;
        session.start(QStringLiteral("ssh"),
                      {QStringLiteral("-F"), fleet_.sshConfig(), SimFleet::host(2),
                       QStringLiteral("echo started; exec sleep 300")});
        QVERIFY(session.waitForStarted(10000));
        const QByteArray dirBytes = fleet_.dir().toUtf8();
        auto processesInFleet = [&] {
            QList<qint64> found;
            const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
            for (const QString& entry : entries) {
                bool ok = false;
                const qint64 pid = entry.toLongLong(&ok);
                if (!ok || pid == QCoreApplication::applicationPid() || !alive(pid)) {
                    continue;
                }
                QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
                if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(dirBytes)) {
                    found << pid;
                }
            }
            return found;
        };
        QVERIFY(wait_until(
            [&] {
                session.waitForReadyRead(10);
                return session.peek(64).contains("started") || session.state() != QProcess::Running;
            },
            30000));
        QVERIFY2(session.state() == QProcess::Running, session.readAllStandardError().constData());
        QString error;
        QVERIFY2(fleet_.down(error), qPrintable(error));
        for (qint64 pid : pids) {
            QVERIFY2(!alive(pid), qPrintable(QString::number(pid)));
        }
        QVERIFY(session.waitForFinished(30000));
        const QList<qint64> left = processesInFleet();
        QVERIFY2(left.isEmpty(), qPrintable(QString::number(left.value(0))));
        QVERIFY2(fleet_.down(error), qPrintable(error)); // idempotent
    }
};

QTEST_GUILESS_MAIN(tst_fleet_sim)
#include "tst_fleet_sim.moc"
