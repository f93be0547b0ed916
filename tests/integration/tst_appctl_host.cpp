// -H/--host against the simulated fleet (real sshd per host): vigil-appctl finds a daemon's
// control socket on the remote host and talks to it through ssh, each host answering for
// itself; a target the host does not run, and an ssh that cannot connect, end with clear
// errors; vigil-rpc -H reaches a socket path on the host.
#include "appctl_test_util.h"
#include "fleet_fixture.h"
#include "test_util.h"

#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTest>

using namespace vigil::test;

class tst_appctl_host : public QObject {
    Q_OBJECT

private:
    SimFleet fleet_;

    // The environment that makes -H use the fleet's ssh configuration.
    QProcessEnvironment env() const {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("VIGIL_SSH"),
                 QStringLiteral("ssh -F '%1'").arg(fleet_.sshConfig()));
        return e;
    }
    run_result appctl(const QStringList& args) const {
        return run_program(bin(QStringLiteral("vigil-appctl")), args, env(), 60000);
    }
    run_result rpc(const QStringList& args) const {
        return run_program(bin(QStringLiteral("vigil-rpc")), args, env(), 60000);
    }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(fleet_.up(2, error), qPrintable(error));
    }

    void version_data() {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("target");
        QTest::newRow("h1 ovs-vswitchd") << "h1"
                                         << "ovs-vswitchd";
        QTest::newRow("h2 ovs-vswitchd") << "h2"
                                         << "ovs-vswitchd";
        QTest::newRow("h1 ovsdb-server") << "h1"
                                         << "ovsdb-server";
    }
    void version() {
        QFETCH(QString, host);
        QFETCH(QString, target);
        run_result r = appctl(
            {QStringLiteral("-H"), host, QStringLiteral("-t"), target, QStringLiteral("version")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY2(r.out.startsWith(target.toUtf8() + " (Open vSwitch)"), r.out.constData());
    }

    // A setting made on one host through -H shows there and not on the other.
    void hosts_are_distinct() {
        run_result r = appctl({QStringLiteral("--host=h1"), QStringLiteral("vlog/set"),
                               QStringLiteral("bridge:file:dbg")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        const QRegularExpression dbg(QStringLiteral("\\nbridge +[A-Z]+ +[A-Z]+ +DBG\\n"));
        r = appctl({QStringLiteral("-H"), QStringLiteral("h1"), QStringLiteral("vlog/list")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY2(dbg.match(QString::fromUtf8(r.out)).hasMatch(), r.out.constData());
        r = appctl({QStringLiteral("-H"), QStringLiteral("h2"), QStringLiteral("vlog/list")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY2(!dbg.match(QString::fromUtf8(r.out)).hasMatch(), r.out.constData());
    }

    void target_not_on_host() {
        run_result r = appctl({QStringLiteral("-H"), QStringLiteral("h1"), QStringLiteral("-t"),
                               QStringLiteral("vigil-no-such-daemon"), QStringLiteral("version")});
        QVERIFY(r.exit_code != 0);
        QVERIFY2(r.err.contains("vigil-no-such-daemon: no control socket found on h1"),
                 r.err.constData());
        QVERIFY2(r.err.contains("cannot connect to \"vigil-no-such-daemon\" on h1"),
                 r.err.constData());
    }

    // --ssh-option reaches ssh (a port nobody listens on overrides the configuration's), and
    // ssh's own complaint reaches the user.
    void ssh_cannot_connect() {
        const quint16 port = free_loopback_port();
        run_result r =
            appctl({QStringLiteral("-H"), QStringLiteral("h1"), QStringLiteral("--ssh-option"),
                    QStringLiteral("Port=%1").arg(port), QStringLiteral("--ssh-option"),
                    QStringLiteral("ConnectTimeout=20"), QStringLiteral("version")});
        QVERIFY(r.exit_code != 0);
        QVERIFY2(r.err.contains("Connection refused"), r.err.constData());
        QVERIFY2(r.err.contains("cannot connect to \"ovs-vswitchd\" on h1"), r.err.constData());
    }

    void rpc_list_dbs() {
        run_result r = rpc({QStringLiteral("-H"), QStringLiteral("h2"), QStringLiteral("request"),
                            QStringLiteral("unix:/run/openvswitch/db.sock"),
                            QStringLiteral("list_dbs"), QStringLiteral("[]")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY2(r.out.contains("\"Open_vSwitch\""), r.out.constData());
    }

    void rpc_missing_socket() {
        run_result r = rpc({QStringLiteral("-H"), QStringLiteral("h1"), QStringLiteral("request"),
                            QStringLiteral("unix:/run/openvswitch/vigil-none.sock"),
                            QStringLiteral("list_dbs"), QStringLiteral("[]")});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains("vigil-none.sock"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(tst_appctl_host)
#include "tst_appctl_host.moc"
