// The console's own control socket, driven by vigil-appctl (by socket path) and by the real
// ovs-appctl (`-t vigil` through the pidfile), against a Console in this process: daemon
// management, JSON output, target calls relayed to a daemon, sessions and the workspace.
#include "console_test_util.h"
#include "services/console.h"
#include "services/control_command.h"
#include "services/control_server.h"
#include "services/supervisor.h"
#include "services/target_registry.h"

#include "vigil/pidfile.h"
#include "vigil/unixctl.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <unistd.h>

using namespace vigil::ui;
using vigil::test::bin;
using vigil::test::run_result;

class TestControlSocket : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void pidfileAndSocket();
    void daemonListJson();
    void daemonListText();
    void ovsAppctlByName();
    void addStartCallStop();
    void targetsAndCommands();
    void sessionListAndSave();
    void errors_data();
    void errors();
    void commandTable_data();
    void commandTable();

private:
    // Runs vigil-appctl against the console's socket while this thread keeps serving.
    run_result appctl(const QStringList& args);
    QJsonArray appctlJson(const QStringList& args);
    std::optional<QJsonObject> daemon(const QString& name);

    QTemporaryDir dir_;
    std::unique_ptr<Console> console_;
    QString socket_;
};

void TestControlSocket::initTestCase() {
    QVERIFY(dir_.isValid());
    qputenv("OVS_RUNDIR", dir_.path().toLocal8Bit());
    const QString workspace = dir_.path() + QStringLiteral("/workspace.json");
    QFile f(workspace);
    QVERIFY(f.open(QIODevice::WriteOnly));
    const QJsonObject alpha{
        {QStringLiteral("name"), QStringLiteral("alpha")},
        {QStringLiteral("program"), bin(QStringLiteral("vigil-testd"))},
        {QStringLiteral("arguments"), QJsonArray{QStringLiteral("--unixctl=alpha.ctl")}},
        {QStringLiteral("autostart"), true}};
    f.write(QJsonDocument(QJsonObject{{QStringLiteral("version"), 1},
                                      {QStringLiteral("daemons"), QJsonArray{alpha}},
                                      {QStringLiteral("targets"), QJsonArray{}},
                                      {QStringLiteral("sessions"), QJsonArray{}}})
                .toJson());
    f.close();

    console_ = std::make_unique<Console>();
    QString error;
    QVERIFY2(console_->load(workspace, &error), qPrintable(error));
    QVERIFY2(console_->startControlSocket(&error), qPrintable(error));
    socket_ = console_->controlServer()->socketPath();
    QTRY_VERIFY_WITH_TIMEOUT(console_->supervisor()->status(QStringLiteral("alpha"))->state ==
                                 DaemonState::Running,
                             15000);
}

void TestControlSocket::cleanupTestCase() {
    if (!console_) {
        return;
    }
    QSignalSpy done(console_.get(), &Console::shutdownFinished);
    console_->shutdown();
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 15000);
    console_.reset();
    QVERIFY(!QFile::exists(dir_.path() + QStringLiteral("/vigil.pid")));
    QVERIFY(!QFile::exists(socket_));
}

run_result TestControlSocket::appctl(const QStringList& args) {
    return vigil::test::run_serving(bin(QStringLiteral("vigil-appctl")),
                                    QStringList{QStringLiteral("-t"), socket_} + args,
                                    vigil::test::env_with_rundir(dir_.path()));
}

QJsonArray TestControlSocket::appctlJson(const QStringList& args) {
    const run_result r =
        appctl(QStringList{QStringLiteral("--format"), QStringLiteral("json")} + args);
    if (r.exit_code != 0) {
        qWarning("%s", r.err.constData());
    }
    return QJsonDocument::fromJson(r.out).array();
}

std::optional<QJsonObject> TestControlSocket::daemon(const QString& name) {
    for (const QJsonValue& v : appctlJson({QStringLiteral("daemon/list")})) {
        if (v.toObject().value(QLatin1String("name")).toString() == name) {
            return v.toObject();
        }
    }
    return std::nullopt;
}

