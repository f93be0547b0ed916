// Faults with real processes, against vigil-testd: peers that vanish mid-message, that never
// read, that send an endless string, 10,000 connect/disconnect cycles, a server restart under a
// reconnecting session, kill -9 of a daemon and of its monitor, an unusable run directory, a log
// file on a full filesystem, and signal storms while requests are in flight.
#include "proc_test_util.h"
#include "process_util.h"
#include "test_util.h"

#include "vigil/fatal_signal.h"
#include "vigil/jsonrpc.h"
#include "vigil/poll_loop.h"
#include "vigil/process.h"
#include "vigil/stream.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <pthread.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

using namespace vigil::test;

namespace {

// A blocking unix-socket client whose fd the test drives by hand.
int connect_unix(const QString& path, bool nonblocking = false) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0), 0);
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    std::snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path.toUtf8().constData());
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&sun), sizeof sun) < 0) {
        if (fd >= 0) {
            ::close(fd);
        }
        return -1;
    }
    return fd;
}

bool write_all(int fd, const QByteArray& data) {
    qsizetype off = 0;
    while (off < data.size()) {
        ssize_t n = ::send(fd, data.constData() + off, data.size() - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        off += n;
    }
    return true;
}

// Reads one reply: bytes until the braces of a top-level object balance (replies here carry
// no braces inside strings).
QByteArray read_object(int fd) {
    QByteArray out;
    int depth = 0;
    char c;
    while (::read(fd, &c, 1) == 1) {
        out += c;
        if (c == '{') {
            depth++;
        } else if (c == '}' && --depth == 0) {
            break;
        }
    }
    return out;
}

bool alive(pid_t pid) {
    return ::kill(pid, 0) == 0;
}

} // namespace

class tst_faults : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void peerVanishesMidMessage_data();
    void peerVanishesMidMessage();
    void nonReadingPeerIsDisconnected();
    void endlessStringIsCutOff();
    void connectDisconnectCyclesLeaveNothing();
    void serverRestartReconnectsWithBackoff();
    void killDaemonAndMonitor();
    void unwritableRunDirectory();
    void logFileOnFullFilesystem();
    void signalStormsWhileServing();

private:
    QProcessEnvironment env() const;
    // Starts vigil-testd serving JSON-RPC on `sock` with its control socket at ctl().
    bool startTestd(child& c, const QStringList& extra = {});
    run_result appctl(const QString& ctl, const QStringList& args);
    // The sessions of a testd ("server" or "client" role), parsed from sessions/show.
    QJsonArray sessions(const QString& ctl, const QString& role);
    QString sock() const { return dir_->filePath("testd.sock"); }
    QString ctl() const { return dir_->filePath("testd.ctl"); }

    std::unique_ptr<QTemporaryDir> dir_;
    QStringList mounts_;
};

void tst_faults::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
}

void tst_faults::cleanup() {
    for (const QString& m : mounts_) {
        ::umount2(m.toUtf8().constData(), MNT_DETACH);
    }
    mounts_.clear();
    dir_.reset();
}

QProcessEnvironment tst_faults::env() const {
    return bounded_daemon_env(dir_->path());
}

bool tst_faults::startTestd(child& c, const QStringList& extra) {
    QStringList args{"--remote=punix:" + sock(), "--unixctl=" + ctl()};
    args += extra;
    QFile::remove(sock());
    if (!c.start(bin("vigil-testd"), args, env())) {
        return false;
    }
    return wait_until([&] { return QFile::exists(sock()) && QFile::exists(ctl()); });
}

run_result tst_faults::appctl(const QString& target, const QStringList& args) {
    return run(bin("vigil-appctl"), QStringList{"-t", target} + args, env());
}

QJsonArray tst_faults::sessions(const QString& target, const QString& role) {
    run_result r = appctl(target, {"sessions/show"});
    QJsonArray out;
    for (const QJsonValue& v : QJsonDocument::fromJson(r.out).array()) {
        if (v.toObject().value("role").toString() == role) {
            out.append(v);
        }
    }
    return out;
}

