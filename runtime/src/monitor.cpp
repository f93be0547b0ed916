// The `--monitor` supervisor (spec §10.4): waits for the daemon, restarts it when it died of
// a crash signal (at most once per 10 seconds of wall-clock time), and exits when it ended any
// other way.
#include "daemon_private.h"

#include "vigil/errors.h"
#include "vigil/fatal_signal.h"
#include "vigil/process.h"

#include <csignal>
#include <ctime>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

// The monitor's messages are OVS's daemon_unix messages, logged as `daemon_unix(monitor)`.
#define this_module_ (::vigil::detail::daemon_unix_module())

namespace vigil::detail {
namespace {

// The signals documented as crashes (OVS's list): anything else ends supervision.
bool should_restart(int status) {
    if (!WIFSIGNALED(status)) {
        return false;
    }
    switch (WTERMSIG(status)) {
    case SIGABRT:
    case SIGALRM:
    case SIGBUS:
    case SIGFPE:
    case SIGILL:
    case SIGPIPE:
    case SIGSEGV:
    case SIGXCPU:
    case SIGXFSZ:
        return true;
    default:
        return false;
    }
}

// Blocks until `pid` dies, with the log file closed meanwhile (so it can be rotated under a
// long-lived monitor). A fatal signal to the monitor itself ends it.
int wait_for(pid_t pid) {
    std::string log_file = vlog_get_log_file();
    vlog_close_log_file();
    int status = 0;
    int error;
    do {
        error = waitpid(pid, &status, 0) < 0 ? errno : 0;
        if (error == EINTR) {
            fatal_signal_run();
        }
    } while (error == EINTR);
    if (!log_file.empty()) {
        vlog_set_log_file(log_file);
    }
    if (error) {
        VLOG_FATAL("waitpid failed ({})", error_text(error));
    }
    return status;
}

} // namespace

void monitor_daemon(pid_t daemon_pid, int& startup_fd, const std::string& program) {
    vlog_set_subprogram_name("monitor");
    std::string status_msg = "healthy";
    bool restarted_before = false;
    std::time_t last_restart = 0;
    int crashes = 0;
    bool child_ready = true;
    int status = 0;
    for (;;) {
        proctitle_set(fmt::format("{}: monitoring pid {} ({})", program, daemon_pid, status_msg));
        if (child_ready) {
            status = wait_for(daemon_pid);
        }

        std::string s = process_status_msg(status);
        if (!should_restart(status)) {
            VLOG_INFO("pid {} died, {}, exiting", daemon_pid, s);
            std::exit(0);
        }

        status_msg = fmt::format("{} crashes: pid {} died, {}", ++crashes, daemon_pid, s);
        if (WCOREDUMP(status)) {
            // One core is enough to debug; more would only fill the disk.
            rlimit r{0, 0};
            if (setrlimit(RLIMIT_CORE, &r) < 0) {
                VLOG_WARN("failed to disable core dumps: {}", error_text(errno));
            }
        }
        crash_backtrace_log_received(startup_fd);
        if (startup_fd >= 0) {
            close(startup_fd);
            startup_fd = -1;
        }

        if (restarted_before && std::time(nullptr) < last_restart + 10) {
            VLOG_WARN("{}, waiting until 10 seconds since last restart", status_msg);
            for (;;) {
                std::time_t now = std::time(nullptr);
                if (now >= last_restart + 10) {
                    break;
                }
                sleep(static_cast<unsigned>(last_restart + 10 - now));
                fatal_signal_run();
            }
        }
        last_restart = std::time(nullptr);
        restarted_before = true;

        VLOG_ERR("{}, restarting", status_msg);
        pid_t pid;
        child_ready = fork_and_wait_for_startup(startup_fd, pid, status) == 0;
        if (pid == 0) {
            break; // the new daemon
        }
        daemon_pid = pid;
    }

    // Running in the restarted daemon, which returns into the program's start-up path.
    proctitle_restore();
    vlog_set_subprogram_name("");
}

} // namespace vigil::detail
