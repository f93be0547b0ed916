#include "vigil/process.h"

#include "vigil/clock.h"
#include "vigil/errors.h"
#include "vigil/poll_loop.h"
#include "vigil/socket_util.h"
#include "vigil/vlog.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

VLOG_DEFINE_THIS_MODULE(process);

namespace vigil {
namespace {

// Bytes read from one capture pipe per loop iteration, so a chatty child cannot starve the
// other components of the loop (the level-triggered wait brings us back for the rest).
constexpr std::size_t read_budget = 64 * 1024;

std::atomic<bool> force_fallback{false};

// ---- SIGCHLD self-pipe (the fallback when pidfds are unavailable) ----

int chld_pipe[2] = {-1, -1};
std::once_flag chld_once;

void chld_handler(int) {
    int saved = errno;
    char c = 0;
    ssize_t r = write(chld_pipe[1], &c, 1);
    (void)r;
    errno = saved;
}

void chld_init() {
    std::call_once(chld_once, [] {
        if (pipe2(chld_pipe, O_NONBLOCK | O_CLOEXEC) < 0) {
            VLOG_FATAL("could not create SIGCHLD pipe ({})", error_text(errno));
        }
        struct sigaction sa {};
        sa.sa_handler = chld_handler;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_NOCLDSTOP | SA_RESTART;
        if (sigaction(SIGCHLD, &sa, nullptr) < 0) {
            VLOG_FATAL("sigaction(SIGCHLD) failed ({})", error_text(errno));
        }
    });
}

void chld_drain() {
    char buf[64];
    while (read(chld_pipe[0], buf, sizeof buf) > 0) {
    }
}

int open_pidfd(pid_t pid) {
    if (force_fallback.load()) {
        return -1;
    }
    return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
}

// ---- children whose process object was destroyed before they exited ----

std::mutex abandoned_mutex;
std::vector<pid_t> abandoned;

void reap_abandoned() {
    std::lock_guard lock(abandoned_mutex);
    std::erase_if(abandoned, [](pid_t pid) {
        int status;
        pid_t r = waitpid(pid, &status, WNOHANG);
        return r == pid || (r < 0 && errno == ECHILD);
    });
}

bool needs_quotes(const std::string& arg) {
    return arg.find_first_of(" \t\r\n\v\\'\"") != std::string::npos;
}

bool is_executable_file(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

std::string absolute(const std::string& path) {
    if (!path.empty() && path[0] == '/') {
        return path;
    }
    char buf[4096];
    if (!getcwd(buf, sizeof buf)) {
        return path;
    }
    return std::string(buf) + "/" + path;
}

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
struct exec_failure {
    int stage; // 0 chdir, 1 exec, 2 setting up the standard streams
    int error;
};

[[noreturn]] void child_fail(int fd, int stage, int error) {
    exec_failure f{stage, error};
    ssize_t r = write(fd, &f, sizeof f);
    (void)r;
    _exit(127);
}

} // namespace

// ---- process state ----------------------------------------------------------------------

struct process::impl {
    pid_t pid = -1;
    std::string name;
    bool own_group = false;
    bool exited = false;
    int status = 0;
    long long start_wall = 0;
    long long exit_wall = 0;
    int pidfd = -1;          // -1 when the SIGCHLD pipe is used
    int pipes[2] = {-1, -1}; // capture read ends, indexed by output_stream
    output_ring ring;
    std::function<void(int)> exit_cb;
    bool exit_notified = false;
    std::function<void(const output_line&)> output_cb;
    std::uint64_t delivered_seq = 0;
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);
    std::unique_ptr<poll_owner> owner;

    impl(std::size_t max_lines, std::size_t max_line_bytes) : ring(max_lines, max_line_bytes) {}

    ~impl() {
        *alive = false;
        owner.reset(); // first, so no epoll registration outlives its fd
        for (int& fd : pipes) {
            if (fd >= 0) {
                close(fd);
            }
        }
        if (pidfd >= 0) {
            close(pidfd);
        }
        if (!exited && pid > 0) {
            int st;
            if (waitpid(pid, &st, WNOHANG) == 0) {
                std::lock_guard lock(abandoned_mutex);
                abandoned.push_back(pid);
            }
        }
    }

