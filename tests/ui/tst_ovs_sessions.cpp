// Open vSwitch's own sessions, read from where OVS publishes them: OVSDB values decoded, a
// daemon's database found from its command line, an OvsdbMonitor against a real ovsdb-server
// (initial state, pushed inserts, modifies and deletes, its bounds, a server that refuses),
// and a Console that discovers a real ovs-vswitchd and ovsdb-server and shows their controller
// and manager connections live: BACKOFF with "Connection refused", ACTIVE once an OpenFlow
// peer listens, LISTENING with the bound port, in session/list through the control socket, and
// unknown with the reason while ovsdb-server is down, back by themselves when it returns.
#include "bridge/runtime_bridge.h"
#include "console_test_util.h"
#include "models/session_model.h"
#include "ovs_fixture.h"
#include "services/console.h"
#include "services/control_server.h"
#include "services/ovs_database_locator.h"
#include "services/ovs_session_watch.h"
#include "services/ovs_sessions.h"
#include "services/ovsdb_monitor.h"
#include "services/ovsdb_value.h"
#include "services/session_monitor.h"
#include "services/target_registry.h"
#include "views/sessions_view.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>
#include <boost/json.hpp>
#include <optional>

using namespace vigil::ui;
using vigil::test::bin;
using vigil::test::run_result;

namespace {

constexpr int ovsTimeoutMs = 60000; // ovs-vswitchd writes controller status every 5 s

// The smallest OpenFlow peer ovs-vswitchd's rconn is content with: it answers HELLO with a
// HELLO of the same version and echo requests with echo replies, so the connection negotiates
// and stays ACTIVE.
class OpenFlowPeer : public QObject {
public:
    bool listen(quint16 port) {
        connect(&server_, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = server_.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] { serve(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        return server_.listen(QHostAddress::LocalHost, port);
    }
    int hellos = 0;

private:
    void serve(QTcpSocket* s) {
        QByteArray& in = buffers_[s];
        in += s->readAll();
        while (in.size() >= 8) {
            const int length = (quint8(in[2]) << 8) | quint8(in[3]);
            if (length < 8 || length > 65535) {
                s->abort();
                return;
            }
            if (in.size() < length) {
                return;
            }
            QByteArray msg = in.left(length);
            in.remove(0, length);
            const quint8 type = quint8(msg[1]);
            if (type == 0) { // OFPT_HELLO: answer with a bare one of the same version
                QByteArray hello = msg.left(8);
                hello[2] = 0;
                hello[3] = 8;
                s->write(hello);
                hellos++;
            } else if (type == 2) { // OFPT_ECHO_REQUEST -> OFPT_ECHO_REPLY, same xid and body
                msg[1] = 3;
                s->write(msg);
            }
        }
    }

    QTcpServer server_;
    QHash<QTcpSocket*, QByteArray> buffers_;
};

std::optional<SessionInfo> find(const QList<SessionInfo>& all, const QString& source,
                                const QString& name) {
    for (const SessionInfo& s : all) {
        if (s.source == source && s.name == name) {
            return s;
        }
    }
    return std::nullopt;
}

std::optional<SessionInfo> find(const SessionMonitor& m, const QString& source,
                                const QString& name) {
    return find(m.sessions(), source, name);
}

QString describe(const std::optional<SessionInfo>& s) {
    if (!s) {
        return QStringLiteral("(none)");
    }
    return QStringLiteral("%1 %2 %3 known=%4 connected=%5 error=%6 reason=%7 detail=%8")
        .arg(s->source, s->name, s->stateName(), QString::number(s->stateKnown),
             QString::number(s->stats.connected), s->lastError(), s->reason, s->detail);
}

QString dumpAll(const SessionMonitor& m) {
    QStringList lines;
    for (const SessionInfo& s : m.sessions()) {
        lines << describe(s);
    }
    return lines.join(QLatin1Char('\n'));
}

boost::json::value parseJson(const char* text) {
    return boost::json::parse(text);
}

// Starts ovsdb-server again on the fixture's database, as real_ovs::start() does.
bool restartOvsdb(const vigil::test::real_ovs& ovs, const QString& dir, pid_t* pid,
                  QString* error) {
    const run_result r = vigil::test::run_program(
        QStringLiteral("ovsdb-server"),
        {ovs.dbPath(), QStringLiteral("--remote=punix:") + ovs.dbSocket(),
         QStringLiteral("--remote=db:Open_vSwitch,Open_vSwitch,manager_options"),
         QStringLiteral("--unixctl=") + ovs.ovsdbControl(),
         QStringLiteral("--pidfile=") + dir + QStringLiteral("/ovsdb-server.pid"),
         QStringLiteral("--log-file=") + dir + QStringLiteral("/ovsdb-server.log"),
         QStringLiteral("--no-chdir"), QStringLiteral("--detach")},
        ovs.env());
    if (r.exit_code != 0) {
        *error = QString::fromUtf8(r.out + r.err);
        return false;
    }
    *pid = vigil::test::read_pid(dir + QStringLiteral("/ovsdb-server.pid"));
    return *pid > 0;
}

// A real ovs-vswitchd on the fixture's database with the dummy datapath, whose bridges create
// no kernel devices: the userspace datapath's tap device ("ovs-netdev") is one per machine, so
// another ovs-vswitchd running beside the test would fail its bridges.

} // namespace

class TestOvsSessions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void decodeDatum_data();
    void decodeDatum();
    void decodeErrors_data();
    void decodeErrors();
    void vswitchdRemote_data();
    void vswitchdRemote();
    void ovsdbServerRemote_data();
    void ovsdbServerRemote();
    void rowMapping_data();
    void rowMapping();
    void unknownRowsInModel();
    void monitorRealOvsdb();
    void monitorRefusedAndBounded();
    void consoleShowsOvsSessions();

private:
    QTemporaryDir dir_;
};

void TestOvsSessions::initTestCase() {
    QVERIFY(dir_.isValid());
    QVERIFY2(!vigil::test::find_program(QStringLiteral("ovs-vswitchd")).isEmpty(),
             "ovs-vswitchd is not installed (make deps installs openvswitch-switch)");
}

void TestOvsSessions::decodeDatum_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<bool>("isMap");
    QTest::newRow("string") << QByteArray(R"("tcp:127.0.0.1:6653")")
                            << QStringList{"tcp:127.0.0.1:6653"} << QStringList{} << false;
    QTest::newRow("integer") << QByteArray("42") << QStringList{"42"} << QStringList{} << false;
    QTest::newRow("real") << QByteArray("1.5") << QStringList{"1.5"} << QStringList{} << false;
    QTest::newRow("boolean") << QByteArray("true") << QStringList{"true"} << QStringList{} << false;
    QTest::newRow("uuid") << QByteArray(R"(["uuid","6b60b59c-413b-45e8-a875-ab4ef01c04ac"])")
                          << QStringList{"6b60b59c-413b-45e8-a875-ab4ef01c04ac"} << QStringList{}
                          << false;
    QTest::newRow("empty set") << QByteArray(R"(["set",[]])") << QStringList{} << QStringList{}
                               << false;
    QTest::newRow("set of uuids") << QByteArray(R"(["set",[["uuid","a"],["uuid","b"]]])")
                                  << QStringList{"a", "b"} << QStringList{} << false;
    QTest::newRow("map") << QByteArray(R"(["map",[["last_error","Connection refused"],)"
                                       R"(["state","BACKOFF"]]])")
                         << QStringList{"last_error", "state"}
                         << QStringList{"Connection refused", "BACKOFF"} << true;
    QTest::newRow("empty map") << QByteArray(R"(["map",[]])") << QStringList{} << QStringList{}
                               << true;
}

