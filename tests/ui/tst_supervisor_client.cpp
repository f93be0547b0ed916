// SupervisorFeed and SupervisorClient: the feed's ring, coalescing and bounds in-process over a
// LocalSupervisor; the client against a real `vigil --headless` service: its mirror equals
// daemon/list, actions reach the service and their effects come back pushed (waits only, no
// further snapshot), two clients agree, output arrives, a killed service is noticed and a new
// one on the same run directory is found through the pidfile and converged to, and the
// daemon/wait errors (invalid SEQNO, too many waiting clients).
#include "bridge/runtime_bridge.h"
#include "console_test_util.h"
#include "services/local_supervisor.h"
#include "services/supervisor_client.h"
#include "services/supervisor_feed.h"
#include "services/supervisor_json.h"
#include "services/unixctl_call.h"
#include "test_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <boost/json/serialize.hpp>
#include <csignal>
#include <memory>

using namespace vigil::ui;
using vigil::test::bin;

namespace {

DaemonDefinition childDefinition(const QString& name, const QStringList& args = {}) {
    DaemonDefinition def;
    def.name = name;
    def.program = bin(QStringLiteral("vigil-test-child"));
    def.arguments = args;
    def.autostart = false;
    return def;
}

QJsonObject qjson(const boost::json::object& o) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(boost::json::serialize(o))).object();
}

// A `vigil --headless` service in its own run directory.
struct Service {
    QProcess process;
    QString dir;

    bool start(const QString& rundir, const QList<DaemonDefinition>& daemons) {
        dir = rundir;
        const QString workspace = QStringLiteral("%1/ws.%2.json").arg(dir).arg(daemons.size());
        QJsonArray list;
        for (const DaemonDefinition& d : daemons) {
            list << d.toJson();
        }
        QFile f(workspace);
        if (!f.open(QIODevice::WriteOnly)) {
            return false;
        }
        f.write(QJsonDocument(QJsonObject{{QStringLiteral("version"), 1},
                                          {QStringLiteral("daemons"), list},
                                          {QStringLiteral("targets"), QJsonArray{}},
                                          {QStringLiteral("sessions"), QJsonArray{}}})
                    .toJson());
        f.close();
        QProcessEnvironment env = vigil::test::env_with_rundir(dir);
        env.insert(QStringLiteral("XDG_STATE_HOME"), dir + QStringLiteral("/state"));
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start(bin(QStringLiteral("vigil")),
                      {QStringLiteral("--headless"), QStringLiteral("--rundir"), dir,
                       QStringLiteral("--workspace"), workspace});
        if (!process.waitForStarted()) {
            return false;
        }
        return QTest::qWaitFor([&] { return QFile::exists(socket()); }, 15000);
    }
    QString socket() const {
        return QStringLiteral("%1/vigil.%2.ctl").arg(dir).arg(process.processId());
    }
    ~Service() {
        if (process.state() != QProcess::NotRunning) {
            process.terminate();
            process.waitForFinished(20000);
        }
    }
};

// Calls `command` on `socket` and waits for the result.
UnixctlResult call(const QString& socket, const QString& command, const QStringList& args = {},
                   bool json = true) {
    UnixctlResult result;
    bool done = false;
    QObject context;
    unixctlCall(&context, socket, command, args, UnixctlCallOptions{json, 20000},
                [&](const UnixctlResult& r) {
                    result = r;
                    done = true;
                });
    (void)QTest::qWaitFor([&] { return done; }, 30000);
    return result;
}

// The service's socket as its pidfile names it (empty while there is none).
QString socketFromPidfile(const QString& dir) {
    const pid_t pid = vigil::test::read_pid(dir + QStringLiteral("/vigil.pid"));
    return pid > 0 ? QStringLiteral("%1/vigil.%2.ctl").arg(dir).arg(pid) : QString();
}

} // namespace

class TestSupervisorClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void feedRingBounds();
    void feedCoalescesDaemonChanges();
    void feedSnapshotBounds();
    void mirrorEqualsList();
    void actionsComeBackPushed();
    void defineRedefineStopAll();
    void waitErrors();
    void reconnectsToNewService();
    void cleanupTestCase();