    int wake_fd() const { return pidfd >= 0 ? pidfd : chld_pipe[0]; }

    void try_reap() {
        if (pidfd < 0) {
            chld_drain();
        }
        int st = 0;
        pid_t r;
        do {
            r = waitpid(pid, &st, WNOHANG);
        } while (r < 0 && errno == EINTR);
        if (r == 0) {
            return;
        }
        exited = true;
        status = r == pid ? st : -1;
        exit_wall = time_wall_msec();
        reap_abandoned();
    }

    void read_pipe(output_stream stream) {
        int& fd = pipes[static_cast<int>(stream)];
        if (fd < 0) {
            return;
        }
        char buf[4096];
        std::size_t total = 0;
        while (total < read_budget) {
            ssize_t n = read(fd, buf, sizeof buf);
            if (n > 0) {
                ring.append(stream, std::string_view(buf, n), time_wall_msec());
                total += n;
                continue;
            }
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0 && errno == EAGAIN) {
                return;
            }
            // EOF or a hard error: the stream is over.
            ring.finish(stream);
            close(fd);
            fd = -1;
            return;
        }
    }

    void run() {
        if (!exited) {
            try_reap();
        }
        read_pipe(output_stream::out);
        read_pipe(output_stream::err);

        if (!exited) {
            poll_fd_wait(wake_fd(), POLLIN);
        }
        for (int fd : pipes) {
            if (fd >= 0) {
                poll_fd_wait(fd, POLLIN);
            }
        }

        // Callbacks last: any of them may destroy this process.
        std::shared_ptr<bool> token = alive;
        if (output_cb && ring.last_seq() > delivered_seq) {
            std::vector<output_line> fresh = ring.since(delivered_seq);
            delivered_seq = ring.last_seq();
            for (const output_line& line : fresh) {
                output_cb(line);
                if (!*token) {
                    return;
                }
            }
        }
        if (exited && !exit_notified && exit_cb) {
            exit_notified = true;
            std::function<void(int)> cb = std::move(exit_cb);
            cb(status);
        }
    }
};

process::process(std::unique_ptr<impl> state) : impl_(std::move(state)) {}

process::~process() = default;

int process::start(const std::vector<std::string>& argv, std::unique_ptr<process>& out) {
    process_options options;
    options.argv = argv;
    return start(options, out);
}