void TestOvsSessions::decodeDatum() {
    QFETCH(QByteArray, json);
    QFETCH(QStringList, keys);
    QFETCH(QStringList, values);
    QFETCH(bool, isMap);
    QString error;
    const std::optional<OvsdbDatum> d = decodeOvsdbDatum(parseJson(json.constData()), &error);
    QVERIFY2(d, qPrintable(error));
    QStringList gotKeys;
    for (const OvsdbAtom& a : d->keys) {
        gotKeys << a.toString();
    }
    QStringList gotValues;
    for (const OvsdbAtom& a : d->values) {
        gotValues << a.toString();
    }
    QCOMPARE(gotKeys, keys);
    QCOMPARE(gotValues, values);
    QCOMPARE(d->isMap, isMap);
}

void TestOvsSessions::decodeErrors_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("null") << QByteArray("null") << QStringLiteral("null is not an OVSDB atom");
    QTest::newRow("object") << QByteArray("{}") << QStringLiteral("an object");
    QTest::newRow("set of sets") << QByteArray(R"(["set",[["set",[]]]])")
                                 << QStringLiteral("set element");
    QTest::newRow("set without array")
        << QByteArray(R"(["set",1])") << QStringLiteral("without an array");
    QTest::newRow("map entry not a pair")
        << QByteArray(R"(["map",[["a"]]])") << QStringLiteral("not a [key, value] pair");
    QTest::newRow("map value null")
        << QByteArray(R"(["map",[["a",null]]])") << QStringLiteral("map entry");
    QTest::newRow("unknown tag") << QByteArray(R"(["list",[]])") << QStringLiteral("uuid");
}

void TestOvsSessions::decodeErrors() {
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!decodeOvsdbDatum(parseJson(json.constData()), &error));
    QVERIFY2(error.contains(message), qPrintable(error));
    // A row with such a value names its column.
    const std::string row = "{\"status\":" + json.toStdString() + "}";
    QVERIFY(!decodeOvsdbRow(boost::json::parse(row), &error));
    QVERIFY2(error.startsWith(QStringLiteral("column status: ")), qPrintable(error));
}

