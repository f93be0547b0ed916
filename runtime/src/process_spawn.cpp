#include "process_spawn.h"

#include "vigil/errors.h"
#include "vigil/socket_util.h"
#include "vigil/vlog.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

VLOG_DEFINE_THIS_MODULE(process_spawn);

namespace vigil::detail {
namespace {

// Gives `fd` the number `target` in the child, with close-on-exec cleared either way. Returns
// 0 or the errno of the call that failed (the child then reports it instead of running with
// the wrong standard streams).
int move_fd(int fd, int target) {
    int r;
    if (fd == target) {
        r = fcntl(fd, F_SETFD, 0);
    } else {
        do {
            r = dup2(fd, target);
        } while (r < 0 && errno == EINTR);
    }
    return r < 0 ? errno : 0;
}

// Closes every fd from 3 up, except `keep`. Runs in the child between fork and exec, so it
// uses only async-signal-safe calls.
void close_inherited_fds(int keep, int max_fd) {
    auto close_span = [max_fd](int lo, int hi) {
        if (lo > hi) {
            return;
        }
        if (close_range(lo, hi, 0) == 0) {
            return;
        }
        for (int fd = lo; fd <= std::min(hi, max_fd); fd++) {
            close(fd);
        }
    };
    close_span(3, keep - 1);
    close_span(keep + 1, INT_MAX);
}

// What the child reports through the close-on-exec pipe when it cannot exec.
enum class spawn_stage : int { chdir, exec, streams };

struct exec_failure {
    spawn_stage stage;
    int error;
};

[[noreturn]] void child_fail(int fd, spawn_stage stage, int error) {
    exec_failure f{stage, error};
    ssize_t r = write(fd, &f, sizeof f);
    (void)r;
    _exit(127);
}

// The descriptors of one start, closed on every path that does not hand them on.
struct spawn_fds {
    int report[2] = {-1, -1};
    int out_pipe[2] = {-1, -1};
    int err_pipe[2] = {-1, -1};
    int null_fd = -1;
    int out_file = -1; // the child's stdout file, when one was asked for
    int err_file = -1; // the child's stderr file; equal to out_file when the paths are equal

    ~spawn_fds() {
        if (err_file == out_file) {
            err_file = -1;
        }
        for (int* fd : {&report[0], &report[1], &out_pipe[0], &out_pipe[1], &err_pipe[0],
                        &err_pipe[1], &null_fd, &out_file, &err_file}) {
            close_fd(*fd);
        }
    }

    static void close_fd(int& fd) {
        if (fd >= 0) {
            close(fd);
            fd = -1;
        }
    }

    // Opens the report pipe and, as asked, the output pipes and /dev/null. Returns 0 or errno.
    int open(const spawn_request& request) {
        if (pipe2(report, O_CLOEXEC) < 0 ||
            (request.capture_output &&
             (pipe2(out_pipe, O_CLOEXEC) < 0 || pipe2(err_pipe, O_CLOEXEC) < 0)) ||
            (request.null_stdin && (null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)) {
            return errno;
        }
        return 0;
    }

    // Opens the files the child's stdout and stderr are appended to, as asked (one descriptor
    // for both when the paths are equal). Returns 0, or the errno of open() after logging
    // which file could not be opened.
    int open_files(const spawn_request& request, const std::string& name) {
        if (!request.stdout_file.empty() && (out_file = open_log(request.stdout_file, name)) < 0) {
            return errno;
        }
        if (request.stderr_file.empty()) {
            return 0;
        }
        if (request.stderr_file == request.stdout_file) {
            err_file = out_file;
        } else if ((err_file = open_log(request.stderr_file, name)) < 0) {
            return errno;
        }
        return 0;
    }

    // O_APPEND makes every write of the child land at the end even when the file is truncated
    // behind its back (a reader's copytruncate rotation) or shared with another writer.
    static int open_log(const std::string& path, const std::string& name) {
        int fd;
        do {
            fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
        } while (fd < 0 && errno == EINTR);
        if (fd < 0) {
            int error = errno;
            VLOG_ERR("{}: cannot open {} ({})", name, path, error_text(error));
            errno = error;
        }
        return fd;
    }
};

// The child's side, from fork to exec: default signal dispositions, its own process group if
// asked, the standard streams, the working directory, no inherited descriptors, no blocked
// signals. Never returns.
[[noreturn]] void run_child(const spawn_request& request, spawn_fds& fds, char* const* argv,
                            char* const* envp, int max_fd, pid_t parent) {
    if (request.parent_death_signal != 0) {
        // The parent may have died between fork and prctl: then no signal would ever come.
        if (prctl(PR_SET_PDEATHSIG, request.parent_death_signal) < 0 || getppid() != parent) {
            _exit(127);
        }
    }
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP) {
            struct sigaction sa {};
            sa.sa_handler = SIG_DFL;
            sigaction(sig, &sa, nullptr);
        }
    }
    if (request.new_process_group) {
        setpgid(0, 0);
    }
    if (fds.null_fd >= 0) {
        if (int error = move_fd(fds.null_fd, 0)) {
            child_fail(fds.report[1], spawn_stage::streams, error);
        }
    }
    if (request.capture_output) {
        for (auto [fd, target] : {std::pair{fds.out_pipe[1], 1}, std::pair{fds.err_pipe[1], 2}}) {
            if (int error = move_fd(fd, target)) {
                child_fail(fds.report[1], spawn_stage::streams, error);
            }
        }
    }
    if (fds.out_file >= 0) {
        if (int error = move_fd(fds.out_file, 1)) {
            child_fail(fds.report[1], spawn_stage::streams, error);
        }
    }
    if (fds.err_file >= 0) {
        if (int error = move_fd(fds.err_file, 2)) {
            child_fail(fds.report[1], spawn_stage::streams, error);
        }
    }
    if (!request.cwd.empty() && chdir(request.cwd.c_str()) < 0) {
        child_fail(fds.report[1], spawn_stage::chdir, errno);
    }
    close_inherited_fds(fds.report[1], max_fd);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(request.program.c_str(), argv, envp);
    child_fail(fds.report[1], spawn_stage::exec, errno);
}

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
    std::vector<char*> out;
    out.reserve(strings.size() + 1);
    for (const std::string& s : strings) {
        out.push_back(const_cast<char*>(s.c_str()));
    }
    out.push_back(nullptr);
    return out;
}

} // namespace

