// HostModel under QAbstractItemModelTester: snapshots diffed by host name (removals in ranges,
// changed cells in contiguous ranges, new hosts appended in one burst), and, against a real
// simulated fleet (SimFleet: sshd per host), rows that follow Fleet::hostsChanged as hosts
// connect, are removed and added; the Hosts view's Trust Key… on a host whose key is unknown
// (fingerprint shown, trusted on Yes, the host then connects) and its refusal text for a
// changed key.
#include "fleet_fixture.h"
#include "models/host_model.h"
#include "private_settings.h"
#include "services/console.h"
#include "services/fleet.h"
#include "test_util.h"
#include "views/hosts_view.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace vigil::ui;
using vigil::test::SimFleet;

namespace {

HostInfo hostInfo(const QString& name, HostState state = HostState::Connecting, int targets = 0) {
    HostInfo h;
    h.definition.name = name;
    h.definition.destination = QStringLiteral("root@") + name;
    h.state = state;
    h.targets = targets;
    return h;
}

QList<HostInfo> hostList(const QStringList& names) {
    QList<HostInfo> out;
    for (const QString& n : names) {
        out << hostInfo(n);
    }
    return out;
}

QStringList namesOf(const HostModel& model) {
    QStringList out;
    for (int r = 0; r < model.rowCount(); r++) {
        out << model.host(r).definition.name;
    }
    return out;
}

using Ranges = QList<QPair<int, int>>;

Ranges rangesOf(const QSignalSpy& spy) {
    Ranges out;
    for (const QList<QVariant>& args : spy) {
        if (args[0].canConvert<QModelIndex>() && args[0].toModelIndex().isValid()) {
            out << qMakePair(args[0].toModelIndex().row(), args[1].toModelIndex().row());
        } else {
            out << qMakePair(args[1].toInt(), args[2].toInt()); // rowsInserted/rowsRemoved
        }
    }
    return out;
}

} // namespace

class TestHostModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void diff_data();
    void diff();
    void cellsAndRoles();
    void followsRealFleet();

private:
    bool writeWorkspace(const QString& path, const QString& sshConfig, const QStringList& hosts,
                        const QStringList& destinations);
};

void TestHostModel::diff_data() {
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<QStringList>("after");
    QTest::addColumn<Ranges>("removed");
    QTest::addColumn<Ranges>("inserted");
    QTest::newRow("first snapshot: one burst")
        << QStringList{} << QStringList{"a", "b", "c"} << Ranges{} << Ranges{{0, 2}};
    QTest::newRow("appended") << QStringList{"a"} << QStringList{"a", "b", "c"} << Ranges{}
                              << Ranges{{1, 2}};
    QTest::newRow("middle removed")
        << QStringList{"a", "b", "c", "d"} << QStringList{"a", "d"} << Ranges{{1, 2}} << Ranges{};
    QTest::newRow("two runs removed")
        << QStringList{"a", "b", "c", "d", "e"} << QStringList{"b", "d"}
        << Ranges{{4, 4}, {2, 2}, {0, 0}} << Ranges{};
    QTest::newRow("removed and added")
        << QStringList{"a", "b"} << QStringList{"b", "c"} << Ranges{{0, 0}} << Ranges{{1, 1}};
    QTest::newRow("all gone") << QStringList{"a", "b"} << QStringList{} << Ranges{{0, 1}}
                              << Ranges{};
    QTest::newRow("unchanged") << QStringList{"a", "b"} << QStringList{"a", "b"} << Ranges{}
                               << Ranges{};
}