private:
    std::unique_ptr<RuntimeBridge> bridge_;
    QTemporaryDir dir_;
    std::unique_ptr<Service> service_;
};

void TestSupervisorClient::initTestCase() {
    QVERIFY2(QFile::exists(bin(QStringLiteral("vigil"))), "build the vigil program");
    QVERIFY2(QFile::exists(bin(QStringLiteral("vigil-test-child"))), "build vigil-test-child");
    bridge_ = std::make_unique<RuntimeBridge>();
    QVERIFY(dir_.isValid());
    service_ = std::make_unique<Service>();
    QVERIFY(service_->start(
        dir_.path(), {childDefinition(QStringLiteral("child"), {QStringLiteral("--print=hello"),
                                                                QStringLiteral("--after=-1")}),
                      childDefinition(QStringLiteral("idle"), {QStringLiteral("--after=-1")})}));
}

void TestSupervisorClient::cleanupTestCase() {
    service_.reset();
    bridge_.reset();
}

void TestSupervisorClient::feedRingBounds() {
    LocalSupervisor sup;
    SupervisorFeed::Limits limits;
    limits.maxEvents = 50;
    limits.maxEventBytes = 4000;
    SupervisorFeed feed(&sup, limits);
    const quint64 first = feed.seqno();
    QCOMPARE(feed.eventsAfter(first, feed.epoch()), std::nullopt);

    for (int i = 0; i < 200; i++) {
        QVERIFY(sup.add(childDefinition(QStringLiteral("d%1").arg(i))));
        feed.flush();
        QVERIFY(sup.remove(QStringLiteral("d%1").arg(i)));
        QVERIFY(feed.eventCount() <= limits.maxEvents);
        QVERIFY(feed.eventBytes() <= limits.maxEventBytes);
    }
    QTRY_COMPARE(feed.seqno(), first + 400);
    QVERIFY(feed.oldestSeqno() > first + 1);

    // A client that fell behind the ring, or knows another epoch, is told to start over.
    std::optional<boost::json::object> r = feed.eventsAfter(first, feed.epoch());
    QVERIFY(r && r->contains("reset"));
    r = feed.eventsAfter(feed.seqno() - 1, QStringLiteral("another epoch"));
    QVERIFY(r && r->contains("reset"));
    r = feed.eventsAfter(feed.seqno() + 5, feed.epoch());
    QVERIFY(r && r->contains("reset"));

    // One that is up to date waits; one an event behind gets exactly that event.
    QCOMPARE(feed.eventsAfter(feed.seqno(), feed.epoch()), std::nullopt);
    r = feed.eventsAfter(feed.seqno() - 1, feed.epoch());
    QVERIFY(r && !r->contains("reset"));
    const QJsonArray events = qjson(*r).value(QLatin1String("events")).toArray();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].toObject().value(QLatin1String("type")).toString(),
             QStringLiteral("removed"));
    QCOMPARE(events[0].toObject().value(QLatin1String("name")).toString(), QStringLiteral("d199"));
    QCOMPARE(quint64(events[0].toObject().value(QLatin1String("seq")).toInteger()), feed.seqno());

    // A new feed is another epoch.
    SupervisorFeed other(&sup);
    QVERIFY(other.epoch() != feed.epoch());
}

void TestSupervisorClient::feedCoalescesDaemonChanges() {
    LocalSupervisor sup;
    SupervisorFeed feed(&sup);
    const quint64 before = feed.seqno();
    DaemonDefinition def = childDefinition(QStringLiteral("a"));
    QVERIFY(sup.add(def));
    def.arguments = {QStringLiteral("--exit=1")};
    QVERIFY(sup.update(def));
    def.outputLines = 7;
    QVERIFY(sup.update(def));
    feed.flush();

    std::optional<boost::json::object> r = feed.eventsAfter(before, feed.epoch());
    QVERIFY(r);
    int daemonEvents = 0;
    QJsonObject last;
    for (const QJsonValue& v : qjson(*r).value(QLatin1String("events")).toArray()) {
        if (v.toObject().value(QLatin1String("type")).toString() == QLatin1String("daemon")) {
            daemonEvents++;
            last = v.toObject().value(QLatin1String("daemon")).toObject();
        }
    }
    QCOMPARE(daemonEvents, 1);
    // The one event carries the latest definition.
    const std::optional<DaemonDefinition> got =
        DaemonDefinition::fromJson(last.value(QLatin1String("definition")).toObject());
    QVERIFY(got);
    QCOMPARE(*got, def);
}

