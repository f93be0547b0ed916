// `vigil --headless` as a process: it loads a workspace, starts its daemons, keeps its
// sessions, serves its control socket (found by name through its pidfile), and on SIGTERM
// exits removing its pidfile, its socket and its private ssh directory, and taking the daemons
// it started with it.
#include "console_test_util.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

using vigil::test::bin;
using vigil::test::run_result;

namespace {} // namespace

class TestHeadless : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runsAndStopsOnSigterm();
    void exitCommandStopsDaemons();
    void badWorkspaceIsAnError();
    void versionAndHelp();

private:
    QString writeWorkspace(const QString& dir, quint16 port);
    QJsonArray appctlJson(const QString& dir, const QStringList& args);
};

QString TestHeadless::writeWorkspace(const QString& dir, quint16 port) {
    const QString path = dir + QStringLiteral("/ws.json");
    const QJsonObject server{{QStringLiteral("name"), QStringLiteral("server")},
                             {QStringLiteral("program"), bin(QStringLiteral("vigil-testd"))},
                             {QStringLiteral("arguments"),
                              QJsonArray{QStringLiteral("--unixctl=server.ctl"),
                                         QStringLiteral("--remote=ptcp:%1:127.0.0.1").arg(port)}},
                             {QStringLiteral("autostart"), true}};
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(QJsonDocument(QJsonObject{{QStringLiteral("version"), 1},
                                      {QStringLiteral("daemons"), QJsonArray{server}},
                                      {QStringLiteral("targets"), QJsonArray{}},
                                      {QStringLiteral("sessions"),
                                       QJsonArray{QStringLiteral("tcp:127.0.0.1:%1").arg(port)}}})
                .toJson());
    return path;
}

QJsonArray TestHeadless::appctlJson(const QString& dir, const QStringList& args) {
    const run_result r =
        vigil::test::run_program(bin(QStringLiteral("vigil-appctl")),
                                 QStringList{QStringLiteral("-t"), QStringLiteral("vigil"),
                                             QStringLiteral("--format"), QStringLiteral("json")} +
                                     args,
                                 vigil::test::env_with_rundir(dir));
    return QJsonDocument::fromJson(r.out).array();
}

void TestHeadless::runsAndStopsOnSigterm() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const quint16 port = vigil::test::free_loopback_port();
    const QString workspace = writeWorkspace(dir.path(), port);

    // The fleet's private directory (vigil-ssh-*) goes under XDG_RUNTIME_DIR: here, one of
    // the test's own, so the test sees when it is made and that SIGTERM removes it.
    const QString xdgRuntime = dir.path() + QStringLiteral("/xdg");
    QVERIFY(QDir().mkdir(xdgRuntime));
    QVERIFY(
        QFile::setPermissions(xdgRuntime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    const auto sshDirectories = [&] {
        return QDir(xdgRuntime).entryList({QStringLiteral("vigil-ssh-*")}, QDir::Dirs);
    };
    QProcessEnvironment env = vigil::test::env_with_rundir(dir.path());
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), xdgRuntime);
    // A home of its own, so the host below is tried with no ssh configuration of the machine's.
    env.insert(QStringLiteral("HOME"), dir.path() + QStringLiteral("/home"));

    QProcess vigil;
    vigil.setProcessEnvironment(env);
    vigil.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    vigil.start(bin(QStringLiteral("vigil")),
                {QStringLiteral("--headless"), QStringLiteral("--workspace"), workspace});
    QVERIFY(vigil.waitForStarted());
    const QString pidfile = dir.path() + QStringLiteral("/vigil.pid");
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(pidfile), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(vigil::test::read_pid(pidfile), static_cast<pid_t>(vigil.processId()),
                              5000);
    const QString socket = dir.path() + QStringLiteral("/vigil.%1.ctl").arg(vigil.processId());
    QVERIFY(QFile::exists(socket));
    // A console without hosts makes no such directory.
    QCOMPARE(sshDirectories(), QStringList());

    // Its daemon runs...
    qint64 daemonPid = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const QJsonArray list = appctlJson(dir.path(), {QStringLiteral("daemon/list")});
            if (list.size() != 1) {
                return false;
            }
            const QJsonObject d = list[0].toObject();
            daemonPid = d.value(QLatin1String("pid")).toInteger();
            return d.value(QLatin1String("state")).toString() == QStringLiteral("running");
        }(),
        15000);
    QVERIFY(daemonPid > 0);

    // ...its session to that daemon comes up...
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const QJsonValue& v : appctlJson(dir.path(), {QStringLiteral("session/list")})) {
                const QJsonObject s = v.toObject();
                if (s.value(QLatin1String("source")).toString() == QStringLiteral("console") &&
                    s.value(QLatin1String("state")).toString() == QStringLiteral("ACTIVE")) {
                    return true;
                }
            }
            return false;
        }(),
        20000);

    // ...and the daemon reports the console's session as its accepted one.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const QJsonValue& v : appctlJson(dir.path(), {QStringLiteral("session/list")})) {
                const QJsonObject s = v.toObject();
                if (s.value(QLatin1String("source")).toString() == QStringLiteral("server") &&
                    s.value(QLatin1String("role")).toString() == QStringLiteral("server")) {
                    return true;
                }
            }
            return false;
        }(),
        20000);

    // The real ovs-appctl reaches it by name too.
    if (!vigil::test::find_program(QStringLiteral("ovs-appctl")).isEmpty()) {
        const run_result r = vigil::test::run_program(
            QStringLiteral("ovs-appctl"),
            {QStringLiteral("-t"), QStringLiteral("vigil"), QStringLiteral("target/call"),
             QStringLiteral("server"), QStringLiteral("echo"), QStringLiteral("hi")},
            vigil::test::env_with_rundir(dir.path()));
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("hi\n"));
    }

    // Its first host makes it (that nothing answers there does not matter here).
    const run_result added = vigil::test::run_program(
        bin(QStringLiteral("vigil-appctl")),
        {QStringLiteral("-t"), QStringLiteral("vigil"), QStringLiteral("host/add"),
         QStringLiteral("nowhere"), QStringLiteral("nobody@127.0.0.1")},
        env);
    QVERIFY2(added.exit_code == 0, added.err.constData());
    QCOMPARE(sshDirectories().size(), 1);

    // SIGTERM: the console goes, with its files and its daemon.
    ::kill(static_cast<pid_t>(vigil.processId()), SIGTERM);
    QVERIFY(vigil.waitForFinished(20000));
    QVERIFY(!QFile::exists(pidfile));
    QVERIFY(!QFile::exists(socket));
    QCOMPARE(sshDirectories(), QStringList());
    QTRY_VERIFY_WITH_TIMEOUT(vigil::test::process_gone(static_cast<pid_t>(daemonPid)), 10000);
}