void TestOvsSessions::vswitchdRemote_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("remote");
    QTest::newRow("first argument")
        << QStringList{"ovs-vswitchd", "unix:/x/db.sock", "--pidfile", "--detach"}
        << "unix:/x/db.sock";
    QTest::newRow("after options")
        << QStringList{"/usr/sbin/ovs-vswitchd", "--pidfile=/x/p", "--log-file", "unix:/y/db.sock"}
        << "unix:/y/db.sock";
    QTest::newRow("option value in next word")
        << QStringList{"ovs-vswitchd", "--unixctl", "/x/ctl", "-vconsole:off", "tcp:1.2.3.4:6640"}
        << "tcp:1.2.3.4:6640";
    QTest::newRow("relative in run directory")
        << QStringList{"ovs-vswitchd", "unix:db.sock"} << "unix:/run/ovs/db.sock";
    QTest::newRow("default") << QStringList{"ovs-vswitchd", "--detach"} << "unix:/run/ovs/db.sock";
    QTest::newRow("after --") << QStringList{"ovs-vswitchd", "--", "unix:/z.sock"}
                              << "unix:/z.sock";
}

void TestOvsSessions::vswitchdRemote() {
    QFETCH(QStringList, args);
    QFETCH(QString, remote);
    QCOMPARE(ovsDaemonKind(args), OvsDaemonKind::Vswitchd);
    QCOMPARE(vswitchdDatabaseRemote(args, QStringLiteral("/run/ovs")), remote);
}

void TestOvsSessions::ovsdbServerRemote_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("remote");
    QTest::addColumn<bool>("managers");
    QTest::newRow("punix and managers")
        << QStringList{"ovsdb-server", "/x/conf.db", "--remote=punix:/x/db.sock",
                       "--remote=db:Open_vSwitch,Open_vSwitch,manager_options"}
        << "unix:/x/db.sock" << true;
    QTest::newRow("separate word, relative")
        << QStringList{"ovsdb-server", "--remote", "punix:db.sock", "--remote",
                       "db:Open_vSwitch,Open_vSwitch,manager_options"}
        << "unix:/run/ovs/db.sock" << true;
    QTest::newRow("ptcp with wildcard") << QStringList{"ovsdb-server", "--remote=ptcp:6640:0.0.0.0"}
                                        << "tcp:127.0.0.1:6640" << false;
    QTest::newRow("ptcp preferred after punix")
        << QStringList{"ovsdb-server", "--remote=ptcp:6641:10.0.0.1", "--remote=punix:/a.sock"}
        << "unix:/a.sock" << false;
    QTest::newRow("OVN database") << QStringList{"ovsdb-server", "--remote=db:OVN_Northbound,"
                                                                 "NB_Global,connections"}
                                  << "" << false;
}

void TestOvsSessions::ovsdbServerRemote() {
    QFETCH(QStringList, args);
    QFETCH(QString, remote);
    QFETCH(bool, managers);
    bool serves = !managers;
    QCOMPARE(vigil::ui::ovsdbServerRemote(args, QStringLiteral("/run/ovs"), &serves), remote);
    QCOMPARE(serves, managers);
    QCOMPARE(ovsDaemonKind(args), OvsDaemonKind::OvsdbServer);
}

void TestOvsSessions::rowMapping_data() {
    QTest::addColumn<QString>("table");
    QTest::addColumn<QByteArray>("row");
    QTest::addColumn<QString>("state");
    QTest::addColumn<bool>("known");
    QTest::addColumn<QString>("role");
    QTest::addColumn<bool>("connected");
    QTest::addColumn<QString>("lastError");
    QTest::addColumn<int>("elapsedMs"); // -1: not timed by OVS
    QTest::addColumn<QString>("detailPart");
    QTest::newRow("controller refused")
        << "Controller"
        << QByteArray(R"({"target":"tcp:127.0.0.1:1","is_connected":false,"role":["set",[]],)"
                      R"("status":["map",[["last_error","Connection refused"],)"
                      R"(["state","BACKOFF"]]]})")
        << "BACKOFF" << true << "client" << false << "Connection refused" << -1
        << "bridge br0 controller";
    QTest::newRow("controller active")
        << "Controller"
        << QByteArray(R"({"target":"tcp:127.0.0.1:1","is_connected":true,"role":"master",)"
                      R"("status":["map",[["sec_since_connect","12"],["state","ACTIVE"]]]})")
        << "ACTIVE" << true << "client" << true << "" << 12000 << "role master";
    QTest::newRow("controller disconnected a while ago")
        << "Controller"
        << QByteArray(R"({"target":"tcp:127.0.0.1:1","is_connected":false,)"
                      R"("status":["map",[["sec_since_connect","30"],)"
                      R"(["sec_since_disconnect","7"],["state","BACKOFF"]]]})")
        << "BACKOFF" << true << "client" << false << "" << 7000 << "controller";
    QTest::newRow("rconn DISCONNECTED")
        << "Controller"
        << QByteArray(R"({"target":"tcp:127.0.0.1:1","is_connected":false,)"
                      R"("status":["map",[["state","DISCONNECTED"]]]})")
        << "VOID" << true << "client" << false << "" << -1 << "OVS state DISCONNECTED";
    QTest::newRow("passive controller")
        << "Controller"
        << QByteArray(R"({"target":"ptcp:6653","is_connected":false,"status":["map",[]]})")
        << "LISTENING" << true << "server" << false << "" << -1 << "controller";
    QTest::newRow("controller without status yet")
        << "Controller"
        << QByteArray(R"({"target":"tcp:127.0.0.1:1","is_connected":false,"status":["map",[]]})")
        << "VOID" << false << "client" << false << "" << -1 << "controller";
    QTest::newRow("manager listening")
        << "Manager"
        << QByteArray(R"({"target":"ptcp:0:127.0.0.1","is_connected":false,)"
                      R"("status":["map",[["bound_port","35883"],["sec_since_connect","0"],)"
                      R"(["sec_since_disconnect","0"]]]})")
        << "LISTENING" << true << "server" << false << "" << -1 << "manager, port 35883";
    QTest::newRow("manager serving peers")
        << "Manager"
        << QByteArray(R"({"target":"ptcp:0:127.0.0.1","is_connected":true,)"
                      R"("status":["map",[["bound_port","35883"],["n_connections","2"]]]})")
        << "ACTIVE" << true << "server" << true << "" << -1 << "2 connections";
    QTest::newRow("manager active with locks")
        << "Manager"
        << QByteArray(R"({"target":"tcp:10.0.0.1:6640","is_connected":true,)"
                      R"("status":["map",[["locks_held","ovn_northd"],)"
                      R"(["sec_since_connect","3"],["state","IDLE"]]]})")
        << "IDLE" << true << "client" << true << "" << 3000 << "held ovn_northd";
}

