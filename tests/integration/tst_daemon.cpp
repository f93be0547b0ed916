// OVS's tests/daemon.at and daemon-py.at (spec §10.5, cases D1-D12) replayed with real
// processes against vigil-testd (and vigil-test-daemon for its exit-status hook): pidfile life
// cycle, --detach handshake, --monitor restarts and throttle, start-up errors, closed standard fds,
// and the real ovs-appctl finding the daemon through its pidfile.
#include "vigil/daemon.h"
#include "vigil/pidfile.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <getopt.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

const QString program = "vigil-test-daemon";

// Reads /proc/PID/FILE; empty when the process is gone. A process that exits while its file
// is read makes read() fail with ESRCH, which a std::ifstream turns into an exception (it
// once aborted this test), so plain read() it is: what was read so far is the answer.
std::string read_proc(pid_t pid, const char* file) {
    const std::string path = "/proc/" + std::to_string(pid) + "/" + file;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return {};
    }
    std::string s;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        s.append(buf, std::size_t(n));
    }
    ::close(fd);
    return s;
}

// OVS's parent_pid helper: the PPid: line of /proc/PID/status.
pid_t parent_pid(pid_t pid) {
    std::string status = read_proc(pid, "status");
    auto at = status.find("PPid:");
    return at == std::string::npos ? -1 : std::stoi(status.substr(at + 5));
}

QString comm(pid_t pid) {
    return QString::fromStdString(read_proc(pid, "comm")).trimmed();
}

QString cmdline(pid_t pid) {
    std::string s = read_proc(pid, "cmdline");
    while (!s.empty() && s.back() == '\0') {
        s.pop_back();
    }
    return QString::fromStdString(s);
}

// True when `pid` no longer runs (gone, or a zombie that a container's init never reaps).
bool gone(pid_t pid) {
    std::string stat = read_proc(pid, "stat");
    if (stat.empty()) {
        return true;
    }
    auto close = stat.rfind(')');
    return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z';
}

pid_t pid_in_file(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return 0;
    }
    return f.readAll().trimmed().toInt();
}

} // namespace