void TestSupervisorClient::feedSnapshotBounds() {
    LocalSupervisor sup;
    SupervisorFeed::Limits limits;
    limits.snapshotLines = 10;
    SupervisorFeed feed(&sup, limits);
    QStringList args;
    for (int i = 0; i < 40; i++) {
        args << QStringLiteral("--print=line %1").arg(i);
    }
    QVERIFY(sup.add(childDefinition(QStringLiteral("chatty"), args)));
    QVERIFY(sup.start(QStringLiteral("chatty")));
    QTRY_COMPARE_WITH_TIMEOUT(sup.output(QStringLiteral("chatty")).size(), 40, 10000);

    QJsonObject snap = qjson(feed.snapshot());
    QCOMPARE(snap.value(QLatin1String("epoch")).toString(), feed.epoch());
    QJsonArray output = snap.value(QLatin1String("daemons"))
                            .toArray()[0]
                            .toObject()
                            .value(QLatin1String("output"))
                            .toArray();
    QCOMPARE(output.size(), 10);
    QCOMPARE(output.last().toObject().value(QLatin1String("text")).toString(),
             QStringLiteral("line 39"));

    // A byte budget smaller than ten lines keeps fewer, still the newest.
    limits.snapshotBytes = 3 * 110;
    SupervisorFeed small(&sup, limits);
    snap = qjson(small.snapshot());
    output = snap.value(QLatin1String("daemons"))
                 .toArray()[0]
                 .toObject()
                 .value(QLatin1String("output"))
                 .toArray();
    QCOMPARE(output.size(), 3);
    QCOMPARE(output.last().toObject().value(QLatin1String("text")).toString(),
             QStringLiteral("line 39"));
}

void TestSupervisorClient::mirrorEqualsList() {
    SupervisorClient client(service_->socket());
    QSignalSpy connected(&client, &SupervisorClient::connectedChanged);
    client.start();
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), 10000);
    QCOMPARE(connected.size(), 1);

    const UnixctlResult list = call(service_->socket(), QStringLiteral("daemon/list"));
    QVERIFY2(list.ok, qPrintable(list.error));
    const QJsonArray expected = list.json.toArray();
    QCOMPARE(client.daemons().size(), expected.size());
    for (int i = 0; i < expected.size(); i++) {
        QCOMPARE(qjson(daemonStatusJson(client.daemons()[i])), expected[i].toObject());
    }
    QCOMPARE(client.names(), (QStringList{QStringLiteral("child"), QStringLiteral("idle")}));
    QVERIFY(client.definition(QStringLiteral("child")));
    QCOMPARE(client.definition(QStringLiteral("child"))->arguments,
             (QStringList{QStringLiteral("--print=hello"), QStringLiteral("--after=-1")}));
}

