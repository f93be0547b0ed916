// Fatal signals reach the loop through the self-pipe, run hooks once, unlink registered files
// and re-raise, so the exit status still tells the signal.
#include "test_util.h"
#include "vigil/fatal_signal.h"
#include "vigil/poll_loop.h"

#include <QtTest>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace vigil;

namespace {

// Child mode: register FILE for unlinking, write READY-FILE, then serve the loop forever.
int child_main(const char* file, const char* ready, const char* hook_marker) {
    fatal_signal_add_file_to_unlink(file);
    fatal_signal_add_hook(
        [hook_marker] {
            int fd = open(hook_marker, O_WRONLY | O_CREAT | O_APPEND, 0600);
            if (fd >= 0) {
                ssize_t r = write(fd, "hook\n", 5);
                (void)r;
                close(fd);
            }
        },
        false);
    int fd = open(file, O_WRONLY | O_CREAT, 0600);
    close(fd);
    fd = open(ready, O_WRONLY | O_CREAT, 0600);
    close(fd);
    for (;;) {
        poll_block();
    }
}

} // namespace

class TestFatalSignal : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void signalRunsHooksUnlinksAndReraises_data();
    void signalRunsHooksUnlinksAndReraises();
    void unlinkFileNowForgetsTheFile();
};

void TestFatalSignal::signalRunsHooksUnlinksAndReraises_data() {
    QTest::addColumn<int>("signo");
    QTest::newRow("SIGTERM") << SIGTERM;
    QTest::newRow("SIGINT") << SIGINT;
    QTest::newRow("SIGHUP") << SIGHUP;
    QTest::newRow("SIGALRM") << SIGALRM;
}

void TestFatalSignal::signalRunsHooksUnlinksAndReraises() {
    QFETCH(int, signo);
    QTemporaryDir dir;
    QString file = dir.filePath("to-unlink");
    QString ready = dir.filePath("ready");
    QString marker = dir.filePath("hooks");
    QProcess child;
    child.setProgram(QCoreApplication::applicationFilePath());
    child.setArguments({"--child", file, ready, marker});
    child.start();
    QVERIFY(child.waitForStarted());
    QVERIFY(test::wait_until([&] { return QFile::exists(ready); }));
    QVERIFY(QFile::exists(file));
    QCOMPARE(::kill(child.processId(), signo), 0);
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    // QProcess reports the terminating signal as the exit code of a crash.
    QCOMPARE(child.exitCode(), signo);
    QVERIFY(!QFile::exists(file));
    QFile hooks(marker);
    QVERIFY(hooks.open(QIODevice::ReadOnly));
    QCOMPARE(hooks.readAll(), QByteArray("hook\n")); // ran exactly once
    QVERIFY(child.readAllStandardError().contains("terminating with signal " +
                                                  QByteArray::number(signo)));
}

void TestFatalSignal::unlinkFileNowForgetsTheFile() {
    QTemporaryDir dir;
    QString path = dir.filePath("f");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    fatal_signal_add_file_to_unlink(path.toStdString());
    QCOMPARE(fatal_signal_unlink_file_now(path.toStdString()), 0);
    QVERIFY(!QFile::exists(path));
    QCOMPARE(fatal_signal_unlink_file_now(path.toStdString()), ENOENT);
}

int main(int argc, char** argv) {
    if (argc == 5 && std::strcmp(argv[1], "--child") == 0) {
        return child_main(argv[2], argv[3], argv[4]);
    }
    QCoreApplication app(argc, argv);
    TestFatalSignal t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_fatal_signal.moc"