void TestOvsSessions::rowMapping() {
    QFETCH(QString, table);
    QFETCH(QByteArray, row);
    QFETCH(QString, state);
    QFETCH(bool, known);
    QFETCH(QString, role);
    QFETCH(bool, connected);
    QFETCH(QString, lastError);
    QFETCH(int, elapsedMs);
    QFETCH(QString, detailPart);
    QString error;
    const auto columns = decodeOvsdbRow(parseJson(row.constData()), &error);
    QVERIFY2(columns, qPrintable(error));
    const QDateTime received = QDateTime::currentDateTimeUtc().addSecs(-2);
    bool timed = false;
    const SessionInfo s = OvsSessionWatch::sessionFromRow(
        QStringLiteral("ovs-vswitchd"), table,
        table == QLatin1String("Controller") ? QStringLiteral("br0") : QString(), *columns,
        received, &timed);
    QCOMPARE(s.stateName(), state);
    QCOMPARE(s.stateKnown, known);
    QCOMPARE(s.role(), role);
    QCOMPARE(s.stats.connected, connected);
    QCOMPARE(s.lastError(), lastError);
    QCOMPARE(timed, elapsedMs >= 0);
    QCOMPARE(qint64(s.stats.state_elapsed), qint64(std::max(elapsedMs, 0)));
    QCOMPARE(s.snapshotTime, received);
    QVERIFY2(s.detail.contains(detailPart), qPrintable(s.detail));
    QCOMPARE(s.table, table);
    QVERIFY(s.countersUnknown());
    // The JSON keeps session/list's members and adds the OVS ones.
    const boost::json::object o = s.toJson().as_object();
    vigil::session_stats back;
    std::string why;
    QVERIFY2(vigil::from_json(o, back, &why), why.c_str());
    QCOMPARE(o.at("state_known").as_bool(), known);
    QCOMPARE(o.contains("reason"), !known);
    QCOMPARE(QString::fromStdString(std::string(o.at("table").as_string())), table);
    QVERIFY(o.at("status").is_object());
}

