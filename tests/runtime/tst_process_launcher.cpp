// The process launcher with real children: starts are delivered to the owning loop in the
// order asked for, with captured output and exit statuses as from process::start(); a program
// that is missing fails at once and one that cannot be exec'd through the callback; cancelled
// and undelivered starts leave no child running; and a child that asked for a parent-death
// signal dies with the thread that forked it (the launcher's, or a caller's own).
#include "vigil/clock.h"
#include "vigil/poll_loop.h"
#include "vigil/process.h"
#include "vigil/process_launcher.h"

#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <fstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace vigil;

namespace {

// Runs the loop until `done()` or a 10 s deadline.
template <typename F> void run_until(F done, long long timeout_ms = 10000) {
    const long long deadline = time_msec() + timeout_ms;
    while (!done() && time_msec() < deadline) {
        poll_timer_wait_until(deadline);
        poll_block();
    }
}

// Runs the loop for `ms` milliseconds whatever happens.
void run_for(long long ms) {
    const long long deadline = time_msec() + ms;
    run_until([&] { return time_msec() >= deadline; }, ms);
}

process_options shell(const std::string& script, bool capture = false) {
    process_options o;
    o.argv = {"sh", "-c", script};
    o.capture_output = capture;
    return o;
}

std::vector<std::string> stdout_lines(const process& p) {
    std::vector<std::string> v;
    for (const output_line& l : p.output().lines()) {
        if (l.stream == output_stream::out) {
            v.push_back(l.text);
        }
    }
    return v;
}

bool exists(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}

} // namespace

class tst_process_launcher : public QObject {
    Q_OBJECT

private slots:
    void starts_are_delivered_in_order_with_output();
    void missing_program_fails_without_queueing();
    void exec_failure_comes_through_the_callback();
    void cancelled_start_leaves_no_child();
    void destroying_the_launcher_drops_undelivered_starts();
    void callback_may_destroy_the_launcher();
    void children_die_with_the_launcher_thread();
    void child_dies_with_the_calling_thread();
};

void tst_process_launcher::starts_are_delivered_in_order_with_output() {
    process_launcher launcher;
    std::vector<std::unique_ptr<process>> children;
    std::vector<int> order;
    for (int i = 0; i < 5; i++) {
        int error = -1;
        const std::uint64_t ticket = launcher.launch(
            shell("echo child " + std::to_string(i) + "; exit " + std::to_string(i), true),
            [&, i](int e, std::unique_ptr<process> child) {
                QCOMPARE(e, 0);
                QVERIFY(child);
                order.push_back(i);
                children.push_back(std::move(child));
            },
            error);
        QVERIFY(ticket != 0);
        QCOMPARE(error, 0);
    }
    QCOMPARE(launcher.pending(), std::size_t(5));
    run_until([&] {
        return children.size() == 5 &&
               std::all_of(children.begin(), children.end(),
                           [](const auto& c) { return c->exited() && !c->capturing(); });
    });
    QCOMPARE(order, (std::vector<int>{0, 1, 2, 3, 4}));
    QCOMPARE(launcher.pending(), std::size_t(0));
    for (int i = 0; i < 5; i++) {
        QCOMPARE(process_status_msg(children[i]->status()), "exit status " + std::to_string(i));
        QCOMPARE(stdout_lines(*children[i]),
                 std::vector<std::string>{"child " + std::to_string(i)});
        QCOMPARE(children[i]->name(), std::string("sh"));
    }
}

void tst_process_launcher::missing_program_fails_without_queueing() {
    process_launcher launcher;
    bool called = false;
    int error = 0;
    process_options o;
    o.argv = {"vigil-no-such-program-anywhere"};
    QCOMPARE(launcher.launch(
                 o, [&](int, std::unique_ptr<process>) { called = true; }, error),
             std::uint64_t(0));
    QCOMPARE(error, ENOENT);
    QCOMPARE(launcher.launch(
                 process_options{}, [&](int, auto) { called = true; }, error),
             std::uint64_t(0));
    QCOMPARE(error, EINVAL);
    QCOMPARE(launcher.pending(), std::size_t(0));
    run_for(100);
    QVERIFY(!called);
}

void tst_process_launcher::exec_failure_comes_through_the_callback() {
    QTemporaryDir dir;
    const std::string script = dir.filePath("not-executable").toStdString();
    // Executable by its mode but not a format the kernel runs: found, then refused by exec.
    std::ofstream(script) << "\x7f"
                             "ELF garbage";
    chmod(script.c_str(), 0755);
    process_launcher launcher;
    int got = -1;
    bool hasChild = true;
    int error = -1;
    process_options o;
    o.argv = {script};
    QVERIFY(launcher.launch(
                o,
                [&](int e, std::unique_ptr<process> child) {
                    got = e;
                    hasChild = child != nullptr;
                },
                error) != 0);
    run_until([&] { return got != -1; });
    QCOMPARE(got, ENOEXEC);
    QVERIFY(!hasChild);
}

