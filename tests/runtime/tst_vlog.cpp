// Log lines in OVS's format, levels per module and destination, rate limiting, log files.
#include "vigil/clock.h"
#include "vigil/vlog.h"

#include <QtTest>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

VLOG_DEFINE_THIS_MODULE(tst_vlog);

using namespace vigil;

class TestVlog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void formatMatchesOvs_data();
    void formatMatchesOvs();
    void fileDestinationWritesOvsLines();
    void levelSpecs_data();
    void levelSpecs();
    void rateLimitDropsBeyondBurst();
    void rateLimitReportsDrops_data();
    void rateLimitReportsDrops();
    void listShowsModules();
    void unwritableLogFileKeepsOldOne();
    void syslogPriorities_data();
    void syslogPriorities();
    void syslogSendsOneMessagePerLine();
    void unsupportedSyslogMethod();
};

namespace {

// A unix datagram socket bound at a path the test owns: the far end of --syslog-method=unix:.
struct syslog_catcher {
    QTemporaryDir dir;
    std::string path;
    int fd = -1;
    syslog_catcher() {
        path = dir.filePath("log").toStdString();
        sockaddr_un sun{};
        sun.sun_family = AF_UNIX;
        path.copy(sun.sun_path, sizeof sun.sun_path - 1);
        fd = socket(AF_UNIX, SOCK_DGRAM, 0);
        if (bind(fd, reinterpret_cast<sockaddr*>(&sun), sizeof sun) != 0) {
            close(fd);
            fd = -1;
        }
    }
    ~syslog_catcher() {
        if (fd >= 0) {
            close(fd);
        }
        vlog_set_syslog_method("null");
    }
    // The next datagram, or "" when none arrives within 5 s.
    QString next() {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 5000) != 1) {
            return {};
        }
        char buf[4096];
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        return n > 0 ? QString::fromUtf8(buf, n) : QString();
    }
};

} // namespace

void TestVlog::formatMatchesOvs_data() {
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("expected");
    // 2026-11-27T09:11:13.096Z
    QTest::newRow("file") << "%D{%Y-%m-%dT%H:%M:%S.###Z}|%05N|%c%T|%p|%m"
                          << "2026-11-27T09:11:13.096Z|00001|tst_vlog|INFO|hello world";
    QTest::newRow("console") << "%D{%Y-%m-%dT%H:%M:%SZ}|%05N|%c%T|%p|%m"
                             << "2026-11-27T09:11:13Z|00001|tst_vlog|INFO|hello world";
    QTest::newRow("widths") << "[%-10c][%8p][%3N]"
                            << "[tst_vlog  ][    INFO][  1]";
    QTest::newRow("literal percent") << "100%% %m"
                                     << "100% hello world";
    // The local0 facility (OVS's default for %B) plus INFO's priority, LOG_NOTICE.
    QTest::newRow("syslog priority") << "<%B>%m"
                                     << "<133>hello world";
}

void TestVlog::formatMatchesOvs() {
    QFETCH(QString, pattern);
    QFETCH(QString, expected);
    long long t = 1795770673096LL; // 2026-11-27T09:11:13.096Z
    std::string line =
        vlog_format(pattern.toStdString(), "tst_vlog", vlog_level::info, 1, t, "hello world");
    QCOMPARE(QString::fromStdString(line), expected);
}

void TestVlog::fileDestinationWritesOvsLines() {
    QTemporaryDir dir;
    QString path = dir.filePath("test.log");
    QCOMPARE(vlog_set_log_file(path.toStdString()), 0);
    VLOG_INFO("message number {}", 42);
    VLOG_DBG("not at this level");
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QString text = QString::fromUtf8(f.readAll());
    QRegularExpression line(
        R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\|\d{5}\|tst_vlog\|INFO\|message number 42\n$)");
    QVERIFY2(line.match(text).hasMatch(), qPrintable(text));
    vlog_close_log_file();
}

void TestVlog::levelSpecs_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("fileLevel");
    QTest::newRow("module:file:dbg") << "tst_vlog:file:dbg"
                                     << "" << int(vlog_level::dbg);
    QTest::newRow("any order") << "warn:tst_vlog:file"
                               << "" << int(vlog_level::warn);
    QTest::newRow("case-insensitive") << "TST_VLOG:FILE:ERR"
                                      << "" << int(vlog_level::err);
    QTest::newRow("unknown word") << "tst_vlog:file:bogus"
                                  << "no destination, level, or module \"bogus\"" << -1;
    QTest::newRow("two levels") << "tst_vlog:dbg:info"
                                << "cannot specify multiple levels" << -1;
}

