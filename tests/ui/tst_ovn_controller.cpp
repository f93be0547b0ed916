// A real ovn-controller (OVN 23.03) on a real Open vSwitch, its southbound remote a loopback
// port where nothing listens at first, seen by an in-process Console: not asked while nobody
// watches; once watched it is "not connected", then "connected" as soon as an ovsdb-server
// with the OVN_Southbound database listens there, and "not connected" again when that server
// stops, all without anyone asking; ovn/list says the same over the console's control socket.
#include "console_test_util.h"
#include "ovs_fixture.h"
#include "services/cluster_status.h"
#include "services/console.h"
#include "services/control_server.h"
#include "services/target_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace vigil::ui;
using vigil::test::bin;
using vigil::test::run_program;
using vigil::test::run_result;

namespace {

void stopPid(pid_t& pid) {
    if (pid > 0) {
        ::kill(pid, SIGTERM);
        if (!vigil::test::wait_until([&] { return vigil::test::process_gone(pid); }, 10000)) {
            ::kill(pid, SIGKILL);
            vigil::test::wait_until([&] { return vigil::test::process_gone(pid); }, 5000);
        }
        pid = 0;
    }
}

} // namespace

class TestOvnController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void notAskedUnwatched();
    void notConnected();
    void connectsWhenSouthboundStarts();
    void ovnListCommand();
    void disconnectsWhenSouthboundStops();

private:
    // The console's record of the ovn-controller target, if it has one.
    std::optional<OvnControllerStatus> controller() const;
    bool startSouthbound(QString& error);

    QTemporaryDir dir_;
    QProcessEnvironment env_;
    vigil::test::real_ovs ovs_;
    int port_ = 0;
    pid_t controllerPid_ = 0;
    pid_t southboundPid_ = 0;
    std::unique_ptr<Console> console_;
};

void TestOvnController::initTestCase() {
    QVERIFY(dir_.isValid());
    qputenv("OVS_RUNDIR", dir_.path().toLocal8Bit());
    QString error;
    ovs_.setDatapath(vigil::test::real_ovs::Datapath::IsolatedRegular);
    QVERIFY2(ovs_.start(dir_.path(), error), qPrintable(error));
    port_ = vigil::test::free_loopback_port();
    QVERIFY(port_ > 0);
    QVERIFY2(ovs_.vsctl({QStringLiteral("set"), QStringLiteral("Open_vSwitch"), QStringLiteral("."),
                         QStringLiteral("external_ids:ovn-remote=tcp:127.0.0.1:%1").arg(port_),
                         QStringLiteral("external_ids:ovn-encap-type=geneve"),
                         QStringLiteral("external_ids:ovn-encap-ip=127.0.0.1"),
                         QStringLiteral("external_ids:system-id=vigil-test-chassis")},
                        &error),
             qPrintable(error));

    // ovn-controller 23.03 has no --unixctl option: its socket is
    // $OVN_RUNDIR/ovn-controller.PID.ctl, so the run directory is the test's.
    env_ = ovs_.env();
    env_.insert(QStringLiteral("OVN_RUNDIR"), dir_.path());
    env_.insert(QStringLiteral("OVN_LOGDIR"), dir_.path());
    env_.insert(QStringLiteral("OVN_DBDIR"), dir_.path());
    const QString pidfile = dir_.path() + QStringLiteral("/ovn-controller.pid");
    const run_result r = run_program(
        QStringLiteral("ovn-controller"),
        {QStringLiteral("unix:") + ovs_.dbSocket(), QStringLiteral("--pidfile=") + pidfile,
         QStringLiteral("--log-file=") + dir_.path() + QStringLiteral("/ovn-controller.log"),
         QStringLiteral("--detach"), QStringLiteral("--no-chdir")},
        env_, 30000);
    QVERIFY2(r.exit_code == 0, (r.out + r.err).constData());
    controllerPid_ = vigil::test::read_pid(pidfile);
    QVERIFY(controllerPid_ > 0);

    console_ = std::make_unique<Console>();
    console_->targets()->setRunDirectories({dir_.path()});
    console_->clusters()->setInterval(ClusterStatus::minIntervalMs);
}

void TestOvnController::cleanupTestCase() {
    console_.reset();
    stopPid(southboundPid_);
    stopPid(controllerPid_);
}

std::optional<OvnControllerStatus> TestOvnController::controller() const {
    for (const OvnControllerStatus& c : console_->clusters()->controllers()) {
        if (c.target == QLatin1String("ovn-controller")) {
            return c;
        }
    }
    return std::nullopt;
}

bool TestOvnController::startSouthbound(QString& error) {
    const QString db = dir_.path() + QStringLiteral("/ovn-sb.db");
    run_result r = run_program(
        QStringLiteral("ovsdb-tool"),
        {QStringLiteral("create"), db, QStringLiteral("/usr/share/ovn/ovn-sb.ovsschema")}, env_);
    if (r.exit_code != 0) {
        error = QStringLiteral("ovsdb-tool create: ") + QString::fromUtf8(r.out + r.err);
        return false;
    }
    const QString pidfile = dir_.path() + QStringLiteral("/ovsdb-server-sb.pid");
    r = run_program(
        QStringLiteral("ovsdb-server"),
        {db, QStringLiteral("--remote=ptcp:%1:127.0.0.1").arg(port_),
         QStringLiteral("--unixctl=") + dir_.path() + QStringLiteral("/ovsdb-server-sb.ctl"),
         QStringLiteral("--pidfile=") + pidfile,
         QStringLiteral("--log-file=") + dir_.path() + QStringLiteral("/ovsdb-server-sb.log"),
         QStringLiteral("--no-chdir"), QStringLiteral("--detach")},
        env_);
    if (r.exit_code != 0) {
        error = QStringLiteral("ovsdb-server: ") + QString::fromUtf8(r.out + r.err);
        return false;
    }
    southboundPid_ = vigil::test::read_pid(pidfile);
    return southboundPid_ > 0;
}