int process::start(const process_options& options, std::unique_ptr<process>& out) {
    out.reset();
    if (options.argv.empty()) {
        return EINVAL;
    }

    // The environment, with `env` entries replacing inherited ones of the same name.
    std::vector<std::string> env;
    if (!options.clear_env) {
        for (char** e = environ; e && *e; e++) {
            env.emplace_back(*e);
        }
    }
    for (const std::string& entry : options.env) {
        std::string key = entry.substr(0, entry.find('=') + 1);
        std::erase_if(env, [&](const std::string& e) { return e.starts_with(key); });
        env.push_back(entry);
    }
    std::string search_path = "/usr/local/bin:/usr/bin:/bin";
    for (const std::string& e : env) {
        if (e.starts_with("PATH=")) {
            search_path = e.substr(5);
        }
    }

    const std::string& prog = options.argv[0];
    std::string program;
    std::string lookup = prog;
    if (prog.find('/') != std::string::npos && prog[0] != '/' && !options.cwd.empty()) {
        lookup = options.cwd + "/" + prog;
    }
    if (process_find_program(lookup, search_path, program)) {
        VLOG_ERR("{} not found in PATH", prog);
        return ENOENT;
    }
    program = absolute(program);

    // Everything the child needs is prepared now: after fork it may only make
    // async-signal-safe calls (the parent may have other threads).
    std::vector<char*> argv_c;
    for (const std::string& a : options.argv) {
        argv_c.push_back(const_cast<char*>(a.c_str()));
    }
    argv_c.push_back(nullptr);
    std::vector<char*> env_c;
    for (const std::string& e : env) {
        env_c.push_back(const_cast<char*>(e.c_str()));
    }
    env_c.push_back(nullptr);
    rlimit nofile{};
    int max_fd = 1024;
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur != RLIM_INFINITY) {
        max_fd = static_cast<int>(std::min<rlim_t>(nofile.rlim_cur, INT_MAX));
    }

    int report[2] = {-1, -1};
    int out_pipe[2] = {-1, -1};
    int err_pipe[2] = {-1, -1};
    int null_fd = -1;
    auto close_all = [&] {
        for (int fd :
             {report[0], report[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], null_fd}) {
            if (fd >= 0) {
                close(fd);
            }
        }
    };
    if (pipe2(report, O_CLOEXEC) < 0 ||
        (options.capture_output &&
         (pipe2(out_pipe, O_CLOEXEC) < 0 || pipe2(err_pipe, O_CLOEXEC) < 0)) ||
        (options.null_stdin && (null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)) {
        int error = errno;
        close_all();
        VLOG_ERR("{}: could not prepare to start ({})", prog, error_text(error));
        return error;
    }

    bool fallback = force_fallback.load();
    if (fallback) {
        chld_init();
    }

    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    pid_t pid = fork();
    if (pid == 0) {
        // Child.
        for (int sig = 1; sig < NSIG; sig++) {
            if (sig != SIGKILL && sig != SIGSTOP) {
                struct sigaction sa {};
                sa.sa_handler = SIG_DFL;
                sigaction(sig, &sa, nullptr);
            }
        }
        if (options.new_process_group) {
            setpgid(0, 0);
        }
        if (null_fd >= 0) {
            if (int error = move_fd(null_fd, 0)) {
                child_fail(report[1], 2, error);
            }
        }
        if (options.capture_output) {
            for (auto [fd, target] : {std::pair{out_pipe[1], 1}, std::pair{err_pipe[1], 2}}) {
                if (int error = move_fd(fd, target)) {
                    child_fail(report[1], 2, error);
                }
            }
        }
        if (!options.cwd.empty() && chdir(options.cwd.c_str()) < 0) {
            child_fail(report[1], 0, errno);
        }
        close_inherited_fds(report[1], max_fd);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        execve(program.c_str(), argv_c.data(), env_c.data());
        child_fail(report[1], 1, errno);
    }
    int fork_error = pid < 0 ? errno : 0;
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (pid < 0) {
        close_all();
        VLOG_ERR("fork failed ({})", error_text(fork_error));
        return fork_error;
    }

    // Parent. Setting the group here too closes the race with an early kill_group().
    if (options.new_process_group) {
        setpgid(pid, pid);
    }
    close(report[1]);
    report[1] = -1;
    for (int* fd : {&out_pipe[1], &err_pipe[1], &null_fd}) {
        if (*fd >= 0) {
            close(*fd);
            *fd = -1;
        }
    }
    exec_failure failure{};
    ssize_t n;
    do {
        n = read(report[0], &failure, sizeof failure);
    } while (n < 0 && errno == EINTR);
    close(report[0]);
    report[0] = -1;
    if (n == static_cast<ssize_t>(sizeof failure)) {
        int st;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
        }
        close_all();
        if (failure.stage == 0) {
            VLOG_ERR("{}: chdir(\"{}\") failed ({})", prog, options.cwd, error_text(failure.error));
        } else if (failure.stage == 2) {
            VLOG_ERR("{}: could not set up the standard streams ({})", prog,
                     error_text(failure.error));
        } else {
            VLOG_ERR("execvp(\"{}\") failed: {}", prog, error_text(failure.error));
        }
        return failure.error;
    }

    auto state = std::make_unique<impl>(options.output_max_lines, options.output_max_line_bytes);
    state->pid = pid;
    std::string::size_type slash = prog.rfind('/');
    state->name = slash == std::string::npos ? prog : prog.substr(slash + 1);
    state->own_group = options.new_process_group;
    state->start_wall = time_wall_msec();
    if (!fallback) {
        state->pidfd = open_pidfd(pid);
        // A pidfd that cannot be kept from children started later would leak into them, so
        // then the SIGCHLD path watches this child instead.
        if (state->pidfd >= 0 && fcntl(state->pidfd, F_SETFD, FD_CLOEXEC) < 0) {
            VLOG_WARN("{}: could not set close-on-exec on its pidfd ({})", prog, error_text(errno));
            close(state->pidfd);
            state->pidfd = -1;
        }
        if (state->pidfd < 0) {
            chld_init();
        }
    }
    for (int* fd : {&out_pipe[0], &err_pipe[0]}) {
        // A blocking pipe would stall the whole poll loop on its next drain: rather lose this
        // child's output (said in the log) than every other peer's service.
        if (*fd >= 0) {
            if (int error = set_nonblocking(*fd)) {
                VLOG_ERR("{}: could not make its output pipe non-blocking ({}); its output is "
                         "not captured",
                         prog, error_text(error));
                close(*fd);
                *fd = -1;
            }
        }
    }
    state->pipes[0] = out_pipe[0];
    state->pipes[1] = err_pipe[0];
    impl* raw = state.get();
    state->owner = std::make_unique<poll_owner>([raw] { raw->run(); });
    state->owner->schedule();
    out = std::make_unique<process>(std::move(state));
    VLOG_DBG("started {} as pid {}", process_escape_args(options.argv), pid);
    return 0;
}