void TestSupervisorClient::actionsComeBackPushed() {
    SupervisorClient one(service_->socket());
    SupervisorClient two(service_->socket());
    one.start();
    two.start();
    QTRY_VERIFY_WITH_TIMEOUT(one.isConnected() && two.isConnected(), 10000);
    QSignalSpy output(&two, &Supervisor::outputAppended);
    QSignalSpy history(&two, &Supervisor::historyAppended);

    QVERIFY(!one.start(QStringLiteral("nonesuch")));
    QVERIFY(one.start(QStringLiteral("child")));
    QTRY_VERIFY_WITH_TIMEOUT(one.status(QStringLiteral("child"))->state == DaemonState::Running,
                             15000);
    // The other client sees it too, with the daemon's output and history.
    QTRY_VERIFY_WITH_TIMEOUT(two.status(QStringLiteral("child"))->pid ==
                                 one.status(QStringLiteral("child"))->pid,
                             10000);
    QTRY_VERIFY_WITH_TIMEOUT(!two.output(QStringLiteral("child")).isEmpty(), 10000);
    QCOMPARE(two.output(QStringLiteral("child")).last().text, QStringLiteral("hello"));
    QVERIFY(!output.isEmpty());
    QCOMPARE(output.last()[0].toString(), QStringLiteral("child"));
    QVERIFY(!history.isEmpty());

    QVERIFY(two.stop(QStringLiteral("child")));
    QTRY_VERIFY_WITH_TIMEOUT(one.status(QStringLiteral("child"))->state == DaemonState::Stopped,
                             15000);
    QTRY_VERIFY_WITH_TIMEOUT(two.status(QStringLiteral("child"))->state == DaemonState::Stopped,
                             15000);
    QCOMPARE(one.daemons(), two.daemons());
    QCOMPARE(one.history(QStringLiteral("child")).size(),
             two.history(QStringLiteral("child")).size());
    QCOMPARE(one.history(QStringLiteral("child")).last().detail,
             two.history(QStringLiteral("child")).last().detail);

    // Pushed, not polled: no snapshot after the first, and with nothing running, no request
    // at all while nothing changes.
    QCOMPARE(one.snapshotCount(), 1);
    QCOMPARE(two.snapshotCount(), 1);
    QTest::qWait(1500); // the last samples of the stopped process drain
    const int requests = one.requestCount();
    QTest::qWait(1000);
    QCOMPARE(one.requestCount(), requests);
    QVERIFY(one.isConnected());
}

