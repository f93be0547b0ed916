// The process module with real children (spec §8, case X1): wait statuses in OVS's words,
// PATH lookup without forking, fd hygiene, process-group kill, output capture into the ring,
// exit notification through the poll loop (pidfd and SIGCHLD fallback), and stdout/stderr
// appended to files.
#include "vigil/clock.h"
#include "vigil/poll_loop.h"
#include "vigil/process.h"

#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace vigil;

namespace {

// Runs the loop until `done()` or a 10 s deadline; returns the number of poll_block() calls.
// The only timer registered is the deadline, so anything else that wakes us is a real event.
template <typename F> int run_until(F done, long long timeout_ms = 10000) {
    long long deadline = time_msec() + timeout_ms;
    int iterations = 0;
    while (!done() && time_msec() < deadline) {
        poll_timer_wait_until(deadline);
        poll_block();
        iterations++;
    }
    return iterations;
}

std::unique_ptr<process> start_ok(const process_options& options) {
    std::unique_ptr<process> p;
    int error = process::start(options, p);
    if (error) {
        qWarning("start failed: %s", strerror(error));
        return nullptr;
    }
    return p;
}

std::unique_ptr<process> start_sh(const std::string& script, bool capture = false) {
    process_options o;
    o.argv = {"sh", "-c", script};
    o.capture_output = capture;
    return start_ok(o);
}

std::vector<std::string> texts(const output_ring& ring, output_stream stream) {
    std::vector<std::string> v;
    for (const output_line& l : ring.lines()) {
        if (l.stream == stream) {
            v.push_back(l.text);
        }
    }
    return v;
}

// True when `pid` is gone or a zombie (a container's init may never reap orphans).
bool dead(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) {
        return true;
    }
    std::string line;
    std::getline(stat, line);
    auto close = line.rfind(')');
    return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

// The whole content of `path` ("" when it cannot be read).
std::string file_text(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Starts `script` with stdout and stderr appended to the given files and waits for its exit.
bool run_to_files(const std::string& script, const std::string& out, const std::string& err) {
    process_options o;
    o.argv = {"sh", "-c", script};
    o.stdout_file = out;
    o.stderr_file = err;
    auto p = start_ok(o);
    if (!p) {
        return false;
    }
    run_until([&] { return p->exited(); });
    return p->exited() && process_status_msg(p->status()) == "exit status 0";
}

} // namespace

class tst_process : public QObject {
    Q_OBJECT

private slots:
    void status_msg_synthetic_data();
    void status_msg_synthetic();
    void status_msg_real_data();
    void status_msg_real();
    void escape_args_data();
    void escape_args();
    void missing_program_does_not_fork_data();
    void missing_program_does_not_fork();
    void exec_failure_is_reported();
    void child_sees_only_standard_fds();
    void kill_after_exit_is_esrch();
    void group_kill_reaches_grandchild();
    void capture_tags_streams_and_timestamps();
    void capture_is_bounded();
    void exit_notification_through_loop_data();
    void exit_notification_through_loop();
    void on_exit_after_exit_still_fires();
    void callback_may_destroy_process();
    void cwd_and_env();
    void ring_since_and_cr();
    void output_to_files_data();
    void output_to_files();
    void output_files_append();
    void unopenable_output_file_does_not_fork();
};

void tst_process::status_msg_synthetic_data() {
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("expected");
    QTest::newRow("exit 0") << (0 << 8) << "exit status 0";
    QTest::newRow("exit 3") << (3 << 8) << "exit status 3";
    QTest::newRow("segv core") << (SIGSEGV | 0x80) << "killed (Segmentation fault), core dumped";
    QTest::newRow("term") << SIGTERM << "killed (Terminated)";
    QTest::newRow("stopped") << ((SIGSTOP << 8) | 0x7f) << "stopped (Stopped (signal))";
}

void tst_process::status_msg_synthetic() {
    QFETCH(int, status);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(process_status_msg(status)), expected);
}