void tst_process_launcher::cancelled_start_leaves_no_child() {
    QTemporaryDir dir;
    const std::string marker = dir.filePath("ran").toStdString();
    process_launcher launcher;
    bool called = false;
    int error = -1;
    // The child, if it started before the cancel, is stopped by SIGTERM during its sleep.
    const std::uint64_t ticket = launcher.launch(
        shell("sleep 1; touch '" + marker + "'"),
        [&](int, std::unique_ptr<process>) { called = true; }, error);
    QVERIFY(ticket != 0);
    launcher.cancel(ticket);
    launcher.cancel(ticket); // a second cancel is ignored
    run_until([&] { return launcher.pending() == 0; });
    QCOMPARE(launcher.pending(), std::size_t(0));
    run_for(1600);
    QVERIFY(!called);
    QVERIFY(!exists(marker));
}

void tst_process_launcher::destroying_the_launcher_drops_undelivered_starts() {
    QTemporaryDir dir;
    bool called = false;
    std::vector<std::string> markers;
    {
        process_launcher launcher;
        for (int i = 0; i < 4; i++) {
            markers.push_back(dir.filePath(QString::number(i)).toStdString());
            int error = -1;
            QVERIFY(launcher.launch(
                        shell("sleep 1; touch '" + markers.back() + "'"),
                        [&](int, std::unique_ptr<process>) { called = true; }, error) != 0);
        }
    }
    run_for(1600);
    QVERIFY(!called);
    for (const std::string& m : markers) {
        QVERIFY2(!exists(m), m.c_str());
    }
}

void tst_process_launcher::callback_may_destroy_the_launcher() {
    QTemporaryDir dir;
    const std::string marker = dir.filePath("second").toStdString();
    auto launcher = std::make_unique<process_launcher>();
    std::unique_ptr<process> first;
    int calls = 0;
    int error = -1;
    QVERIFY(launcher->launch(
                shell("exit 3"),
                [&](int, std::unique_ptr<process> child) {
                    calls++;
                    first = std::move(child);
                    launcher.reset();
                },
                error) != 0);
    QVERIFY(launcher->launch(
                shell("sleep 1; touch '" + marker + "'"),
                [&](int, std::unique_ptr<process>) { calls++; }, error) != 0);
    run_until([&] { return !launcher; });
    QVERIFY(!launcher);
    run_until([&] { return first->exited(); });
    QCOMPARE(process_status_msg(first->status()), std::string("exit status 3"));
    run_for(1600);
    QCOMPARE(calls, 1);
    QVERIFY(!exists(marker));
}

void tst_process_launcher::children_die_with_the_launcher_thread() {
    auto launcher = std::make_unique<process_launcher>();
    std::unique_ptr<process> child;
    int error = -1;
    process_options o;
    o.argv = {"sleep", "100"};
    o.parent_death_signal = SIGTERM;
    QVERIFY(launcher->launch(
                o, [&](int, std::unique_ptr<process> c) { child = std::move(c); }, error) != 0);
    run_until([&] { return child != nullptr; });
    QVERIFY(child);
    run_for(100);
    QVERIFY(!child->exited());
    launcher.reset();
    run_until([&] { return child->exited(); });
    QVERIFY(child->exited());
    QCOMPARE(QString::fromStdString(process_status_msg(child->status())),
             QStringLiteral("killed (Terminated)"));
}

void tst_process_launcher::child_dies_with_the_calling_thread() {
    // The signal follows the thread that forked, not the process: a child started by a
    // short-lived thread dies when that thread ends. Its pid is reaped here (waitpid works from
    // any thread of the process).
    pid_t pid = -1;
    std::thread starter([&pid] {
        process_options o;
        o.argv = {"sleep", "100"};
        o.parent_death_signal = SIGKILL;
        o.new_process_group = false;
        std::unique_ptr<process> p;
        if (process::start(o, p) == 0) {
            pid = p->pid();
        }
        // Destroying the process object leaves the child running; the thread's end kills it.
    });
    starter.join();
    QVERIFY(pid > 0);
    int status = 0;
    pid_t r = -1;
    const long long deadline = time_msec() + 10000;
    while ((r = waitpid(pid, &status, WNOHANG)) == 0 && time_msec() < deadline) {
        usleep(10000);
    }
    QCOMPARE(r, pid);
    QCOMPARE(QString::fromStdString(process_status_msg(status)), QStringLiteral("killed (Killed)"));
}

QTEST_GUILESS_MAIN(tst_process_launcher)
#include "tst_process_launcher.moc"
