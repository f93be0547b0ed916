// examples/daemon against an installed runtime: installs the runtime's Development component
// into a scratch prefix, builds the example with find_package(VigilRuntime), starts it with
// --detach --monitor --pidfile and drives it with vigil-appctl and vigil-rpc.
#include "process_util.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <sys/types.h>

using namespace vigil::test;

namespace {

constexpr int build_timeout_ms = 15 * 60 * 1000; // the machine may be busy compiling others

// A value from the build's CMakeCache.txt ("" when absent).
QString cache_value(const QString& name) {
    QFile f(QStringLiteral(VIGIL_BUILD_DIR "/CMakeCache.txt"));
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    QRegularExpression re(QStringLiteral("^%1:[A-Z]+=(.*)$").arg(name),
                          QRegularExpression::MultilineOption);
    QRegularExpressionMatch m = re.match(QString::fromUtf8(f.readAll()));
    return m.hasMatch() ? m.captured(1) : QString();
}

// The pid in `pidfile`, 0 if unreadable.
pid_t read_pid(const QString& pidfile) {
    QFile f(pidfile);
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toInt() : 0;
}

// True while `pid` exists and is not a zombie (orphans may be reaped late in containers).
bool alive(pid_t pid) {
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !f.open(QIODevice::ReadOnly)) {
        return false;
    }
    QByteArray stat = f.readAll();
    int paren = stat.lastIndexOf(')');
    return paren > 0 && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
}

pid_t parent_of(pid_t pid) {
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly)) {
        return 0;
    }
    QByteArray stat = f.readAll();
    QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 1 ? fields[1].toInt() : 0;
}

QByteArray describe(const run_result& r) {
    return "exit " + QByteArray::number(r.exit_code) + "\nstdout:\n" + r.out.right(4000) +
           "\nstderr:\n" + r.err.right(4000);
}

} // namespace