void TestHeadless::exitCommandStopsDaemons() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString workspace = writeWorkspace(dir.path(), vigil::test::free_loopback_port());
    QProcess vigil;
    vigil.setProcessEnvironment(vigil::test::env_with_rundir(dir.path()));
    vigil.start(bin(QStringLiteral("vigil")),
                {QStringLiteral("--headless"), QStringLiteral("--workspace"), workspace});
    QVERIFY(vigil.waitForStarted());
    qint64 daemonPid = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const QJsonArray list = appctlJson(dir.path(), {QStringLiteral("daemon/list")});
            daemonPid = list.isEmpty() ? 0 : list[0].toObject().value("pid").toInteger();
            return daemonPid > 0;
        }(),
        15000);
    const run_result r = vigil::test::run_program(
        bin(QStringLiteral("vigil-appctl")),
        {QStringLiteral("-t"), QStringLiteral("vigil"), QStringLiteral("exit")},
        vigil::test::env_with_rundir(dir.path()));
    QCOMPARE(r.exit_code, 0);
    QVERIFY(vigil.waitForFinished(20000));
    QCOMPARE(vigil.exitStatus(), QProcess::NormalExit);
    QCOMPARE(vigil.exitCode(), 0);
    QVERIFY(!QFile::exists(dir.path() + QStringLiteral("/vigil.pid")));
    QTRY_VERIFY_WITH_TIMEOUT(vigil::test::process_gone(static_cast<pid_t>(daemonPid)), 10000);
}

void TestHeadless::badWorkspaceIsAnError() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.path() + QStringLiteral("/bad.json");
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write("{ \"version\": 1, \"daemons\": [ }");
    f.close();
    const run_result r = vigil::test::run_program(
        bin(QStringLiteral("vigil")),
        {QStringLiteral("--headless"), QStringLiteral("--workspace"), path},
        vigil::test::env_with_rundir(dir.path()));
    QCOMPARE(r.exit_code, 1);
    QVERIFY2(r.err.startsWith("vigil: ") && r.err.contains(path.toUtf8()), r.err.constData());
    QVERIFY(!QFile::exists(dir.path() + QStringLiteral("/vigil.pid")));
    // The bad file is left as it was.
    QFile again(path);
    again.open(QIODevice::ReadOnly);
    QCOMPARE(again.readAll(), QByteArray("{ \"version\": 1, \"daemons\": [ }"));
}

void TestHeadless::versionAndHelp() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("DISPLAY");
    env.remove("WAYLAND_DISPLAY");
    env.remove("QT_QPA_PLATFORM");
    run_result r =
        vigil::test::run_program(bin(QStringLiteral("vigil")), {QStringLiteral("--version")}, env);
    QCOMPARE(r.exit_code, 0);
    QVERIFY2(r.out.startsWith("vigil "), r.out.constData());
    r = vigil::test::run_program(bin(QStringLiteral("vigil")), {QStringLiteral("--help")}, env);
    QCOMPARE(r.exit_code, 0);
    QVERIFY(r.out.contains("--headless"));
    QVERIFY(r.out.contains("--workspace"));
    QVERIFY(r.out.contains("--rundir"));
}

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
