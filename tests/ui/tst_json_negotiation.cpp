// JSON output negotiated per connection and remembered per target: a Vigil daemon accepts
// `set-options --format json` and its replies come back as JSON documents; a real ovs-vswitchd
// 3.1 refuses it, the command still runs and answers in text with no error, and later calls
// send no set-options at all (the invoker's count and the daemon's own unixctl debug log agree);
// a restarted daemon (a new pid-named socket, or the same path re-created) is asked again.
#include "bridge/runtime_bridge.h"
#include "ovs_fixture.h"
#include "services/command_invoker.h"
#include "services/target_registry.h"
#include "test_util.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace vigil::ui;
using vigil::test::bin;

namespace {

struct Result {
    bool done = false;
    Invocation inv;
};

} // namespace

class TestJsonNegotiation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void vigilDaemonSpeaksJson();
    void ovsRefusesSilentlyAndIsNotAskedAgain();
    void restartedOvsAtNewSocketIsAskedAgain();
    void recreatedSocketIsAskedAgain();
    void textCallsNeverNegotiate();

private:
    Invocation call(const QString& target, const QString& command, const QStringList& args,
                    bool json);
    int countInLog(const QByteArray& needle) const;
    bool startVswitchd(QString& error);
    void startTestd();

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<RuntimeBridge> bridge_;
    std::unique_ptr<vigil::test::real_ovs> ovs_;
    std::unique_ptr<QProcess> testd_;
    std::unique_ptr<TargetRegistry> registry_;
    std::unique_ptr<CommandInvoker> invoker_;
    pid_t vswitchdPid_ = 0;
};

Invocation TestJsonNegotiation::call(const QString& target, const QString& command,
                                     const QStringList& args, bool json) {
    auto result = std::make_shared<Result>();
    InvokeOptions options;
    options.json = json;
    invoker_->invoke(target, command, args, options, [result](const Invocation& inv) {
        result->done = true;
        result->inv = inv;
    });
    // The reply arrives through this thread's event loop.
    QDeadlineTimer deadline(20000);
    while (!result->done && !deadline.hasExpired()) {
        QTest::qWait(10);
    }
    if (!result->done) {
        qWarning("no answer from %s %s", qPrintable(target), qPrintable(command));
    }
    return result->inv;
}

int TestJsonNegotiation::countInLog(const QByteArray& needle) const {
    QFile log(dir_->filePath(QStringLiteral("vswitchd.log")));
    return log.open(QIODevice::ReadOnly) ? int(log.readAll().count(needle)) : -1;
}

bool TestJsonNegotiation::startVswitchd(QString& error) {
    // No --unixctl: OVS names its socket ovs-vswitchd.PID.ctl in the run directory, as a
    // packaged daemon does, so a restart comes back at a new path.
    const vigil::test::run_result r = vigil::test::run_program(
        QStringLiteral("ovs-vswitchd"),
        {QStringLiteral("unix:") + ovs_->dbSocket(),
         QStringLiteral("--pidfile=") + dir_->filePath(QStringLiteral("vswitchd.pid")),
         QStringLiteral("--log-file=") + dir_->filePath(QStringLiteral("vswitchd.log")),
         QStringLiteral("--no-chdir"), QStringLiteral("--detach")},
        ovs_->env(), 30000);
    if (r.exit_code != 0) {
        error = QStringLiteral("ovs-vswitchd: ") + QString::fromUtf8(r.out + r.err);
        return false;
    }
    vswitchdPid_ = vigil::test::read_pid(dir_->filePath(QStringLiteral("vswitchd.pid")));
    return vswitchdPid_ > 0;
}

void TestJsonNegotiation::startTestd() {
    testd_ = std::make_unique<QProcess>();
    testd_->start(bin(QStringLiteral("vigil-testd")),
                  {QStringLiteral("--unixctl=") + dir_->filePath(QStringLiteral("testd.ctl"))});
    QVERIFY(testd_->waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dir_->filePath(QStringLiteral("testd.ctl"))), 10000);
}