void TestControlSocket::pidfileAndSocket() {
    // Read it from another process: closing any fd of the file here would drop our own lock.
    const run_result cat = vigil::test::run_serving(QStringLiteral("cat"),
                                                    {dir_.path() + QStringLiteral("/vigil.pid")},
                                                    QProcessEnvironment::systemEnvironment());
    QCOMPARE(cat.out.trimmed().toLongLong(), static_cast<qint64>(::getpid()));
    pid_t pid = 0;
    QCOMPARE(vigil::read_pidfile((dir_.path() + QStringLiteral("/vigil.pid")).toStdString(), pid),
             0);
    QCOMPARE(pid, ::getpid());
    QCOMPARE(socket_, dir_.path() + QStringLiteral("/vigil.%1.ctl").arg(::getpid()));
    QVERIFY(QFile::exists(socket_));
    // The console's socket is itself a discovered target.
    QTRY_VERIFY_WITH_TIMEOUT(console_->targets()->target(QStringLiteral("vigil")).has_value(),
                             10000);
}

void TestControlSocket::daemonListJson() {
    const QJsonArray list = appctlJson({QStringLiteral("daemon/list")});
    QCOMPARE(list.size(), 1);
    const QJsonObject alpha = list[0].toObject();
    QCOMPARE(alpha.value(QLatin1String("name")).toString(), QStringLiteral("alpha"));
    QCOMPARE(alpha.value(QLatin1String("state")).toString(), QStringLiteral("running"));
    QCOMPARE(alpha.value(QLatin1String("desired")).toString(), QStringLiteral("up"));
    QCOMPARE(alpha.value(QLatin1String("pid")).toInteger(),
             console_->supervisor()->status(QStringLiteral("alpha"))->pid);
    QVERIFY(alpha.value(QLatin1String("pid")).toInteger() > 0);
    QCOMPARE(alpha.value(QLatin1String("restarts")).toInt(-1), 0);
    QVERIFY(alpha.contains(QLatin1String("last_exit")));
    QVERIFY(alpha.value(QLatin1String("last_exit")).isNull());
}

void TestControlSocket::daemonListText() {
    const run_result r = appctl({QStringLiteral("daemon/list")});
    QCOMPARE(r.exit_code, 0);
    const QStringList lines = QString::fromUtf8(r.out).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines[0].startsWith(QStringLiteral("NAME")));
    QVERIFY(lines[0].contains(QStringLiteral("STATE")));
    QVERIFY2(lines[1].startsWith(QStringLiteral("alpha")), qPrintable(lines[1]));
    QVERIFY(lines[1].contains(QStringLiteral("running")));
}

void TestControlSocket::ovsAppctlByName() {
    QVERIFY2(!vigil::test::find_program(QStringLiteral("ovs-appctl")).isEmpty(),
             "ovs-appctl is not installed (make deps installs openvswitch-common)");
    const QProcessEnvironment env = vigil::test::env_with_rundir(dir_.path());
    run_result r = vigil::test::run_serving(
        QStringLiteral("ovs-appctl"),
        {QStringLiteral("-t"), QStringLiteral("vigil"), QStringLiteral("daemon/list")}, env);
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY(r.out.contains("alpha"));
    r = vigil::test::run_serving(QStringLiteral("ovs-appctl"),
                                 {QStringLiteral("-t"), QStringLiteral("vigil"),
                                  QStringLiteral("target/call"), QStringLiteral("alpha"),
                                  QStringLiteral("echo"), QStringLiteral("through the console")},
                                 env);
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray("through the console\n"));
    r = vigil::test::run_serving(
        QStringLiteral("ovs-appctl"),
        {QStringLiteral("-t"), QStringLiteral("vigil"), QStringLiteral("list-commands")}, env);
    for (const QString& name : ControlServer::commandNames()) {
        QVERIFY2(r.out.contains(name.toUtf8()), qPrintable(name));
    }
    // vigil-appctl resolves the name the same way.
    r = vigil::test::run_serving(
        bin(QStringLiteral("vigil-appctl")),
        {QStringLiteral("-t"), QStringLiteral("vigil"), QStringLiteral("daemon/list")}, env);
    QVERIFY2(r.exit_code == 0, r.err.constData());
}