void tst_faults::peerVanishesMidMessage_data() {
    QTest::addColumn<QByteArray>("partial");
    QTest::addColumn<bool>("killProcess");
    QTest::newRow("closed in a member name") << QByteArray("{\"id\":1,\"meth") << false;
    QTest::newRow("closed in a string")
        << QByteArray("{\"id\":1,\"method\":\"echo\",\"params\":[\"ab") << false;
    QTest::newRow("closed after a complete request and half of the next")
        << QByteArray("{\"id\":1,\"method\":\"echo\",\"params\":[]}{\"id\":2,\"method\":\"ec")
        << false;
    QTest::newRow("process killed -9 mid-message")
        << QByteArray("{\"id\":1,\"method\":\"echo\",\"params\":[{\"a\":") << true;
}

void tst_faults::peerVanishesMidMessage() {
    QFETCH(QByteArray, partial);
    QFETCH(bool, killProcess);
    child testd;
    QVERIFY(startTestd(testd));

    if (killProcess) {
        // A real peer process that writes half a message and then dies by SIGKILL.
        QProcess peer;
        peer.start("python3", {"-c",
                               "import socket,sys,time\n"
                               "s=socket.socket(socket.AF_UNIX)\n"
                               "s.connect(sys.argv[1])\n"
                               "s.sendall(sys.argv[2].encode())\n"
                               "print('sent', flush=True)\n"
                               "time.sleep(60)\n",
                               sock(), QString::fromUtf8(partial)});
        QVERIFY(peer.waitForStarted());
        QVERIFY(peer.waitForReadyRead(10000));
        QVERIFY(wait_until([&] { return sessions(ctl(), "server").size() == 1; }));
        ::kill(static_cast<pid_t>(peer.processId()), SIGKILL);
        QVERIFY(peer.waitForFinished());
    } else {
        int fd = connect_unix(sock());
        QVERIFY(fd >= 0);
        QVERIFY(write_all(fd, partial));
        QVERIFY(wait_until([&] { return sessions(ctl(), "server").size() == 1; }));
        ::close(fd);
    }
    // The session is dropped, and the daemon serves the next peer normally.
    QVERIFY(wait_until([&] { return sessions(ctl(), "server").isEmpty(); }));
    run_result r = run(bin("vigil-rpc"), {"request", "unix:" + sock(), "echo", "[\"still here\"]"});
    QCOMPARE(r.exit_code, 0);
    QVERIFY2(r.out.contains("still here"), r.out + r.err);
    QVERIFY(alive(static_cast<pid_t>(testd.pid())));
}

void tst_faults::nonReadingPeerIsDisconnected() {
    child testd;
    QVERIFY(startTestd(testd));
    long before = proc_status_kb(testd.pid(), "VmHWM:");
    QVERIFY(before > 0);

    // Echo requests of 64 KiB each, sent without ever reading a reply. The replies pile up in
    // the daemon until its backlog limit stops it: either it drops us (a reply queued onto a
    // backlog already over the limit), or it stops reading from us until we read (flow
    // control), which our sends see as a socket that takes nothing more for seconds. Either
    // way it must not go on queueing. Give up after 1 GiB.
    int fd = connect_unix(sock());
    QVERIFY(fd >= 0);
    timeval stall{3, 0};
    QVERIFY(::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &stall, sizeof stall) == 0);
    QByteArray padding(64 * 1024, 'x');
    qint64 sent = 0;
    bool dropped = false;
    bool stalled = false;
    for (int id = 0; sent < (qint64(1) << 30); id++) {
        QByteArray req = "{\"id\":" + QByteArray::number(id) +
                         ",\"method\":\"echo\",\"params\":[\"" + padding + "\"]}";
        if (!write_all(fd, req)) {
            stalled = errno == EAGAIN || errno == EWOULDBLOCK;
            dropped = !stalled;
            break;
        }
        sent += req.size();
    }
    ::close(fd);
    qInfo("%s after %lld bytes sent",
          dropped   ? "dropped"
          : stalled ? "stalled"
                    : "neither",
          static_cast<long long>(sent));
    QVERIFY2(dropped || stalled, "the daemon kept queueing replies to a peer that never reads");
    if (dropped) {
        QVERIFY(testd.wait_for_stderr("sending backlog exceeded maximum"));
    }
    // Memory stayed bounded: far below what was sent before the drop.
    long peak = proc_status_kb(testd.pid(), "VmHWM:");
    QVERIFY2(
        peak - before < 256 * 1024,
        qPrintable(QString("peak grew by %1 kB after %2 bytes sent").arg(peak - before).arg(sent)));
    run_result r = run(bin("vigil-rpc"), {"request", "unix:" + sock(), "echo", "[1]"});
    QCOMPARE(r.exit_code, 0);
}