class tst_daemon : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> dir_;
    // The daemon under test: the project's vigil-testd, except where a case needs a hook only
    // vigil-test-daemon has (--exit-after/--exit-code).
    QString program = "vigil-testd";

    QString daemon_binary() const { return QStringLiteral(VIGIL_BIN_DIR) + "/" + program; }
    std::vector<pid_t> to_kill_;
    std::vector<std::unique_ptr<QProcess>> foreground_;

    QString path(const QString& name) const { return dir_->path() + "/" + name; }
    QString pidfile() const { return path(program + ".pid"); }
    QString logfile() const { return path(program + ".log"); }

    QProcessEnvironment env() const {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert("OVS_RUNDIR", dir_->path());
        e.insert("OVS_LOGDIR", dir_->path());
        return e;
    }

    // Starts the daemon without waiting for it (the shell's `daemon &`).
    QProcess* start_background(const QStringList& args) {
        auto p = std::make_unique<QProcess>();
        p->setProcessEnvironment(env());
        p->setWorkingDirectory(dir_->path());
        p->start(daemon_binary(), args);
        if (!p->waitForStarted(10000)) {
            return nullptr;
        }
        foreground_.push_back(std::move(p));
        return foreground_.back().get();
    }

    struct result {
        int exit_code;
        QString err;
    };

    // Runs a command to completion (for --detach, whose foreground part returns).
    result run(const QString& prog, const QStringList& args) {
        QProcess p;
        p.setProcessEnvironment(env());
        p.setWorkingDirectory(dir_->path());
        p.start(prog, args);
        if (!p.waitForFinished(20000)) {
            p.kill();
            p.waitForFinished();
            return {-1, "timeout"};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromLocal8Bit(p.readAllStandardError())};
    }

    result run_daemon(const QStringList& args) { return run(daemon_binary(), args); }

    // Waits until the pidfile names a live pid different from `old`; returns it (0 on timeout).
    pid_t wait_for_pid(pid_t old = 0) {
        for (int i = 0; i < 1000; i++) {
            pid_t pid = 0;
            if (QFile::exists(pidfile()) &&
                vigil::read_pidfile(pidfile().toStdString(), pid) == 0 && pid != old) {
                to_kill_.push_back(pid);
                return pid;
            }
            QTest::qWait(10);
        }
        return 0;
    }

    // Like wait_for_pid, for a daemon under a monitor: also waits until the monitor titles
    // itself "monitoring pid N", which it does only once the daemon has signalled start-up. A
    // daemon that dies before that point is a failed start, which ends the monitor (as in
    // OVS), so a test that crashes a daemon on purpose must wait for this first.
    pid_t wait_for_monitored_pid(pid_t monitor, pid_t old = 0) {
        pid_t pid = wait_for_pid(old);
        if (pid <= 0) {
            return 0;
        }
        const QString title = QString("%1: monitoring pid %2 ").arg(program).arg(pid);
        for (int i = 0; i < 1000; i++) {
            if (cmdline(monitor).startsWith(title)) {
                return pid;
            }
            QTest::qWait(10);
        }
        return 0;
    }

    QString log() const {
        QFile f(logfile());
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

    void appctl_version_works() {
        // The real ovs-appctl finds the daemon through <rundir>/<program>.pid.
        QProcess p;
        p.setProcessEnvironment(env());
        p.start("ovs-appctl", {"-t", program, "version"});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(QString::fromLocal8Bit(p.readAllStandardOutput()).startsWith(program + " "));
    }

private slots:
    void init();
    void cleanup();

    void option_parsing();
    void read_pidfile_states();
    void d1_pidfile_removed_on_fatal_signal_data();
    void d1_pidfile_removed_on_fatal_signal();
    void d2_monitor_restarts_after_segv();
    void d3_detach_returns_with_pidfile();
    void d4_detach_monitor();
    void d5_startup_errors_data();
    void d5_startup_errors();
    void d6_backtrace_without_monitor();
    void d6_backtrace_with_monitor();
    void d7_detach_closes_standard_fds();
    void d8_bail();
    void d9_second_instance_refused();
    void d10_monitor_throttle();
    void d11_exit_status_ends_monitor();
    void d12_detach_changes_to_root_data();
    void d12_detach_changes_to_root();
    void d13_user_option_data();
    void d13_user_option();
    void d14_user_switch();
    void d15_pidfile_short_write();
    void d16_restarted_daemon_exits_cleanly();
};

void tst_daemon::init() {
    program = "vigil-testd";
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    QVERIFY(QFile::exists(daemon_binary()));
}

void tst_daemon::cleanup() {
    // Monitors first, so that they do not restart what we kill next.
    for (pid_t pid : to_kill_) {
        pid_t parent = parent_pid(pid);
        if (parent > 1 && comm(parent) == comm(pid)) {
            kill(parent, SIGKILL);
        }
    }
    for (pid_t pid : to_kill_) {
        kill(pid, SIGKILL);
    }
    to_kill_.clear();
    for (auto& p : foreground_) {
        p->kill();
        p->waitForFinished(5000);
    }
    foreground_.clear();
    dir_.reset();
}