void TestOvsSessions::unknownRowsInModel() {
    SessionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SessionInfo known;
    known.source = QStringLiteral("ovs-vswitchd");
    known.name = QStringLiteral("tcp:127.0.0.1:6653");
    known.table = QStringLiteral("Controller");
    known.bridge = QStringLiteral("br0");
    known.stats.role = "client";
    known.stats.state = vigil::reconnect_state::active;
    known.stats.connected = true;
    known.snapshotTime = QDateTime::currentDateTimeUtc();
    known.detail = QStringLiteral("bridge br0 controller, role other");
    SessionInfo stale = known;
    stale.bridge = QStringLiteral("br1");
    stale.detail = QStringLiteral("bridge br1 controller");
    stale.stateKnown = false;
    stale.reason = QStringLiteral("cannot reach the database at unix:/x/db.sock: Connection "
                                  "refused");
    stale.history = {{known.snapshotTime, vigil::reconnect_state::active, true},
                     {known.snapshotTime, vigil::reconnect_state::active, false}};
    model.setSessions({known, stale});
    QCOMPARE(model.rowCount(), 2);
    auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return model.data(model.index(row, column), role);
    };
    QCOMPARE(cell(0, SessionModel::StateColumn).toString(), QStringLiteral("ACTIVE"));
    QCOMPARE(cell(1, SessionModel::StateColumn).toString(), QStringLiteral("unknown"));
    QCOMPARE(cell(1, SessionModel::StateColumn, SessionModel::StateRole).toString(),
             QStringLiteral("unknown"));
    QCOMPARE(cell(1, SessionModel::StateColumn, SessionModel::StateKnownRole).toBool(), false);
    QVERIFY(cell(1, SessionModel::LastErrorColumn).toString().contains(stale.reason));
    QVERIFY(cell(1, SessionModel::StateColumn, Qt::ToolTipRole).toString().contains("ACTIVE"));
    // Greyed and in italics; the known row is painted as usual.
    QVERIFY(cell(1, SessionModel::NameColumn, Qt::ForegroundRole).isValid());
    QVERIFY(cell(1, SessionModel::NameColumn, Qt::FontRole).value<QFont>().italic());
    QVERIFY(!cell(0, SessionModel::NameColumn, Qt::ForegroundRole).isValid());
    // OVS publishes no counters: empty cells, not zeros.
    QVERIFY(cell(0, SessionModel::AttemptsColumn).toString().isEmpty());
    QCOMPARE(cell(0, SessionModel::DetailColumn).toString(), known.detail);
    // The timeline's unknown stretch is named so (painted in the neutral colour).
    const QVariantList history =
        cell(1, SessionModel::StateColumn, SessionModel::HistoryRole).toList();
    QCOMPARE(history.size(), 2);
    QCOMPARE(history[1].toMap().value("state").toString(), QStringLiteral("unknown"));
    // Two bridges' controllers with one target are two rows.
    QVERIFY(known.key() != stale.key());

    // The view: "unknown" is what the filter finds, and the summary counts it apart.
    SessionsView view(&model, nullptr);
    view.resize(1200, 300);
    view.show();
    view.setFilter(QStringLiteral("unknown"));
    QCOMPARE(view.visibleSessionCount(), 1);
    view.setFilter(QStringLiteral("br1"));
    QCOMPARE(view.visibleSessionCount(), 1);
    view.setFilter(QString());
    const QLabel* summary = view.findChild<QLabel*>(QStringLiteral("sessionSummary"));
    QVERIFY(summary);
    QCOMPARE(summary->text(), QStringLiteral("2 sessions, 1 connected, 1 unknown"));
}

