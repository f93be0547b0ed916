// Helpers for the console's tests: programs run while the test's event loop keeps serving (the
// console under test lives in the same thread), and a real ovsdb-server to discover.
#pragma once

#include "appctl_test_util.h"
#include "test_util.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>
#include <csignal>
#include <sys/types.h>

namespace vigil::test {

// Runs `program args` with `env` to completion while processing this thread's events (so an
// in-process console can answer it), up to `timeout_ms`.
inline run_result run_serving(const QString& program, const QStringList& args,
                              const QProcessEnvironment& env, int timeout_ms = 20000) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    run_result r;
    if (!p.waitForStarted(5000)) {
        r.err = p.errorString().toUtf8();
        return r;
    }
    QDeadlineTimer deadline(timeout_ms);
    while (p.state() != QProcess::NotRunning && !deadline.hasExpired()) {
        QTest::qWait(10);
    }
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
        r.exit_code = -2;
    } else {
        r.exit_code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -3;
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// The environment for child processes that share the test's run directory.
inline QProcessEnvironment env_with_rundir(const QString& rundir) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("OVS_RUNDIR"), rundir);
    env.insert(QStringLiteral("OVS_LOGDIR"), rundir);
    env.insert(QStringLiteral("OVS_DBDIR"), rundir);
    env.insert(QStringLiteral("OVS_SYSCONFDIR"), rundir);
    return env;
}

// Reads a pid from a pidfile, 0 when unreadable.
inline pid_t read_pid(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return 0;
    }
    return static_cast<pid_t>(f.readAll().trimmed().toLongLong());
}

// True when `pid` no longer exists (or is a zombie nobody reaped yet).
inline bool process_gone(pid_t pid) {
    if (pid <= 0 || ::kill(pid, 0) < 0) {
        return true;
    }
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (stat.open(QIODevice::ReadOnly)) {
        const QByteArray line = stat.readAll();
        const int close = line.lastIndexOf(')');
        return close > 0 && line.size() > close + 2 && line[close + 2] == 'Z';
    }
    return true;
}

// A real ovsdb-server with a tiny database, detached, in `dir`; killed by the destructor.
class ovsdb_server {
public:
    // Starts it with its control socket at `<dir>/ovsdb-server.<tag>.ctl`. `error` says what
    // failed when start() returns false.
    bool start(const QString& dir, const QString& tag, QString& error) {
        dir_ = dir;
        const QString schema = dir + QStringLiteral("/tiny.ovsschema");
        QFile f(schema);
        if (!f.open(QIODevice::WriteOnly)) {
            error = QStringLiteral("cannot write the schema");
            return false;
        }
        f.write(R"({"name": "tiny", "version": "1.0.0", "tables": {"t": {"columns": )"
                R"({"x": {"type": "integer"}}}}})");
        f.close();
        const QString db = dir + QStringLiteral("/tiny.db");
        const QProcessEnvironment env = env_with_rundir(dir);
        run_result r =
            run_program(QStringLiteral("ovsdb-tool"), {QStringLiteral("create"), db, schema}, env);
        if (r.exit_code != 0) {
            error = QStringLiteral("ovsdb-tool create: ") + QString::fromUtf8(r.err);
            return false;
        }
        socket_ = dir + QStringLiteral("/ovsdb-server.%1.ctl").arg(tag);
        pidfile_ = dir + QStringLiteral("/ovsdb-server.pid");
        r = run_program(QStringLiteral("ovsdb-server"),
                        {db, QStringLiteral("--remote=punix:") + dir + QStringLiteral("/db.sock"),
                         QStringLiteral("--unixctl=") + socket_,
                         QStringLiteral("--pidfile=") + pidfile_, QStringLiteral("--no-chdir"),
                         QStringLiteral("--detach"),
                         QStringLiteral("--log-file=") + dir + QStringLiteral("/ovsdb-server.log")},
                        env);
        if (r.exit_code != 0) {
            error = QStringLiteral("ovsdb-server: ") + QString::fromUtf8(r.err);
            return false;
        }
        pid_ = read_pid(pidfile_);
        return pid_ > 0;
    }

    // Stops it (TERM) and waits up to 10 s for it to go.
    void stop() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            wait_until([this] { return process_gone(pid_); }, 10000);
            pid_ = 0;
        }
    }

    ~ovsdb_server() { stop(); }

    const QString& socket() const { return socket_; }
    pid_t pid() const { return pid_; }

private:
    QString dir_;
    QString socket_;
    QString pidfile_;
    pid_t pid_ = 0;
};

} // namespace vigil::test