void TestVlog::levelSpecs() {
    QFETCH(QString, spec);
    QFETCH(QString, error);
    QFETCH(int, fileLevel);
    vlog_module* m = vlog_module_from_name("tst_vlog");
    QVERIFY(m);
    m->set_level(vlog_dest::file, vlog_level::info);
    QCOMPARE(QString::fromStdString(vlog_set_levels_from_string(spec.toStdString())), error);
    if (fileLevel >= 0) {
        QCOMPARE(int(m->level(vlog_dest::file)), fileLevel);
    } else {
        QCOMPARE(m->level(vlog_dest::file), vlog_level::info); // untouched on error
    }
}

void TestVlog::rateLimitDropsBeyondBurst() {
    virtual_clock clock(1000);
    vlog_module* m = vlog_module_from_name("tst_vlog");
    m->set_level(vlog_dest::console, vlog_level::off); // the drop report is not wanted here
    vlog_rate_limit rl(60, 3);                         // one per second, burst of three
    int admitted = 0;
    for (int i = 0; i < 10; i++) {
        admitted += rl.admit(*m, vlog_level::info);
    }
    QCOMPARE(admitted, 3);
    clock.advance(2000);
    QVERIFY(rl.admit(*m, vlog_level::info));
    QVERIFY(rl.admit(*m, vlog_level::info));
    QVERIFY(!rl.admit(*m, vlog_level::info));
    m->honor_rate_limits = false; // vlog/disable-rate-limit
    QVERIFY(rl.admit(*m, vlog_level::info));
    m->honor_rate_limits = true;
    m->set_level(vlog_dest::console, vlog_level::info);
}

void TestVlog::rateLimitReportsDrops_data() {
    QTest::addColumn<int>("per_minute");
    QTest::addColumn<int>("burst");
    QTest::addColumn<QStringList>("steps"); // "ADVANCE_MS:N_MESSAGES"
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("burst, then quiet")
        << 60 << 3 << QStringList{"0:10", "2500:1"}
        << QStringList{"WARN|message 1", "WARN|message 2", "WARN|message 3",
                       "WARN|Dropped 7 log messages in last 2 seconds (most recently, 2 seconds "
                       "ago) due to excessive rate",
                       "WARN|message 11"};
    QTest::newRow("drops spread out")
        << 6 << 1 << QStringList{"0:1", "1000:1", "3000:1", "7000:1", "0:1"}
        << QStringList{"WARN|message 1",
                       "WARN|Dropped 2 log messages in last 10 seconds (most recently, 7 "
                       "seconds ago) due to excessive rate",
                       "WARN|message 4"};
    QTest::newRow("nothing dropped, no report")
        << 60 << 2 << QStringList{"0:2", "1000:1", "1000:1"}
        << QStringList{"WARN|message 1", "WARN|message 2", "WARN|message 3", "WARN|message 4"};
    QTest::newRow("a second report counts afresh")
        << 60 << 1 << QStringList{"0:3", "1000:1", "0:2", "5000:1"}
        << QStringList{"WARN|message 1",
                       "WARN|Dropped 2 log messages in last 1 seconds (most recently, 1 "
                       "seconds ago) due to excessive rate",
                       "WARN|message 4",
                       "WARN|Dropped 2 log messages in last 5 seconds (most recently, 5 "
                       "seconds ago) due to excessive rate",
                       "WARN|message 7"};
}

// OVS's vlog_rate_limit(): the first message let through after some were dropped is
// preceded, at its module and level, by a count of them and how long ago the first and the
// last was (whole seconds of the monotonic clock, here a virtual one).
void TestVlog::rateLimitReportsDrops() {
    QFETCH(int, per_minute);
    QFETCH(int, burst);
    QFETCH(QStringList, steps);
    QFETCH(QStringList, expected);
    virtual_clock clock(1000);
    QTemporaryDir dir;
    const QString path = dir.filePath("rl.log");
    QCOMPARE(vlog_set_log_file(path.toStdString()), 0);
    vlog_module* m = vlog_module_from_name("tst_vlog");
    m->set_level(vlog_dest::console, vlog_level::off);
    vlog_rate_limit rl(per_minute, burst);
    int n = 0;
    for (const QString& step : steps) {
        const QStringList parts = step.split(QLatin1Char(':'));
        clock.advance(parts[0].toInt());
        for (int i = 0; i < parts[1].toInt(); i++) {
            n++; // counted whether or not the message gets through
            VLOG_WARN_RL(rl, "message {}", n);
        }
    }
    vlog_close_log_file();
    m->set_level(vlog_dest::console, vlog_level::info);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QStringList got;
    for (const QString& line : QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'))) {
        if (qsizetype at = line.indexOf(QLatin1String("|tst_vlog|")); at >= 0) {
            got << line.mid(at + 10);
        }
    }
    QCOMPARE(got, expected);
}

