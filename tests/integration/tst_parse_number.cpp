// Command-line numbers: the strict decimal parser, and the programs that use it refusing what
// it refuses (signs, suffixes, overflow) while taking "--opt VALUE" as well as "--opt=VALUE".
#include "process_util.h"
#include "test_util.h"
#include "vigil/parse_number.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <climits>

using namespace vigil::test;

namespace {

QProcessEnvironment rundir_env(const QString& rundir) {
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert("OVS_RUNDIR", rundir);
    return e;
}

} // namespace

class tst_parse_number : public QObject {
    Q_OBJECT

private slots:
    void parse_decimal_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qulonglong>("max");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qulonglong>("value");
        QTest::newRow("zero") << QByteArray("0") << qulonglong(10) << true << qulonglong(0);
        QTest::newRow("at the bound")
            << QByteArray("10") << qulonglong(10) << true << qulonglong(10);
        QTest::newRow("past the bound")
            << QByteArray("11") << qulonglong(10) << false << qulonglong(0);
        QTest::newRow("largest") << QByteArray("18446744073709551615") << qulonglong(ULLONG_MAX)
                                 << true << qulonglong(ULLONG_MAX);
        QTest::newRow("overflow") << QByteArray("18446744073709551616") << qulonglong(ULLONG_MAX)
                                  << false << qulonglong(0);
        QTest::newRow("minus") << QByteArray("-1") << qulonglong(ULLONG_MAX) << false
                               << qulonglong(0);
        QTest::newRow("plus") << QByteArray("+1") << qulonglong(10) << false << qulonglong(0);
        QTest::newRow("space") << QByteArray(" 1") << qulonglong(10) << false << qulonglong(0);
        QTest::newRow("suffix") << QByteArray("1k") << qulonglong(10000) << false << qulonglong(0);
        QTest::newRow("empty") << QByteArray("") << qulonglong(10) << false << qulonglong(0);
    }

    void parse_decimal() {
        QFETCH(QByteArray, text);
        QFETCH(qulonglong, max);
        QFETCH(bool, ok);
        QFETCH(qulonglong, value);
        unsigned long long out = 12345;
        QCOMPARE(vigil::parse_decimal(text.constData(), max, out), ok);
        QCOMPARE(qulonglong(out), ok ? value : qulonglong(12345));
        QVERIFY(!vigil::parse_decimal(nullptr, max, out));
    }

    void testd_refuses_bad_numbers_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("error");
        QTest::newRow("overflow") << QStringList{"--probe-interval=99999999999999999999"}
                                  << "invalid value \"99999999999999999999\" for --probe-interval";
        QTest::newRow("past int") << QStringList{"--probe-interval", "2147483648"}
                                  << "invalid value \"2147483648\" for --probe-interval";
        QTest::newRow("negative") << QStringList{"--crash-after=-5"}
                                  << "invalid value \"-5\" for --crash-after";
        QTest::newRow("missing value") << QStringList{"--max-message-size"}
                                       << "option '--max-message-size' requires an "
                                          "argument";
        QTest::newRow("unknown") << QStringList{"--frob"} << "unrecognized option '--frob'";
    }

    void testd_refuses_bad_numbers() {
        QFETCH(QStringList, args);
        QFETCH(QString, error);
        QTemporaryDir dir;
        run_result r = run(bin("vigil-testd"), QStringList{"--unixctl=none"} + args);
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains(error.toUtf8()), r.err.constData());
    }

    // "--remote VALUE" is the same option as "--remote=VALUE" (getopt_long), for vigil-testd.
    void testd_takes_separate_values() {
        QTemporaryDir dir;
        QString sock = dir.filePath("t.sock");
        child testd;
        QVERIFY(testd.start(
            bin("vigil-testd"),
            {"--unixctl", "none", "--remote", "punix:" + sock, "--max-connections", "5"},
            rundir_env(dir.path())));
        QVERIFY2(wait_until([&] { return QFile::exists(sock); }), testd.stderr_text());
        // The socket file exists from bind() on, a moment before listen(): retry until served.
        run_result r;
        QVERIFY(wait_until([&] {
            r = run(bin("vigil-rpc"),
                    {"--timeout", "10", "request", "unix:" + sock, "echo", "[\"spaced\"]"});
            return r.exit_code == 0;
        }));
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY(r.out.contains("spaced"));
    }
};

QTEST_GUILESS_MAIN(tst_parse_number)
#include "tst_parse_number.moc"
