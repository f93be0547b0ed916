// Daemon definitions and the workspace file: JSON round trips, the built-in default for a
// missing file, and clear errors for bad files, which are left untouched.
#include "bridge/runtime_bridge.h"
#include "services/daemon_definition.h"
#include "services/local_supervisor.h"
#include "services/workspace.h"
#include "without_file_override.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>
#include <unistd.h>

using namespace vigil::ui;

class TestWorkspace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void definitionRoundTrip();
    void definitionDefaults();
    void definitionErrors_data();
    void definitionErrors();
    void missingFileStartsFromDefault();
    void saveAndLoadRoundTrip();
    void badFileIsReportedAndUntouched_data();
    void badFileIsReportedAndUntouched();
    void unreadableFileIsReported();
    void applyAndCapture();
};

namespace {

DaemonDefinition sampleDefinition() {
    DaemonDefinition def;
    def.name = QStringLiteral("alpha");
    def.program = QStringLiteral("/usr/bin/alpha");
    def.arguments = {QStringLiteral("--unixctl=alpha.ctl"), QStringLiteral("two words")};
    def.environment = {{QStringLiteral("A"), QStringLiteral("1")},
                       {QStringLiteral("OVS_RUNDIR"), QStringLiteral("/tmp/x")}};
    def.workingDirectory = QStringLiteral("/tmp");
    def.restart = RestartPolicy::Always;
    def.backoffMinMs = 250;
    def.backoffMaxMs = 4000;
    def.backoffJitter = 0.25;
    def.stableRunMs = 1234;
    def.maxFailures = 7;
    def.failureWindowMs = 9000;
    def.stopTimeoutMs = 321;
    def.startGraceMs = 100;
    def.outputLines = 50;
    def.controlSocket = QStringLiteral("none");
    def.autostart = false;
    return def;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& data) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(data), data.size());
}

} // namespace

void TestWorkspace::definitionRoundTrip() {
    DaemonDefinition def = sampleDefinition();
    // Through text too, as the workspace file does.
    QByteArray text = QJsonDocument(def.toJson()).toJson();
    auto back = DaemonDefinition::fromJson(QJsonDocument::fromJson(text).object());
    QVERIFY(back.has_value());
    QCOMPARE(*back, def);
}

void TestWorkspace::definitionDefaults() {
    QString error;
    auto def =
        DaemonDefinition::fromJson(QJsonObject{{"name", "b"}, {"program", "vigil-testd"}}, &error);
    QVERIFY2(def.has_value(), qPrintable(error));
    QCOMPARE(def->restart, RestartPolicy::OnFailure);
    QCOMPARE(def->backoffMinMs, DaemonDefinition().backoffMinMs);
    QVERIFY(def->autostart);
    QVERIFY(def->arguments.isEmpty());
}

void TestWorkspace::definitionErrors_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no name") << QByteArray(R"({"program":"x"})") << "\"name\"";
    QTest::newRow("no program") << QByteArray(R"({"name":"x"})") << "\"program\"";
    QTest::newRow("bad policy") << QByteArray(R"({"name":"x","program":"y","restart":"often"})")
                                << "on-failure, always or never, not \"often\"";
    QTest::newRow("args not strings")
        << QByteArray(R"({"name":"x","program":"y","arguments":[1]})") << "\"arguments\"";
    QTest::newRow("env not strings")
        << QByteArray(R"({"name":"x","program":"y","environment":{"A":1}})") << "\"environment\"";
    QTest::newRow("negative timeout")
        << QByteArray(R"({"name":"x","program":"y","stopTimeoutMs":-5})") << "\"stopTimeoutMs\"";
    QTest::newRow("min above max")
        << QByteArray(R"({"name":"x","program":"y","backoff":{"minMs":5000,"maxMs":10}})")
        << "exceeds backoff.maxMs";
    QTest::newRow("jitter") << QByteArray(R"({"name":"x","program":"y","backoff":{"jitter":2}})")
                            << "backoff.jitter";
}

void TestWorkspace::definitionErrors() {
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QString error;
    auto def = DaemonDefinition::fromJson(QJsonDocument::fromJson(json).object(), &error);
    QVERIFY(!def.has_value());
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestWorkspace::missingFileStartsFromDefault() {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("config/vigil/workspace.json"));
    Workspace ws(path);
    QVERIFY2(ws.load(), qPrintable(ws.errorString()));
    QVERIFY(ws.createdFromDefault());
    QStringList names;
    for (const auto& def : ws.daemons) {
        names << def.name;
    }
    QCOMPARE(names, (QStringList{"demo-server", "demo-flaky", "demo-client"}));
    QCOMPARE(ws.sessions, QStringList{"tcp:127.0.0.1:16640"});
    QCOMPARE(ws.daemons[0].program, QStringLiteral("vigil-testd"));
    QVERIFY(ws.daemons[0].arguments.contains("--remote=ptcp:16640:127.0.0.1"));
    QVERIFY(ws.daemons[1].arguments.contains("--crash-after=45000"));
    QCOMPARE(ws.daemons[1].restart, RestartPolicy::OnFailure);
    QVERIFY(ws.daemons[2].arguments.contains("--connect=tcp:127.0.0.1:16640"));

    // The default was saved, and loading it again does not count as a default any more.
    QVERIFY(QFile::exists(path));
    Workspace again(path);
    QVERIFY2(again.load(), qPrintable(again.errorString()));
    QVERIFY(!again.createdFromDefault());
    QCOMPARE(again.daemons, ws.daemons);
    QCOMPARE(again.sessions, ws.sessions);
}