void tst_process::status_msg_real_data() {
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("expected");
    QTest::newRow("exit 3") << "exit 3"
                            << "exit status 3";
    QTest::newRow("exit 0") << "true"
                            << "exit status 0";
    QTest::newRow("kill -9") << "kill -9 $$"
                             << "killed (Killed)";
    QTest::newRow("segv") << "ulimit -c 0; kill -SEGV $$"
                          << "killed (Segmentation fault)";
    QTest::newRow("abort") << "ulimit -c 0; kill -ABRT $$"
                           << "killed (Aborted)";
}

void tst_process::status_msg_real() {
    QFETCH(QString, script);
    QFETCH(QString, expected);
    auto p = start_sh(script.toStdString());
    QVERIFY(p);
    run_until([&] { return p->exited(); });
    QVERIFY(p->exited());
    QCOMPARE(QString::fromStdString(process_status_msg(p->status())), expected);
}

void tst_process::escape_args_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QStringList{"ls", "-l", "/tmp"} << "ls -l /tmp";
    QTest::newRow("space") << QStringList{"echo", "a b"} << "echo \"a b\"";
    QTest::newRow("quote") << QStringList{"say \"hi\""} << "\"say \\\"hi\\\"\"";
    QTest::newRow("backslash") << QStringList{"a\\b"} << "\"a\\\\b\"";
    QTest::newRow("single") << QStringList{"it's"} << "\"it's\"";
    QTest::newRow("tab") << QStringList{"a\tb"} << "\"a\tb\"";
    QTest::newRow("empty") << QStringList{} << "";
}

void tst_process::escape_args() {
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    std::vector<std::string> argv;
    for (const QString& a : args) {
        argv.push_back(a.toStdString());
    }
    QCOMPARE(QString::fromStdString(process_escape_args(argv)), expected);
}

void tst_process::missing_program_does_not_fork_data() {
    QTest::addColumn<QString>("program");
    QTest::newRow("PATH lookup") << "vigil-no-such-program-xyz";
    QTest::newRow("absolute") << "/nonexistent/dir/prog";
}

void tst_process::missing_program_does_not_fork() {
    QFETCH(QString, program);
    // Reap anything left by earlier cases so "no child exists" is meaningful.
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }
    errno = 0;
    QCOMPARE(waitpid(-1, nullptr, WNOHANG), -1);
    QCOMPARE(errno, ECHILD);

    std::unique_ptr<process> p;
    QCOMPARE(process::start({program.toStdString(), "arg"}, p), ENOENT);
    QVERIFY(!p);
    // A fork would have left a child (running or zombie) that waitpid could see.
    errno = 0;
    QCOMPARE(waitpid(-1, nullptr, WNOHANG), -1);
    QCOMPARE(errno, ECHILD);
}

void tst_process::exec_failure_is_reported() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    std::string path = dir.path().toStdString() + "/not-executable";
    std::ofstream(path) << "#!/bin/sh\n";
    std::unique_ptr<process> p;
    int error = process::start({path}, p);
    QVERIFY(!p);
    // execve() needs an x bit even for root, so this fails in the child, after the fork.
    QCOMPARE(error, EACCES);
}

void tst_process::child_sees_only_standard_fds() {
    // An fd without close-on-exec, which a careless fork+exec would leak.
    int leaked = fcntl(0, F_DUPFD, 40);
    QVERIFY(leaked >= 40);
    auto p = start_sh("ls /proc/$$/fd", true);
    close(leaked);
    QVERIFY(p);
    run_until([&] { return p->exited() && !p->capturing(); });
    QCOMPARE(process_status_msg(p->status()), std::string("exit status 0"));
    std::vector<std::string> fds = texts(p->output(), output_stream::out);
    QCOMPARE(fds, (std::vector<std::string>{"0", "1", "2"}));
}