void TestJsonNegotiation::initTestCase() {
    QVERIFY2(QFile::exists(bin(QStringLiteral("vigil-testd"))), "build the vigil-testd program");
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    bridge_ = std::make_unique<RuntimeBridge>();
    ovs_ = std::make_unique<vigil::test::real_ovs>();
    QString error;
    QVERIFY2(ovs_->start(dir_->path(), error, false), qPrintable(error));
    QVERIFY2(startVswitchd(error), qPrintable(error));
    startTestd();

    registry_ = std::make_unique<TargetRegistry>(nullptr);
    registry_->setRunDirectories({dir_->path()});
    QTRY_VERIFY_WITH_TIMEOUT(registry_->target(QStringLiteral("ovs-vswitchd")).has_value() &&
                                 registry_->target(QStringLiteral("testd")).has_value(),
                             20000);
    invoker_ = std::make_unique<CommandInvoker>(registry_.get());
    // The daemon's unixctl requests in its log, to count set-options on its side.
    const Invocation dbg = call(QStringLiteral("ovs-vswitchd"), QStringLiteral("vlog/set"),
                                {QStringLiteral("unixctl:file:dbg")}, false);
    QVERIFY2(dbg.ok, qPrintable(dbg.error));
}

void TestJsonNegotiation::cleanupTestCase() {
    invoker_.reset();
    registry_.reset();
    if (testd_) {
        testd_->kill();
        testd_->waitForFinished();
    }
    if (vswitchdPid_ > 0) {
        ::kill(vswitchdPid_, SIGTERM);
        vigil::test::wait_until([this] { return vigil::test::process_gone(vswitchdPid_); }, 10000);
    }
    ovs_.reset();
    bridge_.reset();
}

void TestJsonNegotiation::vigilDaemonSpeaksJson() {
    const QString testd = QStringLiteral("testd");
    QCOMPARE(invoker_->jsonSupport(testd), JsonSupport::Unknown);
    const quint64 before = invoker_->jsonNegotiations();
    const Invocation inv = call(testd, QStringLiteral("memory/show"), {}, true);
    QVERIFY2(inv.ok, qPrintable(inv.error));
    QVERIFY(inv.negotiated);
    QVERIFY(!inv.jsonUnsupported);
    QCOMPARE(inv.format, ReplyFormat::Json);
    const QJsonObject o = QJsonDocument::fromJson(inv.output.toUtf8()).object();
    QVERIFY2(o.value(QStringLiteral("owners")).isDouble(), qPrintable(inv.output));
    QVERIFY(o.value(QStringLiteral("rss-kB")).toDouble() > 0);
    QCOMPARE(invoker_->jsonSupport(testd), JsonSupport::Yes);
    QCOMPARE(invoker_->jsonNegotiations(), before + 1);

    // A daemon that speaks JSON is asked on every connection (the format is per connection);
    // a text command on it comes back as text, unwrapped from {"reply-format": "plain"}.
    const Invocation echo = call(testd, QStringLiteral("echo"), {QStringLiteral("hi there")}, true);
    QVERIFY2(echo.ok, qPrintable(echo.error));
    QVERIFY(echo.negotiated);
    QCOMPARE(echo.format, ReplyFormat::Text);
    QCOMPARE(echo.output, QStringLiteral("hi there"));
    QCOMPARE(invoker_->jsonNegotiations(), before + 2);
    // An error reply on a JSON connection is the command's error, not a refusal of JSON.
    const Invocation bad =
        call(testd, QStringLiteral("echo_error"), {QStringLiteral("nope")}, true);
    QVERIFY(!bad.ok);
    QVERIFY(!bad.transportError);
    QCOMPARE(bad.error, QStringLiteral("nope"));
    QCOMPARE(invoker_->jsonSupport(testd), JsonSupport::Yes);
}

