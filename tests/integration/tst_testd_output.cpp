// What vigil-testd prints for whoever reads its output (man vigil-testd, OUTPUT): start-up,
// accepted and closed connections and requests on stdout, rate-limited; a crash on purpose on
// stderr. Its stdout and stderr go to files, as under a
// supervisor that logs them, so a line that shows up while the daemon still runs proves it is
// flushed per line rather than when a block fills.
#include "proc_test_util.h"
#include "process_util.h"
#include "test_util.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLocalSocket>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace vigil::test;

namespace {

QByteArray read_file(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A vigil-testd whose stdout and stderr go to files in `dir`, named after `name`.
class logged_testd {
public:
    logged_testd(const QString& dir, const QString& name)
        : out_(dir + QLatin1Char('/') + name + QStringLiteral(".out")),
          err_(dir + QLatin1Char('/') + name + QStringLiteral(".err")) {}
    ~logged_testd() {
        if (proc_.state() != QProcess::NotRunning) {
            proc_.kill();
            proc_.waitForFinished(5000);
        }
    }

    bool start(const QStringList& args, const QProcessEnvironment& env) {
        proc_.setStandardOutputFile(out_);
        proc_.setStandardErrorFile(err_);
        proc_.setProcessEnvironment(env);
        proc_.start(bin(QStringLiteral("vigil-testd")), args);
        return proc_.waitForStarted(10000);
    }

    QByteArray out() const { return read_file(out_); }
    QByteArray err() const { return read_file(err_); }
    QProcess& process() { return proc_; }

private:
    QString out_;
    QString err_;
    QProcess proc_;
};

// The lines of `text` that match `pattern`.
QStringList matching_lines(const QByteArray& text, const QString& pattern) {
    const QRegularExpression re(pattern);
    QStringList lines;
    for (const QString& line : QString::fromUtf8(text).split(QLatin1Char('\n'))) {
        if (re.match(line).hasMatch()) {
            lines << line;
        }
    }
    return lines;
}

} // namespace

class tst_testd_output : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    QString path(const QString& name) const { return dir_.filePath(name); }
    QProcessEnvironment env() const { return bounded_daemon_env(dir_.path()); }

