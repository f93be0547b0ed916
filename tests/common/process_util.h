// Helpers for tests that run the project's programs and real OVS tools as child processes.
#pragma once

#include "test_util.h"

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QTest>
#include <csignal>

namespace vigil::test {

struct run_result {
    int exit_code = -1;
    bool crashed = false;
    QByteArray out;
    QByteArray err;
};

// Runs `program` with `args` to completion (at most `timeout_ms`) and returns its outputs.
inline run_result run(const QString& program, const QStringList& args,
                      const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                      int timeout_ms = 20000) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    run_result r;
    if (!p.waitForStarted(timeout_ms)) {
        r.err = "failed to start " + program.toUtf8();
        return r;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(timeout_ms)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out: " + program.toUtf8();
        return r;
    }
    r.exit_code = p.exitCode();
    r.crashed = p.exitStatus() == QProcess::CrashExit;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// A long-running child (a daemon under test) whose stderr is collected, killed at the end.
class child {
public:
    child() { proc_.setProcessChannelMode(QProcess::SeparateChannels); }
    ~child() { stop(); }

    bool start(const QString& program, const QStringList& args,
               const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
        proc_.setProcessEnvironment(env);
        proc_.start(program, args);
        return proc_.waitForStarted(10000);
    }

    // Waits until the child's stderr contains `text`; returns whether it did.
    bool wait_for_stderr(const QByteArray& text, int timeout_ms = 10000) {
        QElapsedTimer t;
        t.start();
        while (!err_.contains(text)) {
            if (t.elapsed() > timeout_ms || proc_.state() == QProcess::NotRunning) {
                err_ += proc_.readAllStandardError();
                return err_.contains(text);
            }
            proc_.waitForReadyRead(50);
            err_ += proc_.readAllStandardError();
        }
        return true;
    }

    QByteArray stderr_text() {
        err_ += proc_.readAllStandardError();
        return err_;
    }

    bool wait_finished(int timeout_ms = 10000) { return proc_.waitForFinished(timeout_ms); }

    void stop() {
        if (proc_.state() != QProcess::NotRunning) {
            ::kill(static_cast<pid_t>(proc_.processId()), SIGTERM);
            if (!proc_.waitForFinished(5000)) {
                proc_.kill();
                proc_.waitForFinished(5000);
            }
        }
    }

    QProcess& process() { return proc_; }
    qint64 pid() const { return proc_.processId(); }

private:
    QProcess proc_;
    QByteArray err_;
};

} // namespace vigil::test
