// Replays OVS's reconnect.at scenarios (tests/conformance/reconnect/NAME.in -> NAME.out)
// through vigil-test-reconnect and compares the transcript byte for byte, then checks how the
// driver treats bad input.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

namespace {

const QString driver_path = QStringLiteral(VIGIL_BIN_DIR "/vigil-test-reconnect");
const QString scenario_dir = QStringLiteral(VIGIL_SOURCE_DIR "/tests/conformance/reconnect");

struct result {
    QByteArray out;
    QByteArray err;
    int exit_code = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
};

result run_driver(const QByteArray& input) {
    QProcess p;
    p.start(driver_path, {});
    result r;
    if (!p.waitForStarted(10000)) {
        r.err = "cannot start " + driver_path.toUtf8();
        return r;
    }
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(10000)) {
        p.kill();
        p.waitForFinished();
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    r.exit_code = p.exitCode();
    r.status = p.exitStatus();
    return r;
}

QByteArray read_file(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    return f.readAll();
}

} // namespace

class tst_reconnect_transcripts : public QObject {
    Q_OBJECT

private slots:
    void scenarios_present();
    void transcript_data();
    void transcript();
    void long_line_is_split_at_127_bytes();
    void bad_input_data();
    void bad_input();
};

// The 13 scenarios of reconnect.at must all be there: a missing file would silently shrink
// the table below.
void tst_reconnect_transcripts::scenarios_present() {
    QDir dir(scenario_dir);
    QCOMPARE(dir.entryList({"*.in"}, QDir::Files).size(), 13);
    QCOMPARE(dir.entryList({"*.out"}, QDir::Files).size(), 13);
}

void tst_reconnect_transcripts::transcript_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QDir dir(scenario_dir);
    for (const QString& name : dir.entryList({"*.in"}, QDir::Files, QDir::Name)) {
        QString base = name.chopped(3);
        QTest::newRow(qPrintable(base))
            << dir.filePath(name) << dir.filePath(base + QStringLiteral(".out"));
    }
}

void tst_reconnect_transcripts::transcript() {
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QByteArray in = read_file(input);
    QByteArray want = read_file(expected);
    QVERIFY(!in.isEmpty());
    QVERIFY(!want.isEmpty());

    result r = run_driver(in);
    QCOMPARE(r.status, QProcess::NormalExit);
    QCOMPARE(r.exit_code, 0);
    if (r.out != want) {
        // Show the first differing line rather than two multi-kilobyte blobs.
        QList<QByteArray> got_lines = r.out.split('\n');
        QList<QByteArray> want_lines = want.split('\n');
        for (qsizetype i = 0; i < std::max(got_lines.size(), want_lines.size()); i++) {
            QByteArray g = i < got_lines.size() ? got_lines[i] : "<end>";
            QByteArray w = i < want_lines.size() ? want_lines[i] : "<end>";
            if (g != w) {
                QFAIL(qPrintable(QStringLiteral("line %1: got \"%2\", expected \"%3\"")
                                     .arg(i + 1)
                                     .arg(QString::fromUtf8(g), QString::fromUtf8(w))));
            }
        }
        QCOMPARE(r.out, want);
    }
}

// OVS's driver reads with a 128-byte fgets buffer, so a longer line is processed as two
// commands: "run" + 124 spaces fills the buffer, and "timeout" is read as the next line.
void tst_reconnect_transcripts::long_line_is_split_at_127_bytes() {
    QByteArray line = "run" + QByteArray(124, ' ') + "timeout\n";
    result r = run_driver(line);
    QCOMPARE(r.exit_code, 0);
    QCOMPARE(r.out, "### t=1000 ###\n" + line + "  no timeout\n");
}

void tst_reconnect_transcripts::bad_input_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("echoed");

    QTest::newRow("unknown command")
        << QByteArray("enable\nfrobnicate\n") << QByteArray("unknown command 'frobnicate'")
        << QByteArray("frobnicate\n");
    QTest::newRow("unknown error word")
        << QByteArray("enable\nrun\nconnect-failed EBOGUS\n")
        << QByteArray("unknown error 'EBOGUS'") << QByteArray("connect-failed EBOGUS\n");
    QTest::newRow("bad receive-attempted argument")
        << QByteArray("receive-attempted soon\n")
        << QByteArray("receive-attempted: bad argument soon")
        << QByteArray("receive-attempted soon\n");
    QTest::newRow("missing argument")
        << QByteArray("advance\n") << QByteArray("'advance' command requires at least 1")
        << QByteArray("advance\n");
    QTest::newRow("extra argument")
        << QByteArray("enable now\n") << QByteArray("'enable' command takes at most 0")
        << QByteArray("enable now\n");
    QTest::newRow("quoted words") << QByteArray("'run' \"10\" extra\n")
                                  << QByteArray("'run' command takes at most 1")
                                  << QByteArray("'run' \"10\" extra\n");
}

// Bad input stops the driver with status 1 and a message on stderr, after echoing the
// offending line (the transcript up to that point stays intact).
void tst_reconnect_transcripts::bad_input() {
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, echoed);

    result r = run_driver(input);
    QCOMPARE(r.status, QProcess::NormalExit);
    QCOMPARE(r.exit_code, 1);
    QVERIFY2(r.err.startsWith("vigil-test-reconnect: "), r.err.constData());
    QVERIFY2(r.err.contains(message), r.err.constData());
    QVERIFY2(r.out.startsWith("### t=1000 ###\n"), r.out.constData());
    QVERIFY2(r.out.endsWith(echoed), r.out.constData());
}

QTEST_GUILESS_MAIN(tst_reconnect_transcripts)
#include "tst_reconnect_transcripts.moc"
