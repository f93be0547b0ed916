// ProcessLauncher: processes started on its thread arrive on the receiver's thread, started,
// with their output and exit status intact (none lost to the hand-over, even for a process
// that ended before it arrived); a program that cannot be run arrives not running with the
// reason; a process whose receiver is gone is killed rather than left running; and a child
// gets PR_SET_PDEATHSIG. Runs under ThreadSanitizer in CI (the launcher starts a QThread).
#include "services/process_launcher.h"
#include "test_util.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <csignal>
#include <memory>

using vigil::ui::ProcessLauncher;

namespace {

bool alive(qint64 pid) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    return pid > 0 && status.open(QIODevice::ReadOnly) && !status.readAll().contains("State:\tZ");
}

} // namespace

class TestProcessLauncher : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void manyProcessesArriveWithTheirOutput() {
        ProcessLauncher launcher;
        constexpr int count = 20;
        int finished = 0;
        QStringList outputs(count);
        QList<int> codes(count, -1);
        for (int i = 0; i < count; i++) {
            // Even ones end at once, maybe before they are handed over; odd ones a little later.
            const QString script = QStringLiteral("echo out%1; %2 exit %3")
                                       .arg(i)
                                       .arg(i % 2 ? QStringLiteral("sleep 0.2;") : QString())
                                       .arg(i % 7);
            launcher.launch(this, {QStringLiteral("/bin/sh"), QStringLiteral("-c"), script},
                            [&, i](QProcess* p) {
                                QCOMPARE(QThread::currentThread(), thread());
                                QCOMPARE(p->thread(), thread());
                                p->setParent(this);
                                connect(p, &QProcess::finished, this, [&, i, p](int code) {
                                    outputs[i] = QString::fromUtf8(p->readAllStandardOutput());
                                    codes[i] = code;
                                    finished++;
                                    p->deleteLater();
                                });
                            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(finished, count, 20000);
        for (int i = 0; i < count; i++) {
            QCOMPARE(outputs[i], QStringLiteral("out%1\n").arg(i));
            QCOMPARE(codes[i], i % 7);
        }
    }

    // Qt reports an exec failure either at once (not running on arrival) or through
    // errorOccurred() once the child said so: either way the receiver hears of it.
    void aMissingProgramFailsToStart() {
        ProcessLauncher launcher;
        std::unique_ptr<QProcess> process;
        bool failed = false;
        launcher.launch(
            this, {QStringLiteral("/nonexistent/vigil-no-such-program")}, [&](QProcess* p) {
                process.reset(p);
                if (p->state() == QProcess::NotRunning) {
                    failed = p->error() == QProcess::FailedToStart;
                    return;
                }
                connect(p, &QProcess::errorOccurred, this,
                        [&](QProcess::ProcessError e) { failed = e == QProcess::FailedToStart; });
            });
        QTRY_VERIFY(failed);
        QVERIFY(!process->errorString().isEmpty());
    }

    // Hand-overs keep their order, so once a later process arrived, the first one's receiver
    // check has run: it must have been killed.
    void aProcessWhoseReceiverIsGoneIsKilled() {
        ProcessLauncher launcher;
        auto receiver = std::make_unique<QObject>();
        bool called = false;
        const QString marker = QStringLiteral("31.%1").arg(QCoreApplication::applicationPid());
        launcher.launch(receiver.get(), {QStringLiteral("/bin/sleep"), marker},
                        [&](QProcess*) { called = true; });
        receiver.reset();
        std::unique_ptr<QProcess> probe;
        launcher.launch(this, {QStringLiteral("/bin/true")}, [&](QProcess* p) { probe.reset(p); });
        QTRY_VERIFY(probe);
        QVERIFY(!called);
        QProcess pgrep;
        pgrep.start(QStringLiteral("pgrep"),
                    {QStringLiteral("-f"), QStringLiteral("^/bin/sleep ") + marker});
        QVERIFY(pgrep.waitForFinished(10000));
        QCOMPARE(pgrep.exitCode(), 1); // nothing matched
        QTRY_COMPARE(probe->state(), QProcess::NotRunning);
    }

    // PR_SET_PDEATHSIG follows the thread that forked: the launcher's. When it ends (the
    // console goes), the kernel ends the child, even one the receiver still holds.
    void childrenDieWithTheLauncher() {
        auto launcher = std::make_unique<ProcessLauncher>();
        QProcess* process = nullptr;
        launcher->launch(this, {QStringLiteral("/bin/sleep"), QStringLiteral("30")},
                         [&](QProcess* p) { process = p; });
        QTRY_VERIFY(process);
        std::unique_ptr<QProcess> owned(process);
        const qint64 pid = process->processId();
        QVERIFY(alive(pid));
        launcher.reset();
        QVERIFY(process->waitForFinished(10000));
        QCOMPARE(process->exitStatus(), QProcess::CrashExit);
        QVERIFY(!alive(pid));
    }
};

QTEST_GUILESS_MAIN(TestProcessLauncher)
#include "tst_process_launcher.moc"
