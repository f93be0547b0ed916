// Sessions: the console's own reconnecting sessions (through a vigil-testd restart, and with a
// host name resolved first), the sessions daemons report and push through sessions/wait, and
// the SessionModel's diffing, all checked by QAbstractItemModelTester.
#include "bridge/runtime_bridge.h"
#include "console_test_util.h"
#include "models/session_model.h"
#include "services/daemon_session_watch.h"
#include "services/session_monitor.h"
#include "services/target_registry.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace vigil::ui;
using vigil::test::bin;

namespace {

// A SessionModel fed from `monitor`, as the console wires its table.
struct FedModel {
    explicit FedModel(SessionMonitor& monitor) {
        QObject::connect(&monitor, &SessionMonitor::sessionsChanged, &model,
                         [this, &monitor] { model.setSessions(monitor.sessions()); });
    }
    SessionModel model;
};

std::optional<SessionInfo> find(const SessionMonitor& m, const QString& source,
                                const QString& name) {
    for (const SessionInfo& s : m.sessions()) {
        if (s.source == source && s.name == name) {
            return s;
        }
    }
    return std::nullopt;
}

QString stateOf(const SessionMonitor& m, const QString& source, const QString& name) {
    auto s = find(m, source, name);
    return s ? s->stateName() : QString();
}

QStringList statesIn(const QList<SessionStateChange>& history) {
    QStringList states;
    for (const SessionStateChange& c : history) {
        states << sessionStateName(c.state);
    }
    return states;
}

SessionInfo info(const QString& source, const QString& name, const QString& state) {
    SessionInfo s;
    s.source = source;
    s.name = name;
    s.stats.role = "client";
    vigil::reconnect_state_from_name(state.toStdString(), s.stats.state);
    s.snapshotTime = QDateTime::currentDateTimeUtc();
    return s;
}

} // namespace

class TestSessions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelDiffs();
    void consoleSessionReconnects();
    void hostNameResolvedFirst();
    void badRemotes();
    void daemonSessionsPushed();
    void modelHandsOutKeptHistory();
    void daemonWatchOneConnection();
    void daemonWatchReconnects();

private:
    QTemporaryDir dir_;
};

void TestSessions::initTestCase() {
    QVERIFY(dir_.isValid());
    qputenv("OVS_RUNDIR", dir_.path().toLocal8Bit());
}

void TestSessions::modelDiffs() {
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    const QString c = QStringLiteral("console");
    model.setSessions({info(c, "a", "ACTIVE"), info(c, "b", "BACKOFF"), info(c, "c", "ACTIVE")});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(inserted.size(), 1); // one burst
    QCOMPARE(model.data(model.index(1, SessionModel::StateColumn)).toString(),
             QStringLiteral("BACKOFF"));

    // Same data again: nothing signalled.
    model.setSessions({info(c, "a", "ACTIVE"), info(c, "b", "BACKOFF"), info(c, "c", "ACTIVE")});
    QCOMPARE(changed.size(), 0);

    // One change, one removal, two inserts at the end.
    model.setSessions({info(c, "a", "ACTIVE"), info(c, "b", "ACTIVE"), info(c, "d", "VOID"),
                       info(c, "e", "VOID")});
    QCOMPARE(removed.size(), 1);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed[0][0].toModelIndex().row(), 1);
    QCOMPARE(changed[0][1].toModelIndex().row(), 1);
    QCOMPARE(model.rowOf(info(c, "e", "").key()), 3);

    // A reorder resets.
    model.setSessions({info(c, "e", "VOID"), info(c, "a", "ACTIVE")});
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.session(0).name, QStringLiteral("e"));
    QCOMPARE(model.rowCount(), 2);

    // Time in state is computed when read.
    SessionInfo old = info(c, "e", "VOID");
    old.stats.state_elapsed = 5000;
    old.snapshotTime = QDateTime::currentDateTimeUtc().addSecs(-10);
    QVERIFY(old.timeInStateMs() >= 15000);
    QCOMPARE(SessionModel::formatDuration(850), QStringLiteral("850 ms"));
    QCOMPARE(SessionModel::formatDuration(125000), QStringLiteral("2 min 5 s"));
}