void tst_faults::endlessStringIsCutOff() {
    child testd;
    QVERIFY(startTestd(testd, {"--max-message-size=1048576"}));
    long before = proc_status_kb(testd.pid(), "VmHWM:");

    int fd = connect_unix(sock());
    QVERIFY(fd >= 0);
    QVERIFY(write_all(fd, "{\"id\":1,\"method\":\"echo\",\"params\":[\""));
    QByteArray chunk(16 * 1024, 'y');
    qint64 sent = 0;
    bool cut = false;
    while (sent < (qint64(256) << 20)) {
        if (!write_all(fd, chunk)) {
            cut = true;
            break;
        }
        sent += chunk.size();
    }
    ::close(fd);
    QVERIFY2(cut, "an endless string was never cut off");
    QVERIFY(testd.wait_for_stderr("exceeds maximum size of 1048576 bytes"));
    QVERIFY(sent < (qint64(64) << 20)); // cut near the limit, plus socket buffers
    long peak = proc_status_kb(testd.pid(), "VmHWM:");
    QVERIFY2(peak - before < 64 * 1024, qPrintable(QString::number(peak - before)));
    run_result r = run(bin("vigil-rpc"), {"request", "unix:" + sock(), "echo", "[2]"});
    QCOMPARE(r.exit_code, 0);
}

void tst_faults::connectDisconnectCyclesLeaveNothing() {
    child testd;
    QVERIFY(startTestd(testd));
    const qint64 pid = testd.pid();
    auto cycle = [&](int i) {
        int fd = connect_unix(sock());
        if (fd < 0) {
            return false;
        }
        bool ok = true;
        if (i % 2 == 0) {
            // Every other cycle makes a full request first.
            ok = write_all(fd, "{\"id\":7,\"method\":\"echo\",\"params\":[\"c\"]}") &&
                 read_object(fd).contains("\"result\":[\"c\"]");
        }
        ::close(fd);
        return ok;
    };
    for (int i = 0; i < 200; i++) {
        QVERIFY(cycle(i)); // warm up allocator pools and lazily created state
    }
    QVERIFY(wait_until([&] { return sessions(ctl(), "server").isEmpty(); }));
    int fds_before = proc_fd_count(pid);
    long rss_before = proc_status_kb(pid, "VmRSS:");

    for (int i = 0; i < 10000; i++) {
        QVERIFY2(cycle(i), qPrintable(QString("cycle %1").arg(i)));
    }
    QVERIFY(wait_until([&] { return sessions(ctl(), "server").isEmpty(); }));
    QVERIFY(wait_until([&] { return proc_fd_count(pid) == fds_before; }));
    long rss_after = proc_status_kb(pid, "VmRSS:");
    QVERIFY2(rss_after - rss_before < 4096,
             qPrintable(QString("RSS %1 kB -> %2 kB").arg(rss_before).arg(rss_after)));
}