void TestJsonNegotiation::ovsRefusesSilentlyAndIsNotAskedAgain() {
    const QString vswitchd = QStringLiteral("ovs-vswitchd");
    QCOMPARE(invoker_->jsonSupport(vswitchd), JsonSupport::Unknown);
    const quint64 before = invoker_->jsonNegotiations();
    const QByteArray setOptions("received request set-options");
    const int loggedBefore = countInLog(setOptions);
    QCOMPARE(loggedBefore, 0);

    // First call: negotiated, refused, and the command's own text reply shown with no error.
    const Invocation first = call(vswitchd, QStringLiteral("version"), {}, true);
    QVERIFY2(first.ok, qPrintable(first.error));
    QVERIFY(first.error.isEmpty());
    QVERIFY(first.negotiated);
    QVERIFY(first.jsonUnsupported);
    QCOMPARE(first.format, ReplyFormat::Text);
    QVERIFY2(first.output.contains(QStringLiteral("Open vSwitch")), qPrintable(first.output));
    QCOMPARE(invoker_->jsonSupport(vswitchd), JsonSupport::No);
    QCOMPARE(invoker_->jsonNegotiations(), before + 1);
    // ovs-vswitchd logs asynchronously: wait for the version request, then count.
    QTRY_VERIFY_WITH_TIMEOUT(countInLog("received request version") >= 1, 20000);
    QCOMPARE(countInLog(setOptions), 1);

    // Later calls go out as text at once: no set-options on the wire.
    for (const char* command : {"memory/show", "coverage/show"}) {
        const Invocation again = call(vswitchd, QString::fromLatin1(command), {}, true);
        QVERIFY2(again.ok, qPrintable(again.error));
        QVERIFY(!again.negotiated);
        QVERIFY(again.jsonUnsupported);
        QCOMPARE(again.format, ReplyFormat::Text);
        QVERIFY(!again.output.isEmpty());
    }
    QVERIFY(call(vswitchd, QStringLiteral("coverage/show"), {}, true)
                .output.startsWith(QStringLiteral("Event coverage")));
    QCOMPARE(invoker_->jsonNegotiations(), before + 1);
    QTRY_VERIFY_WITH_TIMEOUT(countInLog("received request coverage/show") >= 2, 20000);
    QCOMPARE(countInLog(setOptions), 1);
}

void TestJsonNegotiation::restartedOvsAtNewSocketIsAskedAgain() {
    const QString vswitchd = QStringLiteral("ovs-vswitchd");
    if (invoker_->jsonSupport(vswitchd) != JsonSupport::No) {
        QVERIFY(call(vswitchd, QStringLiteral("version"), {}, true).jsonUnsupported);
    }
    QCOMPARE(invoker_->jsonSupport(vswitchd), JsonSupport::No);
    const QString oldSocket = registry_->socketPath(vswitchd);
    QVERIFY(oldSocket.endsWith(QStringLiteral(".%1.ctl").arg(vswitchdPid_)));

    ::kill(vswitchdPid_, SIGTERM);
    QVERIFY(
        vigil::test::wait_until([this] { return vigil::test::process_gone(vswitchdPid_); }, 15000));
    QString error;
    QVERIFY2(startVswitchd(error), qPrintable(error));
    registry_->rescan();
    QTRY_VERIFY_WITH_TIMEOUT(!registry_->socketPath(vswitchd).isEmpty() &&
                                 registry_->socketPath(vswitchd) != oldSocket,
                             20000);
    // Another socket: what was learnt of the old one does not hold.
    QCOMPARE(invoker_->jsonSupport(vswitchd), JsonSupport::Unknown);
    const quint64 before = invoker_->jsonNegotiations();
    const Invocation inv = call(vswitchd, QStringLiteral("memory/show"), {}, true);
    QVERIFY2(inv.ok, qPrintable(inv.error));
    QVERIFY(inv.negotiated);
    QVERIFY(inv.jsonUnsupported);
    QCOMPARE(invoker_->jsonNegotiations(), before + 1);
    QCOMPARE(invoker_->jsonSupport(vswitchd), JsonSupport::No);
}

void TestJsonNegotiation::recreatedSocketIsAskedAgain() {
    // The same path, re-created by a restarted daemon (another inode): asked again.
    const QString testd = QStringLiteral("testd");
    QVERIFY(call(testd, QStringLiteral("version"), {}, true).ok);
    QCOMPARE(invoker_->jsonSupport(testd), JsonSupport::Yes);
    testd_->kill();
    testd_->waitForFinished();
    QFile::remove(dir_->filePath(QStringLiteral("testd.ctl")));
    startTestd();
    QCOMPARE(invoker_->jsonSupport(testd), JsonSupport::Unknown);
    QTRY_VERIFY_WITH_TIMEOUT(call(testd, QStringLiteral("version"), {}, true).ok, 20000);
    QCOMPARE(invoker_->jsonSupport(testd), JsonSupport::Yes);
}

void TestJsonNegotiation::textCallsNeverNegotiate() {
    const quint64 before = invoker_->jsonNegotiations();
    const Invocation inv = call(QStringLiteral("testd"), QStringLiteral("memory/show"), {}, false);
    QVERIFY2(inv.ok, qPrintable(inv.error));
    QVERIFY(!inv.negotiated);
    QCOMPARE(inv.format, ReplyFormat::Text);
    QVERIFY(inv.output.startsWith(QStringLiteral("owners:")));
    QCOMPARE(invoker_->jsonNegotiations(), before);
}

QTEST_MAIN(TestJsonNegotiation)
#include "tst_json_negotiation.moc"
