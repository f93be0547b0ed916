// Security properties, checked with real processes and sockets: control sockets and the run
// directory are closed to other users whatever the umask; the unixctl peer-uid check turns
// away other users; TLS cannot silently run unverified; child programs get an argv, never a
// shell; private keys never reach the logs.
#include "process_util.h"
#include "test_util.h"
#include "tls_fixture.h"

#include "vigil/poll_loop.h"
#include "vigil/process.h"
#include "vigil/process_output.h"
#include "vigil/socket_util.h"
#include "vigil/unixctl.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace vigil::test;

namespace {

mode_t file_mode(const QString& path) {
    struct stat st {};
    return ::stat(path.toUtf8().constData(), &st) == 0 ? st.st_mode & 07777 : mode_t(-1);
}

QString octal(mode_t m) {
    return QString::number(m, 8).rightJustified(4, '0');
}

// Sets the umask for the scope (children inherit it).
class umask_guard {
public:
    explicit umask_guard(mode_t m) : old_(::umask(m)) {}
    ~umask_guard() { ::umask(old_); }

private:
    mode_t old_;
};

// In a child process running as `uid` (when not -1), connects to the unix socket `path`,
// sends one unixctl request and reads the reply. Returns what came back (empty when the
// server closed the connection without answering), or "connect failed".
QByteArray request_as(uid_t uid, const QString& path) {
    int pipefd[2];
    if (::pipe(pipefd) < 0) {
        return "pipe failed";
    }
    std::string p = path.toStdString();
    pid_t pid = ::fork();
    if (pid == 0) {
        ::signal(SIGPIPE, SIG_IGN); // the server may close before the request is written
        ::close(pipefd[0]);
        if (uid != uid_t(-1) && (::setgroups(0, nullptr), ::setgid(uid), ::setuid(uid)) != 0) {
            _exit(2);
        }
        int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un sun{};
        sun.sun_family = AF_UNIX;
        std::snprintf(sun.sun_path, sizeof sun.sun_path, "%s", p.c_str());
        if (::connect(fd, reinterpret_cast<sockaddr*>(&sun), sizeof sun) < 0) {
            ::write(pipefd[1], "connect failed", 14);
            _exit(0);
        }
        const char req[] = "{\"id\":0,\"method\":\"version\",\"params\":[]}";
        ::write(fd, req, sizeof req - 1);
        char buf[4096];
        ssize_t n;
        while ((n = ::read(fd, buf, sizeof buf)) > 0) {
            ::write(pipefd[1], buf, n);
            if (std::memchr(buf, '}', n)) {
                break;
            }
        }
        _exit(0);
    }
    ::close(pipefd[1]);
    // Serve the request from this thread's loop while the child waits for the answer.
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        vigil::poll_timer_wait(10);
        vigil::poll_block();
    }
    QByteArray out;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(pipefd[0], buf, sizeof buf)) > 0) {
        out.append(buf, n);
    }
    ::close(pipefd[0]);
    return out;
}

} // namespace

class tst_security : public QObject {
    Q_OBJECT

private slots:
    void init();
    void controlSocketModes_data();
    void controlSocketModes();
    void runDirectoryCreatedPrivate();
    void plantedRunDirectoryRefused_data();
    void plantedRunDirectoryRefused();
    void peerUidOfSockets();
    void unixctlPeerUidCheck();
    void tlsWithoutCaFails();
    void childrenGetArgvNotShell();
    void noShellInSources();
    void privateKeyNeverLogged();

private:
    QProcessEnvironment env(const QString& rundir) const {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert("OVS_RUNDIR", rundir);
        e.insert("OVS_LOGDIR", rundir);
        return e;
    }
    std::unique_ptr<QTemporaryDir> dir_;
};

void tst_security::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
}

void tst_security::controlSocketModes_data() {
    QTest::addColumn<int>("mask");
    QTest::newRow("umask 000") << 0;
    QTest::newRow("umask 022") << 022;
    QTest::newRow("umask 077") << 077;
}

void tst_security::controlSocketModes() {
    QFETCH(int, mask);
    QString ctl = dir_->filePath("testd.ctl");
    QString sock = dir_->filePath("testd.sock");
    child testd;
    {
        umask_guard guard(static_cast<mode_t>(mask));
        QVERIFY(testd.start(bin("vigil-testd"), {"--unixctl=" + ctl, "--remote=punix:" + sock},
                            env(dir_->path())));
    }
    QVERIFY(wait_until([&] { return QFile::exists(ctl) && QFile::exists(sock); }));
    // 0770 less the umask, as OVS's sockets (ovsdb-server's are 0700 under umask 077): never
    // anything for others, and never more than the umask lets through.
    for (const QString& path : {ctl, sock}) {
        QCOMPARE(octal(file_mode(path)), octal(0770 & ~mode_t(mask)));
    }
}