void TestHostModel::diff() {
    QFETCH(QStringList, before);
    QFETCH(QStringList, after);
    QFETCH(Ranges, removed);
    QFETCH(Ranges, inserted);
    HostModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setHosts(hostList(before));
    QCOMPARE(namesOf(model), before);
    QSignalSpy removals(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setHosts(hostList(after));
    QCOMPARE(namesOf(model), after);
    QCOMPARE(rangesOf(removals), removed);
    QCOMPARE(rangesOf(inserts), inserted);
    QCOMPARE(resets.size(), 0);
}

void TestHostModel::cellsAndRoles() {
    HostModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<HostInfo> hosts{hostInfo("a"), hostInfo("b"), hostInfo("c"), hostInfo("d")};
    model.setHosts(hosts);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    // Two neighbours change: one contiguous range of whole rows.
    hosts[1].state = HostState::Connected;
    hosts[1].targets = 2;
    hosts[1].rttMs = 7;
    hosts[2].state = HostState::HostKeyUnknown;
    hosts[2].keyType = QStringLiteral("ssh-ed25519");
    hosts[2].fingerprint = QStringLiteral("SHA256:abc");
    hosts[2].lastError = QStringLiteral("Host key verification failed.\nmore");
    model.setHosts(hosts);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed[0][0].toModelIndex().row(), 1);
    QCOMPARE(changed[0][1].toModelIndex().row(), 2);
    QCOMPARE(changed[0][1].toModelIndex().column(), HostModel::ColumnCount - 1);
    auto cell = [&model](int row, int column, int role = Qt::DisplayRole) {
        return model.index(row, column).data(role);
    };
    QCOMPARE(cell(1, HostModel::StateColumn).toString(), QStringLiteral("connected"));
    QCOMPARE(cell(1, HostModel::TargetsColumn).toString(), QStringLiteral("2"));
    QCOMPARE(cell(1, HostModel::RttColumn).toString(), QStringLiteral("7 ms"));
    QCOMPARE(cell(0, HostModel::RttColumn).toString(), QString());
    QCOMPARE(cell(2, HostModel::StateColumn).toString(), QStringLiteral("host-key-unknown"));
    QCOMPARE(cell(2, HostModel::LastErrorColumn).toString(),
             QStringLiteral("Host key verification failed."));
    QCOMPARE(cell(2, HostModel::LastErrorColumn, Qt::ToolTipRole).toString(), hosts[2].lastError);
    QCOMPARE(cell(2, HostModel::NameColumn, HostModel::FingerprintRole).toString(),
             QStringLiteral("SHA256:abc"));
    QCOMPARE(cell(2, HostModel::DestinationColumn, HostModel::StateRole).toInt(),
             int(HostState::HostKeyUnknown));
    QCOMPARE(cell(3, HostModel::DestinationColumn).toString(), QStringLiteral("root@d"));
    QCOMPARE(model.rowOf(QStringLiteral("c")), 2);
    QCOMPARE(model.rowOf(QStringLiteral("zz")), -1);
    // Every row changed: one range for the whole table.
    changed.clear();
    for (HostInfo& h : hosts) {
        h.rttMs = 3;
    }
    model.setHosts(hosts);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed[0][0].toModelIndex().row(), 0);
    QCOMPARE(changed[0][1].toModelIndex().row(), 3);
}

bool TestHostModel::writeWorkspace(const QString& path, const QString& sshConfig,
                                   const QStringList& hosts, const QStringList& destinations) {
    QJsonArray list;
    for (qsizetype i = 0; i < hosts.size(); i++) {
        list.append(QJsonObject{{"name", hosts[i]}, {"destination", destinations[i]}});
    }
    QJsonObject root{{"version", 1},
                     {"daemons", QJsonArray()},
                     {"targets", QJsonArray()},
                     {"sessions", QJsonArray()},
                     {"hosts", list},
                     {"ssh", QJsonObject{{"arguments", QJsonArray{"-F", sshConfig}}}}};
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(QJsonDocument(root).toJson()) > 0;
}