void tst_daemon::option_parsing() {
    std::vector<std::string> args = {"prog",
                                     "--detach",
                                     "-v",
                                     "--pidfile=x.pid",
                                     "--other",
                                     "--monitor",
                                     "--log-file",
                                     "--no-chdir",
                                     "--bail",
                                     "--overwrite-pidfile",
                                     "--user=nobody:nogroup",
                                     "--no-self-confinement",
                                     "--",
                                     "--detach"};
    vigil::daemon_options o;
    std::string error;
    QVERIFY(vigil::daemon_parse_args(args, o, error));
    QCOMPARE(args, (std::vector<std::string>{"prog", "-v", "--other", "--", "--detach"}));
    QVERIFY(o.detach && o.monitor && o.no_chdir && o.bail && o.overwrite_pidfile);
    QVERIFY(o.pidfile);
    QCOMPARE(o.pidfile_name, std::string("x.pid"));
    QVERIFY(o.log_file);
    QCOMPARE(o.log_file_name, std::string());
    QCOMPARE(o.user, std::string("nobody:nogroup"));
    QVERIFY(!o.self_confinement);

    std::vector<std::string> bad = {"prog", "--detach=yes"};
    vigil::daemon_options o2;
    QVERIFY(!vigil::daemon_parse_args(bad, o2, error));
    QVERIFY(!error.empty());

    // The getopt_long() table works with the handler.
    std::vector<option> table = vigil::daemon_long_options();
    table.push_back({nullptr, 0, nullptr, 0});
    const char* argv[] = {"prog", "--pidfile", "--monitor", nullptr};
    optind = 0;
    vigil::daemon_options o3;
    int c;
    while ((c = getopt_long(3, const_cast<char**>(argv), "", table.data(), nullptr)) != -1) {
        QVERIFY(vigil::daemon_handle_option(c, optarg, o3));
    }
    QVERIFY(o3.pidfile && o3.monitor && !o3.detach);
    QCOMPARE(o3.pidfile_name, std::string());

    qputenv("OVS_RUNDIR", dir_->path().toLocal8Bit());
    QCOMPARE(QString::fromStdString(vigil::make_pidfile_name("", "prog")), path("prog.pid"));
    QCOMPARE(QString::fromStdString(vigil::make_pidfile_name("a/b.pid", "prog")), path("a/b.pid"));
    QCOMPARE(vigil::make_pidfile_name("/abs/c.pid", "prog"), std::string("/abs/c.pid"));
    QVERIFY(QString::fromStdString(vigil::daemon_usage("prog"))
                .contains("--pidfile[=FILE]        create pidfile (default: " + path("prog.pid")));
}

void tst_daemon::read_pidfile_states() {
    pid_t pid = 0;
    std::string file = pidfile().toStdString();
    QCOMPARE(vigil::read_pidfile(file, pid), ENOENT);

    // A pidfile nobody locks is stale, even when it names a live process (ours).
    std::ofstream(file) << getpid() << "\n";
    QCOMPARE(vigil::read_pidfile(file, pid), ESRCH);

    // The daemon deletes the stale file and replaces it with its own, locked one.
    QProcess* p = start_background({"--pidfile"});
    QVERIFY(p);
    pid = wait_for_pid(getpid());
    QCOMPARE(pid, static_cast<pid_t>(p->processId()));
    pid_t again = 0;
    QCOMPARE(vigil::read_pidfile(file, again), 0);
    QCOMPARE(again, pid);
}

void tst_daemon::d1_pidfile_removed_on_fatal_signal_data() {
    QTest::addColumn<int>("sig");
    QTest::newRow("TERM") << SIGTERM;
    QTest::newRow("INT") << SIGINT;
    QTest::newRow("HUP") << SIGHUP;
    QTest::newRow("ALRM") << SIGALRM;
}

void tst_daemon::d1_pidfile_removed_on_fatal_signal() {
    QFETCH(int, sig);
    QProcess* p = start_background({"--pidfile"});
    QVERIFY(p);
    pid_t pid = wait_for_pid();
    QCOMPARE(pid, static_cast<pid_t>(p->processId()));
    QCOMPARE(pid_in_file(pidfile()), pid);
    // The pidfile is written before the control socket is created: wait for both.
    QString socket = path(QString("%1.%2.ctl").arg(program).arg(pid));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(socket), 10000);

    kill(pid, sig);
    QVERIFY(p->waitForFinished(10000));
    QCOMPARE(p->exitStatus(), QProcess::CrashExit); // died of the re-raised signal
    QVERIFY(!QFile::exists(pidfile()));
    QVERIFY(!QFile::exists(socket));
}