    // Runs `vigil-rpc request unix:SOCK METHOD []`, which connects, sends one request, waits
    // for the answer and disconnects.
    void request(const QString& sock, const QString& method) {
        const run_result r = run(bin(QStringLiteral("vigil-rpc")),
                                 {QStringLiteral("request"), QStringLiteral("unix:") + sock, method,
                                  QStringLiteral("[]")},
                                 env());
        QVERIFY2(!r.crashed && r.exit_code != -1, r.err.constData());
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    // Start-up lines name the listeners (with the port the kernel chose) and the control
    // socket; a peer's connection, its request and its leaving each print a line naming it,
    // in that order; echo, which the session answers by itself, prints none.
    void startUpConnectionAndRequestLines() {
        const QString sock = path(QStringLiteral("lines.sock"));
        const QString ctl = path(QStringLiteral("lines.ctl"));
        logged_testd testd(dir_.path(), QStringLiteral("lines"));
        QVERIFY(testd.start({QStringLiteral("--remote=punix:") + sock,
                             QStringLiteral("--remote=ptcp:0:127.0.0.1"),
                             QStringLiteral("--unixctl=") + ctl},
                            env()));
        QTRY_VERIFY_WITH_TIMEOUT(testd.out().contains("control socket " + ctl.toUtf8() + "\n"),
                                 10000);
        const QByteArray start = testd.out();
        QVERIFY2(start.startsWith("vigil-testd "), start.constData());
        QVERIFY2(start.contains(" started (pid " + QByteArray::number(testd.process().processId()) +
                                ")\n"),
                 start.constData());
        QVERIFY2(start.contains("listening for JSON-RPC on punix:" + sock.toUtf8() + "\n"),
                 start.constData());
        QVERIFY2(matching_lines(start, QStringLiteral("^listening for JSON-RPC on "
                                                      "ptcp:[1-9][0-9]*:127\\.0\\.0\\.1$"))
                         .size() == 1,
                 start.constData());

        // One peer at a time: each has left (as the daemon saw it) before the next comes. The
        // last two show that a method name cannot forge a line or make a huge one.
        const QStringList methods{QStringLiteral("echo"), QStringLiteral("hello"),
                                  QStringLiteral("two\nlines"), QString(200, QLatin1Char('x'))};
        for (qsizetype i = 0; i < methods.size(); i++) {
            request(sock, methods[i]);
            QTRY_VERIFY_WITH_TIMEOUT(testd.out().count("connection closed (0 open)") == i + 1,
                                     10000);
        }
        const QByteArray out = testd.out();
        QVERIFY2(!out.contains("\"echo\""), out.constData());
        QVERIFY2(out.contains(": request \"two\\u000alines\"\n"), out.constData());
        QVERIFY2(out.contains(": request \"" + QByteArray(80, 'x') + "...\"\n"), out.constData());
        const QStringList lines = QString::fromUtf8(out).split(QLatin1Char('\n'));
        const qsizetype req =
            lines.indexOf(QRegularExpression(QStringLiteral("^\\S+: request \"hello\"$")));
        QVERIFY2(req > 0, out.constData());
        const QString peer = lines[req].section(QStringLiteral(": "), 0, 0);
        QCOMPARE(lines[req - 1], peer + QStringLiteral(": connection accepted (1 open)"));
        QCOMPARE(lines.value(req + 1), peer + QStringLiteral(": connection closed (0 open)"));
        QVERIFY(testd.process().state() == QProcess::Running);
        // stderr holds the log's lines alone (such as the kernel's choice of port), none of
        // vigil-testd's own, which would be errors.
        QVERIFY2(!testd.err().contains("vigil-testd: "), testd.err().constData());
    }

    // 200 requests at once print at most 10 lines a second; each one left out is counted in a
    // "... K more requests" line, so every request is accounted for.
    void requestLinesAreRateLimited() {
        const QString sock = path(QStringLiteral("flood.sock"));
        logged_testd testd(dir_.path(), QStringLiteral("flood"));
        QVERIFY(testd.start(
            {QStringLiteral("--remote=punix:") + sock, QStringLiteral("--unixctl=none")}, env()));
        QTRY_VERIFY_WITH_TIMEOUT(testd.out().contains("listening for JSON-RPC"), 10000);

        const int count = 200;
        QByteArray burst;
        for (int i = 0; i < count; i++) {
            burst += "{\"method\":\"m\",\"params\":[],\"id\":" + QByteArray::number(i) + "}";
        }
        QLocalSocket peer;
        peer.connectToServer(sock);
        QVERIFY(peer.waitForConnected(10000));
        QElapsedTimer elapsed;
        elapsed.start();
        peer.write(burst);
        peer.flush();
        QByteArray replies;
        const QByteArray last = "\"id\":" + QByteArray::number(count - 1);
        while (!replies.contains(last) && peer.waitForReadyRead(10000)) {
            replies += peer.readAll();
        }
        const qint64 ms = elapsed.elapsed();
        QVERIFY2(replies.contains(last), replies.right(200).constData());

        // Every request is told, in its own line or in a summary once its second is over.
        auto accounted = [&] {
            const QByteArray out = testd.out();
            qsizetype n = matching_lines(out, QStringLiteral(": request \"m\"$")).size();
            for (const QString& line :
                 matching_lines(out, QStringLiteral("^\\.\\.\\. [0-9]+ more requests$"))) {
                n += line.section(QLatin1Char(' '), 1, 1).toLongLong();
            }
            return n;
        };
        QTRY_COMPARE_WITH_TIMEOUT(accounted(), qsizetype(count), 10000);
        // The requests reached the daemon within `ms`, which spans at most ms / 1000 + 1 of
        // its one-second windows of 10 lines each.
        const qsizetype shown =
            matching_lines(testd.out(), QStringLiteral(": request \"m\"$")).size();
        QVERIFY2(shown <= 10 * (ms / 1000 + 1),
                 qPrintable(QStringLiteral("%1 lines in %2 ms").arg(shown).arg(ms)));
        QVERIFY(shown >= 10);
    }

    void crashLineBeforeDying_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("command");
        QTest::addColumn<int>("signal");
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("--crash-after")
            << QStringList{QStringLiteral("--crash-after=100")} << QString() << int(SIGSEGV)
            << QByteArray("crashing on purpose (--crash-after=100: "
                          "SIGSEGV)");
        QTest::newRow("crash") << QStringList() << QStringLiteral("crash") << int(SIGSEGV)
                               << QByteArray("crashing on purpose (crash command: SIGSEGV)");
        QTest::newRow("abort") << QStringList() << QStringLiteral("abort") << int(SIGABRT)
                               << QByteArray("crashing on purpose (abort command: SIGABRT)");
    }

