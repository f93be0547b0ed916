// End to end: the console's window under Xvfb on a fresh account. It opens the built-in default
// workspace, its demo daemons come up, a command runs through the Commands view's invoker (driven
// over the console's control socket, as a script would), and a screenshot of the screen is saved
// into the build directory (console-e2e.png, the README's picture).
#include "test_util.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <unistd.h>

using vigil::test::bin;

class TestConsoleE2e : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultWorkspaceCommandAndScreenshot();

private:
    QString appctl(const QString& socket, const QStringList& args, bool* ok = nullptr);
    QProcessEnvironment env_;
};

QString TestConsoleE2e::appctl(const QString& socket, const QStringList& args, bool* ok) {
    QProcess p;
    p.setProcessEnvironment(env_);
    p.start(bin(QStringLiteral("vigil-appctl")), QStringList{QStringLiteral("-t"), socket} + args);
    bool finished = p.waitForFinished(15000);
    if (ok) {
        *ok = finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    }
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

void TestConsoleE2e::defaultWorkspaceCommandAndScreenshot() {
    const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
    const QString import = QStandardPaths::findExecutable(QStringLiteral("import"));
    const QString convert = QStandardPaths::findExecutable(QStringLiteral("convert"));
    QVERIFY2(!xvfb.isEmpty() && !import.isEmpty() && !convert.isEmpty(),
             "needs xvfb-run and ImageMagick (import, convert): make deps installs them");
    QVERIFY2(QFile::exists(bin(QStringLiteral("vigil"))), "build the console (VIGIL_BUILD_UI)");

    QTemporaryDir dir;
    const QString run = dir.filePath(QStringLiteral("run"));
    const QString home = dir.filePath(QStringLiteral("home"));
    const QString config = home + QStringLiteral("/.config");
    QVERIFY(QDir().mkpath(run));
    QVERIFY(QDir().mkpath(config + QStringLiteral("/vigil")));
    // The window reopens on the page last shown; start on Commands, as a user who ran a
    // command last time would.
    {
        QFile settings(config + QStringLiteral("/vigil/console.ini"));
        QVERIFY(settings.open(QIODevice::WriteOnly));
        settings.write("[window]\npage=1\n");
    }
    const QString shot = QStringLiteral(VIGIL_BIN_DIR) + QStringLiteral("/../console-e2e.png");
    QFile::remove(shot);

    env_ = QProcessEnvironment::systemEnvironment();
    env_.insert(QStringLiteral("OVS_RUNDIR"), run);
    env_.insert(QStringLiteral("VIGIL_RUNDIR"), run);
    env_.insert(QStringLiteral("HOME"), home);
    env_.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
    env_.remove(QStringLiteral("QT_QPA_PLATFORM")); // a real X server this time
    env_.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));

    // Inside the X session: start the console, wait for the test's signal, take the picture.
    const QString script = dir.filePath(QStringLiteral("session.sh"));
    {
        QFile f(script);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            QStringLiteral(
                "#!/bin/sh\n"
                "\"%1\" > \"%2/vigil.log\" 2>&1 &\n"
                "pid=$!\n"
                "i=0\n"
                "while [ ! -e \"%2/shoot\" ] && kill -0 $pid 2>/dev/null && [ $i -lt 1200 ]; do\n"
                "  sleep 0.1; i=$((i+1))\n"
                "done\n"
                "if kill -0 $pid 2>/dev/null; then\n"
                "  import -window root \"%2/full.png\" &&\n"
                "  convert \"%2/full.png\" -bordercolor black -border 1 -trim +repage \"%3\"\n"
                "  touch \"%2/taken\"\n"
                "fi\n"
                "wait $pid\n")
                .arg(bin(QStringLiteral("vigil")), dir.path(), shot)
                .toUtf8());
        f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
    }
    QProcess session;
    session.setProcessEnvironment(env_);
    session.setProcessChannelMode(QProcess::MergedChannels);
    session.start(xvfb, {QStringLiteral("-a"), QStringLiteral("-s"),
                         QStringLiteral("-screen 0 1600x1000x24"), script});
    QVERIFY(session.waitForStarted());
    auto stopService = qScopeGuard([&] {
        // Whatever happened, the supervisor service and its daemons go with the test.
        const QStringList ctl = QDir(run).entryList({QStringLiteral("vigil.*.ctl")}, QDir::System);
        if (!ctl.isEmpty()) {
            const QString service = run + QLatin1Char('/') + ctl.first();
            appctl(service, {QStringLiteral("daemon/stop-all")});
            appctl(service, {QStringLiteral("exit")});
        }
        // A failed run may leave processes of this run directory behind (they would hold the
        // demo's ports for the next test): found by the OVS_RUNDIR they inherited.
        const QByteArray mark = "OVS_RUNDIR=" + run.toLocal8Bit();
        for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
            const qint64 pid = entry.toLongLong();
            QFile environ(QStringLiteral("/proc/%1/environ").arg(entry));
            if (pid > 0 && pid != ::getpid() && environ.open(QIODevice::ReadOnly) &&
                environ.readAll().split('\0').contains(mark)) {
                ::kill(pid_t(pid), SIGKILL);
            }
        }
    });
    auto cleanup = qScopeGuard([&] {
        QFile::copy(dir.filePath(QStringLiteral("vigil.log")),
                    QStringLiteral(VIGIL_BIN_DIR) + QStringLiteral("/../console-e2e.log"));
        if (session.state() != QProcess::NotRunning) {
            // A failed run: TERM the console itself (it stops its daemons on the way out),
            // then the X session around it.
            QFile pidfile(run + QStringLiteral("/vigil.pid"));
            if (pidfile.open(QIODevice::ReadOnly)) {
                const qint64 pid = pidfile.readAll().trimmed().toLongLong();
                if (pid > 0) {
                    ::kill(pid_t(pid), SIGTERM);
                }
            }
            if (!session.waitForFinished(15000)) {
                session.kill();
                session.waitForFinished(10000);
            }
        }
    });

    // The console's control socket appears once the window's console is up.
    QString socket;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const QStringList ctl =
                QDir(run).entryList({QStringLiteral("vigil.*.ctl")}, QDir::System);
            socket = ctl.isEmpty() ? QString() : run + QLatin1Char('/') + ctl.first();
            return !socket.isEmpty();
        }(),
        30000);

    // The default workspace's demo daemons come up.
    QString list;
    QTRY_VERIFY2_WITH_TIMEOUT((list = appctl(socket, {QStringLiteral("daemon/list")}))
                                      .count(QStringLiteral(" running ")) >= 3,
                              qPrintable(list), 30000);
    QVERIFY(list.contains(QStringLiteral("demo-server")));

    // A command through the console's invoker: it lands in the Commands view's output and
    // history, exactly as one run from the form.
    bool ok = false;
    QString version;
    // (A plain loop, not QTRY: its expression is evaluated more than once.)
    for (int attempt = 0; attempt < 30 && !ok; ++attempt) {
        if (attempt > 0) {
            QTest::qWait(500);
        }
        version = appctl(socket,
                         {QStringLiteral("target/call"), QStringLiteral("demo-server"),
                          QStringLiteral("version")},
                         &ok);
    }
    QVERIFY2(ok, qPrintable(version));
    QVERIFY2(version.contains(QStringLiteral("vigil-testd")), qPrintable(version));
    QTest::qWait(1500); // let the window repaint the output and the sessions settle

    QFile trigger(dir.filePath(QStringLiteral("shoot")));
    QVERIFY(trigger.open(QIODevice::WriteOnly));
    trigger.close();
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dir.filePath(QStringLiteral("taken"))), 30000);

    // The X server goes away under the window: the window dies, but its daemons belong to the
    // supervisor service, which keeps them (same pids) and keeps serving.
    const QString before = appctl(socket, {QStringLiteral("daemon/list")});
    QProcess pgrep;
    pgrep.start(
        QStringLiteral("pgrep"),
        {QStringLiteral("-P"), QString::number(session.processId()), QStringLiteral("Xvfb")});
    QVERIFY(pgrep.waitForFinished(10000));
    const qint64 xserver = pgrep.readAllStandardOutput().trimmed().toLongLong();
    QVERIFY2(xserver > 0, "the X server of the session");
    ::kill(pid_t(xserver), SIGKILL);
    QVERIFY(session.waitForFinished(30000));
    QVERIFY(QFile::exists(socket));
    bool listed = false;
    const QString after = appctl(socket, {QStringLiteral("daemon/list")}, &listed);
    QVERIFY2(listed, qPrintable(after));
    QCOMPARE(after.count(QStringLiteral(" running ")), before.count(QStringLiteral(" running ")));
    for (const QString& line : before.split(QLatin1Char('\n'))) {
        if (line.contains(QStringLiteral(" running "))) {
            QVERIFY2(after.simplified().contains(line.simplified().section(QLatin1Char(' '), 0, 3)),
                     qPrintable(before + QStringLiteral("\n---\n") + after));
        }
    }

    // Stopping the daemons, then the service, ends everything.
    bool stopped = false;
    const QString stopReply = appctl(socket, {QStringLiteral("daemon/stop-all")}, &stopped);
    QVERIFY2(stopped, qPrintable(stopReply));
    for (const QString& line : before.split(QLatin1Char('\n'))) {
        const qint64 pid = line.simplified().section(QLatin1Char(' '), 3, 3).toLongLong();
        if (line.contains(QStringLiteral(" running ")) && pid > 0) {
            QTRY_VERIFY_WITH_TIMEOUT(::kill(pid_t(pid), 0) != 0, 15000);
        }
    }
    appctl(socket, {QStringLiteral("exit")});
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(socket), 20000);

    // The picture is a real screen: large, and with many colours (not a blank frame).
    QFileInfo info(shot);
    QVERIFY2(info.exists(), qPrintable(QString::fromUtf8(session.readAll())));
    QVERIFY2(info.size() > 30 * 1024, qPrintable(QString::number(info.size())));
    QProcess identify;
    identify.start(convert, {shot, QStringLiteral("-format"), QStringLiteral("%w %h %k"),
                             QStringLiteral("info:")});
    QVERIFY(identify.waitForFinished(30000));
    const QStringList whk = QString::fromUtf8(identify.readAllStandardOutput()).split(' ');
    QCOMPARE(whk.size(), 3);
    QVERIFY2(whk[0].toInt() >= 1000 && whk[1].toInt() >= 700, qPrintable(whk.join(' ')));
    QVERIFY2(whk[2].toInt() > 200, qPrintable(whk.join(' ')));
}

QTEST_GUILESS_MAIN(TestConsoleE2e)
#include "tst_console_e2e.moc"