void TestWorkspace::saveAndLoadRoundTrip() {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("ws.json"));
    Workspace ws(path);
    ws.daemons = {sampleDefinition()};
    DaemonDefinition second = sampleDefinition();
    second.name = QStringLiteral("beta");
    second.restart = RestartPolicy::Never;
    ws.daemons << second;
    ws.targets = {QStringLiteral("/run/x.ctl"), QStringLiteral("tcp:10.0.0.1:6640")};
    ws.sessions = {QStringLiteral("unix:/tmp/db.sock")};
    QVERIFY2(ws.save(), qPrintable(ws.errorString()));

    Workspace back(path);
    QVERIFY2(back.load(), qPrintable(back.errorString()));
    QCOMPARE(back.daemons, ws.daemons);
    QCOMPARE(back.targets, ws.targets);
    QCOMPARE(back.sessions, ws.sessions);
    QCOMPARE(QJsonDocument::fromJson(readAll(path))["version"].toInt(), 1);
}

void TestWorkspace::badFileIsReportedAndUntouched_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("syntax") << QByteArray("{\n  \"version\": 1,\n  \"daemons\": [ }\n")
                            << "line 3, column";
    // Columns count characters: the two three-byte characters before the error count as two
    // (Qt reports the offset just past the unexpected "]", the 8th character; bytes would say 13).
    QTest::newRow("syntax after non-ASCII")
        << QByteArray("{\"\xe5\x90\x8d\xe5\xad\x97\": ]}") << "line 1, column 9:";
    QTest::newRow("not an object") << QByteArray("[1, 2]") << "must be a JSON object";
    QTest::newRow("version") << QByteArray(R"({"version": 2, "daemons": []})")
                             << "\"version\" must be 1";
    QTest::newRow("bad daemon")
        << QByteArray(R"({"version":1,"daemons":[{"name":"a","program":"b"},{"name":"c"}]})")
        << "daemons[1]: \"program\"";
    QTest::newRow("duplicate")
        << QByteArray(
               R"({"version":1,"daemons":[{"name":"a","program":"b"},{"name":"a","program":"b"}]})")
        << "used twice";
    QTest::newRow("sessions") << QByteArray(R"({"version":1,"sessions":"tcp:1.2.3.4:5"})")
                              << "\"sessions\" must be an array of strings";
}

void TestWorkspace::badFileIsReportedAndUntouched() {
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("ws.json"));
    writeAll(path, content);

    Workspace ws(path);
    ws.daemons = {sampleDefinition()};
    ws.sessions = {QStringLiteral("tcp:1.1.1.1:1")};
    QVERIFY(!ws.load());
    QVERIFY2(ws.errorString().startsWith(path + QStringLiteral(": ")),
             qPrintable(ws.errorString()));
    QVERIFY2(ws.errorString().contains(expected), qPrintable(ws.errorString()));
    QVERIFY(!ws.createdFromDefault());
    // Neither the file nor what was loaded before changed.
    QCOMPARE(readAll(path), content);
    QCOMPARE(ws.daemons, QList<DaemonDefinition>{sampleDefinition()});
    QCOMPARE(ws.sessions, QStringList{"tcp:1.1.1.1:1"});
}

void TestWorkspace::unreadableFileIsReported() {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("ws.json"));
    writeAll(path, R"({"version":1})");
    QFile::setPermissions(path, QFileDevice::Permissions());
    Workspace ws(path);
    {
        const vigil::test::WithoutFileOverride modesApply;
        QVERIFY2(modesApply.error().isEmpty(), qPrintable(modesApply.error()));
        QVERIFY(!ws.load());
    }
    QVERIFY2(ws.errorString().contains(path) && ws.errorString().contains("cannot read"),
             qPrintable(ws.errorString()));
    QVERIFY(QFile::exists(path));
}

// applyTo() adds definitions and starts the autostart ones; captureFrom() saves the desired
// state as autostart.
void TestWorkspace::applyAndCapture() {
    RuntimeBridge bridge;
    Workspace ws;
    DaemonDefinition sleeper;
    sleeper.name = QStringLiteral("sleeper");
    sleeper.program = QStringLiteral("/bin/sleep");
    sleeper.arguments = {QStringLiteral("30")};
    sleeper.startGraceMs = 50;
    sleeper.stopTimeoutMs = 2000;
    DaemonDefinition idle = sleeper;
    idle.name = QStringLiteral("idle");
    idle.autostart = false;
    ws.daemons = {sleeper, idle};

    LocalSupervisor supervisor;
    QVERIFY(ws.applyTo(supervisor).isEmpty());
    QCOMPARE(supervisor.names(), (QStringList{"sleeper", "idle"}));
    QTRY_COMPARE(supervisor.status("sleeper")->state, DaemonState::Running);
    QCOMPARE(supervisor.status("idle")->state, DaemonState::Stopped);

    Workspace captured;
    captured.captureFrom(supervisor);
    QCOMPARE(captured.daemons, ws.daemons);

    QSignalSpy stopped(&supervisor, &Supervisor::allStopped);
    supervisor.stopAll();
    QTRY_COMPARE(stopped.size(), 1);
    captured.captureFrom(supervisor);
    QVERIFY(!captured.daemons[0].autostart);

    // Applying a definition again updates the existing daemon instead of failing.
    DaemonDefinition changedIdle = idle;
    changedIdle.arguments = {QStringLiteral("5")};
    ws.daemons = {changedIdle};
    QVERIFY(ws.applyTo(supervisor).isEmpty());
    QCOMPARE(supervisor.definition("idle")->arguments, QStringList{"5"});
}

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