void tst_faults::serverRestartReconnectsWithBackoff() {
    child server;
    QVERIFY(startTestd(server));
    QString clientCtl = dir_->filePath("client.ctl");
    child client;
    QVERIFY(client.start(bin("vigil-testd"), {"--connect=unix:" + sock(), "--unixctl=" + clientCtl},
                         env()));
    auto session = [&] { return sessions(clientCtl, "client").at(0).toObject(); };
    QVERIFY(wait_until(
        [&] { return QFile::exists(clientCtl) && session().value("connected").toBool(); }));
    int successes = session().value("successes").toInt();

    // The server dies without closing anything properly; its socket file stays behind.
    ::kill(static_cast<pid_t>(server.pid()), SIGKILL);
    QVERIFY(server.wait_finished());
    QVERIFY(wait_until([&] { return !session().value("connected").toBool(); }));
    // Refused attempts back off, doubling up to the maximum instead of spinning.
    QVERIFY(wait_until([&] { return session().value("backoff").toInt() >= 4000; }, 20000));
    int attempts = session().value("attempts").toInt();
    QVERIFY2(attempts < 10, qPrintable(QString::number(attempts)));

    child again;
    QVERIFY(startTestd(again));
    QVERIFY(wait_until([&] { return session().value("connected").toBool(); }, 20000));
    QCOMPARE(session().value("successes").toInt(), successes + 1);
    QVERIFY(wait_until([&] { return sessions(ctl(), "server").size() == 1; }));
}

void tst_faults::killDaemonAndMonitor() {
    QString pidfile = dir_->filePath("testd.pid");
    run_result r = run(bin("vigil-testd"),
                       {"--detach", "--monitor", "--pidfile=" + pidfile, "--no-chdir",
                        "--remote=punix:" + sock(), "--unixctl=" + ctl()},
                       env());
    QCOMPARE(r.exit_code, 0);
    auto read_pid = [&] {
        QFile f(pidfile);
        return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toLongLong() : 0;
    };
    pid_t daemon = static_cast<pid_t>(read_pid());
    QVERIFY(daemon > 0 && alive(daemon));
    QFile status(QStringLiteral("/proc/%1/status").arg(daemon));
    QVERIFY(status.open(QIODevice::ReadOnly));
    pid_t monitor = 0;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("PPid:")) {
            monitor = static_cast<pid_t>(line.mid(5).trimmed().toLong());
        }
    }
    QVERIFY(monitor > 1 && alive(monitor));

    // kill -9 of the monitor: the daemon goes on serving.
    ::kill(monitor, SIGKILL);
    QVERIFY(wait_until([&] { return !alive(monitor); }));
    QVERIFY(alive(daemon));
    QCOMPARE(appctl(ctl(), {"version"}).exit_code, 0);
    QCOMPARE(run(bin("vigil-rpc"), {"request", "unix:" + sock(), "echo", "[3]"}).exit_code, 0);

    // kill -9 of the daemon: it leaves a stale pidfile and socket files behind, and a new
    // instance started over them (no --overwrite-pidfile) takes them over.
    ::kill(daemon, SIGKILL);
    QVERIFY(wait_until([&] { return !alive(daemon); }));
    QVERIFY(QFile::exists(pidfile));
    r = run(bin("vigil-testd"),
            {"--detach", "--monitor", "--pidfile=" + pidfile, "--no-chdir",
             "--remote=punix:" + sock(), "--unixctl=" + ctl()},
            env());
    QVERIFY2(r.exit_code == 0, r.err);
    pid_t daemon2 = static_cast<pid_t>(read_pid());
    QVERIFY(daemon2 > 0 && daemon2 != daemon && alive(daemon2));
    QCOMPARE(appctl(ctl(), {"version"}).exit_code, 0);

    // As in OVS, the monitor restarts a daemon that crashed (SIGABRT), not one killed by
    // SIGKILL: a new pid takes over the pidfile and the sockets.
    appctl(ctl(), {"abort"});
    QVERIFY(wait_until([&] { return read_pid() > 0 && read_pid() != daemon2; }, 20000));
    pid_t daemon3 = static_cast<pid_t>(read_pid());
    QVERIFY(wait_until([&] { return appctl(ctl(), {"version"}).exit_code == 0; }));
    QCOMPARE(run(bin("vigil-rpc"), {"request", "unix:" + sock(), "echo", "[3]"}).exit_code, 0);

    // A clean exit removes the pidfile and the sockets, and the monitor leaves with it.
    QCOMPARE(appctl(ctl(), {"exit"}).exit_code, 0);
    QVERIFY(wait_until([&] { return !alive(daemon3); }));
    QVERIFY(wait_until([&] { return !QFile::exists(pidfile); }));
    QVERIFY(!QFile::exists(ctl()));
    QVERIFY(!QFile::exists(sock()));
}