void TestSessions::consoleSessionReconnects() {
    RuntimeBridge bridge;
    SessionMonitor monitor(nullptr);
    FedModel fed(monitor);
    QAbstractItemModelTester tester(&fed.model,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    const quint16 port = vigil::test::free_loopback_port();
    const QString remote = QStringLiteral("tcp:127.0.0.1:%1").arg(port);
    const QString listen = QStringLiteral("--remote=ptcp:%1:127.0.0.1").arg(port);
    const QString c = QStringLiteral("console");

    QProcess testd;
    testd.start(bin(QStringLiteral("vigil-testd")), {listen, QStringLiteral("--unixctl=none")});
    QVERIFY(testd.waitForStarted());
    QString error;
    QVERIFY2(monitor.addRemote(remote, &error), qPrintable(error));
    QCOMPARE(monitor.remotes(), QStringList{remote});
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(monitor, c, remote), QStringLiteral("ACTIVE"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(fed.model.rowCount(), 1, 5000);
    // The model follows on the next coalesced publish, which may come a moment after the
    // monitor's live snapshot shows the new state.
    QTRY_COMPARE_WITH_TIMEOUT(
        fed.model.data(fed.model.index(0, SessionModel::StateColumn)).toString(),
        QStringLiteral("ACTIVE"), 5000);
    const qint64 firstSeqno = find(monitor, c, remote)->stats.seqno;

    // The peer goes away: the session leaves ACTIVE (backs off, tries again)...
    testd.kill();
    testd.waitForFinished();
    QTRY_VERIFY_WITH_TIMEOUT(stateOf(monitor, c, remote) != QStringLiteral("ACTIVE"), 10000);
    QVERIFY(!find(monitor, c, remote)->stats.connected);

    // ...and comes back to ACTIVE when the peer is there again on the same port.
    testd.start(bin(QStringLiteral("vigil-testd")), {listen, QStringLiteral("--unixctl=none")});
    QVERIFY(testd.waitForStarted());
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(monitor, c, remote), QStringLiteral("ACTIVE"), 20000);
    const SessionInfo s = *find(monitor, c, remote);
    QVERIFY(s.stats.successes >= 2);
    QVERIFY(s.stats.seqno > firstSeqno);

    const QStringList states = statesIn(monitor.history(s.key()));
    QVERIFY2(states.count(QStringLiteral("ACTIVE")) >= 2, qPrintable(states.join(',')));
    const int firstActive = states.indexOf(QStringLiteral("ACTIVE"));
    const int backoff = states.indexOf(QStringLiteral("BACKOFF"), firstActive);
    QVERIFY2(backoff > firstActive ||
                 states.indexOf(QStringLiteral("CONNECTING"), firstActive + 1) > 0,
             qPrintable(states.join(',')));
    // The model serves the timeline too.
    const QVariantList history =
        fed.model.data(fed.model.index(0, 0), SessionModel::HistoryRole).toList();
    QCOMPARE(history.size(), states.size());

    QVERIFY(monitor.removeRemote(remote));
    QTRY_COMPARE_WITH_TIMEOUT(fed.model.rowCount(), 0, 5000);
    testd.kill();
    testd.waitForFinished();
}

void TestSessions::hostNameResolvedFirst() {
    RuntimeBridge bridge;
    SessionMonitor monitor(nullptr);
    const quint16 port = vigil::test::free_loopback_port();
    QProcess testd;
    testd.start(
        bin(QStringLiteral("vigil-testd")),
        {QStringLiteral("--remote=ptcp:%1:127.0.0.1").arg(port), QStringLiteral("--unixctl=none")});
    QVERIFY(testd.waitForStarted());
    const QString remote = QStringLiteral("tcp:localhost:%1").arg(port);
    QVERIFY(monitor.addRemote(remote));
    const QString c = QStringLiteral("console");
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(monitor, c, remote), QStringLiteral("ACTIVE"), 10000);
    QCOMPARE(find(monitor, c, remote)->resolvedName, QStringLiteral("tcp:127.0.0.1:%1").arg(port));

    // A name that does not resolve is reported, and the session stays listed with the error.
    QSignalSpy errors(&monitor, &SessionMonitor::remoteError);
    const QString bad = QStringLiteral("tcp:no-such-host.invalid:6640");
    QVERIFY(monitor.addRemote(bad));
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, 15000);
    QCOMPARE(errors[0][0].toString(), bad);
    QTRY_VERIFY_WITH_TIMEOUT(
        find(monitor, c, bad).has_value() && !find(monitor, c, bad)->lastError().isEmpty(), 5000);
    QCOMPARE(find(monitor, c, bad)->stateName(), QStringLiteral("VOID"));
    testd.kill();
    testd.waitForFinished();
}