void tst_security::runDirectoryCreatedPrivate() {
    QString rundir = dir_->filePath("a/b/run");
    umask_guard guard(0);
    child testd;
    QVERIFY(testd.start(bin("vigil-testd"), {}, env(rundir)));
    // The default control socket is <rundir>/vigil-testd.<pid>.ctl, so rundir() made the
    // directory, with its missing parents, readable by us alone even under umask 0.
    QString ctl = rundir + QString("/vigil-testd.%1.ctl").arg(testd.pid());
    QVERIFY2(wait_until([&] { return QFile::exists(ctl); }), testd.stderr_text());
    QCOMPARE(octal(file_mode(rundir)), QString("0700"));
    QCOMPARE(octal(file_mode(dir_->filePath("a/b"))), QString("0700"));
    QVERIFY((file_mode(ctl) & ~mode_t(0770)) == 0);
}

void tst_security::plantedRunDirectoryRefused_data() {
    // What another user (here root, for "nobody") leaves at $T/vigil-65534 in a shared
    // temporary directory $T before nobody's first run, and what nobody's client then says.
    // An empty `refusal` means it is used.
    QTest::addColumn<QString>("plant");
    QTest::addColumn<QString>("refusal");
    QTest::newRow("nothing there") << ""
                                   << "";
    QTest::newRow("a private directory of nobody's")
        << "mkdir -m 700 $T/vigil-65534 && chown nobody $T/vigil-65534"
        << "";
    QTest::newRow("another user's directory") << "mkdir -m 755 $T/vigil-65534"
                                              << "belongs to uid 0, not to uid 65534";
    QTest::newRow("writable by others")
        << "mkdir -m 777 $T/vigil-65534 && chown nobody $T/vigil-65534"
        << "is writable by others (mode 0777)";
    QTest::newRow("writable by its group")
        << "mkdir -m 770 $T/vigil-65534 && chown nobody $T/vigil-65534"
        << "is writable by others (mode 0770)";
    QTest::newRow("a symbolic link") << "mkdir -m 700 $T/elsewhere && chown nobody $T/elsewhere && "
                                        "ln -s $T/elsewhere $T/vigil-65534"
                                     << "is a symbolic link";
    QTest::newRow("a file") << "touch $T/vigil-65534 && chown nobody $T/vigil-65534"
                            << "is not a directory";
}

void tst_security::plantedRunDirectoryRefused() {
    QFETCH(QString, plant);
    QFETCH(QString, refusal);
    if (::geteuid() != 0) {
        QFAIL("planting another user's run directory needs root (CI runs as root)");
    }
    // A shared temporary directory of the test's own (sticky and world-writable, like /tmp),
    // given to nobody's vigil-appctl as TMPDIR without XDG_RUNTIME_DIR, which sends it there.
    // It runs from a copy, because nobody may not be able to reach the build directory.
    QVERIFY(::chmod(dir_->path().toUtf8().constData(), 0755) == 0);
    const QString shared = dir_->filePath("shared");
    QVERIFY(QDir().mkdir(shared));
    QVERIFY(::chmod(shared.toUtf8().constData(), 01777) == 0);
    QString script = "install -m 755 \"$1\" \"$T/appctl\" || exit 99; " +
                     (plant.isEmpty() ? QString(":") : plant) +
                     " || exit 98; exec setpriv --reuid=nobody --regid=nogroup --clear-groups "
                     "env -i PATH=/usr/bin:/bin TMPDIR=\"$T\" \"$T/appctl\" -t vigil-testd "
                     "version";
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert("T", shared);
    run_result r = run("sh", {"-c", script, "sh", bin("vigil-appctl")}, e);
    QVERIFY2(r.exit_code != 99 && r.exit_code != 98, r.err);
    const QByteArray where = (shared + "/vigil-65534 ").toUtf8();
    if (refusal.isEmpty()) {
        // The directory is trusted; nothing runs there, so the target is not found.
        QVERIFY2(r.err.contains("cannot read pidfile") || r.err.contains("No such file"), r.err);
        QVERIFY2(!r.err.contains("refusing"), r.err);
    } else {
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(
            r.err.contains("run directory " + where + refusal.toUtf8() + ": refusing to use it"),
            r.err);
    }
}

