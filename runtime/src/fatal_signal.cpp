#include "vigil/fatal_signal.h"

#include "vigil/errors.h"
#include "vigil/vlog.h"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <mutex>
#include <unistd.h>
#include <vector>

VLOG_DEFINE_THIS_MODULE(fatal_signal);

namespace vigil {
namespace {

constexpr int fatal_signals[] = {SIGTERM, SIGINT, SIGHUP, SIGALRM};
constexpr std::size_t max_hooks = 32;

struct hook {
    std::function<void()> fn;
    bool run_at_exit;
};

int signal_pipe[2] = {-1, -1};
volatile sig_atomic_t stored_signal = 0;
bool initialized = false;
bool hooks_ran = false;
std::vector<hook>& hooks() {
    static std::vector<hook> h;
    return h;
}
std::vector<std::string>& files() {
    static std::vector<std::string> f;
    return f;
}

void handler(int signo) {
    int saved = errno;
    if (!stored_signal) {
        stored_signal = signo;
    }
    if (signal_pipe[1] >= 0) {
        char c = 0;
        ssize_t r = write(signal_pipe[1], &c, 1);
        (void)r;
    }
    errno = saved;
}

void make_pipe() {
    if (pipe2(signal_pipe, O_NONBLOCK | O_CLOEXEC) < 0) {
        VLOG_FATAL("failed to create the signal pipe ({})", error_text(errno));
    }
}

void unlink_files() {
    for (const std::string& f : files()) {
        unlink(f.c_str());
    }
    files().clear();
}

void run_hooks(bool at_exit) {
    if (hooks_ran) {
        return;
    }
    hooks_ran = true;
    for (hook& h : hooks()) {
        if (!at_exit || h.run_at_exit) {
            h.fn();
        }
    }
    unlink_files();
}

void at_exit_handler() {
    run_hooks(true);
}

} // namespace

void fatal_signal_init() {
    if (initialized) {
        return;
    }
    initialized = true;
    make_pipe();
    for (int sig : fatal_signals) {
        struct sigaction old {};
        sigaction(sig, nullptr, &old);
        if (old.sa_handler == SIG_DFL) {
            struct sigaction sa {};
            sa.sa_handler = handler;
            sigemptyset(&sa.sa_mask);
            sa.sa_flags = SA_RESTART;
            sigaction(sig, &sa, nullptr);
        }
    }
    // Construct the registries before registering the handler: function-local statics built
    // later would be destroyed before it runs at exit, and it would use dead vectors.
    hooks();
    files();
    std::atexit(at_exit_handler);
}

int fatal_signal_fd() {
    fatal_signal_init();
    return signal_pipe[0];
}

void fatal_signal_run() {
    if (!stored_signal) {
        return;
    }
    int signo = stored_signal;
    char buf[64];
    while (read(signal_pipe[0], buf, sizeof buf) > 0) {
    }
    VLOG_WARN("terminating with signal {} ({})", signo, signal_name(signo));
    run_hooks(false);
    signal(signo, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
    raise(signo);
    // Only reached if the signal was somehow ignored.
    std::_Exit(128 + signo);
}

void fatal_signal_add_hook(std::function<void()> fn, bool run_at_exit) {
    fatal_signal_init();
    if (hooks().size() >= max_hooks) {
        VLOG_FATAL("too many fatal-signal hooks (at most {})", max_hooks);
    }
    hooks().push_back({std::move(fn), run_at_exit});
}

void fatal_signal_add_file_to_unlink(const std::string& path) {
    fatal_signal_init();
    if (std::find(files().begin(), files().end(), path) == files().end()) {
        files().push_back(path);
    }
}

void fatal_signal_remove_file_to_unlink(const std::string& path) {
    std::erase(files(), path);
}

int fatal_signal_unlink_file_now(const std::string& path) {
    int error = unlink(path.c_str()) < 0 ? errno : 0;
    if (error) {
        VLOG_WARN("could not unlink \"{}\" ({})", path, error_text(error));
    }
    fatal_signal_remove_file_to_unlink(path);
    return error;
}

void fatal_ignore_sigpipe() {
    signal(SIGPIPE, SIG_IGN);
}

void fatal_signal_fork() {
    hooks().clear();
    files().clear();
    if (initialized) {
        close(signal_pipe[0]);
        close(signal_pipe[1]);
        make_pipe();
    }
    if (stored_signal) {
        raise(stored_signal);
    }
}

void fatal_signal_atexit() {
    run_hooks(true);
}

void fatal_signal_block() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : fatal_signals) {
        sigaddset(&set, sig);
    }
    sigprocmask(SIG_BLOCK, &set, nullptr);
}

void fatal_signal_unblock() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : fatal_signals) {
        sigaddset(&set, sig);
    }
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
}

} // namespace vigil