void TestSessions::badRemotes() {
    RuntimeBridge bridge;
    SessionMonitor monitor(nullptr);
    QString error;
    QVERIFY(!monitor.addRemote(QStringLiteral("bogus:1"), &error));
    QVERIFY(error.contains(QStringLiteral("not a JSON-RPC remote")));
    QVERIFY(monitor.addRemote(QStringLiteral("unix:/nonexistent/x.sock")));
    QVERIFY(!monitor.addRemote(QStringLiteral("unix:/nonexistent/x.sock"), &error));
    QVERIFY(error.contains(QStringLiteral("already")));
    QVERIFY(!monitor.removeRemote(QStringLiteral("tcp:1.2.3.4:5")));
}

void TestSessions::daemonSessionsPushed() {
    QTemporaryDir run;
    QVERIFY(run.isValid());
    RuntimeBridge bridge;
    TargetRegistry registry(nullptr);
    registry.setRunDirectories({run.path()});
    SessionMonitor monitor(&registry);
    FedModel fed(monitor);
    QAbstractItemModelTester tester(&fed.model,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(!monitor.liveRefresh()); // changes must arrive by push alone

    const quint16 port = vigil::test::free_loopback_port();
    const QString remote = QStringLiteral("tcp:127.0.0.1:%1").arg(port);
    QProcess client;
    client.start(bin(QStringLiteral("vigil-testd")),
                 {QStringLiteral("--unixctl=") + run.path() + QStringLiteral("/client.ctl"),
                  QStringLiteral("--connect=") + remote});
    QVERIFY(client.waitForStarted());
    // Nobody listens yet: the daemon's client session backs off.
    QTRY_VERIFY_WITH_TIMEOUT(find(monitor, QStringLiteral("client"), remote).has_value(), 15000);
    QVERIFY(find(monitor, QStringLiteral("client"), remote)->role() == QStringLiteral("client"));
    QVERIFY(stateOf(monitor, QStringLiteral("client"), remote) != QStringLiteral("ACTIVE"));

    // A server appears: the change is pushed through sessions/wait.
    QProcess server;
    server.start(bin(QStringLiteral("vigil-testd")),
                 {QStringLiteral("--unixctl=") + run.path() + QStringLiteral("/server.ctl"),
                  QStringLiteral("--remote=ptcp:%1:127.0.0.1").arg(port)});
    QVERIFY(server.waitForStarted());
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(monitor, QStringLiteral("client"), remote),
                              QStringLiteral("ACTIVE"), 20000);
    // The server reports its accepted session too.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const SessionInfo& s : monitor.sessions()) {
                if (s.source == QStringLiteral("server") && s.role() == QStringLiteral("server") &&
                    s.stats.state == vigil::reconnect_state::active) {
                    return true;
                }
            }
            return false;
        }(),
        15000);

    // The client daemon dies: its sessions leave the list.
    client.kill();
    client.waitForFinished();
    QTRY_VERIFY_WITH_TIMEOUT(!find(monitor, QStringLiteral("client"), remote).has_value(), 15000);

    // Live refresh can be switched on and off.
    monitor.setLiveRefresh(true);
    QVERIFY(monitor.liveRefresh());
    monitor.setLiveRefresh(false);
    server.kill();
    server.waitForFinished();
}

// The timeline a row hands out is built when the row's history changes, not on every read (a
// paint), and it follows the history when it does change.
void TestSessions::modelHandsOutKeptHistory() {
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString c = QStringLiteral("console");
    SessionInfo s = info(c, "a", "ACTIVE");
    const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-10);
    s.history = {{t0, vigil::reconnect_state::connecting},
                 {t0.addSecs(1), vigil::reconnect_state::active}};
    model.setSessions({s});
    const QModelIndex index = model.index(0, SessionModel::NameColumn);
    const QVariantList first = model.data(index, SessionModel::HistoryRole).toList();
    QCOMPARE(first.size(), 2);
    QCOMPARE(first[1].toMap().value(QStringLiteral("state")).toString(), QStringLiteral("ACTIVE"));
    QCOMPARE(first[0].toMap().value(QStringLiteral("time")).toDateTime(), t0);
    // The same list again, shared rather than rebuilt.
    QCOMPARE(model.data(index, SessionModel::HistoryRole).toList().constData(), first.constData());
    model.setSessions({s});
    QCOMPARE(model.data(index, SessionModel::HistoryRole).toList().constData(), first.constData());

    // A new state: the row changes and hands out the longer timeline.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    s.history.append({t0.addSecs(5), vigil::reconnect_state::backoff});
    s.stats.state = vigil::reconnect_state::backoff;
    model.setSessions({s});
    QCOMPARE(changed.size(), 1);
    const QVariantList second = model.data(index, SessionModel::HistoryRole).toList();
    QCOMPARE(second.size(), 3);
    QCOMPARE(second[2].toMap().value(QStringLiteral("state")).toString(),
             QStringLiteral("BACKOFF"));
}