void TestControlSocket::addStartCallStop() {
    run_result r =
        appctl({QStringLiteral("daemon/add"), QStringLiteral("beta"),
                bin(QStringLiteral("vigil-testd")), QStringLiteral("--unixctl=beta.ctl")});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    auto beta = daemon(QStringLiteral("beta"));
    QVERIFY(beta);
    QCOMPARE(beta->value(QLatin1String("state")).toString(), QStringLiteral("stopped"));
    QCOMPARE(beta->value(QLatin1String("desired")).toString(), QStringLiteral("down"));
    QVERIFY(beta->value(QLatin1String("pid")).isNull());

    r = appctl({QStringLiteral("daemon/start"), QStringLiteral("beta")});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QTRY_VERIFY_WITH_TIMEOUT(
        daemon(QStringLiteral("beta"))->value(QLatin1String("state")).toString() ==
            QStringLiteral("running"),
        15000);

    // target/call: a deferred reply relayed from the daemon, by daemon name.
    r = appctl({QStringLiteral("target/call"), QStringLiteral("beta"), QStringLiteral("echo"),
                QStringLiteral("hello")});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray("hello\n"));
    // With JSON the daemon's JSON passes through.
    const QJsonArray sessions = appctlJson(
        {QStringLiteral("target/call"), QStringLiteral("beta"), QStringLiteral("sessions/show")});
    QVERIFY(sessions.isEmpty()); // a valid, empty array: beta has no sessions
    r = appctl({QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("target/call"),
                QStringLiteral("beta"), QStringLiteral("sessions/show")});
    QCOMPARE(r.out.trimmed(), QByteArray("[]"));
    // The daemon's error is the call's error.
    r = appctl({QStringLiteral("target/call"), QStringLiteral("beta"), QStringLiteral("echo_error"),
                QStringLiteral("nope")});
    QCOMPARE(r.exit_code, 2);
    QVERIFY2(r.err.contains("nope"), r.err.constData());

    r = appctl({QStringLiteral("daemon/stop"), QStringLiteral("beta")});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QTRY_VERIFY_WITH_TIMEOUT(
        daemon(QStringLiteral("beta"))->value(QLatin1String("state")).toString() ==
            QStringLiteral("stopped"),
        15000);
    beta = daemon(QStringLiteral("beta"));
    QCOMPARE(beta->value(QLatin1String("desired")).toString(), QStringLiteral("down"));
    QVERIFY(beta->value(QLatin1String("pid")).isNull());
    QVERIFY(beta->value(QLatin1String("last_exit")).isString());

    const QJsonArray history =
        appctlJson({QStringLiteral("daemon/history"), QStringLiteral("beta")});
    QStringList events;
    for (const QJsonValue& v : history) {
        events << v.toObject().value(QLatin1String("event")).toString();
    }
    QVERIFY2(events.contains(QStringLiteral("started")), qPrintable(events.join(',')));
    QVERIFY2(events.contains(QStringLiteral("stopped")) ||
                 events.contains(QStringLiteral("exited")),
             qPrintable(events.join(',')));
    r = appctl({QStringLiteral("daemon/history"), QStringLiteral("beta")});
    QVERIFY(r.out.startsWith("TIME"));
    r = appctl({QStringLiteral("daemon/log"), QStringLiteral("beta"), QStringLiteral("5")});
    QCOMPARE(r.exit_code, 0);

    r = appctl({QStringLiteral("daemon/remove"), QStringLiteral("beta")});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QTRY_VERIFY_WITH_TIMEOUT(!daemon(QStringLiteral("beta")), 15000);
}

void TestControlSocket::targetsAndCommands() {
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QStringList names;
            for (const QJsonValue& v : appctlJson({QStringLiteral("target/list")})) {
                names << v.toObject().value(QLatin1String("name")).toString();
            }
            return names.contains(QStringLiteral("alpha")) &&
                   names.contains(QStringLiteral("vigil"));
        }(),
        10000);
    const QJsonArray list = appctlJson({QStringLiteral("target/list")});
    for (const QJsonValue& v : list) {
        const QJsonObject o = v.toObject();
        if (o.value(QLatin1String("name")).toString() == QStringLiteral("alpha")) {
            QCOMPARE(o.value(QLatin1String("kind")).toString(), QStringLiteral("daemon"));
            QCOMPARE(o.value(QLatin1String("socket")).toString(),
                     dir_.path() + QStringLiteral("/alpha.ctl"));
        }
    }
    const QJsonArray commands =
        appctlJson({QStringLiteral("target/commands"), QStringLiteral("alpha")});
    bool sawWait = false;
    for (const QJsonValue& v : commands) {
        const QJsonObject o = v.toObject();
        if (o.value(QLatin1String("name")).toString() == QStringLiteral("sessions/wait")) {
            sawWait = true;
            QCOMPARE(o.value(QLatin1String("usage")).toString(), QStringLiteral("[SEQNO]"));
            QCOMPARE(o.value(QLatin1String("min_args")).toInt(-1), 0);
            QCOMPARE(o.value(QLatin1String("max_args")).toInt(-1), 1);
        }
    }
    QVERIFY(sawWait);
    const run_result r = appctl({QStringLiteral("target/commands"), QStringLiteral("alpha")});
    QVERIFY(r.out.startsWith("COMMAND"));
    QVERIFY(r.out.contains("sessions/wait"));
}