class tst_example_daemon : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString prefix_, rundir_;
    QProcessEnvironment env_;
    pid_t daemon_ = 0, monitor_ = 0;

    run_result appctl(const QStringList& args) {
        return run(bin(QStringLiteral("vigil-appctl")),
                   QStringList{QStringLiteral("-t"), QStringLiteral("exampled")} + args, env_);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        prefix_ = dir_.filePath(QStringLiteral("prefix"));
        rundir_ = dir_.filePath(QStringLiteral("run"));
        QVERIFY(QDir().mkpath(rundir_));
        QVERIFY(QDir().mkpath(dir_.filePath(QStringLiteral("log"))));
        env_ = QProcessEnvironment::systemEnvironment();
        env_.insert(QStringLiteral("OVS_RUNDIR"), rundir_);
        env_.insert(QStringLiteral("OVS_LOGDIR"), dir_.filePath(QStringLiteral("log")));
    }

    void cleanupTestCase() {
        // Whatever a failed run left behind: the monitor first, so it restarts nothing.
        for (pid_t pid : {monitor_, daemon_, read_pid(rundir_ + QStringLiteral("/exampled.pid"))}) {
            if (alive(pid)) {
                ::kill(pid, SIGKILL);
            }
        }
    }

    // The runtime's Development component: library, public headers (with the generated
    // version.h, without the private ones), CMake package and pkg-config file.
    void install_runtime() {
        run_result r = run(QStringLiteral("cmake"),
                           {QStringLiteral("--install"), QStringLiteral(VIGIL_BUILD_DIR),
                            QStringLiteral("--prefix"), prefix_, QStringLiteral("--component"),
                            QStringLiteral("Development")},
                           env_, build_timeout_ms);
        QVERIFY2(r.exit_code == 0, describe(r).constData());
        for (const char* header : {"daemon.h", "jsonrpc_server.h", "unixctl.h", "version.h"}) {
            QVERIFY2(QFile::exists(prefix_ + QStringLiteral("/include/vigil/") + header), header);
        }
        QVERIFY(!QFile::exists(prefix_ + QStringLiteral("/include/vigil/stream_provider.h")));
        QVERIFY(!QFile::exists(prefix_ + QStringLiteral("/include/vigil/daemon_private.h")));
        QVERIFY(!QFile::exists(prefix_ + QStringLiteral("/include/vigil/version.h.in")));

        const QString libdir = prefix_ + QLatin1Char('/') + cache_value("CMAKE_INSTALL_LIBDIR");
        QVERIFY(QFile::exists(libdir + QStringLiteral("/libvigil-runtime.a")));
        QVERIFY(
            QFile::exists(libdir + QStringLiteral("/cmake/VigilRuntime/VigilRuntimeConfig.cmake")));
        QFile pc(libdir + QStringLiteral("/pkgconfig/vigil-runtime.pc"));
        QVERIFY(pc.open(QIODevice::ReadOnly));
        QVERIFY(pc.readAll().contains("prefix=" + prefix_.toUtf8() + "\n"));

        const QString pkg_config = QStandardPaths::findExecutable(QStringLiteral("pkg-config"));
        if (!pkg_config.isEmpty()) {
            QProcessEnvironment env = env_;
            env.insert(QStringLiteral("PKG_CONFIG_PATH"), libdir + QStringLiteral("/pkgconfig"));
            run_result p = run(pkg_config,
                               {QStringLiteral("--cflags"), QStringLiteral("--libs"),
                                QStringLiteral("vigil-runtime")},
                               env);
            QVERIFY2(p.exit_code == 0, describe(p).constData());
            QVERIFY(p.out.contains("-I" + prefix_.toUtf8() + "/include"));
            QVERIFY(p.out.contains("-lvigil-runtime"));
        }
    }

    // Configures and builds examples/daemon with find_package(VigilRuntime), using the build's
    // compiler and flags (a sanitizer build's library needs the same flags to link).
    void build_example() {
        const QString build = dir_.filePath(QStringLiteral("example-build"));
        QStringList configure{QStringLiteral("-S"),
                              source(QStringLiteral("examples/daemon")),
                              QStringLiteral("-B"),
                              build,
                              QStringLiteral("-DCMAKE_PREFIX_PATH=") + prefix_,
                              QStringLiteral("-DCMAKE_BUILD_TYPE=") +
                                  cache_value("CMAKE_BUILD_TYPE")};
        for (const char* var :
             {"CMAKE_CXX_COMPILER", "CMAKE_CXX_FLAGS", "CMAKE_EXE_LINKER_FLAGS"}) {
            configure << QStringLiteral("-D%1=%2").arg(QLatin1String(var), cache_value(var));
        }
        run_result r = run(QStringLiteral("cmake"), configure, env_, build_timeout_ms);
        QVERIFY2(r.exit_code == 0, describe(r).constData());
        r = run(QStringLiteral("cmake"), {QStringLiteral("--build"), build}, env_,
                build_timeout_ms);
        QVERIFY2(r.exit_code == 0, describe(r).constData());
        QVERIFY(QFile::exists(build + QStringLiteral("/exampled")));
    }

    void run_detached_and_monitored() {
        const QString exampled = dir_.filePath(QStringLiteral("example-build/exampled"));
        const QString sock = rundir_ + QStringLiteral("/exampled.sock");
        run_result r = run(exampled,
                           {QStringLiteral("--remote=punix:") + sock, QStringLiteral("--detach"),
                            QStringLiteral("--monitor"), QStringLiteral("--pidfile"),
                            QStringLiteral("--log-file")},
                           env_);
        // The foreground command returns 0 once the daemon is ready.
        QVERIFY2(r.exit_code == 0, describe(r).constData());
        const QString pidfile = rundir_ + QStringLiteral("/exampled.pid");
        daemon_ = read_pid(pidfile);
        QVERIFY(alive(daemon_));
        monitor_ = parent_of(daemon_);
        QVERIFY(alive(monitor_));
        QVERIFY(QFile::exists(sock));

        // unixctl, through vigil-appctl and the pidfile.
        r = appctl({QStringLiteral("greet"), QStringLiteral("Vigil")});
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.out, QByteArray("hello, Vigil\n"));
        r = appctl({QStringLiteral("counter/add"), QStringLiteral("5")});
        QCOMPARE(r.out, QByteArray("5\n"));
        r = appctl({QStringLiteral("counter/add"), QStringLiteral("five")});
        QCOMPARE(r.exit_code, 2);
        QVERIFY(r.err.contains("\"five\" is not a number"));
        r = appctl({QStringLiteral("list-commands")});
        QVERIFY(r.out.contains("counter/show"));
        QVERIFY(r.out.contains("vlog/set"));

        // JSON-RPC on the remote.
        const QString rpc = bin(QStringLiteral("vigil-rpc"));
        const QString stream = QStringLiteral("unix:") + sock;
        r = run(rpc,
                {QStringLiteral("request"), stream, QStringLiteral("add"), QStringLiteral("[3]")},
                env_);
        QVERIFY2(r.exit_code == 0, describe(r).constData());
        QVERIFY(r.out.contains("\"result\":8"));
        r = run(rpc,
                {QStringLiteral("request"), stream, QStringLiteral("nope"), QStringLiteral("[]")},
                env_);
        QCOMPARE(r.exit_code, 2);
        QCOMPARE(appctl({QStringLiteral("counter/show")}).out, QByteArray("8\n"));

        // A crash: the monitor starts a new daemon (it may wait up to 10 s between restarts).
        QVERIFY(::kill(daemon_, SIGSEGV) == 0);
        QVERIFY(wait_until(
            [&] {
                pid_t pid = read_pid(pidfile);
                return pid != daemon_ && alive(pid) &&
                       appctl({QStringLiteral("counter/show")}).out == "0\n";
            },
            30000));
        daemon_ = read_pid(pidfile);
        QCOMPARE(parent_of(daemon_), monitor_);

        // exit: the daemon ends normally, so the monitor ends too and the pidfile goes.
        r = appctl({QStringLiteral("exit")});
        QCOMPARE(r.exit_code, 0);
        QVERIFY(wait_until([&] { return !alive(daemon_) && !alive(monitor_); }, 10000));
        QVERIFY(!QFile::exists(pidfile));

        QFile log(dir_.filePath(QStringLiteral("log/exampled.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(log.readAll().contains("|exampled|INFO|ready, 1 remote(s)"));
    }
};

QTEST_GUILESS_MAIN(tst_example_daemon)
#include "tst_example_daemon.moc"