void tst_daemon::d2_monitor_restarts_after_segv() {
    QProcess* p = start_background({"--monitor", "--pidfile", "--log-file"});
    QVERIFY(p);
    pid_t monitor = static_cast<pid_t>(p->processId());
    pid_t daemon = wait_for_pid();
    QVERIFY(daemon > 0);
    QVERIFY(daemon != monitor);
    QCOMPARE(parent_pid(daemon), monitor);
    QCOMPARE(comm(daemon), program.left(15)); // comm holds at most 15 characters
    QTRY_COMPARE_WITH_TIMEOUT(cmdline(monitor),
                              QString("%1: monitoring pid %2 (healthy)").arg(program).arg(daemon),
                              10000);
    appctl_version_works();

    kill(daemon, SIGSEGV);
    pid_t daemon2 = wait_for_pid(daemon);
    QVERIFY(daemon2 > 0);
    QCOMPARE(parent_pid(daemon2), monitor);
    QCOMPARE(comm(daemon2), program.left(15));
    QTRY_COMPARE_WITH_TIMEOUT(
        cmdline(monitor),
        QString("%1: monitoring pid %2 (1 crashes: pid %3 died, killed (Segmentation fault))")
            .arg(program)
            .arg(daemon2)
            .arg(daemon),
        10000);
    appctl_version_works();

    kill(daemon2, SIGTERM);
    QVERIFY(p->waitForFinished(10000));
    QCOMPARE(p->exitStatus(), QProcess::NormalExit);
    QCOMPARE(p->exitCode(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(gone(daemon2), 10000);
    QVERIFY(!QFile::exists(pidfile()));
    QVERIFY(log().contains(
        QString("daemon_unix(monitor)|INFO|pid %1 died, killed (Terminated), exiting")
            .arg(daemon2)));
}

void tst_daemon::d3_detach_returns_with_pidfile() {
    result r = run_daemon({"--detach", "--pidfile"});
    QCOMPARE(r.exit_code, 0);
    // No waiting: the foreground part returns only once the daemon is ready.
    QVERIFY(QFile::exists(pidfile()));
    pid_t daemon = wait_for_pid();
    QVERIFY(daemon > 0);
    QVERIFY(parent_pid(daemon) != getpid());
    appctl_version_works();
    kill(daemon, SIGTERM);
    QTRY_VERIFY_WITH_TIMEOUT(gone(daemon), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(pidfile()), 10000);
}

void tst_daemon::d4_detach_monitor() {
    result r = run_daemon({"--detach", "--monitor", "--pidfile"});
    QCOMPARE(r.exit_code, 0);
    QVERIFY(QFile::exists(pidfile()));
    pid_t daemon = wait_for_pid();
    QVERIFY(daemon > 0);
    pid_t monitor = parent_pid(daemon);
    to_kill_.push_back(monitor);
    QVERIFY(monitor != getpid());
    QCOMPARE(comm(monitor), program.left(15));
    // The monitor sets its title just after it forwards the start-up byte; allow it a moment.
    QTRY_VERIFY_WITH_TIMEOUT(cmdline(monitor).startsWith(program + ": monitoring pid"), 10000);
    QVERIFY(parent_pid(monitor) != getpid());

    kill(daemon, SIGSEGV);
    pid_t daemon2 = wait_for_pid(daemon);
    QVERIFY(daemon2 > 0);
    QCOMPARE(parent_pid(daemon2), monitor);
    appctl_version_works();

    kill(daemon2, SIGTERM);
    QTRY_VERIFY_WITH_TIMEOUT(gone(daemon2) && gone(monitor), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(pidfile()), 10000);
}

void tst_daemon::d5_startup_errors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::newRow("foreground") << QStringList{};
    QTest::newRow("detach") << QStringList{"--detach"};
    QTest::newRow("detach monitor") << QStringList{"--detach", "--monitor"};
    QTest::newRow("monitor") << QStringList{"--monitor"};
}

void tst_daemon::d5_startup_errors() {
    QFETCH(QStringList, args);
    result r = run_daemon(args + QStringList{"--pidfile", "--unixctl=nonexistent/unixctl"});
    QCOMPARE(r.exit_code, 1);
    QVERIFY2(r.err.contains("could not initialize control socket"), qPrintable(r.err));
    QVERIFY(!QFile::exists(pidfile()));
    QVERIFY(!QFile::exists(pidfile() + ".tmp"));
}

void tst_daemon::d6_backtrace_without_monitor() {
    QCOMPARE(run_daemon({"--detach", "--pidfile", "--log-file"}).exit_code, 0);
    pid_t daemon = wait_for_pid();
    QVERIFY(daemon > 0);
    kill(daemon, SIGSEGV);
    QTRY_VERIFY_WITH_TIMEOUT(gone(daemon), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(log().contains("SIGSEGV detected, backtrace:"), 10000);
    // SIGSEGV runs no hooks: the pidfile stays, unlocked, hence stale.
    QVERIFY(QFile::exists(pidfile()));
    pid_t pid;
    QCOMPARE(vigil::read_pidfile(pidfile().toStdString(), pid), ESRCH);
}

void tst_daemon::d6_backtrace_with_monitor() {
    QCOMPARE(run_daemon({"--detach", "--monitor", "--pidfile", "--log-file"}).exit_code, 0);
    pid_t daemon = wait_for_pid();
    QVERIFY(daemon > 0);
    to_kill_.push_back(parent_pid(daemon));
    kill(daemon, SIGSEGV);
    pid_t daemon2 = wait_for_pid(daemon);
    QVERIFY(daemon2 > 0);
    QString text = log();
    QVERIFY2(text.contains("backtrace(monitor)|WARN|SIGSEGV detected, backtrace:"),
             qPrintable(text));
    QVERIFY(text.contains(QString("daemon_unix(monitor)|ERR|1 crashes: pid %1 died, killed "
                                  "(Segmentation fault), restarting")
                              .arg(daemon)));
    QCOMPARE(run("ovs-appctl", {"-t", program, "exit"}).exit_code, 0);
    QTRY_VERIFY_WITH_TIMEOUT(gone(daemon2), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(pidfile()), 10000);
}

void tst_daemon::d7_detach_closes_standard_fds() {
    QString bash = QStandardPaths::findExecutable("bash");
    QVERIFY(!bash.isEmpty());
    // If anything kept the pipe's read end open, `yes` would block forever instead of dying
    // of SIGPIPE (status 141) once the foreground part returns.
    QString script = QString("yes | '%1' --detach --no-chdir --pidfile; echo \"${PIPESTATUS[*]}\"")
                         .arg(daemon_binary());
    QProcess sh;
    sh.setProcessEnvironment(env());
    sh.start(bash, {"-c", script});
    QVERIFY(sh.waitForFinished(20000));
    QCOMPARE(QString::fromLocal8Bit(sh.readAllStandardOutput()).trimmed(), QString("141 0"));
    pid_t daemon = wait_for_pid();
    QVERIFY(daemon > 0);
    for (const char* fd : {"0", "1", "2"}) {
        QCOMPARE(QFile::symLinkTarget(QString("/proc/%1/fd/%2").arg(daemon).arg(fd)),
                 QString("/dev/null"));
    }
}

void tst_daemon::d8_bail() {
    result r = run_daemon({"--detach", "--pidfile", "--bail"});
    QCOMPARE(r.exit_code, 1);
    QVERIFY2(r.err.contains("exiting after daemonize_start() as requested"), qPrintable(r.err));
    QVERIFY(!QFile::exists(pidfile()));
}

void tst_daemon::d9_second_instance_refused() {
    QCOMPARE(run_daemon({"--detach", "--pidfile"}).exit_code, 0);
    pid_t first = wait_for_pid();
    QVERIFY(first > 0);

    for (const QStringList& args :
         {QStringList{"--pidfile"}, QStringList{"--detach", "--pidfile"}}) {
        result r = run_daemon(args);
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains(
                     QString("%1: already running as pid %2, aborting").arg(pidfile()).arg(first)),
                 qPrintable(r.err));
        QCOMPARE(pid_in_file(pidfile()), first);
        QVERIFY(!QFile::exists(pidfile() + ".tmp"));
    }

    QCOMPARE(run_daemon({"--detach", "--pidfile", "--overwrite-pidfile"}).exit_code, 0);
    pid_t second = wait_for_pid(first);
    QVERIFY(second > 0 && second != first);
    QVERIFY(!gone(first));
}

void tst_daemon::d10_monitor_throttle() {
    QCOMPARE(run_daemon({"--detach", "--monitor", "--pidfile", "--log-file"}).exit_code, 0);
    pid_t d1 = wait_for_pid();
    QVERIFY(d1 > 0);
    const pid_t monitor = parent_pid(d1);
    to_kill_.push_back(monitor);
    kill(d1, SIGSEGV);
    pid_t d2 = wait_for_monitored_pid(monitor, d1);
    QVERIFY(d2 > 0);
    kill(d2, SIGSEGV);
    QTRY_VERIFY_WITH_TIMEOUT(
        log().contains("2 crashes: pid " + QString::number(d2) +
                       " died, killed (Segmentation fault), waiting until 10 seconds since last "
                       "restart"),
        10000);
    pid_t d3 = wait_for_pid(d2);
    QVERIFY(d3 > 0);

    // The restarts' log times are at least 10 whole wall-clock seconds apart (OVS counts in
    // time() seconds, so the real gap is over 9 s).
    QRegularExpression re(R"(^(\S+)\|\d+\|daemon_unix\(monitor\)\|ERR\|\d crashes: .*restarting$)",
                          QRegularExpression::MultilineOption);
    std::vector<QDateTime> times;
    for (auto it = re.globalMatch(log()); it.hasNext();) {
        times.push_back(QDateTime::fromString(it.next().captured(1), Qt::ISODateWithMs));
    }
    QCOMPARE(times.size(), std::size_t(2));
    QVERIFY(times[0].isValid() && times[1].isValid());
    QVERIFY(times[0].msecsTo(times[1]) >= 9000);
}

void tst_daemon::d11_exit_status_ends_monitor() {
    program = "vigil-test-daemon";
    QVERIFY(QFile::exists(daemon_binary()));
    QProcess* p = start_background(
        {"--monitor", "--pidfile", "--log-file", "--exit-after=300", "--exit-code=3"});
    QVERIFY(p);
    pid_t daemon = wait_for_pid();
    QVERIFY(daemon > 0);
    QVERIFY(p->waitForFinished(10000));
    QCOMPARE(p->exitStatus(), QProcess::NormalExit);
    QCOMPARE(p->exitCode(), 0);
    QVERIFY(log().contains(QString("pid %1 died, exit status 3, exiting").arg(daemon)));
    QVERIFY(!log().contains("restarting"));
    QVERIFY(!QFile::exists(pidfile()));

    // SIGABRT is a crash: the monitor restarts the daemon.
    QProcess* q = start_background({"--monitor", "--pidfile", "--log-file"});
    QVERIFY(q);
    pid_t d1 = wait_for_monitored_pid(static_cast<pid_t>(q->processId()));
    QVERIFY(d1 > 0);
    kill(d1, SIGABRT);
    pid_t d2 = wait_for_pid(d1);
    QVERIFY(d2 > 0);
    QCOMPARE(parent_pid(d2), static_cast<pid_t>(q->processId()));
    QVERIFY(log().contains(QString("1 crashes: pid %1 died, killed (Aborted)").arg(d1)));
}

void tst_daemon::d12_detach_changes_to_root_data() {
    QTest::addColumn<bool>("no_chdir");
    QTest::newRow("chdir") << false;
    QTest::newRow("no-chdir") << true;
}

void tst_daemon::d12_detach_changes_to_root() {
    QFETCH(bool, no_chdir);
    QStringList args{"--detach", "--pidfile"};
    if (no_chdir) {
        args << "--no-chdir";
    }
    QCOMPARE(run_daemon(args).exit_code, 0);
    pid_t daemon = wait_for_pid();
    QVERIFY(daemon > 0);
    QString cwd = QFile::symLinkTarget(QString("/proc/%1/cwd").arg(daemon));
    QCOMPARE(cwd, no_chdir ? QFileInfo(dir_->path()).canonicalFilePath() : QString("/"));
}

// --user's refusals, in OVS's words. As root the names are checked; otherwise the option itself
// is refused (setpriv runs the root case as the unprivileged user "nobody").
void tst_daemon::d13_user_option_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("as_nobody");
    QTest::addColumn<QString>("message");
    if (geteuid() == 0) {
        QTest::newRow("unknown user") << QStringList{"--user=no-such-user", "--pidfile"} << false
                                      << "{pidfile}: user no-such-user not found, aborting.";
        QTest::newRow("unknown group") << QStringList{"--user=nobody:no-such-group"} << false
                                       << "vigil-testd: group no-such-group not found, aborting.";
        QTest::newRow("not in group")
            << QStringList{"--user=nobody:root"} << false
            << "vigil-testd: Invalid --user option nobody:root (user nobody is not in group "
               "root), aborting.";
        if (!QStandardPaths::findExecutable("setpriv").isEmpty()) {
            QTest::newRow("not root") << QStringList{"--user=nobody"} << true
                                      << "vigil-testd: only root can use --user option";
        }
    } else {
        QTest::newRow("not root") << QStringList{"--user=nobody"} << false
                                  << "vigil-testd: only root can use --user option";
    }
    QTest::newRow("no value") << QStringList{"--user"} << false
                              << "option '--user' requires an argument";
}

