// Limits on what peers can make a real vigil-testd hold: the replies queued for a peer that
// never reads (bounded in bytes whatever their number), the number of connections, and running
// out of file descriptors (which must neither spin the loop nor stop it serving for good).
#include "proc_test_util.h"
#include "process_util.h"
#include "test_util.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <unistd.h>

using namespace vigil::test;

class tst_limits : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void largeRepliesToNonReaderStayBounded();

private:
    QProcessEnvironment env() const;
    bool startTestd(child& c, const QStringList& extra = {}, const QString& wrapper = {});
    run_result echo(const QString& payload);
    QString sock() const { return dir_->filePath("testd.sock"); }
    QString ctl() const { return dir_->filePath("testd.ctl"); }

    std::unique_ptr<QTemporaryDir> dir_;
};

void tst_limits::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
}

void tst_limits::cleanup() {
    dir_.reset();
}

QProcessEnvironment tst_limits::env() const {
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert("OVS_RUNDIR", dir_->path());
    e.insert("OVS_LOGDIR", dir_->path());
    // Under AddressSanitizer freed memory waits in a quarantine that would hide whether the
    // daemon's memory stays bounded: keep it empty (later options override earlier ones).
    e.insert("ASAN_OPTIONS",
             e.value("ASAN_OPTIONS") + ":quarantine_size_mb=0:thread_local_quarantine_size_kb=0");
    return e;
}

// Starts vigil-testd serving JSON-RPC on sock() with its control socket at ctl(), through
// `wrapper` (a command line such as "prlimit --nofile=64:64") when given.
bool tst_limits::startTestd(child& c, const QStringList& extra, const QString& wrapper) {
    QStringList args{"--remote=punix:" + sock(), "--unixctl=" + ctl()};
    args += extra;
    QFile::remove(sock());
    QString program = bin("vigil-testd");
    if (!wrapper.isEmpty()) {
        QStringList words = wrapper.split(' ');
        args = words.mid(1) + QStringList{program} + args;
        program = words.first();
    }
    if (!c.start(program, args, env())) {
        return false;
    }
    return wait_until([&] { return QFile::exists(sock()) && QFile::exists(ctl()); });
}

run_result tst_limits::echo(const QString& payload) {
    return run(bin("vigil-rpc"), {"request", "unix:" + sock(), "echo", "[\"" + payload + "\"]"},
               env());
}

// 40 echo requests of 30 MiB from a peer that never reads used to make the daemon queue all
// 40 replies (1.2 GiB): the byte limit was only consulted from the 50th queued message on. Now
// the daemon stops reading from that peer while its replies are not drained, so it holds about
// one message plus the backlog limit, and keeps serving everyone else.
void tst_limits::largeRepliesToNonReaderStayBounded() {
    child testd;
    QVERIFY(startTestd(testd));
    QCOMPARE(echo("warm up").exit_code, 0);
    const long before = proc_status_kb(testd.pid(), "VmHWM:");
    QVERIFY(before > 0);

    const qint64 size = qint64(30) << 20;
    const int count = 40;
    int fd = connect_unix_socket(sock(), true);
    QVERIFY(fd >= 0);
    QByteArray padding(size, 'x');
    qint64 sent = 0;
    for (int id = 0; id < count; id++) {
        QByteArray req = "{\"id\":" + QByteArray::number(id) +
                         ",\"method\":\"echo\",\"params\":[\"" + padding + "\"]}";
        qint64 n = write_until_stalled(fd, req, 2000);
        sent += n;
        if (n < req.size()) {
            break; // the daemon stopped reading from us
        }
    }
    const long peak = proc_status_kb(testd.pid(), "VmHWM:");
    const long rss = proc_status_kb(testd.pid(), "VmRSS:");

    // Another client is served while the first one's replies stay queued.
    run_result r = echo("still served");
    QCOMPARE(r.exit_code, 0);
    QVERIFY2(r.out.contains("still served"), r.out + r.err);
    ::close(fd);

    qInfo("read %lld MiB, peak grew by %ld MiB, RSS %ld MiB", sent >> 20, (peak - before) / 1024,
          rss / 1024);
    QVERIFY2(sent < 4 * size, qPrintable(QString("the daemon read %1 MiB").arg(sent >> 20)));
    // One request being parsed, its string and its reply (which shares nothing with the
    // request) at most, plus the 16 MiB backlog limit.
    const long bound_kb = long(3 * size + (qint64(16) << 20)) / 1024;
    QVERIFY2(peak - before < bound_kb,
             qPrintable(QString("peak grew by %1 MiB (RSS %2 MiB) after %3 MiB sent")
                            .arg((peak - before) / 1024)
                            .arg(rss / 1024)
                            .arg(sent >> 20)));
}

QTEST_GUILESS_MAIN(tst_limits)
#include "tst_limits.moc"
