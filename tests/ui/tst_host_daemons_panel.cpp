// The Hosts view's panel of a host's own supervised daemons, and the sidebar's entries for
// them, against a simulated fleet where host h1 runs a real Vigil supervisor (with one daemon,
// "ticker") and h2 runs none: selecting h1 shows ticker with its state and its log lines from
// h1, Restart and Stop in that panel act on h1 (the process changes or goes), selecting h2
// says it runs no supervisor, and the sidebar lists ticker under h1 with its state.
#include "fleet_fixture.h"
#include "private_settings.h"
#include "services/console.h"
#include "services/remote_supervisors.h"
#include "services/supervisor.h"
#include "services/supervisor_client.h"
#include "test_util.h"
#include "views/daemons_view.h"
#include "views/host_daemons_panel.h"
#include "views/hosts_view.h"
#include "views/logs_view.h"
#include "views/sidebar.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace vigil::ui;
using vigil::test::SimFleet;

namespace {

bool alive(qint64 pid) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    return pid > 0 && status.open(QIODevice::ReadOnly) && !status.readAll().contains("State:\tZ");
}

bool writeConsoleWorkspace(const QString& path, const QString& sshConfig) {
    const QJsonObject workspace{
        {"version", 1},
        {"daemons", QJsonArray()},
        {"hosts", QJsonArray{QJsonObject{{"name", "h1"}, {"destination", "h1"}},
                             QJsonObject{{"name", "h2"}, {"destination", "h2"}}}},
        {"ssh", QJsonObject{{"arguments", QJsonArray{"-F", sshConfig}}}}};
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(QJsonDocument(workspace).toJson()) > 0;
}

} // namespace

class TestHostDaemonsPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void panelAndSidebarDriveTheHostsSupervisor();
};

void TestHostDaemonsPanel::panelAndSidebarDriveTheHostsSupervisor() {
    QTemporaryDir dir(QStringLiteral("/tmp/vh-XXXXXX"));
    QVERIFY(dir.isValid());
    qputenv("OVS_RUNDIR", dir.path().toLocal8Bit());
    vigil::test::use_private_settings(dir.filePath(QStringLiteral("config")));
    qputenv("XDG_DATA_HOME", dir.filePath(QStringLiteral("data")).toLocal8Bit());
    SimFleet fleet;
    SimFleet::Options options;
    options.withVswitchd = false;
    QString error;
    QVERIFY2(fleet.up(2, error, options), qPrintable(error));
    const QString remoteWorkspace = dir.filePath(QStringLiteral("remote.json"));
    QVERIFY(SimFleet::writeTickerWorkspace(remoteWorkspace));
    QVERIFY2(fleet.startVigilSupervisor(1, vigil::test::bin(QStringLiteral("vigil")),
                                        remoteWorkspace, error),
             qPrintable(error));

    const QString workspace = dir.filePath(QStringLiteral("workspace.json"));
    QVERIFY(writeConsoleWorkspace(workspace, fleet.sshConfig()));
    Console console;
    QVERIFY2(console.load(workspace, &error), qPrintable(error));

    HostsView view(&console);
    Sidebar sidebar(console.supervisor(), console.targets(), console.sessions());
    sidebar.setFleet(console.fleet());
    sidebar.setRemoteSupervisors(console.remoteSupervisors());
    HostDaemonsPanel* panel = view.daemonsPanel();

    QTRY_VERIFY_WITH_TIMEOUT(console.remoteSupervisors()->client(QStringLiteral("h1")) &&
                                 console.remoteSupervisors()->client("h1")->isConnected(),
                             60000);
    QVERIFY(view.selectHost(QStringLiteral("h1")));
    QCOMPARE(panel->host(), QStringLiteral("h1"));
    QTRY_VERIFY(panel->headline().contains(QLatin1String("Daemons supervised on h1")));
    DaemonsView* daemons = panel->daemonsView(QStringLiteral("h1"));
    QVERIFY(daemons);
    Supervisor* remote = console.remoteSupervisors()->supervisor(QStringLiteral("h1"));
    auto tickerPid = [remote] {
        const auto s = remote->status(QStringLiteral("ticker"));
        return s && s->state == DaemonState::Running ? s->pid : 0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(tickerPid() > 0, 30000);
    QTRY_COMPARE(sidebar.badge(QStringLiteral("ticker")), QStringLiteral("running"));

    // Its output, from h1.
    QVERIFY(daemons->selectDaemon(QStringLiteral("ticker")));
    LogsView* logs = panel->logsView(QStringLiteral("h1"));
    QVERIFY(logs);
    QTRY_VERIFY_WITH_TIMEOUT(logs->visibleLineCount() > 0, 10000);
    QCOMPARE(logs->lineText(0), QStringLiteral("tick"));

    // Restart in the panel: a new process on h1, the old one gone.
    const qint64 first = tickerPid();
    QVERIFY(alive(first));
    QTRY_VERIFY(daemons->restartAction()->isEnabled());
    daemons->restartAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(tickerPid() > 0 && tickerPid() != first, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!alive(first), 10000);

    // Stop: the sidebar follows.
    const qint64 second = tickerPid();
    QTRY_VERIFY(daemons->stopAction()->isEnabled());
    daemons->stopAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(sidebar.badge(QStringLiteral("ticker")), QStringLiteral("stopped"),
                              20000);
    QTRY_VERIFY_WITH_TIMEOUT(!alive(second), 10000);

    // A host without a supervisor says so.
    QVERIFY(view.selectHost(QStringLiteral("h2")));
    QVERIFY2(panel->headline().contains(QLatin1String("h2 runs no Vigil supervisor")),
             qPrintable(panel->headline()));
    QVERIFY(!panel->daemonsView(QStringLiteral("h2")));

    QVERIFY2(fleet.down(error), qPrintable(error));
}

QTEST_MAIN(TestHostDaemonsPanel)
#include "tst_host_daemons_panel.moc"
