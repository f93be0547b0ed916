// exec: targets and remotes against a real Open vSwitch: vigil-appctl talks to ovs-vswitchd
// and ovsdb-server through `socat STDIO UNIX-CONNECT:`, vigil-rpc asks ovsdb-server's db.sock
// the same way, and the failures (a relay that cannot connect, a program that does not exist,
// -H with a tcp: remote) end with a clear error and a non-zero status.
#include "appctl_test_util.h"
#include "ovs_fixture.h"
#include "test_util.h"

#include <QTemporaryDir>
#include <QTest>

using namespace vigil::test;

class tst_appctl_exec : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_{QStringLiteral("/tmp/vx-XXXXXX")};
    real_ovs ovs_;

    static QString relay(const QString& socket) {
        return QStringLiteral("exec:socat STDIO UNIX-CONNECT:") + socket;
    }
    run_result appctl(const QStringList& args) {
        return run_program(bin(QStringLiteral("vigil-appctl")), args, ovs_.env());
    }
    run_result rpc(const QStringList& args) {
        return run_program(bin(QStringLiteral("vigil-rpc")), args, ovs_.env());
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("socat")).isEmpty(),
                 "socat is not installed");
        QString error;
        QVERIFY2(ovs_.start(dir_.path(), error), qPrintable(error));
    }

    void appctl_version_data() {
        QTest::addColumn<QString>("which");
        QTest::addColumn<QString>("expected");
        QTest::newRow("ovs-vswitchd") << "vswitchd"
                                      << "ovs-vswitchd (Open vSwitch)";
        QTest::newRow("ovsdb-server") << "ovsdb"
                                      << "ovsdb-server (Open vSwitch)";
    }
    void appctl_version() {
        QFETCH(QString, which);
        QFETCH(QString, expected);
        QString socket = which == "vswitchd" ? ovs_.vswitchdControl() : ovs_.ovsdbControl();
        run_result r = appctl({QStringLiteral("-t"), relay(socket), QStringLiteral("version")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY2(r.out.startsWith(expected.toUtf8()), r.out.constData());
        // The same answer as through the socket itself.
        run_result direct = appctl({QStringLiteral("-t"), socket, QStringLiteral("version")});
        QCOMPARE(r.out, direct.out);
    }

    // A command with arguments, and a reply of many lines, through the relay.
    void appctl_command_with_args() {
        run_result r = appctl({QStringLiteral("-t"), relay(ovs_.vswitchdControl()),
                               QStringLiteral("vlog/set"), QStringLiteral("bridge:file:dbg")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        r = appctl(
            {QStringLiteral("-t"), relay(ovs_.vswitchdControl()), QStringLiteral("vlog/list")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY2(QRegularExpression(QStringLiteral("\\nbridge +[A-Z]+ +[A-Z]+ +DBG\\n"))
                     .match(QString::fromUtf8(r.out))
                     .hasMatch(),
                 r.out.constData());
    }

    void appctl_relay_cannot_connect() {
        run_result r = appctl(
            {QStringLiteral("-t"), relay(dir_.filePath("missing.ctl")), QStringLiteral("version")});
        QVERIFY(r.exit_code != 0);
        QVERIFY2(r.err.contains("transaction error"), r.err.constData());
        // socat's own complaint reaches the user: the child's stderr is ours.
        QVERIFY2(r.err.contains("missing.ctl"), r.err.constData());
    }

    void appctl_missing_program() {
        run_result r = appctl({QStringLiteral("-t"), QStringLiteral("exec:vigil-no-such-relay x"),
                               QStringLiteral("version")});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains("cannot connect to \"exec:vigil-no-such-relay x\""),
                 r.err.constData());
    }

    void rpc_list_dbs() {
        run_result r = rpc({QStringLiteral("request"), relay(ovs_.dbSocket()),
                            QStringLiteral("list_dbs"), QStringLiteral("[]")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY2(r.out.contains("\"Open_vSwitch\""), r.out.constData());
        run_result direct =
            rpc({QStringLiteral("request"), QStringLiteral("unix:") + ovs_.dbSocket(),
                 QStringLiteral("list_dbs"), QStringLiteral("[]")});
        QCOMPARE(r.out, direct.out);
    }

    void rpc_host_rejects_network_remotes_data() {
        QTest::addColumn<QString>("remote");
        QTest::newRow("tcp") << "tcp:127.0.0.1:6640";
        QTest::newRow("ssl") << "ssl:127.0.0.1:6640";
        QTest::newRow("exec") << "exec:cat";
    }
    void rpc_host_rejects_network_remotes() {
        QFETCH(QString, remote);
        run_result r = rpc({QStringLiteral("-H"), QStringLiteral("h1"), QStringLiteral("request"),
                            remote, QStringLiteral("list_dbs"), QStringLiteral("[]")});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains("with -H, STREAM must be unix:PATH"), r.err.constData());
    }

    void ssh_option_needs_host() {
        run_result r = appctl(
            {QStringLiteral("--ssh-option"), QStringLiteral("Port=1"), QStringLiteral("version")});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains("--ssh-option requires -H or --host"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(tst_appctl_exec)
#include "tst_appctl_exec.moc"