void tst_daemon::d13_user_option() {
    QFETCH(QStringList, args);
    QFETCH(bool, as_nobody);
    QFETCH(QString, message);
    message.replace("{pidfile}", pidfile()); // the data come before init() makes the directory
    result r = as_nobody ? run("setpriv", QStringList{"--reuid=nobody", "--regid=nogroup",
                                                      "--clear-groups", daemon_binary()} +
                                              args)
                         : run_daemon(args);
    QVERIFY2(r.exit_code == 1, qPrintable(r.err));
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(!QFile::exists(pidfile()));
}

// Root starts a detached, monitored daemon as "nobody": daemon and monitor both run as nobody,
// the pidfile, the control socket and the log file belong to it, ovs-appctl drives it, and a
// crash is still restarted (by a monitor that is no longer root).
void tst_daemon::d14_user_switch() {
    if (geteuid() != 0) {
        // Without root only the refusal can be checked, and d13 checks its text.
        QCOMPARE(run_daemon({"--user=nobody"}).exit_code, 1);
        return;
    }
    passwd* nobody = getpwnam("nobody");
    QVERIFY(nobody);
    // nobody must be able to write the run directory (as the packaging arranges for OVS).
    QVERIFY(::chmod(dir_->path().toLocal8Bit().constData(), 0777) == 0);
    result r = run_daemon({"--detach", "--monitor", "--pidfile", "--log-file", "--user=nobody"});
    QVERIFY2(r.exit_code == 0, qPrintable(r.err));
    pid_t daemon = wait_for_pid();
    QVERIFY(daemon > 0);
    pid_t monitor = parent_pid(daemon);
    to_kill_.push_back(monitor);
    auto owner = [](const QString& file) {
        struct stat st {};
        return ::stat(file.toLocal8Bit().constData(), &st) == 0 ? st.st_uid : uid_t(-1);
    };
    auto runs_as = [](pid_t pid) {
        QFile status(QStringLiteral("/proc/%1/status").arg(pid));
        if (!status.open(QIODevice::ReadOnly)) {
            return QString();
        }
        for (const QByteArray& line : status.readAll().split('\n')) {
            if (line.startsWith("Uid:")) {
                return QString::fromLatin1(line.mid(4).simplified());
            }
        }
        return QString();
    };
    const QString uid = QString::number(nobody->pw_uid);
    const QString all = QStringList{uid, uid, uid, uid}.join(' ');
    QCOMPARE(runs_as(daemon), all);
    QCOMPARE(runs_as(monitor), all);
    QCOMPARE(owner(pidfile()), nobody->pw_uid);
    QCOMPARE(owner(logfile()), nobody->pw_uid);
    QCOMPARE(owner(path(QStringLiteral("vigil-testd.%1.ctl").arg(daemon))), nobody->pw_uid);
    appctl_version_works();

    kill(daemon, SIGSEGV);
    pid_t daemon2 = wait_for_pid(daemon);
    QVERIFY(daemon2 > 0);
    QCOMPARE(parent_pid(daemon2), monitor);
    QCOMPARE(runs_as(daemon2), all);
    appctl_version_works();
    kill(daemon2, SIGTERM);
    QTRY_VERIFY_WITH_TIMEOUT(gone(daemon2) && gone(monitor), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(pidfile()), 10000);
}