void TestOvsSessions::monitorRealOvsdb() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    vigil::test::real_ovs ovs;
    QString error;
    QVERIFY2(ovs.start(dir.path(), error, false), qPrintable(error));
    RuntimeBridge bridge;
    OvsdbMonitor monitor(QStringLiteral("unix:") + ovs.dbSocket(), QStringLiteral("Open_vSwitch"),
                         OvsSessionWatch::monitoredTables());
    QSignalSpy rowsChanged(&monitor, &OvsdbMonitor::rowsChanged);
    monitor.start();
    QTRY_VERIFY_WITH_TIMEOUT(monitor.isLive(), 20000);
    QCOMPARE(monitor.phase(), OvsdbMonitor::Phase::Monitoring);
    QCOMPARE(monitor.rowCount(), 0);
    QVERIFY(monitor.problem().isEmpty());
    QVERIFY(monitor.sessionStats().connected);

    // Inserts are pushed: a bridge with a controller, and a manager.
    QVERIFY2(ovs.vsctl({"--no-wait", "add-br", "br0", "--", "set-controller", "br0",
                        "tcp:127.0.0.1:1", "--", "set-manager", "ptcp:0:127.0.0.1"},
                       &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(monitor.rows("Controller").size(), 1, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(monitor.rows("Manager").size(), 1, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(monitor.rows("Bridge").size(), 1, 20000);
    const OvsdbRow bridgeRow = *monitor.rows("Bridge").cbegin();
    QCOMPARE(bridgeRow.column("name").string(), QStringLiteral("br0"));
    QCOMPARE(bridgeRow.column("controller").uuids(),
             QStringList{monitor.rows("Controller").cbegin().key()});
    // No ovs-vswitchd writes the controller's status, but ovsdb-server writes the manager's.
    QTRY_VERIFY_WITH_TIMEOUT(
        monitor.rows("Manager").cbegin()->column("status").stringMap().contains(
            QStringLiteral("bound_port")),
        20000);

    // Modify: another target replaces the column's value.
    QVERIFY2(
        ovs.vsctl({"--no-wait", "set", "controller", "br0", "target=\"tcp:127.0.0.1:2\""}, &error),
        qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(monitor.rows("Controller").cbegin()->column("target").string(),
                              QStringLiteral("tcp:127.0.0.1:2"), 20000);

    // Delete.
    QVERIFY2(ovs.vsctl({"--no-wait", "del-controller", "br0", "--", "del-manager"}, &error),
             qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(monitor.rows("Controller").isEmpty(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.rows("Manager").isEmpty(), 20000);
    QVERIFY(rowsChanged.size() >= 4);

    // The server goes: rows stay, not live, the problem says why; back: a fresh initial state.
    const int before = monitor.rows("Bridge").size();
    monitor.setReconnect(500, 0);
    ovs.stopOvsdb();
    QTRY_VERIFY_WITH_TIMEOUT(!monitor.isLive(), 20000);
    QCOMPARE(monitor.rows("Bridge").size(), before);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.problem().startsWith("cannot reach the database"), 20000);
    QVERIFY(!monitor.sessionStats().connected);
    pid_t pid = 0;
    QVERIFY2(restartOvsdb(ovs, dir.path(), &pid, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(monitor.isLive(), 30000);
    QCOMPARE(monitor.rows("Bridge").size(), before);
    QVERIFY(monitor.sessionStats().successes >= 2);
    ::kill(pid, SIGTERM);
    QVERIFY(vigil::test::wait_until([pid] { return vigil::test::process_gone(pid); }, 10000));
}

void TestOvsSessions::monitorRefusedAndBounded() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    RuntimeBridge bridge;

    // A server that refuses the monitor, then one whose answer is larger than the monitor
    // accepts, then one whose update is malformed.
    QLocalServer server;
    const QString path = dir.path() + QStringLiteral("/fake.sock");
    QVERIFY(server.listen(path));
    enum class Mode { Refuse, Oversized, Malformed } mode = Mode::Refuse;
    int connections = 0;
    connect(&server, &QLocalServer::newConnection, this, [&] {
        while (QLocalSocket* s = server.nextPendingConnection()) {
            connections++;
            connect(s, &QLocalSocket::disconnected, s, &QObject::deleteLater);
            auto buffer = std::make_shared<QByteArray>();
            connect(s, &QLocalSocket::readyRead, s, [s, &mode, buffer] {
                *buffer += s->readAll();
                QJsonParseError parsed;
                const QJsonObject req = QJsonDocument::fromJson(*buffer, &parsed).object();
                if (parsed.error != QJsonParseError::NoError) {
                    return; // not all of it yet
                }
                buffer->clear();
                if (req.value("method").toString() != QLatin1String("monitor")) {
                    return;
                }
                const QJsonValue id = req.value("id");
                QJsonObject reply{{"id", id}};
                if (mode == Mode::Refuse) {
                    reply["result"] = QJsonValue::Null;
                    reply["error"] = QJsonObject{{"error", "unknown database"},
                                                 {"details", "no database Open_vSwitch"}};
                } else if (mode == Mode::Oversized) {
                    reply["error"] = QJsonValue::Null;
                    reply["result"] = QJsonObject{{"Manager", QString(200000, QLatin1Char('x'))}};
                } else {
                    reply["error"] = QJsonValue::Null;
                    reply["result"] = QJsonObject{};
                }
                s->write(QJsonDocument(reply).toJson(QJsonDocument::Compact));
                if (mode == Mode::Malformed) {
                    const QJsonObject update{
                        {"id", QJsonValue::Null},
                        {"method", "update"},
                        {"params", QJsonArray{"vigil-sessions",
                                              QJsonObject{{"Manager", QJsonObject{{"u1", 5}}}}}}};
                    s->write(QJsonDocument(update).toJson(QJsonDocument::Compact));
                }
            });
        }
    });

    OvsdbMonitor monitor(QStringLiteral("unix:") + path, QStringLiteral("Open_vSwitch"),
                         OvsSessionWatch::monitoredTables());
    monitor.setLimits(2, 1 << 20, 64 * 1024);
    monitor.setReconnect(300, 0);
    monitor.start();
    QTRY_COMPARE_WITH_TIMEOUT(monitor.phase(), OvsdbMonitor::Phase::Refused, 20000);
    QVERIFY2(monitor.problem().contains("unknown database: no database Open_vSwitch"),
             qPrintable(monitor.problem()));
    QVERIFY(!monitor.isLive());
    QVERIFY(monitor.sessionStats().connected); // refused, not disconnected

    // The next connection gets an answer larger than the monitor accepts: the session closes
    // it (and tries again, with the same result).
    mode = Mode::Oversized;
    const int before = connections;
    for (QLocalSocket* s : server.findChildren<QLocalSocket*>()) {
        s->abort();
    }
    QTRY_VERIFY_WITH_TIMEOUT(connections > before + 1, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(monitor.sessionStats().last_error),
                              QStringLiteral("Message too long"), 20000);
    QVERIFY(!monitor.isLive());
    QCOMPARE(monitor.rowCount(), 0);

    // A malformed update: counted, described, and the monitor starts over on a new connection.
    QStringList problems;
    connect(&monitor, &OvsdbMonitor::stateChanged, this, [&] { problems << monitor.problem(); });
    mode = Mode::Malformed;
    QTRY_VERIFY_WITH_TIMEOUT(monitor.protocolErrors() > 0, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(
        std::any_of(problems.begin(), problems.end(),
                    [](const QString& p) { return p.contains(QLatin1String("malformed")); }),
        20000);
    const int afterMalformed = connections;
    QTRY_VERIFY_WITH_TIMEOUT(connections > afterMalformed, 20000);
}

void TestOvsSessions::consoleShowsOvsSessions() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    qputenv("OVS_RUNDIR", dir.path().toLocal8Bit());
    vigil::test::real_ovs ovs;
    QString error;
    QVERIFY2(ovs.start(dir.path(), error, false), qPrintable(error));
    QVERIFY2(ovs.startVswitchd(error), qPrintable(error));
    const quint16 port = vigil::test::free_loopback_port();
    const QString controller = QStringLiteral("tcp:127.0.0.1:%1").arg(port);
    QVERIFY2(ovs.vsctl({"add-br",
                        "br0",
                        "--",
                        "set",
                        "bridge",
                        "br0",
                        "datapath_type=dummy",
                        "other_config:disable-in-band=true",
                        "--",
                        "set-controller",
                        "br0",
                        controller,
                        "--",
                        "set",
                        "controller",
                        "br0",
                        "max_backoff=1000",
                        "--",
                        "set-manager",
                        "ptcp:0:127.0.0.1"},
                       &error),
             qPrintable(error));

    Console console;
    QVERIFY2(console.startControlSocket(&error), qPrintable(error));
    SessionMonitor* sessions = console.sessions();
    sessions->ovs()->setMonitorReconnect(1000, 0);
    const QString vswitchd = QStringLiteral("ovs-vswitchd");
    const QString ovsdb = QStringLiteral("ovsdb-server");
    const QString client = QStringLiteral("ovsdb:unix:") + ovs.dbSocket();

    // Found from the run directory: the daemons, their pids and their database.
    QTRY_VERIFY_WITH_TIMEOUT(console.targets()->target(vswitchd).has_value(), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(sessions->ovs()->location(vswitchd).kind, OvsDaemonKind::Vswitchd,
                              20000);
    QCOMPARE(sessions->ovs()->location(vswitchd).pid, ovs.vswitchdPid());
    QCOMPARE(sessions->ovs()->location(vswitchd).remote, QStringLiteral("unix:") + ovs.dbSocket());
    QTRY_COMPARE_WITH_TIMEOUT(sessions->ovs()->location(ovsdb).kind, OvsDaemonKind::OvsdbServer,
                              20000);
    QCOMPARE(sessions->ovs()->location(ovsdb).pid, ovs.ovsdbPid());

    // The controller at a closed port: BACKOFF, "Connection refused", on bridge br0.
    QTRY_VERIFY2_WITH_TIMEOUT(
        [&] {
            auto s = find(*sessions, vswitchd, controller);
            return s && s->stateKnown && s->stateName() == QLatin1String("BACKOFF") &&
                   s->lastError() == QLatin1String("Connection refused");
        }(),
        qPrintable(dumpAll(*sessions)), ovsTimeoutMs);
    std::optional<SessionInfo> c = find(*sessions, vswitchd, controller);
    QCOMPARE(c->bridge, QStringLiteral("br0"));
    QCOMPARE(c->role(), QStringLiteral("client"));
    QVERIFY(!c->stats.connected);
    // The manager listens: LISTENING with the port the kernel chose.
    QTRY_VERIFY2_WITH_TIMEOUT(
        [&] {
            auto m = find(*sessions, ovsdb, QStringLiteral("ptcp:0:127.0.0.1"));
            return m && m->stateName() == QLatin1String("LISTENING") &&
                   m->ovsStatus.value("bound_port").toInt() > 0;
        }(),
        qPrintable(dumpAll(*sessions)), ovsTimeoutMs);
    const auto manager = find(*sessions, ovsdb, QStringLiteral("ptcp:0:127.0.0.1"));
    QCOMPARE(manager->role(), QStringLiteral("server"));
    QVERIFY(manager->detail.contains(QStringLiteral("port ") + manager->ovsStatus["bound_port"]));
    // The console's own monitor connection.
    auto own = find(*sessions, QStringLiteral("console"), client);
    QVERIFY2(own, qPrintable(dumpAll(*sessions)));
    QCOMPARE(own->stateName(), QStringLiteral("ACTIVE"));
    QVERIFY(own->stats.connected);

    // An OpenFlow peer starts listening on that port: ACTIVE without anyone asking, pushed.
    OpenFlowPeer peer;
    QVERIFY(peer.listen(port));
    QTRY_VERIFY2_WITH_TIMEOUT(
        [&] {
            auto s = find(*sessions, vswitchd, controller);
            return s && s->stateName() == QLatin1String("ACTIVE") && s->stats.connected;
        }(),
        qPrintable(dumpAll(*sessions)), ovsTimeoutMs);
    QVERIFY(peer.hellos > 0);
    c = find(*sessions, vswitchd, controller);
    QCOMPARE(c->openflowRole, QStringLiteral("other"));
    QVERIFY(c->detail.contains(QStringLiteral("role other")));
    // Its timeline saw both states.
    QStringList states;
    for (const SessionStateChange& change : sessions->history(c->key())) {
        states << sessionStateName(change.state);
    }
    QVERIFY2(states.contains("BACKOFF") && states.endsWith("ACTIVE"), qPrintable(states.join(' ')));

    // session/list through the console's control socket.
    const QString socket = console.controlServer()->socketPath();
    auto list = [&] {
        const run_result r =
            vigil::test::run_serving(bin(QStringLiteral("vigil-appctl")),
                                     {QStringLiteral("-t"), socket, QStringLiteral("--format"),
                                      QStringLiteral("json"), QStringLiteral("session/list")},
                                     vigil::test::env_with_rundir(dir.path()));
        return QJsonDocument::fromJson(r.out).array();
    };
    auto entry = [](const QJsonArray& all, const QString& source, const QString& name) {
        for (const QJsonValue& v : all) {
            const QJsonObject o = v.toObject();
            if (o.value("source").toString() == source && o.value("name").toString() == name) {
                return o;
            }
        }
        return QJsonObject();
    };
    const QJsonArray json = list();
    const QJsonObject jc = entry(json, vswitchd, controller);
    QVERIFY2(!jc.isEmpty(), QJsonDocument(json).toJson().constData());
    QCOMPARE(jc.value("state").toString(), QStringLiteral("ACTIVE"));
    QCOMPARE(jc.value("connected").toBool(), true);
    QCOMPARE(jc.value("state_known").toBool(), true);
    QCOMPARE(jc.value("table").toString(), QStringLiteral("Controller"));
    QCOMPARE(jc.value("bridge").toString(), QStringLiteral("br0"));
    QCOMPARE(jc.value("openflow_role").toString(), QStringLiteral("other"));
    QVERIFY(jc.contains("last_error"));
    const QJsonObject jm = entry(json, ovsdb, QStringLiteral("ptcp:0:127.0.0.1"));
    QCOMPARE(jm.value("state").toString(), QStringLiteral("LISTENING"));
    QCOMPARE(jm.value("role").toString(), QStringLiteral("server"));
    QVERIFY(jm.value("status").toObject().contains("bound_port"));
    QCOMPARE(entry(json, "console", client).value("state").toString(), QStringLiteral("ACTIVE"));
    // The text table too.
    const run_result text =
        vigil::test::run_serving(bin(QStringLiteral("vigil-appctl")),
                                 {QStringLiteral("-t"), socket, QStringLiteral("session/list")},
                                 vigil::test::env_with_rundir(dir.path()));
    QVERIFY(text.out.contains(controller.toUtf8()));
    QVERIFY(text.out.contains("bridge br0 controller, role other"));

    // ovsdb-server stops: ovs-vswitchd's rows stay, unknown, with the reason; the console's
    // monitor session shows why.
    ovs.stopOvsdb();
    QTRY_VERIFY2_WITH_TIMEOUT(
        [&] {
            auto s = find(*sessions, vswitchd, controller);
            return s && !s->stateKnown && s->reason.contains(ovs.dbSocket());
        }(),
        qPrintable(dumpAll(*sessions)), ovsTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(
        [&] {
            auto o = find(*sessions, QStringLiteral("console"), client);
            return o && !o->stats.connected && !o->lastError().isEmpty();
        }(),
        qPrintable(dumpAll(*sessions)), ovsTimeoutMs);
    c = find(*sessions, vswitchd, controller);
    QCOMPARE(c->stateName(), QStringLiteral("ACTIVE")); // the last known state is kept
    QVERIFY(c->reason.startsWith(QStringLiteral("cannot reach the database")));
    const QJsonObject stale = entry(list(), vswitchd, controller);
    QCOMPARE(stale.value("state_known").toBool(true), false);
    QVERIFY(stale.value("reason").toString().contains(ovs.dbSocket()));
    QVERIFY(sessions->history(c->key()).last().known == false);

    // It comes back: the rows refresh by themselves.
    pid_t pid = 0;
    QVERIFY2(restartOvsdb(ovs, dir.path(), &pid, &error), qPrintable(error));
    QTRY_VERIFY2_WITH_TIMEOUT(
        [&] {
            auto s = find(*sessions, vswitchd, controller);
            return s && s->stateKnown && s->stateName() == QLatin1String("ACTIVE");
        }(),
        qPrintable(dumpAll(*sessions)), ovsTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(
        [&] {
            auto m = find(*sessions, ovsdb, QStringLiteral("ptcp:0:127.0.0.1"));
            return m && m->stateKnown && m->stateName() == QLatin1String("LISTENING");
        }(),
        qPrintable(dumpAll(*sessions)), ovsTimeoutMs);
    QVERIFY(find(*sessions, QStringLiteral("console"), client)->stats.connected);
    ::kill(pid, SIGTERM);
    QVERIFY(vigil::test::wait_until([pid] { return vigil::test::process_gone(pid); }, 10000));
}

QTEST_MAIN(TestOvsSessions)
#include "tst_ovs_sessions.moc"