    // Dying on purpose, by --crash-after or a control command, prints its line on stderr
    // first; --crash-after is announced at start-up.
    void crashLineBeforeDying() {
        QFETCH(QStringList, args);
        QFETCH(QString, command);
        QFETCH(int, signal);
        QFETCH(QByteArray, line);
        const QString tag = QString::fromLatin1(QTest::currentDataTag()).remove(QLatin1Char('-'));
        const QString ctl = path(tag + QStringLiteral(".ctl"));
        logged_testd testd(dir_.path(), tag);
        QVERIFY(testd.start(args + QStringList{QStringLiteral("--unixctl=") + ctl}, env()));
        QTRY_VERIFY_WITH_TIMEOUT(testd.out().contains("control socket "), 10000);
        if (!command.isEmpty()) {
            run(bin(QStringLiteral("vigil-appctl")), {QStringLiteral("-t"), ctl, command}, env());
        } else {
            QVERIFY2(testd.out().contains("will crash on purpose in 100 ms (--crash-after)\n"),
                     testd.out().constData());
        }
        QVERIFY(testd.process().waitForFinished(20000));
        QCOMPARE(testd.process().exitStatus(), QProcess::CrashExit);
        QCOMPARE(testd.process().exitCode(), signal);
        QVERIFY2(testd.err().startsWith("vigil-testd: " + line + "\n"), testd.err().constData());
    }

    // A --connect session's remote is named at start-up; the server it reaches tells of the
    // connection. The session's own events (connecting, connected, lost) are the reconnect
    // log's lines on stderr, so vigil-testd adds none of its own there.
    void clientSessionLines() {
        const QString sock = path(QStringLiteral("client.sock"));
        logged_testd server(dir_.path(), QStringLiteral("client-server"));
        QVERIFY(server.start(
            {QStringLiteral("--remote=punix:") + sock, QStringLiteral("--unixctl=none")}, env()));
        QTRY_VERIFY_WITH_TIMEOUT(server.out().contains("listening for JSON-RPC"), 10000);
        {
            logged_testd client(dir_.path(), QStringLiteral("client"));
            QVERIFY(client.start(
                {QStringLiteral("--connect=unix:") + sock, QStringLiteral("--unixctl=none")},
                env()));
            QTRY_VERIFY_WITH_TIMEOUT(server.out().contains(": connection accepted (1 open)\n"),
                                     10000);
            QTRY_VERIFY_WITH_TIMEOUT(
                client.err().contains("|reconnect|INFO|unix:" + sock.toUtf8() + ": connected\n"),
                10000);
            QVERIFY2(client.out().contains("connecting to unix:" + sock.toUtf8() + "\n"),
                     client.out().constData());
            QVERIFY2(!client.err().contains("vigil-testd: "), client.err().constData());
        }
        QTRY_VERIFY_WITH_TIMEOUT(server.out().contains(": connection closed (0 open)\n"), 10000);
    }
};

QTEST_GUILESS_MAIN(tst_testd_output)
#include "tst_testd_output.moc"
