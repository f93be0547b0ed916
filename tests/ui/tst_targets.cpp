// Targets: usage parsing, discovery of a real ovsdb-server's control socket in the run
// directory (and its disappearance), stale sockets ignored, commands fetched and invoked
// asynchronously with JSON output, timeouts and errors, and the audit history model.
#include "bridge/runtime_bridge.h"
#include "console_test_util.h"
#include "models/command_model.h"
#include "models/invocation_history_model.h"
#include "services/command_invoker.h"
#include "services/invocation_history_feed.h"
#include "services/target_registry.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace vigil::ui;
using vigil::test::bin;

class TestTargets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void usageBounds_data();
    void usageBounds();
    void parseListCommands();
    void discoversOvsdbServer();
    void staleSocketIgnored();
    void invokeErrorsAndTimeout();
    void addPathRejectsNonSockets();

private:
    QTemporaryDir dir_;
};

void TestTargets::initTestCase() {
    QVERIFY(dir_.isValid());
    qputenv("OVS_RUNDIR", dir_.path().toLocal8Bit());
}

void TestTargets::usageBounds_data() {
    QTest::addColumn<QString>("usage");
    QTest::addColumn<int>("min");
    QTest::addColumn<int>("max");
    QTest::newRow("none") << "" << 0 << 0;
    QTest::newRow("one") << "NAME" << 1 << 1;
    QTest::newRow("optional") << "[SEQNO]" << 0 << 1;
    QTest::newRow("rest") << "NAME PROGRAM [ARG...]" << 2 << -1;
    QTest::newRow("required rest") << "ARG..." << 1 << -1;
    QTest::newRow("alternatives") << "{spec | PATTERN} [x]" << 0 << -1; // see usage_grammar.h
    QTest::newRow("sequence alternatives") << "{a b | c} [x]" << 1 << 3;
    QTest::newRow("nested") << "[DP [PORT]]" << 0 << 2;
    QTest::newRow("two optional") << "NAME [LINES] [MORE]" << 1 << 3;
}

void TestTargets::usageBounds() {
    QFETCH(QString, usage);
    QFETCH(int, min);
    QFETCH(int, max);
    const CommandInfo c = commandFromUsage(QStringLiteral("cmd"), usage);
    QCOMPARE(c.minArgs, min);
    QCOMPARE(c.maxArgs, max);
    QCOMPARE(c.usage, usage.trimmed());
}

void TestTargets::parseListCommands() {
    const QString text =
        QStringLiteral("The available commands are:\n"
                       "  exit\n"
                       "  list-commands\n"
                       "  sessions/wait           [SEQNO]\n"
                       "  vlog/set                {spec | PATTERN:destination:pattern}\n");
    const QList<CommandInfo> list = parseCommandList(text);
    QCOMPARE(list.size(), 4);
    QCOMPARE(list[0].name, QStringLiteral("exit"));
    QCOMPARE(list[2].name, QStringLiteral("sessions/wait"));
    QCOMPARE(list[2].usage, QStringLiteral("[SEQNO]"));
    QCOMPARE(list[2].maxArgs, 1);
    QCOMPARE(list[3].minArgs, 0); // vlog/set takes no argument too
    QCOMPARE(list[3].maxArgs, -1);
}