void tst_process::kill_after_exit_is_esrch() {
    auto p = start_sh("exec sleep 100");
    QVERIFY(p);
    QCOMPARE(p->kill(SIGKILL), 0);
    run_until([&] { return p->exited(); });
    QVERIFY(p->exited());
    QCOMPARE(process_status_msg(p->status()), std::string("killed (Killed)"));
    QCOMPARE(p->kill(SIGTERM), ESRCH);
}

void tst_process::group_kill_reaches_grandchild() {
    auto p = start_sh("sleep 1000 & echo $!; wait", true);
    QVERIFY(p);
    run_until([&] { return !p->output().lines().empty(); });
    QVERIFY(!p->output().lines().empty());
    pid_t grandchild = std::stoi(p->output().lines().front().text);
    QVERIFY(grandchild > 0);
    QCOMPARE(getpgid(grandchild), p->pid());
    QVERIFY(!dead(grandchild));

    // Killing only the child leaves the grandchild alive; the group kill reaches it.
    QCOMPARE(p->kill(SIGKILL), 0);
    run_until([&] { return p->exited(); });
    QVERIFY(p->exited());
    QVERIFY(!dead(grandchild));
    QCOMPARE(p->kill_group(SIGKILL), 0);
    // Not a loop event (the capture pipe may close before the process is gone): poll /proc.
    QTRY_VERIFY_WITH_TIMEOUT(dead(grandchild), 10000);
}

void tst_process::capture_tags_streams_and_timestamps() {
    long long before = time_wall_msec();
    auto p = start_sh("echo out1; echo err1 >&2; echo out2; printf partial", true);
    QVERIFY(p);
    run_until([&] { return p->exited() && !p->capturing(); });
    QVERIFY(p->exited());
    QCOMPARE(texts(p->output(), output_stream::out),
             (std::vector<std::string>{"out1", "out2", "partial"}));
    QCOMPARE(texts(p->output(), output_stream::err), (std::vector<std::string>{"err1"}));
    std::uint64_t seq = 0;
    for (const output_line& l : p->output().lines()) {
        QVERIFY(l.seq > seq);
        seq = l.seq;
        QVERIFY(l.wall_msec >= before - 1000);
        QVERIFY(l.wall_msec <= time_wall_msec() + 1000);
        QVERIFY(!l.truncated);
    }
    QCOMPARE(output_stream_name(output_stream::err), std::string_view("stderr"));
}

void tst_process::capture_is_bounded() {
    process_options o;
    o.argv = {"sh", "-c",
              "i=1; while [ $i -le 20 ]; do echo line$i; i=$((i+1)); done; "
              "echo 0123456789abcdefghijklmnopqrstuvwxyz >&2"};
    o.capture_output = true;
    o.output_max_lines = 5;
    o.output_max_line_bytes = 10;
    auto p = start_ok(o);
    QVERIFY(p);
    run_until([&] { return p->exited() && !p->capturing(); });
    const output_ring& ring = p->output();
    QCOMPARE(ring.lines().size(), std::size_t(5));
    QCOMPARE(ring.dropped(), std::uint64_t(16));
    QCOMPARE(ring.last_seq(), std::uint64_t(21));
    QCOMPARE(ring.lines().front().text, std::string("line17"));
    const output_line& last = ring.lines().back();
    QCOMPARE(last.stream, output_stream::err);
    QCOMPARE(last.text, std::string("0123456789"));
    QVERIFY(last.truncated);
}

void tst_process::exit_notification_through_loop_data() {
    QTest::addColumn<bool>("fallback");
    QTest::newRow("pidfd") << false;
    QTest::newRow("sigchld pipe") << true;
}