void tst_security::peerUidOfSockets() {
    int sv[2];
    QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    uid_t uid = 12345;
    QCOMPARE(vigil::socket_peer_uid(sv[0], uid), 0);
    QCOMPARE(uid, ::geteuid());
    ::close(sv[0]);
    ::close(sv[1]);

    int p[2];
    QVERIFY(::pipe(p) == 0);
    QCOMPARE(vigil::socket_peer_uid(p[0], uid), ENOTSOCK);
    ::close(p[0]);
    ::close(p[1]);

    int unconnected = ::socket(AF_UNIX, SOCK_STREAM, 0);
    QVERIFY(vigil::socket_peer_uid(unconnected, uid) != 0);
    ::close(unconnected);

    QVERIFY(vigil::socket_peer_uid_allowed(::geteuid()));
    QVERIFY(vigil::socket_peer_uid_allowed(0));
    if (::geteuid() == 0) {
        QVERIFY(!vigil::socket_peer_uid_allowed(65534));
    } else {
        QVERIFY(!vigil::socket_peer_uid_allowed(::geteuid() + 1));
    }
}

void tst_security::unixctlPeerUidCheck() {
    // A directory and socket open to everyone, so that only the uid check can turn the other
    // user away.
    QString dir = dir_->filePath("open");
    QVERIFY(QDir().mkdir(dir));
    ::chmod(dir_->path().toUtf8().constData(), 0755);
    ::chmod(dir.toUtf8().constData(), 0777);
    QString path = dir + "/server.ctl";
    std::unique_ptr<vigil::unixctl_server> server;
    QCOMPARE(vigil::unixctl_server::create(path.toStdString(), server), 0);
    ::chmod(path.toUtf8().constData(), 0777);

    // Our own uid is served, with the check on or off.
    QVERIFY(request_as(uid_t(-1), path).contains("\"result\""));
    server->set_peer_uid_check(true);
    QVERIFY(request_as(uid_t(-1), path).contains("\"result\""));

    if (::geteuid() != 0) {
        QSKIP("connecting as another user needs root (CI runs as root)");
    }
    const uid_t nobody = 65534;
    QByteArray reply = request_as(nobody, path);
    QVERIFY2(!reply.contains("connect failed"), reply);
    QVERIFY2(reply.isEmpty(), reply); // closed without an answer
    QCOMPARE(server->connection_count(), std::size_t(0));
    // Without the check the same user is answered: the check is what turned it away.
    server->set_peer_uid_check(false);
    QVERIFY(request_as(nobody, path).contains("\"result\""));
}

void tst_security::tlsWithoutCaFails() {
    tls_fixture pki;
    QVERIFY2(pki.make_ca("ca", "Test CA"), qPrintable(pki.error()));
    QVERIFY2(pki.issue("server", "server", "ca"), qPrintable(pki.error()));
    QVERIFY2(pki.issue("client", "client", "ca"), qPrintable(pki.error()));
    child testd;
    QVERIFY(testd.start(bin("vigil-testd"),
                        {"--unixctl=none", "--remote=pssl:0:127.0.0.1",
                         "--private-key=" + pki.key("server"),
                         "--certificate=" + pki.cert("server"), "--ca-cert=" + pki.cert("ca")},
                        env(dir_->path())));
    QVERIFY(testd.wait_for_stderr("listening on port"));
    QRegularExpressionMatch m =
        QRegularExpression("listening on port (\\d+)").match(QString(testd.stderr_text()));
    QVERIFY(m.hasMatch());
    QString remote = "ssl:127.0.0.1:" + m.captured(1);
    QStringList client_keys{"--private-key=" + pki.key("client"),
                            "--certificate=" + pki.cert("client")};

    // Fully configured: it works (so the failures below are about the CA alone).
    run_result ok =
        run(bin("vigil-rpc"), client_keys + QStringList{"--ca-cert=" + pki.cert("ca"), "-T", "10",
                                                        "request", remote, "echo", "[\"tls\"]"});
    QVERIFY2(ok.exit_code == 0, ok.err);

    // No CA: no connection, and a clear reason.
    run_result r = run(bin("vigil-rpc"),
                       client_keys + QStringList{"-T", "10", "request", remote, "echo", "[1]"});
    QVERIFY(r.exit_code != 0);
    QVERIFY2(r.err.contains("CA certificate must be configured"), r.err);
    QVERIFY(!r.out.contains("1"));

    // "none" (OVS's way to switch verification off) is not a silent switch here: it names a
    // file that does not exist, and the connection fails.
    r = run(bin("vigil-rpc"), client_keys + QStringList{"--ca-cert=none", "-T", "10", "request",
                                                        remote, "echo", "[1]"});
    QVERIFY(r.exit_code != 0);
    QVERIFY2(!r.err.isEmpty(), "failed without saying why");
}