void TestTargets::discoversOvsdbServer() {
    QVERIFY2(!vigil::test::find_program(QStringLiteral("ovsdb-server")).isEmpty(),
             "ovsdb-server is not installed (make deps installs openvswitch-common)");
    QTemporaryDir run;
    QVERIFY(run.isValid());
    RuntimeBridge bridge;
    TargetRegistry registry(nullptr);
    registry.setRunDirectories({run.path()});
    QSignalSpy added(&registry, &TargetRegistry::targetAdded);

    vigil::test::ovsdb_server server;
    QString error;
    QVERIFY2(server.start(run.path(), QStringLiteral("4242"), error), qPrintable(error));

    // Found by the directory watcher (or the fallback scan), named after its file.
    QTRY_VERIFY_WITH_TIMEOUT(registry.target(QStringLiteral("ovsdb-server")).has_value(), 10000);
    const TargetInfo t = *registry.target(QStringLiteral("ovsdb-server"));
    QCOMPARE(t.kind, TargetKind::Discovered);
    QCOMPARE(t.socketPath, server.socket());
    QVERIFY(added.contains(QVariantList{QStringLiteral("ovsdb-server")}));

    // Its commands, through the command model.
    CommandModel commands(&registry);
    QAbstractItemModelTester tester(&commands,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy fetched(&commands, &CommandModel::fetchFinished);
    commands.setTarget(QStringLiteral("ovsdb-server"));
    QVERIFY(commands.isLoading());
    QTRY_COMPARE_WITH_TIMEOUT(fetched.size(), 1, 10000);
    QCOMPARE(fetched[0][1].toString(), QString());
    QStringList names;
    for (int row = 0; row < commands.rowCount(); row++) {
        names << commands.command(row).name;
    }
    QVERIFY2(names.contains(QStringLiteral("version")), qPrintable(names.join(' ')));
    QVERIFY(names.contains(QStringLiteral("list-commands")));
    QVERIFY(names.contains(QStringLiteral("exit")));

    // `version`, asynchronously, into the audit history.
    CommandInvoker invoker(&registry);
    InvocationHistoryModel historyModel;
    feedHistoryModel(invoker, historyModel);
    QAbstractItemModelTester historyTester((&historyModel),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy finished(&invoker, &CommandInvoker::invocationFinished);
    invoker.invoke(QStringLiteral("ovsdb-server"), QStringLiteral("version"), {});
    QCOMPARE((&historyModel)->rowCount(), 1);
    QVERIFY(!invoker.history().first().finished);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    Invocation inv = finished[0][0].value<Invocation>();
    QVERIFY2(inv.ok, qPrintable(inv.error));
    QVERIFY2(inv.output.contains(QStringLiteral("ovsdb-server (Open vSwitch)")),
             qPrintable(inv.output));
    QVERIFY(invoker.history().first().finished);
    QCOMPARE((&historyModel)->data((&historyModel)->index(0, 1)).toString(),
             QStringLiteral("ovsdb-server"));

    // OVS 3.1 has no `set-options`: a JSON request falls back to its text reply, flagged.
    invoker.invoke(QStringLiteral("ovsdb-server"), QStringLiteral("list-commands"), {},
                   InvokeOptions{true, 10000});
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
    inv = finished[1][0].value<Invocation>();
    QVERIFY2(inv.ok, qPrintable(inv.error));
    QVERIFY(inv.output.contains(QStringLiteral("list-commands")));

    // Gone when the server exits (it unlinks its socket; a stale one would be dropped too).
    server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!registry.target(QStringLiteral("ovsdb-server")).has_value(), 10000);
}

void TestTargets::staleSocketIgnored() {
    QTemporaryDir run;
    QVERIFY(run.isValid());
    // A socket file nobody listens on any more: bound, then closed without unlinking.
    const QString stale = run.path() + QStringLiteral("/dead.77.ctl");
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", qPrintable(stale));
    QCOMPARE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ::close(fd);
    QVERIFY(QFile::exists(stale));

    RuntimeBridge bridge;
    TargetRegistry registry(nullptr);
    registry.setRunDirectories({run.path()});

    // A live vigil-testd next to it is found; the stale one never is.
    QProcess testd;
    const QString live = run.path() + QStringLiteral("/testd.55.ctl");
    testd.start(bin(QStringLiteral("vigil-testd")), {QStringLiteral("--unixctl=") + live});
    QVERIFY(testd.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(registry.target(QStringLiteral("testd")).has_value(), 10000);
    QVERIFY(!registry.target(QStringLiteral("dead")).has_value());
    QString why;
    QVERIFY(!registry.addPath(stale, &why));
    QVERIFY2(why.contains(QStringLiteral("refused")), qPrintable(why));

    // Killed hard, its socket file stays behind but stops answering: dropped on a rescan.
    testd.kill();
    testd.waitForFinished();
    QVERIFY(QFile::exists(live));
    QTRY_VERIFY_WITH_TIMEOUT(!registry.target(QStringLiteral("testd")).has_value(), 10000);
}

void TestTargets::invokeErrorsAndTimeout() {
    QTemporaryDir run;
    QVERIFY(run.isValid());
    RuntimeBridge bridge;
    TargetRegistry registry(nullptr);
    registry.setRunDirectories({run.path()});
    QProcess testd;
    const QString socket = run.path() + QStringLiteral("/vigil-testd.ctl");
    testd.start(bin(QStringLiteral("vigil-testd")), {QStringLiteral("--unixctl=") + socket});
    QVERIFY(testd.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(registry.target(QStringLiteral("vigil-testd")).has_value(), 10000);

    CommandInvoker invoker(&registry);

    InvocationHistoryModel historyModel;

    feedHistoryModel(invoker, historyModel);
    QSignalSpy finished(&invoker, &CommandInvoker::invocationFinished);
    auto last = [&finished] { return finished.last()[0].value<Invocation>(); };

    invoker.invoke(QStringLiteral("vigil-testd"), QStringLiteral("echo_error"),
                   {QStringLiteral("bad thing")});
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY(!last().ok);
    QVERIFY(!last().transportError);
    QCOMPARE(last().error, QStringLiteral("bad thing"));

    // A command that never answers times out without blocking anything.
    const quint64 id = invoker.invoke(QStringLiteral("vigil-testd"), QStringLiteral("block"), {},
                                      InvokeOptions{false, 300});
    invoker.invoke(QStringLiteral("vigil-testd"), QStringLiteral("echo"), {QStringLiteral("hi")});
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 10000);
    bool sawEcho = false;
    bool sawTimeout = false;
    for (const QVariantList& args : finished) {
        const Invocation inv = args[0].value<Invocation>();
        if (inv.command == QStringLiteral("echo")) {
            sawEcho = inv.ok && inv.output.trimmed() == QStringLiteral("hi");
        }
        if (inv.id == id) {
            sawTimeout = !inv.ok && inv.transportError &&
                         inv.error.contains(QStringLiteral("no reply within 300 ms"));
        }
    }
    QVERIFY(sawEcho);
    QVERIFY(sawTimeout);

    // JSON output from a daemon that speaks it.
    invoker.invoke(QStringLiteral("vigil-testd"), QStringLiteral("sessions/show"), {},
                   InvokeOptions{true, 10000});
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, 10000);
    QVERIFY2(last().ok, qPrintable(last().error));
    QVERIFY(!last().jsonUnsupported);
    QVERIFY(QJsonDocument::fromJson(last().output.toUtf8()).isArray());

    // Unknown targets fail from the event loop, with a message.
    invoker.invoke(QStringLiteral("nobody"), QStringLiteral("version"), {});
    QCOMPARE(finished.size(), 4);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 5, 10000);
    QVERIFY(last().error.contains(QStringLiteral("unknown target")));
    QCOMPARE((&historyModel)->rowCount(), 5);
    QVERIFY(!(&historyModel)
                 ->data((&historyModel)->index(4, 0), InvocationHistoryModel::OkRole)
                 .toBool());
    testd.kill();
    testd.waitForFinished();
}

void TestTargets::addPathRejectsNonSockets() {
    RuntimeBridge bridge;
    TargetRegistry registry(nullptr);
    QString why;
    QVERIFY(!registry.addPath(dir_.path() + QStringLiteral("/missing.ctl"), &why));
    QVERIFY(why.contains(QStringLiteral("not a socket")));
    QVERIFY(!registry.addPath(QStringLiteral("tcp:127.0.0.1:6640"), &why));
    QVERIFY(registry.addedPaths().isEmpty());
}

QTEST_GUILESS_MAIN(TestTargets)
#include "tst_targets.moc"
