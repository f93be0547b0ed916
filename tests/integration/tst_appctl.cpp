// vigil-appctl and the unixctl server against the real Open vSwitch tools: the real
// ovs-appctl talks to our server, and both clients run the same command lines against a real
// ovsdb-server and against our server, with stdout, stderr (program name and timestamps
// aside) and exit codes compared byte for byte.
#include "appctl_test_util.h"

#include <QFile>
#include <QJsonDocument>
#include <QObject>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace vigil::test;

class tst_appctl : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString ovs_appctl_;
    QString ovsdb_server_;
    QProcess server_; // vigil-test-unixctl, foreground
    qint64 server_pid_ = 0;
    QString server_ctl_; // its socket (absolute)
    QString ovsdb_ctl_;  // the real ovsdb-server's socket, empty when not running

    QProcessEnvironment env() const {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("OVS_RUNDIR"), dir_.path());
        e.insert(QStringLiteral("OVS_LOGDIR"), dir_.path());
        e.insert(QStringLiteral("OVS_DBDIR"), dir_.path());
        e.remove(QStringLiteral("OVS_CTL_TIMEOUT"));
        return e;
    }
    QString path(const QString& name) const { return dir_.path() + QLatin1Char('/') + name; }

    run_result vigil_appctl(const QStringList& args, QProcessEnvironment e = {}) {
        return run_program(bin(QStringLiteral("vigil-appctl")), args, e.isEmpty() ? env() : e);
    }
    run_result ovs_appctl(const QStringList& args, QProcessEnvironment e = {}) {
        if (ovs_appctl_.isEmpty()) {
            run_result missing;
            missing.err = "ovs-appctl is not installed (make deps installs openvswitch-common)";
            return missing;
        }
        return run_program(ovs_appctl_, args, e.isEmpty() ? env() : e);
    }

    // Runs both clients with `args`; checks that they agree and returns vigil-appctl's result.
    run_result compare(const QStringList& args) {
        [&] { QVERIFY2(!ovs_appctl_.isEmpty(), "ovs-appctl is not installed (make deps)"); }();
        run_result v = vigil_appctl(args);
        run_result o = ovs_appctl(args);
        if (v.out != o.out || normalize_err(v.err) != normalize_err(o.err) ||
            v.exit_code != o.exit_code) {
            qWarning().noquote() << "args:" << args.join(QLatin1Char(' '))
                                 << "\nvigil out:" << v.out << "\novs   out:" << o.out
                                 << "\nvigil err:" << v.err << "\novs   err:" << o.err
                                 << "\nexit codes" << v.exit_code << o.exit_code;
        }
        [&] {
            QCOMPARE(v.out, o.out);
            QCOMPARE(normalize_err(v.err), normalize_err(o.err));
            QCOMPARE(v.exit_code, o.exit_code);
        }();
        return v;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        ovs_appctl_ = find_program(QStringLiteral("ovs-appctl"));
        ovsdb_server_ = find_program(QStringLiteral("ovsdb-server"));
        // Tests that need only vigil-appctl run whatever is installed; those that compare
        // with ovs-appctl or talk to ovsdb-server fail (never skip) when they are missing:
        // make deps installs openvswitch-common, which has both.

        // Our server, with a pidfile so that "-t vigil-test-unixctl" resolves.
        server_.setProcessEnvironment(env());
        server_.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        server_.start(bin(QStringLiteral("vigil-test-unixctl")),
                      {QStringLiteral("--pidfile"), QStringLiteral("--log-file")});
        QVERIFY(server_.waitForStarted());
        server_pid_ = server_.processId();
        server_ctl_ = path(QStringLiteral("vigil-test-unixctl.%1.ctl").arg(server_pid_));
        QVERIFY(wait_until([&] {
            return QFile::exists(server_ctl_) &&
                   QFile::exists(path(QStringLiteral("vigil-test-unixctl.pid")));
        }));

        // A real ovsdb-server without databases.
        if (!ovsdb_server_.isEmpty()) {
            ovsdb_ctl_ = path(QStringLiteral("ovsdb-server.ctl"));
            run_result r = run_program(
                ovsdb_server_,
                {QStringLiteral("--no-db"), QStringLiteral("--detach"),
                 QStringLiteral("--no-chdir"), QStringLiteral("--pidfile"),
                 QStringLiteral("--unixctl=") + ovsdb_ctl_,
                 QStringLiteral("--log-file=") + path(QStringLiteral("ovsdb-server.log"))},
                env());
            QCOMPARE(r.exit_code, 0);
            QVERIFY(wait_until([&] { return QFile::exists(ovsdb_ctl_); }));
        }
    }

    void cleanupTestCase() {
        if (!ovsdb_ctl_.isEmpty()) {
            run_program(ovs_appctl_, {QStringLiteral("-t"), ovsdb_ctl_, QStringLiteral("exit")},
                        env());
        }
        if (server_.state() != QProcess::NotRunning) {
            server_.terminate();
            server_.waitForFinished(5000);
        }
    }

    // The real ovs-appctl against our server (U1, U2, U4-U6).
    void ovs_appctl_against_vigil_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("out");
        QTest::addColumn<QByteArray>("err");
        QTest::addColumn<int>("exit_code");
        const QByteArray tail = ": server returned an error\n";
        QTest::newRow("echo") << QStringList{QStringLiteral("echo"), QStringLiteral("hello")}
                              << QByteArray("hello\n") << QByteArray() << 0;
        QTest::newRow("echo empty")
            << QStringList{QStringLiteral("echo"), QString()} << QByteArray() << QByteArray() << 0;
        QTest::newRow("echo dash") << QStringList{QStringLiteral("echo"), QStringLiteral("-x")}
                                   << QByteArray("-x\n") << QByteArray() << 0;
        QTest::newRow("echo_error")
            << QStringList{QStringLiteral("echo_error"), QStringLiteral("oops")} << QByteArray()
            << QByteArray("oops\nAPPCTL: TARGET") + tail << 2;
        QTest::newRow("too few")
            << QStringList{QStringLiteral("echo")} << QByteArray()
            << QByteArray("\"echo\" command requires at least 1 arguments\nAPPCTL: TARGET") + tail
            << 2;
        QTest::newRow("too many")
            << QStringList{QStringLiteral("echo"), QStringLiteral("a"), QStringLiteral("b")}
            << QByteArray()
            << QByteArray("\"echo\" command takes at most 1 arguments\nAPPCTL: TARGET") + tail << 2;
        QTest::newRow("version args")
            << QStringList{QStringLiteral("version"), QStringLiteral("x")} << QByteArray()
            << QByteArray("\"version\" command takes at most 0 arguments\nAPPCTL: TARGET") + tail
            << 2;
        QTest::newRow("unknown")
            << QStringList{QStringLiteral("nosuch")} << QByteArray()
            << QByteArray("\"nosuch\" is not a valid command (use \"list-commands\" to see a list "
                          "of valid commands)\nAPPCTL: TARGET") +
                   tail
            << 2;
        QTest::newRow("version") << QStringList{QStringLiteral("version")}
                                 << QByteArray("vigil-test-unixctl (Vigil) ") << QByteArray() << 0;
        QTest::newRow("vlog/set bad")
            << QStringList{QStringLiteral("vlog/set"), QStringLiteral("bogus")} << QByteArray()
            << QByteArray("no destination, level, or module \"bogus\"\nAPPCTL: TARGET") + tail << 2;
    }

    void ovs_appctl_against_vigil() {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, out);
        QFETCH(QByteArray, err);
        QFETCH(int, exit_code);
        for (const QString& target : {server_ctl_, QStringLiteral("vigil-test-unixctl")}) {
            run_result r = ovs_appctl(QStringList{QStringLiteral("-t"), target} + args);
            QByteArray expected_err = err;
            expected_err.replace("TARGET", target.toUtf8());
            if (QByteArray(QTest::currentDataTag()) == "version") {
                QVERIFY2(r.out.startsWith(out) && r.out.endsWith('\n') && r.out.count('\n') == 1,
                         r.out.constData());
            } else {
                QCOMPARE(r.out, out);
            }
            QCOMPARE(normalize_err(r.err), expected_err);
            QCOMPARE(r.exit_code, exit_code);
        }
    }

    void list_commands_layout() {
        run_result r =
            ovs_appctl({QStringLiteral("-t"), server_ctl_, QStringLiteral("list-commands")});
        QCOMPARE(r.exit_code, 0);
        QList<QByteArray> lines = r.out.split('\n');
        QCOMPARE(lines.first(), QByteArray("The available commands are:"));
        QCOMPARE(lines.last(), QByteArray()); // ends in a newline
        QVERIFY(lines.contains("  echo                    ARG"));
        QVERIFY(lines.contains("  version                 "));
        QVERIFY(lines.contains("  vlog/set                {spec | PATTERN:destination:pattern}"));
        QVERIFY(lines.contains("  set-options             [--format text|json]"));
        QList<QByteArray> names;
        for (int i = 1; i < lines.size() - 1; i++) {
            QVERIFY2(lines[i].startsWith("  ") && lines[i].size() >= 26, lines[i].constData());
            names << lines[i].mid(2).split(' ').first();
        }
        QList<QByteArray> sorted = names;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(names, sorted);
    }

    // Both clients, same command lines, same results: against the real ovsdb-server and
    // against our server.
    void same_as_ovs_appctl_data() {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QStringList>("args");
        const QList<QStringList> commands = {
            {QStringLiteral("version")},
            {QStringLiteral("list-commands")},
            {QStringLiteral("vlog/list")},
            {QStringLiteral("vlog/list-pattern")},
            {QStringLiteral("vlog/set"), QStringLiteral("bogus")},
            {QStringLiteral("vlog/set"), QStringLiteral("console:syslog")},
            {QStringLiteral("vlog/set"), QStringLiteral("PATTERN:foo:x")},
            {QStringLiteral("vlog/set"), QStringLiteral("ANY:file:info")},
            {QStringLiteral("vlog/disable-rate-limit"), QStringLiteral("nosuchmodule")},
            {QStringLiteral("vlog/enable-rate-limit")},
            {QStringLiteral("nosuch"), QStringLiteral("a")},
            {QStringLiteral("exit"), QStringLiteral("x")},
            {QStringLiteral("list-commands"), QStringLiteral("x")},
        };
        for (const char* which : {"ovsdb-server", "vigil"}) {
            for (const QStringList& c : commands) {
                QTest::addRow("%s %s", which, qPrintable(c.join(QLatin1Char(' '))))
                    << QString::fromLatin1(which) << c;
            }
        }
    }

    void same_as_ovs_appctl() {
        QFETCH(QString, server);
        QFETCH(QStringList, args);
        QString ctl = server == QLatin1String("vigil") ? server_ctl_ : ovsdb_ctl_;
        QVERIFY2(!ctl.isEmpty(), "ovsdb-server is not installed (make deps installs "
                                 "openvswitch-common)");
        compare(QStringList{QStringLiteral("-t"), ctl} + args);
        if (server == QLatin1String("vigil")) {
            compare(QStringList{QStringLiteral("-t"), QStringLiteral("vigil-test-unixctl")} + args);
        } else {
            compare(QStringList{QStringLiteral("--target=ovsdb-server")} + args);
        }
    }

    // Local failures and usage errors: both clients print the same texts and exit 1 (U7, U8).
    void cli_errors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("last_line");
        QTest::newRow("no command") << QStringList{}
                                    << QByteArray("APPCTL: at least one non-option argument is "
                                                  "required (use --help for help)");
        QTest::newRow("bogus target")
            << QStringList{QStringLiteral("-t"), QStringLiteral("bogus"), QStringLiteral("version")}
            << QByteArray("APPCTL: cannot read pidfile \"DIR/bogus.pid\" (No such file or "
                          "directory)");
        QTest::newRow("stale pidfile")
            << QStringList{QStringLiteral("-t"), QStringLiteral("stale"), QStringLiteral("version")}
            << QByteArray("APPCTL: cannot read pidfile \"DIR/stale.pid\" (No such process)");
        QTest::newRow("bogus path")
            << QStringList{QStringLiteral("-t"), QStringLiteral("/bogus/path.pid"),
                           QStringLiteral("version")}
            << QByteArray("APPCTL: cannot connect to \"/bogus/path.pid\" (No such file or "
                          "directory)");
        QTest::newRow("default target")
            << QStringList{QStringLiteral("version")}
            << QByteArray("APPCTL: cannot read pidfile \"DIR/ovs-vswitchd.pid\" (No such file or "
                          "directory)");
        QTest::newRow("timeout 0")
            << QStringList{QStringLiteral("-T"), QStringLiteral("0"), QStringLiteral("version")}
            << QByteArray("APPCTL: value 0 on -T or --timeout is invalid");
        QTest::newRow("timeout x")
            << QStringList{QStringLiteral("--timeout=x"), QStringLiteral("version")}
            << QByteArray("APPCTL: value x on -T or --timeout is invalid");
        QTest::newRow("two targets")
            << QStringList{QStringLiteral("-t"), QStringLiteral("a"), QStringLiteral("-t"),
                           QStringLiteral("b"), QStringLiteral("version")}
            << QByteArray("APPCTL: -t or --target may be specified only once");
        QTest::newRow("two -e") << QStringList{QStringLiteral("-e"), QStringLiteral("-e"),
                                               QStringLiteral("version")}
                                << QByteArray("APPCTL: -e or --execute may be speciifed only once");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--frob"), QStringLiteral("version")}
            << QByteArray("APPCTL: unrecognized option '--frob'");
        QTest::newRow("missing argument")
            << QStringList{QStringLiteral("-t")}
            << QByteArray("APPCTL: option requires an argument -- 't'");
        QTest::newRow("unsupported syslog method")
            << QStringList{QStringLiteral("--syslog-method=bogus"), QStringLiteral("version")}
            << QByteArray("APPCTL: unsupported syslog method 'bogus'");
    }

    void cli_errors() {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, last_line);
        // An unlocked pidfile naming a dead-looking pid is stale.
        QFile stale(path(QStringLiteral("stale.pid")));
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.write("999999\n");
        stale.close();
        run_result r = compare(args);
        QCOMPARE(r.exit_code, 1);
        QList<QByteArray> lines = normalize_err(r.err).trimmed().split('\n');
        QByteArray last = lines.last();
        last.replace(dir_.path().toUtf8(), "DIR");
        QCOMPARE(last, last_line);
    }

    // A client trusts the daemon it chose to ask: a 70 MiB reply, which ovs-appctl prints, is
    // printed by vigil-appctl and vigil-rpc too (both used to stop at 64 MiB with "Message too
    // long"); --max-reply-size sets a cap. The server is OVS's own Python unixctl server.
    void large_replies() {
        const QString ctl = path(QStringLiteral("big.ctl"));
        QProcess server;
        server.setProcessEnvironment(env());
        server.start(
            QStringLiteral("/usr/bin/python3"),
            {source(QStringLiteral("tests/integration/scripts/ovs_py_unixctl_big.py")), ctl});
        QVERIFY(server.waitForStarted());
        // Its first line says it listens (Python may take a while to start on a busy machine).
        QVERIFY2(wait_until(
                     [&] {
                         server.waitForReadyRead(100);
                         return server.canReadLine();
                     },
                     60000),
                 server.readAllStandardError().constData());
        const QByteArray first = server.readLine().trimmed();
        QVERIFY2(first == "ready", (first + server.readAllStandardError()).constData());
        const QString size = QString::number(70 << 20);

        // Python takes seconds to build and send 70 MiB: allow minutes on a loaded machine.
        const int slow_ms = 180000;
        run_result r =
            run_program(bin(QStringLiteral("vigil-appctl")),
                        {QStringLiteral("-t"), ctl, QStringLiteral("big"), size}, env(), slow_ms);
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QCOMPARE(r.out.size(), qsizetype(70 << 20) + 1);
        QVERIFY(r.out.startsWith("xxxx") && r.out.endsWith("x\n"));

        run_result rpc = run_program(bin(QStringLiteral("vigil-rpc")),
                                     {QStringLiteral("request"), QStringLiteral("unix:") + ctl,
                                      QStringLiteral("big"), "[\"" + size + "\"]"},
                                     env(), slow_ms);
        QVERIFY2(rpc.exit_code == 0, rpc.err.constData());
        // {"error":null,"id":0,"result":"xxx...","type":"reply"}-style compact JSON.
        QVERIFY(rpc.out.size() > (70 << 20));

        // With a cap, the larger reply ends the connection with a clear error.
        r = vigil_appctl({QStringLiteral("--max-reply-size=1000"), QStringLiteral("-t"), ctl,
                          QStringLiteral("big"), QStringLiteral("5000")});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains("transaction error (Message too long)"), r.err.constData());
        r = vigil_appctl({QStringLiteral("--max-reply-size=10000"), QStringLiteral("-t"), ctl,
                          QStringLiteral("big"), QStringLiteral("5000")});
        QCOMPARE(r.exit_code, 0);
        rpc = run_program(bin(QStringLiteral("vigil-rpc")),
                          {QStringLiteral("--max-reply-size"), QStringLiteral("1000"),
                           QStringLiteral("request"), QStringLiteral("unix:") + ctl,
                           QStringLiteral("big"), QStringLiteral("[\"5000\"]")},
                          env());
        QCOMPARE(rpc.exit_code, 1);
        QVERIFY2(rpc.err.contains("transaction failed (Message too long)"), rpc.err.constData());
        r = vigil_appctl({QStringLiteral("--max-reply-size=lots"), QStringLiteral("version")});
        QCOMPARE(r.exit_code, 1);
        QCOMPARE(r.err, QByteArray("vigil-appctl: value lots on --max-reply-size is invalid\n"));

        // Done with the server: ask it to exit, and make sure it is gone either way (Python may
        // take a while to free 70 MiB strings on a loaded machine).
        vigil_appctl({QStringLiteral("-t"), ctl, QStringLiteral("exit")});
        if (!server.waitForFinished(60000)) {
            server.kill();
            server.waitForFinished();
        }
    }

    // --syslog-method=unix:PATH: both clients send the same "<PRI>LINE" datagram for the WARN
    // they log when the target cannot be reached (timestamps are not part of the syslog line).
    void syslog_method_unix() {
        const std::string sock = path(QStringLiteral("syslog.sock")).toStdString();
        sockaddr_un sun{};
        sun.sun_family = AF_UNIX;
        sock.copy(sun.sun_path, sizeof sun.sun_path - 1);
        int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
        QVERIFY(fd >= 0);
        auto closer = qScopeGuard([&] {
            close(fd);
            unlink(sock.c_str());
        });
        QVERIFY(bind(fd, reinterpret_cast<sockaddr*>(&sun), sizeof sun) == 0);
        auto next = [&] {
            pollfd p{fd, POLLIN, 0};
            char buf[4096];
            ssize_t n = poll(&p, 1, 5000) == 1 ? recv(fd, buf, sizeof buf, 0) : -1;
            return n > 0 ? QByteArray(buf, n) : QByteArray();
        };
        const QStringList args = {"--syslog-method=unix:" + QString::fromStdString(sock),
                                  QStringLiteral("-t"), QStringLiteral("/bogus/path.ctl"),
                                  QStringLiteral("version")};
        QCOMPARE(vigil_appctl(args).exit_code, 1);
        const QByteArray ours = next();
        QCOMPARE(ovs_appctl(args).exit_code, 1);
        const QByteArray theirs = next();
        QCOMPARE(ours, QByteArray("<28>ovs|00001|unixctl|WARN|failed to connect to "
                                  "/bogus/path.ctl"));
        QCOMPARE(ours, theirs);
    }

    void help_and_version() {
        run_result v = vigil_appctl({QStringLiteral("-V")});
        QCOMPARE(v.exit_code, 0);
        QVERIFY(v.out.startsWith("vigil-appctl (Vigil) "));
        run_result h = vigil_appctl({QStringLiteral("--help")});
        QCOMPARE(h.exit_code, 0);
        QVERIFY(h.out.startsWith("vigil-appctl, for querying and controlling Open vSwitch daemon\n"
                                 "usage: vigil-appctl [TARGET] COMMAND [ARG...]\n"));
        QVERIFY(h.out.contains("  -f, --format=FMT"));
        run_result o = vigil_appctl({QStringLiteral("-o")});
        QCOMPARE(o.exit_code, 0);
        QVERIFY(o.out.startsWith("--target=ARG\n-t ARG\n--execute\n-e \n--format=ARG\n-f ARG\n"
                                 "--pretty\n--help\n-h \n"));
    }

    // --format json and --pretty (U2, U3, U10).
    void json_format() {
        const QStringList t{QStringLiteral("-t"), server_ctl_};
        run_result r = vigil_appctl(t + QStringList{QStringLiteral("-f"), QStringLiteral("json"),
                                                    QStringLiteral("echo"), QStringLiteral("x")});
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.out, QByteArray("{\"reply\":\"x\",\"reply-format\":\"plain\"}\n"));
        r = vigil_appctl(t + QStringList{QStringLiteral("--format=JSON"),
                                         QStringLiteral("--pretty"), QStringLiteral("echo"),
                                         QStringLiteral("x")});
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.out, QByteArray("{\n  \"reply\": \"x\",\n  \"reply-format\": \"plain\"}\n"));
        r = vigil_appctl(t + QStringList{QStringLiteral("--format"), QStringLiteral("json"),
                                         QStringLiteral("list-commands")});
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.out.count('\n'), 1);
        QJsonParseError error;
        QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.object().value(QStringLiteral("echo")).toString(), QStringLiteral("ARG"));
        QCOMPARE(doc.object().value(QStringLiteral("version")).toString(), QString());
        QVERIFY(!doc.object().contains(QStringLiteral("block")) ||
                doc.object().value(QStringLiteral("block")).isString());

        // Errors stay plain text in JSON mode.
        r = vigil_appctl(t + QStringList{QStringLiteral("-f"), QStringLiteral("json"),
                                         QStringLiteral("echo_error"), QStringLiteral("bad")});
        QCOMPARE(r.exit_code, 2);
        QCOMPARE(r.err, QByteArray("bad\nvigil-appctl: ") + server_ctl_.toUtf8() +
                            ": server returned an error\n");

        r = vigil_appctl(t + QStringList{QStringLiteral("--pretty"), QStringLiteral("version")});
        QCOMPARE(r.exit_code, 1);
        QCOMPARE(r.err,
                 QByteArray("vigil-appctl: --pretty is supported with --format json only\n"));
        r = vigil_appctl(t + QStringList{QStringLiteral("-f"), QStringLiteral("yaml"),
                                         QStringLiteral("version")});
        QCOMPARE(r.exit_code, 1);
        QCOMPARE(r.err, QByteArray("vigil-appctl: value yaml on -f or --format is invalid\n"));

        r = vigil_appctl(t + QStringList{QStringLiteral("set-options"), QStringLiteral("--format"),
                                         QStringLiteral("bogus")});
        QCOMPARE(r.exit_code, 2);
        QVERIFY(r.err.startsWith("option format has invalid value bogus\n"));

        // A server older than OVS 3.4 does not know set-options.
        QVERIFY2(!ovsdb_ctl_.isEmpty(), "ovsdb-server is not installed (make deps)");
        {
            r = vigil_appctl({QStringLiteral("-t"), ovsdb_ctl_, QStringLiteral("-f"),
                              QStringLiteral("json"), QStringLiteral("version")});
            if (r.exit_code == 2) {
                QVERIFY(r.err.startsWith("\"set-options\" is not a valid command"));
            } else {
                QCOMPARE(r.exit_code, 0); // a newer ovsdb-server
                QVERIFY(r.out.startsWith("{\"reply\":\"ovsdb-server"));
            }
        }
    }

    // A pending `block` stalls only its own connection (U9), and --timeout kills the client
    // with SIGALRM (U11), for both clients.
    void block_and_timeout() {
        QProcess blocked;
        blocked.setProcessEnvironment(env());
        blocked.start(bin(QStringLiteral("vigil-appctl")),
                      {QStringLiteral("-t"), server_ctl_, QStringLiteral("block")});
        QVERIFY(blocked.waitForStarted());
        QTest::qWait(200);
        run_result r = vigil_appctl({QStringLiteral("-t"), server_ctl_, QStringLiteral("echo"),
                                     QStringLiteral("still here")});
        QCOMPARE(r.out, QByteArray("still here\n"));
        QCOMPARE(blocked.state(), QProcess::Running);
        blocked.kill();
        blocked.waitForFinished();

        for (const QString& program : {bin(QStringLiteral("vigil-appctl")), ovs_appctl_}) {
            run_result t = run_program(program,
                                       {QStringLiteral("-T"), QStringLiteral("1"),
                                        QStringLiteral("-t"), server_ctl_, QStringLiteral("block")},
                                       env());
            QCOMPARE(t.exit_code, 142);
            // The shell that ran the client reports the signal on a line of its own.
            t.err.replace("Alarm clock\n", "");
            QVERIFY2(normalize_err(t.err).endsWith(
                         "|fatal_signal|WARN|terminating with signal 14 (Alarm clock)\n"),
                     t.err.constData());
            QVERIFY(t.out.isEmpty());
        }
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("OVS_CTL_TIMEOUT"), QStringLiteral("1"));
        run_result t =
            vigil_appctl({QStringLiteral("-t"), server_ctl_, QStringLiteral("block")}, e);
        QCOMPARE(t.exit_code, 142);
    }

    // A client that sends requests but never reads the replies cannot stall the server.
    void non_reading_client() {
        raw_unix_client raw(server_ctl_.toStdString());
        QVERIFY(raw.ok());
        int flags = fcntl(raw.fd(), F_GETFL);
        fcntl(raw.fd(), F_SETFL, flags | O_NONBLOCK);
        std::string big(64 * 1024, 'x');
        std::string request = "{\"id\":1,\"method\":\"echo\",\"params\":[\"" + big + "\"]}";
        std::size_t queued = 0;
        // Fill both directions until the kernel refuses more (the server stops reading once
        // its replies back up).
        for (int i = 0; i < 2000; i++) {
            ssize_t n = ::send(raw.fd(), request.data(), request.size(), MSG_NOSIGNAL);
            if (n < 0) {
                QTest::qWait(20);
                if (::send(raw.fd(), request.data(), request.size(), MSG_NOSIGNAL) < 0) {
                    break;
                }
            }
            queued++;
        }
        QVERIFY(queued < 2000); // the server did stop reading
        run_result r = vigil_appctl(
            {QStringLiteral("-t"), server_ctl_, QStringLiteral("echo"), QStringLiteral("served")});
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.out, QByteArray("served\n"));
    }

    // Non-request messages close the connection; non-string arguments are refused.
    void protocol_errors() {
        {
            raw_unix_client raw(server_ctl_.toStdString());
            QVERIFY(raw.ok());
            QVERIFY(raw.send_all("{\"id\":7,\"method\":\"echo\",\"params\":[1]}"));
            bool eof = false;
            std::string reply = raw.read_until(
                [](const std::string& b) { return b.find('}') != std::string::npos; }, eof);
            QVERIFY2(
                reply.find("\"echo\\\" command has non-string argument") != std::string::npos ||
                    reply.find("\"echo\" command has non-string argument") != std::string::npos ||
                    reply.find("command has non-string argument") != std::string::npos,
                reply.c_str());
            QVERIFY(reply.find("\"id\":7") != std::string::npos);
            QVERIFY(raw.send_all("{\"method\":\"echo\",\"params\":[],\"id\":null}"));
            raw.read_until([](const std::string&) { return false; }, eof, 10000);
            QVERIFY(eof);
        }
        QVERIFY(wait_until([&] {
            QFile log(path(QStringLiteral("vigil-test-unixctl.log")));
            return log.open(QIODevice::ReadOnly) && log.readAll().contains("|unixctl|WARN|unix#");
        }));
        QFile log(path(QStringLiteral("vigil-test-unixctl.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(log.readAll().contains(": received unexpected notification message"));
    }

    // --unixctl=none creates no socket; a relative name lands in the run directory (U12).
    void unixctl_option() {
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(bin(QStringLiteral("vigil-test-unixctl")), {QStringLiteral("--unixctl=rel.ctl")});
        QVERIFY(p.waitForStarted());
        QVERIFY(wait_until([&] { return QFile::exists(path(QStringLiteral("rel.ctl"))); }));
        struct stat st {};
        QCOMPARE(::stat(qPrintable(path(QStringLiteral("rel.ctl"))), &st), 0);
        QVERIFY(S_ISSOCK(st.st_mode));
        QCOMPARE(st.st_mode & 07007, 0u); // no access for others (0770 minus the umask)
        run_result r = ovs_appctl(
            {QStringLiteral("-t"), path(QStringLiteral("rel.ctl")), QStringLiteral("exit")});
        QCOMPARE(r.exit_code, 0);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(!QFile::exists(path(QStringLiteral("rel.ctl"))));

        QProcess none;
        none.setProcessEnvironment(env());
        none.start(bin(QStringLiteral("vigil-test-unixctl")), {QStringLiteral("--unixctl=none")});
        QVERIFY(none.waitForStarted());
        QTest::qWait(300);
        QCOMPARE(none.state(), QProcess::Running);
        QVERIFY(!QFile::exists(
            path(QStringLiteral("vigil-test-unixctl.%1.ctl").arg(none.processId()))));
        none.terminate();
        QVERIFY(none.waitForFinished(5000));

        run_result bad = run_program(bin(QStringLiteral("vigil-test-unixctl")),
                                     {QStringLiteral("--unixctl=/nonexistent/dir/x.ctl")}, env());
        QCOMPARE(bad.exit_code, 1);
        QVERIFY2(bad.err.contains("vigil-test-unixctl: /nonexistent/dir/x.ctl: could not "
                                  "initialize control socket (No such file or directory)\n"),
                 bad.err.constData());
    }
};

QTEST_GUILESS_MAIN(tst_appctl)
#include "tst_appctl.moc"