int spawn(const spawn_request& request, const std::string& name, spawned_child& child) {
    std::vector<char*> argv = c_strings(request.argv);
    std::vector<char*> envp = c_strings(request.env);
    rlimit nofile{};
    int max_fd = 1024;
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur != RLIM_INFINITY) {
        max_fd = static_cast<int>(std::min<rlim_t>(nofile.rlim_cur, INT_MAX));
    }

    spawn_fds fds;
    if (int error = fds.open_files(request, name)) {
        return error;
    }
    if (int error = fds.open(request)) {
        VLOG_ERR("{}: could not prepare to start ({})", name, error_text(error));
        return error;
    }

    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    const pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        run_child(request, fds, argv.data(), envp.data(), max_fd, parent);
    }
    int fork_error = pid < 0 ? errno : 0;
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (pid < 0) {
        VLOG_ERR("fork failed ({})", error_text(fork_error));
        return fork_error;
    }

    // Setting the group here too closes the race with an early kill_group().
    if (request.new_process_group) {
        setpgid(pid, pid);
    }
    if (fds.err_file == fds.out_file) {
        fds.err_file = -1;
    }
    for (int* fd : {&fds.report[1], &fds.out_pipe[1], &fds.err_pipe[1], &fds.null_fd, &fds.out_file,
                    &fds.err_file}) {
        spawn_fds::close_fd(*fd);
    }
    // The report pipe closes on exec: end of file means the exec happened.
    exec_failure failure{};
    ssize_t n;
    do {
        n = read(fds.report[0], &failure, sizeof failure);
    } while (n < 0 && errno == EINTR);
    if (n == static_cast<ssize_t>(sizeof failure)) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        switch (failure.stage) {
        case spawn_stage::chdir:
            VLOG_ERR("{}: chdir(\"{}\") failed ({})", name, request.cwd, error_text(failure.error));
            break;
        case spawn_stage::streams:
            VLOG_ERR("{}: could not set up the standard streams ({})", name,
                     error_text(failure.error));
            break;
        case spawn_stage::exec:
            VLOG_ERR("execvp(\"{}\") failed: {}", name, error_text(failure.error));
            break;
        }
        return failure.error;
    }

    child = spawned_child{};
    child.pid = pid;
    for (auto [fd, out] :
         {std::pair{&fds.out_pipe[0], &child.out_fd}, std::pair{&fds.err_pipe[0], &child.err_fd}}) {
        // A blocking pipe would stall the whole poll loop on its next drain: rather lose this
        // child's output (said in the log) than every other peer's service.
        if (*fd < 0) {
            continue;
        }
        if (int error = set_nonblocking(*fd)) {
            VLOG_ERR("{}: could not make its output pipe non-blocking ({}); its output is not "
                     "captured",
                     name, error_text(error));
            continue; // closed with the others
        }
        *out = *fd;
        *fd = -1;
    }
    return 0;
}

} // namespace vigil::detail