void TestHostModel::followsRealFleet() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    qputenv("OVS_RUNDIR", dir.path().toLocal8Bit());
    vigil::test::use_private_settings(dir.filePath(QStringLiteral("config")));
    qputenv("XDG_DATA_HOME", dir.filePath(QStringLiteral("data")).toLocal8Bit());
    SimFleet fleet;
    QString error;
    QVERIFY2(fleet.up(3, error), qPrintable(error));
    // "fresh" reaches host 3 with no known key for it, so the console must ask for it.
    const QString config = dir.filePath(QStringLiteral("ssh_config"));
    {
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        // The Include first: inside a Host block it would apply to that host only.
        f.write(QStringLiteral("Include %3\nHost fresh\n    HostName 127.0.0.1\n    Port %1\n"
                               "    User root\n    IdentityFile %2/client/id_ed25519\n"
                               "    IdentitiesOnly yes\n    HostKeyAlias fresh\n"
                               "    UserKnownHostsFile /dev/null\n"
                               "    StrictHostKeyChecking yes\n    BatchMode yes\n")
                    .arg(fleet.port(3))
                    .arg(fleet.dir(), fleet.sshConfig())
                    .toUtf8());
    }
    const QString workspace = dir.filePath(QStringLiteral("workspace.json"));
    QVERIFY(writeWorkspace(workspace, config, {"h1", "h2", "fresh"}, {"h1", "h2", "fresh"}));
    Console console;
    QVERIFY2(console.load(workspace, &error), qPrintable(error));

    HostsView view(&console);
    HostModel* model = view.model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(namesOf(*model), (QStringList{"h1", "h2", "fresh"}));
    auto state = [model](const QString& name) { return model->host(model->rowOf(name)).state; };
    // The state with the host's last error, so a failure says why.
    auto status = [model](const QString& name) {
        const HostInfo h = model->host(model->rowOf(name));
        return h.state == HostState::Connected ? hostStateName(h.state)
                                               : hostStateName(h.state) + ": " + h.lastError;
    };
    QTRY_COMPARE_WITH_TIMEOUT(status("h1"), QStringLiteral("connected"), 60000);
    QTRY_COMPARE_WITH_TIMEOUT(status("h2"), QStringLiteral("connected"), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(model->host(model->rowOf("h1")).targets >= 2, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(state("fresh"), HostState::HostKeyUnknown, 60000);
    QVERIFY(model->host(model->rowOf("h1")).rttMs >= 0);

    // The unknown key: Trust Key… is enabled, shows the fingerprint, and Yes trusts it.
    QVERIFY(view.selectHost(QStringLiteral("h1")));
    QVERIFY(!view.trustAction()->isEnabled());
    QVERIFY(view.selectHost(QStringLiteral("fresh")));
    QTRY_VERIFY(view.trustAction()->isEnabled());
    const HostInfo fresh = model->host(model->rowOf("fresh"));
    QVERIFY(fresh.fingerprint.startsWith(QLatin1String("SHA256:")));
    QMessageBox* box = view.trustCurrent();
    QVERIFY(box);
    QVERIFY(box->text().contains(fresh.fingerprint));
    QVERIFY(box->text().contains(fresh.keyType));
    box->button(QMessageBox::Yes)->click();
    QTRY_COMPARE_WITH_TIMEOUT(state("fresh"), HostState::Connected, 60000);
    QVERIFY(!view.trustAction()->isEnabled());

    // Rows follow the fleet: removed, then added again at the end.
    console.fleet()->removeHost(QStringLiteral("h2"));
    QCOMPARE(namesOf(*model), (QStringList{"h1", "fresh"}));
    HostDefinition h2;
    h2.name = QStringLiteral("h2");
    h2.destination = QStringLiteral("h2");
    QVERIFY(console.fleet()->addHost(h2, &error));
    QCOMPARE(namesOf(*model), (QStringList{"h1", "fresh", "h2"}));
    QTRY_COMPARE_WITH_TIMEOUT(state("h2"), HostState::Connected, 60000);

    // A changed key is refused, and the view says so rather than offering to trust it.
    QVERIFY2(fleet.rekey(1, error), qPrintable(error));
    console.fleet()->removeHost(QStringLiteral("h1"));
    HostDefinition h1;
    h1.name = QStringLiteral("h1");
    h1.destination = QStringLiteral("h1");
    QVERIFY(console.fleet()->addHost(h1, &error));
    QTRY_COMPARE_WITH_TIMEOUT(state("h1"), HostState::HostKeyChanged, 60000);
    QVERIFY(view.selectHost(QStringLiteral("h1")));
    QVERIFY(!view.trustAction()->isEnabled());
    QVERIFY(view.trustCurrent() == nullptr);
    QVERIFY(HostsView::stateAdvice(model->host(model->rowOf("h1"))).startsWith("Refused"));
    auto* advice = view.findChild<QLabel*>(QStringLiteral("hostAdvice"));
    QVERIFY(advice);
    QVERIFY(advice->text().startsWith(QLatin1String("Refused")));

    // The filter.
    view.setFilter(QStringLiteral("fresh"));
    QCOMPARE(view.visibleHostCount(), 1);
    view.setFilter(QStringLiteral("host-key-changed"));
    QCOMPARE(view.visibleHostCount(), 1);
    view.setFilter(QString());
    QCOMPARE(view.visibleHostCount(), 3);
}

QTEST_MAIN(TestHostModel)
#include "tst_host_model.moc"