void tst_faults::unwritableRunDirectory() {
    QString run_dir = dir_->filePath("run");
    QVERIFY(QDir().mkdir(run_dir));
    if (geteuid() == 0) {
        // Root ignores permission bits: a read-only filesystem is unwritable for root too.
        if (::mount("tmpfs", run_dir.toUtf8().constData(), "tmpfs", MS_RDONLY, "size=64k") < 0) {
            QSKIP(qPrintable("cannot mount a read-only tmpfs: " + QString(strerror(errno))));
        }
        mounts_ << run_dir;
    } else {
        QVERIFY(::chmod(run_dir.toUtf8().constData(), 0500) == 0);
    }
    QProcessEnvironment e = env();
    e.insert("OVS_RUNDIR", run_dir);

    // The default control socket lives in the run directory: start-up fails with OVS's text.
    run_result r = run(bin("vigil-testd"), {}, e);
    QCOMPARE(r.exit_code, 1);
    QVERIFY2(r.err.contains("could not initialize control socket"), r.err);
    // So does a pidfile there, with a message naming it.
    r = run(bin("vigil-testd"), {"--pidfile", "--unixctl=none"}, e);
    QVERIFY(r.exit_code != 0);
    QVERIFY2(r.err.contains("testd.pid") || r.err.contains(run_dir.toUtf8()), r.err);
    QVERIFY(!r.crashed);
    if (geteuid() != 0) {
        ::chmod(run_dir.toUtf8().constData(), 0700);
    }
}

void tst_faults::logFileOnFullFilesystem() {
    if (geteuid() != 0) {
        QSKIP("mounting a small tmpfs needs root (CI runs as root)");
    }
    QString logdir = dir_->filePath("logs");
    QVERIFY(QDir().mkdir(logdir));
    if (::mount("tmpfs", logdir.toUtf8().constData(), "tmpfs", 0, "size=256k") < 0) {
        QSKIP(qPrintable("cannot mount a tmpfs: " + QString(strerror(errno))));
    }
    mounts_ << logdir;
    QString log = logdir + "/testd.log";
    child testd;
    QVERIFY(startTestd(testd, {"--log-file=" + log}));
    QCOMPARE(appctl(ctl(), {"vlog/set", "file:dbg"}).exit_code, 0);

    // Fill the filesystem to the last block.
    QString filler = logdir + "/filler";
    {
        QFile f(filler);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray block(4096, 'f');
        while (f.write(block) == block.size() && f.flush()) {
        }
    }
    // The daemon keeps serving while every log line fails to be written.
    QByteArray text(1000, 'L');
    for (int i = 0; i < 200; i++) {
        run_result r = appctl(ctl(), {"log", QString::fromLatin1(text)});
        QVERIFY2(r.exit_code == 0, qPrintable(QString("log %1: %2").arg(i).arg(r.err)));
        // The console copy goes to a pipe that must not fill up.
        testd.process().waitForReadyRead(0);
        testd.stderr_text();
    }
    QVERIFY(alive(static_cast<pid_t>(testd.pid())));
    QCOMPARE(run(bin("vigil-rpc"), {"request", "unix:" + sock(), "echo", "[4]"}).exit_code, 0);

    // Once space is back, logging resumes (after a reopen, as after rotation).
    QVERIFY(QFile::remove(filler));
    QCOMPARE(appctl(ctl(), {"vlog/reopen"}).exit_code, 0);
    QCOMPARE(appctl(ctl(), {"log", "after the disk filled up"}).exit_code, 0);
    QVERIFY(wait_until([&] {
        QFile f(log);
        return f.open(QIODevice::ReadOnly) && f.readAll().contains("after the disk filled up");
    }));
}