void TestControlSocket::sessionListAndSave() {
    QVERIFY(console_->addSession(QStringLiteral("unix:") + dir_.path() +
                                 QStringLiteral("/nobody.sock")));
    QTRY_VERIFY_WITH_TIMEOUT(!appctlJson({QStringLiteral("session/list")}).isEmpty(), 10000);
    const QJsonObject s = appctlJson({QStringLiteral("session/list")})[0].toObject();
    QCOMPARE(s.value(QLatin1String("source")).toString(), QStringLiteral("console"));
    QVERIFY(s.contains(QLatin1String("state")));
    QVERIFY(s.contains(QLatin1String("attempts")));
    QVERIFY(appctl({QStringLiteral("session/list")}).out.startsWith("SOURCE"));

    const run_result r = appctl({QStringLiteral("workspace/save")});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QFile f(dir_.path() + QStringLiteral("/workspace.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject saved = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(saved.value(QLatin1String("sessions")).toArray().size(), 1);
    QCOMPARE(saved.value(QLatin1String("daemons")).toArray().size(), 1);
}

void TestControlSocket::errors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown daemon")
        << QStringList{"daemon/start", "nobody"} << "no daemon named \"nobody\"";
    QTest::newRow("unknown target")
        << QStringList{"target/call", "nobody", "version"} << "unknown target \"nobody\"";
    QTest::newRow("bad lines") << QStringList{"daemon/log", "alpha", "x"} << "invalid LINES";
    QTest::newRow("duplicate") << QStringList{"daemon/add", "alpha", "/bin/true"} << "alpha";
}

void TestControlSocket::errors() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const run_result r = appctl(args);
    QCOMPARE(r.exit_code, 2);
    QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
}

void TestControlSocket::commandTable_data() {
    QTest::addColumn<int>("row");
    const std::vector<ControlCommand>& rows = controlCommands();
    for (std::size_t i = 0; i < rows.size(); i++) {
        QTest::newRow(rows[i].name) << int(i);
    }
    QCOMPARE(ControlServer::commandNames().size(), qsizetype(rows.size()));
}

// Every row of the one table is served: listed by list-commands with its usage, and its
// argument bounds enforced by the unixctl server with OVS's texts (so its handler never sees a
// wrong count).
void TestControlSocket::commandTable() {
    QFETCH(int, row);
    const ControlCommand& c = controlCommands()[std::size_t(row)];
    QVERIFY(c.handler);
    const QString name = QString::fromLatin1(c.name);
    const QString usage = QString::fromLatin1(c.usage);

    const run_result list = appctl({QStringLiteral("list-commands")});
    QCOMPARE(list.exit_code, 0);
    const QRegularExpression line(
        QStringLiteral("^  %1 +%2\\s*$")
            .arg(QRegularExpression::escape(name), QRegularExpression::escape(usage)),
        QRegularExpression::MultilineOption);
    QVERIFY2(line.match(QString::fromUtf8(list.out)).hasMatch(), list.out.constData());

    const auto call = [&](int n) {
        QStringList args{name};
        for (int i = 0; i < n; i++) {
            args << QStringLiteral("x%1").arg(i);
        }
        return appctl(args);
    };
    if (c.minArgs > 0) {
        const run_result r = call(c.minArgs - 1);
        QCOMPARE(r.exit_code, 2);
        const QByteArray want = QStringLiteral("\"%1\" command requires at least %2 arguments")
                                    .arg(name)
                                    .arg(c.minArgs)
                                    .toUtf8();
        QVERIFY2(r.err.contains(want), r.err.constData());
    }
    if (c.maxArgs != vigil::unixctl_any_args) {
        const run_result r = call(c.maxArgs + 1);
        QCOMPARE(r.exit_code, 2);
        const QByteArray want = QStringLiteral("\"%1\" command takes at most %2 arguments")
                                    .arg(name)
                                    .arg(c.maxArgs)
                                    .toUtf8();
        QVERIFY2(r.err.contains(want), r.err.constData());
    }
}

QTEST_GUILESS_MAIN(TestControlSocket)
#include "tst_control_socket.moc"