void TestVlog::listShowsModules() {
    std::string list = vlog_list();
    QVERIFY(
        QString::fromStdString(list).startsWith("                 console    syslog    file\n"
                                                "                 -------    ------    ------\n"));
    QVERIFY(list.find("tst_vlog") != std::string::npos);
}

void TestVlog::unwritableLogFileKeepsOldOne() {
    QTemporaryDir dir;
    QString good = dir.filePath("good.log");
    QCOMPARE(vlog_set_log_file(good.toStdString()), 0);
    QCOMPARE(vlog_set_log_file("/nonexistent-dir/x.log"), ENOENT);
    QCOMPARE(QString::fromStdString(vlog_get_log_file()), good);
    vlog_close_log_file();
    QVERIFY(vlog_get_log_file().empty());
}

void TestVlog::syslogPriorities_data() {
    QTest::addColumn<int>("level");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("pri"); // LOG_DAEMON (24) + OVS's priority for the level
    QTest::newRow("EMER -> alert") << int(vlog_level::emer) << "EMER" << 24 + 1;
    QTest::newRow("ERR -> err") << int(vlog_level::err) << "ERR" << 24 + 3;
    QTest::newRow("WARN -> warning") << int(vlog_level::warn) << "WARN" << 24 + 4;
    QTest::newRow("INFO -> notice") << int(vlog_level::info) << "INFO" << 24 + 5;
    QTest::newRow("DBG -> debug") << int(vlog_level::dbg) << "DBG" << 24 + 7;
}

// With --syslog-method=unix:PATH each message goes to PATH as "<PRI>" and the syslog
// pattern's line, PRI from OVS's level table.
void TestVlog::syslogPriorities() {
    QFETCH(int, level);
    QFETCH(QString, name);
    QFETCH(int, pri);
    syslog_catcher catcher;
    QVERIFY(catcher.fd >= 0);
    QCOMPARE(QString::fromStdString(vlog_set_syslog_method("unix:" + catcher.path)), QString());
    vlog_module* m = vlog_module_from_name("tst_vlog");
    m->set_level(vlog_dest::syslog, vlog_level::dbg);
    m->log(static_cast<vlog_level>(level), "to syslog");
    m->set_level(vlog_dest::syslog, vlog_level::info);
    QCOMPARE(vlog_syslog_priority(static_cast<vlog_level>(level)), pri - 24);
    const QString got = catcher.next();
    const QRegularExpression want(
        QStringLiteral("^<%1>ovs\\|\\d{5}\\|tst_vlog\\|%2\\|to syslog$").arg(pri).arg(name));
    QVERIFY2(want.match(got).hasMatch(), qPrintable(got));
}

// OVS sends a multi-line message as one syslog message per non-empty line.
void TestVlog::syslogSendsOneMessagePerLine() {
    syslog_catcher catcher;
    QVERIFY(catcher.fd >= 0);
    QCOMPARE(QString::fromStdString(vlog_set_syslog_method("unix:" + catcher.path)), QString());
    vlog_set_pattern(vlog_dest::syslog, "%m");
    VLOG_WARN("first\n\nsecond");
    vlog_set_pattern(vlog_dest::syslog, "ovs|%05N|%c%T|%p|%m");
    QCOMPARE(catcher.next(), QStringLiteral("<28>first"));
    QCOMPARE(catcher.next(), QStringLiteral("<28>second"));
}

void TestVlog::unsupportedSyslogMethod() {
    QCOMPARE(QString::fromStdString(vlog_set_syslog_method("tcp:1.2.3.4")),
             QStringLiteral("unsupported syslog method 'tcp:1.2.3.4'"));
}

QTEST_GUILESS_MAIN(TestVlog)
#include "tst_vlog.moc"