namespace {
std::atomic<long> storm_hits{0};
void storm_handler(int) {
    storm_hits.fetch_add(1, std::memory_order_relaxed);
}
} // namespace

void tst_faults::signalStormsWhileServing() {
    child testd;
    QVERIFY(startTestd(testd));

    // Storm 1, on this process: a handler installed without SA_RESTART turns every blocking
    // call into EINTR, while the runtime's poll loop, stream connect, send and receive run
    // requests against the real daemon. Children exiting add SIGCHLD on top.
    struct sigaction sa {};
    sa.sa_handler = storm_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    struct sigaction old_usr1 {};
    QVERIFY(sigaction(SIGUSR1, &sa, &old_usr1) == 0);
    std::atomic<bool> stop{false};
    pthread_t target = pthread_self();
    std::thread storm([&] {
        while (!stop.load()) {
            pthread_kill(target, SIGUSR1);
            std::this_thread::sleep_for(std::chrono::microseconds(50));
        }
    });
    int failures = 0;
    std::vector<std::unique_ptr<vigil::process>> children;
    // The work goes on until the storm has delivered enough signals to mean something, rather
    // than for a fixed count that a fast or lightly loaded machine finishes between signals;
    // the upper bound only keeps a broken storm from running forever.
    const int wanted_hits = 200;
    int i = 0;
    for (; i < 100000 && (i < 300 || storm_hits.load() < wanted_hits); i++) {
        std::unique_ptr<vigil::stream> s;
        int error = vigil::stream::open_block(
            vigil::stream::open("unix:" + sock().toStdString(), 0, s), 10000, s);
        if (error) {
            failures++;
            continue;
        }
        vigil::jsonrpc rpc(std::move(s));
        boost::json::array params{std::string((i % 300) * 100, 'e')};
        std::unique_ptr<vigil::jsonrpc_msg> reply;
        error = rpc.transact_block(vigil::jsonrpc_msg::create_request("echo", params), reply);
        if (error || !reply || reply->result != boost::json::value(params)) {
            failures++;
        }
        if (i % 30 == 0 && children.size() < 50) {
            children.emplace_back();
            vigil::process::start({"/bin/true"}, children.back());
        }
    }
    stop = true;
    storm.join();
    sigaction(SIGUSR1, &old_usr1, nullptr);
    QCOMPARE(failures, 0);
    QVERIFY2(storm_hits.load() >= wanted_hits,
             qPrintable(QString("%1 signals in %2 requests").arg(storm_hits.load()).arg(i)));

    // Storm 2, on the daemon: signals it ignores or handles must not disturb it.
    pid_t pid = static_cast<pid_t>(testd.pid());
    for (int i = 0; i < 20000; i++) {
        ::kill(pid, (i % 3 == 0) ? SIGCHLD : (i % 3 == 1) ? SIGWINCH : SIGURG);
    }
    QVERIFY(alive(pid));
    run_result r = run(bin("vigil-rpc"), {"request", "unix:" + sock(), "echo", "[5]"});
    QCOMPARE(r.exit_code, 0);
}

QTEST_GUILESS_MAIN(tst_faults)
#include "tst_faults.moc"