void tst_security::childrenGetArgvNotShell() {
    // Shell syntax in an argument reaches the program as literal text.
    QString marker = dir_->filePath("pwned");
    QString arg = "$(touch " + marker + "); touch " + marker + " `touch " + marker + "` | x > y";
    vigil::process_options o;
    o.argv = {"/usr/bin/printf", "%s", arg.toStdString()};
    o.capture_output = true;
    std::unique_ptr<vigil::process> p;
    QCOMPARE(vigil::process::start(o, p), 0);
    std::string out;
    p->on_output([&](const vigil::output_line& line) { out += line.text; });
    while (!p->exited()) {
        vigil::poll_timer_wait(100);
        vigil::poll_block();
    }
    for (int i = 0; i < 10; i++) { // let the last output arrive
        vigil::poll_timer_wait(10);
        vigil::poll_block();
    }
    QVERIFY(!QFile::exists(marker));
    QCOMPARE(QString::fromStdString(out), arg);
}

void tst_security::noShellInSources() {
    // Nothing in the shipped code hands a command line to a shell: no system(), std::system(),
    // ::system() or popen(), while a member of that name (QLocale::system()) is no shell.
    QRegularExpression shell("(?:^|[^\\w:.])(?:std::|::)?(?:system|popen)\\s*\\(|\"/bin/sh\"");
    for (const char* call :
         {"system(\"ls\");", "x = std::system(cmd);", "::popen(c, \"r\");", "if (popen (c, m))"}) {
        QVERIFY2(shell.match(QString::fromLatin1(call)).hasMatch(), call);
    }
    QVERIFY(!shell.match(QStringLiteral("return QLocale::system();")).hasMatch());
    QStringList offenders;
    for (const char* top : {"runtime", "app", "ui"}) {
        QDirIterator it(source(top), {"*.cpp", "*.h"}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QString path = it.next();
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            int n = 0;
            for (const QByteArray& line : f.readAll().split('\n')) {
                n++;
                QString text = QString::fromUtf8(line).trimmed();
                if (!text.startsWith("//") && shell.match(text).hasMatch()) {
                    offenders << QString("%1:%2: %3").arg(path).arg(n).arg(text);
                }
            }
        }
    }
    QVERIFY2(offenders.isEmpty(), qPrintable(offenders.join('\n')));
}

void tst_security::privateKeyNeverLogged() {
    tls_fixture pki;
    QVERIFY2(pki.make_ca("ca", "Test CA"), qPrintable(pki.error()));
    QVERIFY2(pki.issue("server", "server", "ca"), qPrintable(pki.error()));
    QVERIFY2(pki.issue("client", "client", "ca"), qPrintable(pki.error()));
    QString log = dir_->filePath("testd.log");
    QString ctl = dir_->filePath("testd.ctl");
    child testd;
    QVERIFY(testd.start(bin("vigil-testd"),
                        {"--unixctl=" + ctl, "--remote=pssl:0:127.0.0.1", "-vdbg",
                         "--log-file=" + log, "--private-key=" + pki.key("server"),
                         "--certificate=" + pki.cert("server"), "--ca-cert=" + pki.cert("ca")},
                        env(dir_->path())));
    QVERIFY(testd.wait_for_stderr("listening on port"));
    QRegularExpressionMatch m =
        QRegularExpression("listening on port (\\d+)").match(QString(testd.stderr_text()));
    QVERIFY(m.hasMatch());
    QString remote = "ssl:127.0.0.1:" + m.captured(1);
    run_result r =
        run(bin("vigil-rpc"),
            {"--private-key=" + pki.key("client"), "--certificate=" + pki.cert("client"),
             "--ca-cert=" + pki.cert("ca"), "-T", "10", "request", remote, "echo", "[\"x\"]"});
    QVERIFY2(r.exit_code == 0, r.err);
    // A failed handshake logs too: a client with no certificate at all.
    run(bin("vigil-rpc"),
        {"--ca-cert=" + pki.cert("ca"), "-T", "5", "request", remote, "echo", "[]"});
    run(bin("vigil-appctl"), {"-t", ctl, "vlog/reopen"}, env(dir_->path()));

    QFile logFile(log);
    QVERIFY(logFile.open(QIODevice::ReadOnly));
    QByteArray logged = logFile.readAll() + testd.stderr_text() + r.err + r.out;
    QVERIFY(logged.contains("dbg") || logged.contains("DBG"));
    for (const QString& key : {pki.key("server"), pki.key("client")}) {
        QFile k(key);
        QVERIFY(k.open(QIODevice::ReadOnly));
        for (const QByteArray& line : k.readAll().split('\n')) {
            if (line.size() >= 16 && !line.startsWith("-----")) {
                QVERIFY2(!logged.contains(line), "a private key line was logged");
            }
        }
    }
    QVERIFY(!logged.contains("PRIVATE KEY"));
}

QTEST_GUILESS_MAIN(tst_security)
#include "tst_security.moc"