// Discovered, but nobody looks: nothing asks it.
void TestOvnController::notAskedUnwatched() {
    QTRY_VERIFY_WITH_TIMEOUT(console_->targets()->target(QStringLiteral("ovn-controller")), 30000);
    QVERIFY(!console_->clusters()->isWatched());
    // The real ovs-appctl gets an answer meanwhile (while this thread serves its events).
    const QString socket = console_->targets()->socketPath(QStringLiteral("ovn-controller"));
    const run_result r = vigil::test::run_serving(
        QStringLiteral("ovs-appctl"), {QStringLiteral("-t"), socket, "connection-status"}, env_);
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QCOMPARE(QString::fromUtf8(r.out).trimmed(), QStringLiteral("not connected"));
    QVERIFY(!controller());
}

void TestOvnController::notConnected() {
    console_->clusters()->watch(this);
    QTRY_VERIFY_WITH_TIMEOUT(controller() && controller()->ok, 30000);
    const OvnControllerStatus c = *controller();
    QCOMPARE(c.southbound, SouthboundState::NotConnected);
    QVERIFY(c.error.isEmpty());
    QVERIFY2(c.version.startsWith(QLatin1String("ovn-controller 23.")), qPrintable(c.version));
    QCOMPARE(c.engine, QStringLiteral("running"));
    QCOMPARE(c.socketPath,
             dir_.path() + QStringLiteral("/ovn-controller.%1.ctl").arg(controllerPid_));
    // Not a cluster: nothing to show there.
    QVERIFY(console_->clusters()->databases().isEmpty());
}

void TestOvnController::connectsWhenSouthboundStarts() {
    QString error;
    QVERIFY2(startSouthbound(error), qPrintable(error));
    // ovn-controller backs off up to 8 s between attempts; the console polls every 2 s.
    QTRY_VERIFY_WITH_TIMEOUT(controller() && controller()->southbound == SouthboundState::Connected,
                             60000);
    QVERIFY(controller()->ok);
    // The southbound server is a standalone ovsdb-server: discovered, but no cluster.
    QTRY_VERIFY_WITH_TIMEOUT(console_->targets()->target(QStringLiteral("ovsdb-server-sb")), 30000);
    QVERIFY(console_->clusters()->databases().isEmpty());
}

void TestOvnController::ovnListCommand() {
    QString error;
    QVERIFY2(console_->startControlSocket(&error), qPrintable(error));
    const QString socket = console_->controlServer()->socketPath();
    const run_result json =
        vigil::test::run_serving(bin(QStringLiteral("vigil-appctl")),
                                 {QStringLiteral("-t"), socket, QStringLiteral("--format"),
                                  QStringLiteral("json"), QStringLiteral("ovn/list")},
                                 env_);
    QVERIFY2(json.exit_code == 0, json.err.constData());
    const QJsonArray rows = QJsonDocument::fromJson(json.out).array();
    QCOMPARE(rows.size(), 1);
    const QJsonObject o = rows[0].toObject();
    QCOMPARE(o.value(QLatin1String("target")).toString(), QStringLiteral("ovn-controller"));
    QCOMPARE(o.value(QLatin1String("southbound")).toString(), QStringLiteral("connected"));
    QCOMPARE(o.value(QLatin1String("engine")).toString(), QStringLiteral("running"));
    QVERIFY(o.value(QLatin1String("ok")).toBool());

    const run_result text =
        vigil::test::run_serving(bin(QStringLiteral("vigil-appctl")),
                                 {QStringLiteral("-t"), socket, QStringLiteral("ovn/list")}, env_);
    QVERIFY2(text.exit_code == 0, text.err.constData());
    const QStringList lines = QString::fromUtf8(text.out).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines[0].startsWith(QLatin1String("TARGET")));
    QVERIFY2(lines[1].startsWith(QLatin1String("ovn-controller")) &&
                 lines[1].contains(QLatin1String(" connected ")),
             qPrintable(lines[1]));
    // No cluster among these targets.
    const run_result clusters =
        vigil::test::run_serving(bin(QStringLiteral("vigil-appctl")),
                                 {QStringLiteral("-t"), socket, QStringLiteral("--format"),
                                  QStringLiteral("json"), QStringLiteral("cluster/list")},
                                 env_);
    QVERIFY2(clusters.exit_code == 0, clusters.err.constData());
    QCOMPARE(QJsonDocument::fromJson(clusters.out).array().size(), 0);
}

void TestOvnController::disconnectsWhenSouthboundStops() {
    stopPid(southboundPid_);
    QTRY_VERIFY_WITH_TIMEOUT(
        controller() && controller()->southbound == SouthboundState::NotConnected, 60000);
    QVERIFY(controller()->ok);
    // The controller going makes its record go too.
    stopPid(controllerPid_);
    QTRY_VERIFY_WITH_TIMEOUT(!controller() || !controller()->ok, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(console_->clusters()->controllers().isEmpty(), 30000);
}

QTEST_GUILESS_MAIN(TestOvnController)
#include "tst_ovn_controller.moc"