// A pidfile write that comes up short (here: a file-size limit of 3 bytes for a 6-byte pid
// line) is reported as such, not with whatever errno an earlier call left behind, and leaves
// neither the pidfile nor its temporary behind.
void tst_daemon::d15_pidfile_short_write() {
    QString prlimit = QStandardPaths::findExecutable("prlimit");
    QVERIFY2(!prlimit.isEmpty(), "prlimit is not installed (make deps installs util-linux)");
    result r = run(prlimit, {"--fsize=3", daemon_binary(), "--pidfile", "--unixctl=none"});
    QCOMPARE(r.exit_code, 1);
    QVERIFY2(r.err.contains(pidfile() + ".tmp: write failed (No space left on device)"),
             qPrintable(r.err));
    QVERIFY(!QFile::exists(pidfile()));
}

// A daemon the monitor restarted, told to exit, exits with status 0 and the monitor with it:
// nothing it inherited from the monitor (whose process title moved the environment) is freed
// before the last exit-time reader. vigil-test-daemon reads the whole environment after every
// static destructor; under AddressSanitizer a dangling environment fails that read, and the
// daemon's exit status with it.
void tst_daemon::d16_restarted_daemon_exits_cleanly() {
    program = "vigil-test-daemon";
    QProcess* monitor = start_background({"--monitor", "--pidfile", "--log-file"});
    QVERIFY(monitor);
    const pid_t monitor_pid = static_cast<pid_t>(monitor->processId());
    pid_t d1 = wait_for_monitored_pid(monitor_pid);
    QVERIFY(d1 > 0);
    kill(d1, SIGSEGV);
    pid_t d2 = wait_for_monitored_pid(monitor_pid, d1);
    QVERIFY(d2 > 0);

    QCOMPARE(run("ovs-appctl", {"-t", program, "exit"}).exit_code, 0);
    QVERIFY(monitor->waitForFinished(20000));
    QCOMPARE(monitor->exitStatus(), QProcess::NormalExit);
    QCOMPARE(monitor->exitCode(), 0);
    const QString text = log();
    QVERIFY2(text.contains(QString("pid %1 died, exit status 0, exiting").arg(d2)),
             qPrintable(text));
    QVERIFY2(!text.contains("2 crashes"), qPrintable(text));
    QVERIFY(!QFile::exists(pidfile()));
}

QTEST_GUILESS_MAIN(tst_daemon)
#include "tst_daemon.moc"
