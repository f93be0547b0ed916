// DaemonLog with real writer processes started through vigil::process with stdout_file and
// stderr_file: lines of both streams in order, appends from another process noticed without
// polling, resuming from saved offsets (the supervisor was dead meanwhile), partial and long
// lines, copytruncate rotation kept bounded while the writer keeps its descriptor, files
// truncated or replaced by someone else, and a flood that does not starve the event loop.
#include "services/daemon_log.h"
#include "vigil/process.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <csignal>
#include <memory>
#include <sys/stat.h>
#include <vector>

using namespace vigil::ui;

namespace {

// Everything one DaemonLog delivered.
struct Collected {
    QStringList out;
    QStringList err;
    QList<bool> outTruncated;
    int rotations = 0;

    void connect(DaemonLog& log) {
        QObject::connect(
            &log, &DaemonLog::lineRead,
            [this](bool isStderr, const QString& text, bool truncated, const QDateTime& time) {
                QVERIFY(time.isValid());
                (isStderr ? err : out) << text;
                if (!isStderr) {
                    outTruncated << truncated;
                }
            });
        QObject::connect(&log, &DaemonLog::rotated, [this](bool) { rotations++; });
    }
};

QStringList numbered(const QString& prefix, int n) {
    QStringList lines;
    for (int i = 1; i <= n; i++) {
        lines << prefix + QString::number(i);
    }
    return lines;
}

qint64 sizeOf(const QString& path) {
    return QFileInfo(path).size();
}

} // namespace

class TestDaemonLog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void prepareCreatesPrivateDirectory();
    void streamsInOrderFromFilesThatAppearLater();
    void appendsFromAnotherProcessAreNoticed();
    void resumesFromSavedOffsets();
    void partialLineCompletedLater();
    void longLinesAreTruncated();
    void rotationKeepsFilesBounded_data();
    void rotationKeepsFilesBounded();
    void truncatedOrReplacedBySomeoneElse();
    void floodDoesNotStarveTheEventLoop();

private:
    // Starts `script` in the temporary directory with its stdout and stderr appended to the
    // log's files; it is killed (with its group) after the test.
    bool startWriter(const DaemonLog& log, const QString& script);
    // Creates the file `name` in the temporary directory (the writers wait for such files).
    void touch(const QString& name);

    std::unique_ptr<QTemporaryDir> dir_;
    std::vector<std::unique_ptr<vigil::process>> writers_;
};

void TestDaemonLog::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
}

void TestDaemonLog::cleanup() {
    for (auto& w : writers_) {
        w->kill_group(SIGKILL);
    }
    writers_.clear();
    dir_.reset();
}

bool TestDaemonLog::startWriter(const DaemonLog& log, const QString& script) {
    vigil::process_options o;
    o.argv = {"sh", "-c", script.toStdString()};
    o.cwd = dir_->path().toStdString();
    o.stdout_file = log.stdoutPath().toStdString();
    o.stderr_file = log.stderrPath().toStdString();
    o.null_stdin = true;
    std::unique_ptr<vigil::process> p;
    if (int error = vigil::process::start(o, p)) {
        qWarning("cannot start the writer: %s", strerror(error));
        return false;
    }
    writers_.push_back(std::move(p));
    return true;
}

void TestDaemonLog::touch(const QString& name) {
    QFile f(dir_->filePath(name));
    QVERIFY(f.open(QIODevice::WriteOnly));
}

void TestDaemonLog::prepareCreatesPrivateDirectory() {
    const QString logs = dir_->filePath(QStringLiteral("a/b/logs"));
    DaemonLog log(logs, QStringLiteral("d"), {});
    QString error;
    QVERIFY2(log.prepare(&error), qPrintable(error));
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(logs).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0700u);
    QCOMPARE(log.stdoutPath(), logs + QStringLiteral("/d.stdout.log"));
    QCOMPARE(log.stderrPath(), logs + QStringLiteral("/d.stderr.log"));
    QVERIFY(log.prepare(&error)); // an existing directory is fine

    touch(QStringLiteral("plain"));
    DaemonLog under(dir_->filePath(QStringLiteral("plain/logs")), QStringLiteral("d"), {});
    QVERIFY(!under.prepare(&error));
    QVERIFY2(error.contains(QStringLiteral("plain")), qPrintable(error));
    DaemonLog onFile(dir_->filePath(QStringLiteral("plain")), QStringLiteral("d"), {});
    QVERIFY(!onFile.prepare(&error));
    QVERIFY2(error.contains(QStringLiteral("not a directory")), qPrintable(error));
}