void tst_process::exit_notification_through_loop() {
    QFETCH(bool, fallback);
    process_force_sigchld_fallback(fallback);
    auto p = start_sh("sleep 0.3; exit 7");
    process_force_sigchld_fallback(false);
    QVERIFY(p);
    int notified = 0;
    int seen_status = -1;
    p->on_exit([&](int status) {
        notified++;
        seen_status = status;
    });
    // The loop sleeps until the child exits: one iteration runs the new owner, the next is
    // woken by the exit itself. Polling would show up as many more iterations.
    int iterations = run_until([&] { return notified > 0; });
    QCOMPARE(notified, 1);
    QVERIFY(p->exited());
    QCOMPARE(process_status_msg(seen_status), std::string("exit status 7"));
    QVERIFY2(iterations <= 4, qPrintable(QString("iterations: %1").arg(iterations)));
    run_until([] { return false; }, 100);
    QCOMPARE(notified, 1);

    // OVS style: wait() + poll_block() also wakes on exit.
    process_force_sigchld_fallback(fallback);
    auto q = start_sh("sleep 0.2");
    process_force_sigchld_fallback(false);
    QVERIFY(q);
    long long deadline = time_msec() + 10000;
    int blocks = 0;
    while (!q->exited() && time_msec() < deadline) {
        q->wait();
        poll_timer_wait_until(deadline);
        poll_block();
        blocks++;
    }
    QVERIFY(q->exited());
    QVERIFY2(blocks <= 4, qPrintable(QString("blocks: %1").arg(blocks)));
}

void tst_process::on_exit_after_exit_still_fires() {
    auto p = start_sh("exit 2");
    QVERIFY(p);
    run_until([&] { return p->exited(); });
    QVERIFY(p->exited());
    int status = -1;
    p->on_exit([&](int s) { status = s; });
    run_until([&] { return status != -1; });
    QCOMPARE(process_status_msg(status), std::string("exit status 2"));
}

void tst_process::callback_may_destroy_process() {
    auto p = start_sh("echo a; echo b; echo c", true);
    QVERIFY(p);
    int lines = 0;
    p->on_output([&](const output_line&) {
        lines++;
        p.reset();
    });
    run_until([&] { return !p; });
    QVERIFY(!p);
    QCOMPARE(lines, 1);
    run_until([] { return false; }, 100); // nothing dangling fires later

    auto q = start_sh("exit 0");
    QVERIFY(q);
    bool fired = false;
    q->on_exit([&](int) {
        fired = true;
        q.reset();
    });
    run_until([&] { return fired; });
    QVERIFY(fired);
    QVERIFY(!q);
}

void tst_process::cwd_and_env() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    process_options o;
    o.argv = {"sh", "-c", "pwd; echo \"$VIGIL_TEST_VAR\"; echo \"${HOME-unset}\""};
    o.cwd = dir.path().toStdString();
    o.env = {"VIGIL_TEST_VAR=hello world"};
    o.capture_output = true;
    o.null_stdin = true;
    auto p = start_ok(o);
    QVERIFY(p);
    run_until([&] { return p->exited() && !p->capturing(); });
    std::vector<std::string> out = texts(p->output(), output_stream::out);
    QCOMPARE(out.size(), std::size_t(3));
    QCOMPARE(QFileInfo(QString::fromStdString(out[0])).canonicalFilePath(),
             QFileInfo(dir.path()).canonicalFilePath());
    QCOMPARE(out[1], std::string("hello world"));

    // clear_env: only what we pass (plus PATH so sh is found) is visible.
    o.clear_env = true;
    o.env = {"PATH=/usr/bin:/bin", "VIGIL_TEST_VAR=x"};
    auto q = start_ok(o);
    QVERIFY(q);
    run_until([&] { return q->exited() && !q->capturing(); });
    out = texts(q->output(), output_stream::out);
    QCOMPARE(out.size(), std::size_t(3));
    QCOMPARE(out[1], std::string("x"));
    QCOMPARE(out[2], std::string("unset"));
}