pid_t process::pid() const {
    return impl_->pid;
}
const std::string& process::name() const {
    return impl_->name;
}
bool process::exited() const {
    return impl_->exited;
}
int process::status() const {
    return impl_->status;
}
long long process::start_wall_msec() const {
    return impl_->start_wall;
}
long long process::exit_wall_msec() const {
    return impl_->exit_wall;
}
const output_ring& process::output() const {
    return impl_->ring;
}
bool process::capturing() const {
    return impl_->pipes[0] >= 0 || impl_->pipes[1] >= 0;
}

void process::on_exit(std::function<void(int)> callback) {
    impl_->exit_cb = std::move(callback);
    impl_->exit_notified = false;
    if (impl_->exited) {
        impl_->owner->schedule();
    }
}

void process::on_output(std::function<void(const output_line&)> callback) {
    impl_->output_cb = std::move(callback);
    impl_->delivered_seq = impl_->ring.last_seq();
}

int process::kill(int sig) {
    if (impl_->exited) {
        return ESRCH;
    }
    return ::kill(impl_->pid, sig) < 0 ? errno : 0;
}

int process::kill_group(int sig) {
    if (!impl_->own_group) {
        return EINVAL;
    }
    return killpg(impl_->pid, sig) < 0 ? errno : 0;
}

void process::wait() const {
    if (impl_->exited) {
        poll_immediate_wake();
    } else {
        poll_fd_wait(impl_->wake_fd(), POLLIN);
    }
}

std::string process_status_msg(int status) {
    std::string s;
    if (WIFEXITED(status)) {
        s = "exit status " + std::to_string(WEXITSTATUS(status));
    } else if (WIFSIGNALED(status)) {
        s = "killed (" + signal_name(WTERMSIG(status)) + ")";
    } else if (WIFSTOPPED(status)) {
        s = "stopped (" + signal_name(WSTOPSIG(status)) + ")";
    } else {
        s = fmt::format("terminated abnormally ({:x})", static_cast<unsigned>(status));
    }
    if (WCOREDUMP(status)) {
        s += ", core dumped";
    }
    return s;
}

std::string process_escape_args(const std::vector<std::string>& argv) {
    std::string out;
    for (const std::string& arg : argv) {
        if (!out.empty()) {
            out += ' ';
        }
        if (!needs_quotes(arg)) {
            out += arg;
            continue;
        }
        out += '"';
        for (char c : arg) {
            if (c == '\\' || c == '"') {
                out += '\\';
            }
            out += c;
        }
        out += '"';
    }
    return out;
}

int process_find_program(const std::string& name, const std::string& search_path,
                         std::string& path) {
    if (name.empty()) {
        return ENOENT;
    }
    if (name.find('/') != std::string::npos) {
        struct stat st;
        if (stat(name.c_str(), &st) == 0) {
            path = name;
            return 0;
        }
        return ENOENT;
    }
    std::string::size_type begin = 0;
    for (;;) {
        std::string::size_type end = search_path.find(':', begin);
        std::string dir = search_path.substr(begin, end - begin);
        std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
        if (is_executable_file(candidate)) {
            path = candidate;
            return 0;
        }
        if (end == std::string::npos) {
            return ENOENT;
        }
        begin = end + 1;
    }
}

void process_force_sigchld_fallback(bool force) {
    force_fallback.store(force);
}

} // namespace vigil