void TestDaemonLog::streamsInOrderFromFilesThatAppearLater() {
    DaemonLog log(dir_->path(), QStringLiteral("d"), {});
    Collected got;
    got.connect(log);
    log.follow(0, 0); // neither file exists yet
    QVERIFY(startWriter(log, QStringLiteral("i=1; while [ $i -le 200 ]; do echo out$i; "
                                            "echo err$i >&2; i=$((i+1)); done")));
    QTRY_COMPARE_WITH_TIMEOUT(got.out.size(), 200, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(got.err.size(), 200, 10000);
    QCOMPARE(got.out, numbered(QStringLiteral("out"), 200));
    QCOMPARE(got.err, numbered(QStringLiteral("err"), 200));
    QCOMPARE(log.offsets().stdoutOffset, sizeOf(log.stdoutPath()));
    QCOMPARE(log.offsets().stderrOffset, sizeOf(log.stderrPath()));
}

void TestDaemonLog::appendsFromAnotherProcessAreNoticed() {
    DaemonLog log(dir_->path(), QStringLiteral("d"), {});
    Collected got;
    got.connect(log);
    QVERIFY(startWriter(log, QStringLiteral("echo first; while [ ! -e go ]; do sleep 0.02; done; "
                                            "echo second; echo late >&2; exec sleep 1000")));
    QTRY_COMPARE_WITH_TIMEOUT(sizeOf(log.stdoutPath()), qint64(6), 10000);
    log.follow(0, 0);
    QTRY_COMPARE_WITH_TIMEOUT(got.out, QStringList{QStringLiteral("first")}, 10000);
    // Nothing here reads on its own: only the watcher's notification of the append can.
    touch(QStringLiteral("go"));
    QTRY_COMPARE_WITH_TIMEOUT(
        got.out, (QStringList{QStringLiteral("first"), QStringLiteral("second")}), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(got.err, QStringList{QStringLiteral("late")}, 10000);
}

void TestDaemonLog::resumesFromSavedOffsets() {
    Collected first;
    DaemonLog::Offsets saved;
    {
        DaemonLog log(dir_->path(), QStringLiteral("d"), {});
        first.connect(log);
        log.follow(-1, -1);
        QVERIFY(startWriter(log, QStringLiteral("echo a; echo b; echo x >&2; "
                                                "while [ ! -e go ]; do sleep 0.02; done; "
                                                "echo c; echo d; echo y >&2; printf par; "
                                                "while [ ! -e go2 ]; do sleep 0.02; done; "
                                                "echo tial; exec sleep 1000")));
        QTRY_COMPARE_WITH_TIMEOUT(first.out.size(), 2, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(first.err.size(), 1, 10000);
        saved = log.offsets();
        // The supervisor dies here; the writer goes on.
    }
    QCOMPARE(first.out, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    touch(QStringLiteral("go"));
    const QString out = dir_->filePath(QStringLiteral("d.stdout.log"));
    QTRY_COMPARE_WITH_TIMEOUT(sizeOf(out), qint64(11), 10000); // "a\nb\nc\nd\npar"

    DaemonLog log(dir_->path(), QStringLiteral("d"), {});
    Collected second;
    second.connect(log);
    log.follow(saved.stdoutOffset, saved.stderrOffset);
    QTRY_COMPARE_WITH_TIMEOUT(second.out.size(), 2, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(second.err.size(), 1, 10000);
    QCOMPARE(second.out, (QStringList{QStringLiteral("c"), QStringLiteral("d")}));
    QCOMPARE(second.err, QStringList{QStringLiteral("y")});
    // The partial line is not counted as consumed: a third life would get it whole.
    QCOMPARE(log.offsets().stdoutOffset, qint64(8));
    log.stop();
    QCOMPARE(log.offsets().stdoutOffset, qint64(8));
    log.follow(log.offsets().stdoutOffset, log.offsets().stderrOffset);
    touch(QStringLiteral("go2"));
    QTRY_COMPARE_WITH_TIMEOUT(second.out.size(), 3, 10000);
    QCOMPARE(second.out.last(), QStringLiteral("partial"));

    // From the end: nothing old.
    DaemonLog fromEnd(dir_->path(), QStringLiteral("d"), {});
    Collected third;
    third.connect(fromEnd);
    fromEnd.follow(-1, -1);
    fromEnd.readNow();
    QVERIFY(third.out.isEmpty());
    QCOMPARE(fromEnd.offsets().stdoutOffset, sizeOf(out));
}

void TestDaemonLog::partialLineCompletedLater() {
    DaemonLog log(dir_->path(), QStringLiteral("d"), {});
    Collected got;
    got.connect(log);
    log.follow(0, 0);
    QVERIFY(startWriter(log, QStringLiteral("printf hel; while [ ! -e go ]; do sleep 0.02; done; "
                                            "printf 'lo\\r\\nnext\\n'; exec sleep 1000")));
    QTRY_COMPARE_WITH_TIMEOUT(sizeOf(log.stdoutPath()), qint64(3), 10000);
    log.readNow();
    QVERIFY(got.out.isEmpty());
    QCOMPARE(log.offsets().stdoutOffset, qint64(0));
    touch(QStringLiteral("go"));
    QTRY_COMPARE_WITH_TIMEOUT(got.out.size(), 2, 10000);
    QCOMPARE(got.out, (QStringList{QStringLiteral("hello"), QStringLiteral("next")}));
    QCOMPARE(got.outTruncated, (QList<bool>{false, false}));
}

void TestDaemonLog::longLinesAreTruncated() {
    DaemonLogLimits limits;
    limits.maxLineBytes = 100;
    DaemonLog log(dir_->path(), QStringLiteral("d"), limits);
    Collected got;
    got.connect(log);
    log.follow(0, 0);
    // 250 x; exactly 100 y; 99 a and a two-byte é across the cut; a long line whose rest comes
    // only after another read.
    const QString script = QStringLiteral(
        "x=$(printf '%0250d' 0 | tr 0 x); y=$(printf '%0100d' 0 | tr 0 y); "
        "a=$(printf '%099d' 0 | tr 0 a); z=$(printf '%0150d' 0 | tr 0 z); "
        "echo $x; echo short; echo $y; printf '%s\\303\\251tail\\n' $a; printf %s $z; "
        "while [ ! -e go ]; do sleep 0.02; done; printf 'zzzz\\nafter\\n'; exec sleep 1000");
    QVERIFY(startWriter(log, script));
    QTRY_COMPARE_WITH_TIMEOUT(got.out.size(), 5, 10000);
    touch(QStringLiteral("go"));
    QTRY_COMPARE_WITH_TIMEOUT(got.out.size(), 6, 10000);
    QCOMPARE(got.out,
             (QStringList{QString(100, u'x'), QStringLiteral("short"), QString(100, u'y'),
                          QString(99, u'a'), QString(100, u'z'), QStringLiteral("after")}));
    QCOMPARE(got.outTruncated, (QList<bool>{true, false, false, true, true, false}));
}

void TestDaemonLog::rotationKeepsFilesBounded_data() {
    QTest::addColumn<int>("keep");
    QTest::newRow("three copies") << 3;
    QTest::newRow("no copies") << 0;
}

void TestDaemonLog::rotationKeepsFilesBounded() {
    QFETCH(int, keep);
    DaemonLogLimits limits;
    limits.maxBytes = 32 << 10;
    limits.keepFiles = keep;
    limits.readBudgetBytes = 16 << 10;
    const qint64 bound = limits.maxBytes + limits.readBudgetBytes;
    DaemonLog log(dir_->path(), QStringLiteral("d"), limits);
    Collected got;
    got.connect(log);
    QStringList violations;
    auto check = [&] {
        for (int i = 0; i <= keep + 1; i++) {
            const QString path =
                i == 0 ? log.stdoutPath() : DaemonLog::rotatedPath(log.stdoutPath(), i);
            if (i == keep + 1 && QFileInfo::exists(path)) {
                violations << path + QStringLiteral(" exists");
            } else if (sizeOf(path) > bound) {
                violations << QStringLiteral("%1 has %2 bytes").arg(path).arg(sizeOf(path));
            }
        }
    };
    connect(&log, &DaemonLog::rotated, this, check);
    log.follow(0, 0);
    // 1700 lines of 100 bytes (5.3 × maxBytes) in bursts of 500 bytes, through one descriptor
    // held open with O_APPEND; then, once told, one more line.
    const int lines = 1700;
    QVERIFY(startWriter(log, QStringLiteral("pad=$(printf '%094d' 0); i=0; while [ $i -lt ") +
                                 QString::number(lines) +
                                 QStringLiteral(" ]; do printf '%04d %s\\n' $i $pad; i=$((i+1)); "
                                                "[ $((i % 5)) -eq 0 ] && sleep 0.01; done; "
                                                ": > bulkdone; while [ ! -e go ]; do sleep 0.02; "
                                                "done; echo final; exec sleep 1000")));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(dir_->filePath(QStringLiteral("bulkdone"))), 60000);
    QTRY_COMPARE_WITH_TIMEOUT(log.offsets().stdoutOffset, sizeOf(log.stdoutPath()), 10000);
    touch(QStringLiteral("go"));
    QTRY_VERIFY_WITH_TIMEOUT(!got.out.isEmpty() && got.out.last() == QStringLiteral("final"),
                             10000);
    check();
    QVERIFY2(violations.isEmpty(), qPrintable(violations.join(u'\n')));

    QVERIFY(got.rotations >= 4);
    qint64 total = 0;
    for (int i = 0; i <= keep; i++) {
        const QString path =
            i == 0 ? log.stdoutPath() : DaemonLog::rotatedPath(log.stdoutPath(), i);
        QVERIFY2(i == 0 || sizeOf(path) > limits.maxBytes, qPrintable(path));
        total += sizeOf(path);
    }
    QVERIFY(total <= (keep + 1) * bound);
    QVERIFY(!QFileInfo::exists(DaemonLog::rotatedPath(log.stdoutPath(), keep + 1)));
    // Lines come in order, none twice; copytruncate may lose the few a writer appends between
    // the last copy and the truncate, never more.
    int previous = -1;
    for (int i = 0; i + 1 < got.out.size(); i++) {
        const int n = got.out[i].left(4).toInt();
        QVERIFY2(n > previous, qPrintable(got.out[i].left(4)));
        QCOMPARE(got.out[i].size(), 99);
        previous = n;
    }
    QVERIFY2(got.out.size() - 1 >= lines * 9 / 10, qPrintable(QString::number(got.out.size())));
    if (keep > 0) {
        // The newest copy ends with what was read just before its rotation: whole lines.
        QFile copy(DaemonLog::rotatedPath(log.stdoutPath(), 1));
        QVERIFY(copy.open(QIODevice::ReadOnly));
        QVERIFY(copy.readAll().endsWith('\n'));
    }
}

void TestDaemonLog::truncatedOrReplacedBySomeoneElse() {
    DaemonLog log(dir_->path(), QStringLiteral("d"), {});
    Collected got;
    got.connect(log);
    log.follow(0, 0);
    QVERIFY(startWriter(log, QStringLiteral("echo 'a first long line'; "
                                            "while [ ! -e go ]; do sleep 0.02; done; "
                                            "echo b; exec sleep 1000")));
    QTRY_COMPARE_WITH_TIMEOUT(got.out.size(), 1, 10000);
    // Someone truncates it (the writer goes on at the new end, O_APPEND).
    QVERIFY(QFile::resize(log.stdoutPath(), 0));
    touch(QStringLiteral("go"));
    QTRY_COMPARE_WITH_TIMEOUT(got.out.size(), 2, 10000);
    QCOMPARE(got.out.last(), QStringLiteral("b"));

    // Someone replaces it (logrotate's create mode): the old file's unfinished line is
    // delivered, and the new file is read from its start and followed.
    {
        QFile old(log.stdoutPath());
        QVERIFY(old.open(QIODevice::Append));
        old.write("old tail");
    }
    const QString fresh = dir_->filePath(QStringLiteral("fresh"));
    {
        QFile f(fresh);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("new 1\n");
    }
    QVERIFY(::rename(QFile::encodeName(fresh).constData(),
                     QFile::encodeName(log.stdoutPath()).constData()) == 0);
    QTRY_COMPARE_WITH_TIMEOUT(got.out.size(), 4, 10000);
    QCOMPARE(got.out.mid(2), (QStringList{QStringLiteral("old tail"), QStringLiteral("new 1")}));
    QVERIFY(startWriter(log, QStringLiteral("echo new 2")));
    QTRY_COMPARE_WITH_TIMEOUT(got.out.size(), 5, 10000);
    QCOMPARE(got.out.last(), QStringLiteral("new 2"));
}

void TestDaemonLog::floodDoesNotStarveTheEventLoop() {
    DaemonLogLimits limits;
    limits.maxBytes = qint64(1) << 40; // this test is about reading, not rotation
    DaemonLog log(dir_->path(), QStringLiteral("d"), limits);
    const qint64 bytes = 20'000'000;
    const qint64 lines = bytes / 20; // "flood line 01234567\n" is 20 bytes with its newline
    qint64 received = 0;
    bool wrong = false;
    int ticks = 0;
    int ticksWhileReading = 0;
    QTimer ticker;
    ticker.setInterval(10);
    connect(&ticker, &QTimer::timeout, this, [&] {
        ticks++;
        if (received > 0 && received < lines) {
            ticksWhileReading++;
        }
    });
    connect(&log, &DaemonLog::lineRead, this, [&](bool, const QString& text, bool truncated) {
        received++;
        wrong = wrong || truncated || text != QLatin1String("flood line 01234567");
    });
    // The whole flood is in the file before following starts: the reader has all 20 MB at once.
    QVERIFY(startWriter(log, QStringLiteral("yes 'flood line 01234567' | head -c %1").arg(bytes)));
    QTRY_COMPARE_WITH_TIMEOUT(sizeOf(log.stdoutPath()), bytes, 60000);
    ticker.start();
    log.follow(0, 0);
    QTRY_COMPARE_WITH_TIMEOUT(received, lines, 120000);
    QVERIFY(!wrong);
    // Read in one go, the timer could not have fired while lines were delivered.
    QVERIFY2(ticksWhileReading >= 3, qPrintable(QString::number(ticksWhileReading)));
}

QTEST_GUILESS_MAIN(TestDaemonLog)
#include "tst_daemon_log.moc"