void tst_process::ring_since_and_cr() {
    output_ring ring(3, 100);
    QCOMPARE(ring.append(output_stream::out, "a\r\nb", 5), std::size_t(1));
    QCOMPARE(ring.append(output_stream::err, "x\n", 6), std::size_t(1));
    QCOMPARE(ring.append(output_stream::out, "c\nd\n", 7), std::size_t(2));
    QCOMPARE(ring.lines().size(), std::size_t(3));
    QCOMPARE(ring.dropped(), std::uint64_t(1));
    std::vector<output_line> tail = ring.since(2);
    QCOMPARE(tail.size(), std::size_t(2));
    QCOMPARE(tail[0].text, std::string("bc"));
    QCOMPARE(tail[0].wall_msec, 5LL); // the time its first byte arrived
    QCOMPARE(tail[1].text, std::string("d"));
    QCOMPARE(ring.since(99).size(), std::size_t(0));
    QCOMPARE(ring.finish(output_stream::out), std::size_t(0));
}

void tst_process::output_to_files_data() {
    QTest::addColumn<bool>("samePath");
    QTest::newRow("two files") << false;
    QTest::newRow("one file for both") << true;
}

void tst_process::output_to_files() {
    QFETCH(bool, samePath);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    std::string out = dir.path().toStdString() + "/d.stdout.log";
    std::string err = samePath ? out : dir.path().toStdString() + "/d.stderr.log";
    QVERIFY(run_to_files("echo out1; echo err1 >&2; echo out2", out, err));
    if (samePath) {
        // One open file description: the writes interleave in the order they were made.
        QCOMPARE(file_text(out), std::string("out1\nerr1\nout2\n"));
    } else {
        QCOMPARE(file_text(out), std::string("out1\nout2\n"));
        QCOMPARE(file_text(err), std::string("err1\n"));
    }
    struct stat st {};
    QCOMPARE(::stat(out.c_str(), &st), 0);
    QCOMPARE(st.st_mode & 0777 & ~0640, 0u); // 0640 at most (the umask may remove more)
}

void tst_process::output_files_append() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    std::string out = dir.path().toStdString() + "/d.stdout.log";
    std::string err = dir.path().toStdString() + "/d.stderr.log";
    std::ofstream(out) << "before\n";
    QVERIFY(run_to_files("echo one; echo e1 >&2", out, err));
    QVERIFY(run_to_files("echo two; echo e2 >&2", out, err));
    QCOMPARE(file_text(out), std::string("before\none\ntwo\n"));
    QCOMPARE(file_text(err), std::string("e1\ne2\n"));

    // capture_output wins: the files are not even opened.
    std::string unused = dir.path().toStdString() + "/unused.log";
    process_options o;
    o.argv = {"sh", "-c", "echo captured"};
    o.capture_output = true;
    o.stdout_file = unused;
    auto p = start_ok(o);
    QVERIFY(p);
    run_until([&] { return p->exited() && !p->capturing(); });
    QCOMPARE(texts(p->output(), output_stream::out), (std::vector<std::string>{"captured"}));
    QVERIFY(access(unused.c_str(), F_OK) != 0);
}

void tst_process::unopenable_output_file_does_not_fork() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    std::string missing_dir = dir.path().toStdString() + "/no-such-dir/d.stdout.log";
    std::string ok = dir.path().toStdString() + "/d.stdout.log";
    for (auto [out, err] : {std::pair{missing_dir, ok}, std::pair{ok, missing_dir}}) {
        while (waitpid(-1, nullptr, WNOHANG) > 0) {
        }
        process_options o;
        o.argv = {"sh", "-c", "echo should-not-run"};
        o.stdout_file = out;
        o.stderr_file = err;
        std::unique_ptr<process> p;
        QCOMPARE(process::start(o, p), ENOENT);
        QVERIFY(!p);
        errno = 0;
        QCOMPARE(waitpid(-1, nullptr, WNOHANG), -1);
        QCOMPARE(errno, ECHILD);
    }
    QCOMPARE(file_text(ok), std::string());
}

QTEST_GUILESS_MAIN(tst_process)
#include "tst_process.moc"