void TestSupervisorClient::defineRedefineStopAll() {
    SupervisorClient client(service_->socket());
    client.start();
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), 10000);
    QSignalSpy added(&client, &Supervisor::daemonAdded);
    QSignalSpy failed(&client, &Supervisor::requestFailed);

    DaemonDefinition def =
        childDefinition(QStringLiteral("defined"), {QStringLiteral("--after=-1")});
    def.environment.insert(QStringLiteral("VIGIL_TEST"), QStringLiteral("1"));
    def.restart = RestartPolicy::Never;
    QString error;
    QVERIFY(!client.add(childDefinition(QStringLiteral("child")), &error));
    QVERIFY(error.contains(QStringLiteral("already exists")));
    DaemonDefinition bad = def;
    bad.program.clear();
    QVERIFY(!client.add(bad, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(client.add(def, &error));
    QTRY_COMPARE_WITH_TIMEOUT(added.size(), 1, 10000);
    QCOMPARE(client.definition(QStringLiteral("defined")), def);

    def.stopTimeoutMs = 1234;
    QVERIFY(client.update(def));
    QTRY_COMPARE_WITH_TIMEOUT(client.definition(QStringLiteral("defined"))->stopTimeoutMs, 1234,
                              10000);

    // A refusal only the service can judge comes back as requestFailed().
    QVERIFY(client.add(childDefinition(QStringLiteral("twice"))));
    QVERIFY(client.add(childDefinition(QStringLiteral("twice"))));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QVERIFY(failed[0][0].toString().contains(QStringLiteral("already exists")));

    QSignalSpy allStopped(&client, &Supervisor::allStopped);
    QVERIFY(client.start(QStringLiteral("defined")));
    QTRY_VERIFY_WITH_TIMEOUT(
        client.status(QStringLiteral("defined"))->state == DaemonState::Running, 15000);
    client.stopAll();
    QTRY_COMPARE_WITH_TIMEOUT(allStopped.size(), 1, 15000);
    QCOMPARE(client.status(QStringLiteral("defined"))->state, DaemonState::Stopped);

    QVERIFY(client.remove(QStringLiteral("defined")));
    QVERIFY(client.remove(QStringLiteral("twice")));
    QTRY_VERIFY_WITH_TIMEOUT(!client.contains(QStringLiteral("defined")) &&
                                 !client.contains(QStringLiteral("twice")),
                             10000);
    QVERIFY(!client.remove(QStringLiteral("defined")));
}

void TestSupervisorClient::waitErrors() {
    const QString socket = service_->socket();
    UnixctlResult r = call(socket, QStringLiteral("daemon/wait"), {QStringLiteral("x")});
    QVERIFY(!r.ok);
    QCOMPARE(r.error.trimmed(), QStringLiteral("invalid SEQNO \"x\""));

    // The unixctl server does not read from a connection whose request is pending, so the waits
    // of the clients of earlier tests, which are gone, hold their places until a change answers
    // them: make one first.
    QVERIFY(call(socket, QStringLiteral("daemon/reset"), {QStringLiteral("idle")}).ok);
    r = call(socket, QStringLiteral("daemon/snapshot"));
    QVERIFY2(r.ok, qPrintable(r.error));
    const QString epoch = r.json.toObject().value(QLatin1String("epoch")).toString();
    const QString seqno =
        QString::number(r.json.toObject().value(QLatin1String("seqno")).toInteger());

    // An unknown epoch is told to start over at once.
    r = call(socket, QStringLiteral("daemon/wait"), {seqno, QStringLiteral("other")});
    QVERIFY(r.ok);
    QVERIFY(r.json.toObject().value(QLatin1String("reset")).toBool());

    // At most 64 waits are pending; the others are refused.
    QObject context;
    int refused = 0;
    int answered = 0;
    // Seventy connections at once may overflow the socket's listen backlog; a wait that could
    // not connect is sent again, so that exactly seventy reach the service.
    std::function<void()> send = [&] {
        unixctlCall(&context, socket, QStringLiteral("daemon/wait"), {seqno, epoch},
                    UnixctlCallOptions{true, -1}, [&](const UnixctlResult& w) {
                        if (w.ok) {
                            answered++;
                        } else if (w.error.trimmed() ==
                                   QStringLiteral("too many waiting clients")) {
                            refused++;
                        } else if (w.transportError) {
                            QTimer::singleShot(50, &context, send);
                        }
                    });
    };
    for (int i = 0; i < 70; i++) {
        send();
    }
    QTRY_COMPARE_WITH_TIMEOUT(refused, 6, 15000);
    QCOMPARE(answered, 0);
    // A change answers every pending wait.
    QVERIFY(call(socket, QStringLiteral("daemon/reset"), {QStringLiteral("idle")}).ok);
    QTRY_COMPARE_WITH_TIMEOUT(answered, 64, 15000);
}

void TestSupervisorClient::reconnectsToNewService() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto first = std::make_unique<Service>();
    QVERIFY(first->start(dir.path(), {childDefinition(QStringLiteral("a"))}));
    SupervisorClient client{QString()};
    const QString path = dir.path();
    client.setSocketResolver([path] { return socketFromPidfile(path); });
    QSignalSpy connected(&client, &SupervisorClient::connectedChanged);
    QSignalSpy added(&client, &Supervisor::daemonAdded);
    QSignalSpy removed(&client, &Supervisor::daemonRemoved);
    client.start();
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), 10000);
    QCOMPARE(client.names(), QStringList{QStringLiteral("a")});
    const QString firstSocket = client.socketPath();

    ::kill(static_cast<pid_t>(first->process.processId()), SIGKILL);
    QVERIFY(first->process.waitForFinished(10000));
    QTRY_VERIFY_WITH_TIMEOUT(!client.isConnected(), 10000);
    QCOMPARE(connected.size(), 2);
    QCOMPARE(connected.last()[0].toBool(), false);
    QVERIFY(!client.lastError().isEmpty());
    // The stale mirror is kept.
    QCOMPARE(client.names(), QStringList{QStringLiteral("a")});
    QCOMPARE(removed.size(), 0);

    Service second;
    QVERIFY(second.start(
        dir.path(), {childDefinition(QStringLiteral("a")), childDefinition(QStringLiteral("b"))}));
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), 15000);
    QVERIFY(client.socketPath() != firstSocket);
    QCOMPARE(client.socketPath(), second.socket());
    QCOMPARE(client.names(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(added.size(), 2); // "a" at the first snapshot, "b" now
    QCOMPARE(removed.size(), 0);

    // And it follows the new service.
    QVERIFY(client.remove(QStringLiteral("b")));
    QTRY_COMPARE_WITH_TIMEOUT(removed.size(), 1, 10000);
}

QTEST_GUILESS_MAIN(TestSupervisorClient)
#include "tst_supervisor_client.moc"