// One DaemonSessionWatch follows many changes on the connection it opened: every change
// arrives as a new sessions/show reply and the watch never fails. A socket that is not there
// fails the watch from the event loop, not inside start().
void TestSessions::daemonWatchOneConnection() {
    QTemporaryDir run;
    QVERIFY(run.isValid());
    RuntimeBridge bridge;
    const quint16 port = vigil::test::free_loopback_port();
    const QString socket = run.path() + QStringLiteral("/d.ctl");
    QProcess testd;
    testd.start(bin(QStringLiteral("vigil-testd")),
                {QStringLiteral("--unixctl=") + socket,
                 QStringLiteral("--remote=ptcp:%1:127.0.0.1").arg(port)});
    QVERIFY(testd.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(socket), 10000);

    DaemonSessionWatch watch(QStringLiteral("d"), socket);
    QSignalSpy failed(&watch, &DaemonSessionWatch::failed);
    QSignalSpy replyErrors(&watch, &DaemonSessionWatch::replyError);
    watch.start();
    QTRY_VERIFY_WITH_TIMEOUT(watch.sessions().isEmpty() && !watch.isFailed(), 5000);
    for (int round = 0; round < 3; round++) {
        // vigil-testd may create its control socket before it listens for peers.
        QTcpSocket peer;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                peer.abort();
                peer.connectToHost(QHostAddress::LocalHost, port);
                return peer.waitForConnected(1000);
            }(),
            10000);
        QTRY_COMPARE_WITH_TIMEOUT(watch.sessions().size(), 1, 10000);
        const SessionInfo s = watch.sessions().first();
        QCOMPARE(s.source, QStringLiteral("d"));
        QCOMPARE(s.role(), QStringLiteral("server"));
        QCOMPARE(s.stats.state, vigil::reconnect_state::active);
        peer.close();
        QTRY_COMPARE_WITH_TIMEOUT(watch.sessions().size(), 0, 10000);
    }
    QCOMPARE(failed.size(), 0);
    QCOMPARE(replyErrors.size(), 0);

    // The daemon goes away: the watch fails once and forgets the sessions.
    testd.kill();
    testd.waitForFinished();
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QVERIFY(watch.isFailed());
    QVERIFY(watch.sessions().isEmpty());

    DaemonSessionWatch missing(QStringLiteral("m"), run.path() + QStringLiteral("/none.ctl"));
    QSignalSpy missingFailed(&missing, &DaemonSessionWatch::failed);
    missing.start();
    QCOMPARE(missingFailed.size(), 0); // not from inside start()
    QTRY_COMPARE_WITH_TIMEOUT(missingFailed.size(), 1, 5000);
    QVERIFY(missingFailed[0][0].toString().contains(QStringLiteral("none.ctl")));
}

// A daemon restarted on the same control socket is watched again: the dropped connection is
// replaced by a new one.
void TestSessions::daemonWatchReconnects() {
    QTemporaryDir run;
    QVERIFY(run.isValid());
    RuntimeBridge bridge;
    TargetRegistry registry(nullptr);
    registry.setRunDirectories({run.path()});
    SessionMonitor monitor(&registry);
    const quint16 port = vigil::test::free_loopback_port();
    const QString remote = QStringLiteral("tcp:127.0.0.1:%1").arg(port);
    const QStringList args{QStringLiteral("--unixctl=") + run.path() + QStringLiteral("/c.ctl"),
                           QStringLiteral("--connect=") + remote};
    QProcess testd;
    testd.start(bin(QStringLiteral("vigil-testd")), args);
    QVERIFY(testd.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(find(monitor, QStringLiteral("c"), remote).has_value(), 15000);

    QSignalSpy errors(&monitor, &SessionMonitor::daemonError);
    testd.kill();
    testd.waitForFinished();
    QTRY_VERIFY_WITH_TIMEOUT(!find(monitor, QStringLiteral("c"), remote).has_value(), 15000);
    QVERIFY(!errors.isEmpty());

    testd.start(bin(QStringLiteral("vigil-testd")), args);
    QVERIFY(testd.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(find(monitor, QStringLiteral("c"), remote).has_value(), 15000);
    testd.kill();
    testd.waitForFinished();
}

QTEST_GUILESS_MAIN(TestSessions)
#include "tst_sessions.moc"
