#include "vigil/process.h"

#include "process_spawn.h"
#include "process_start.h"
#include "vigil/clock.h"
#include "vigil/errors.h"
#include "vigil/poll_loop.h"
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

namespace {

// The child's environment: the inherited one unless cleared, with `options.env` entries
// replacing inherited ones of the same name.
std::vector<std::string> child_environment(const process_options& options) {
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
    return env;
}

// Finds the program to run as execvp would, in the child's PATH (a relative path with a
// slash is taken inside the child's working directory). Returns 0 and sets `program` to an
// absolute path, or ENOENT after logging.
int resolve_program(const process_options& options, const std::vector<std::string>& env,
                    std::string& program) {
    std::string search_path = "/usr/local/bin:/usr/bin:/bin";
    for (const std::string& e : env) {
        if (e.starts_with("PATH=")) {
            search_path = e.substr(5);
        }
    }
    const std::string& prog = options.argv[0];
    std::string lookup = prog;
    if (prog.find('/') != std::string::npos && prog[0] != '/' && !options.cwd.empty()) {
        lookup = options.cwd + "/" + prog;
    }
    if (process_find_program(lookup, search_path, program)) {
        VLOG_ERR("{} not found in PATH", prog);
        return ENOENT;
    }
    program = absolute(program);
    return 0;
}

} // namespace

namespace detail {

int prepare_spawn(const process_options& options, spawn_request& request) {
    if (options.argv.empty()) {
        return EINVAL;
    }
    request = spawn_request{};
    request.env = child_environment(options);
    if (int error = resolve_program(options, request.env, request.program)) {
        return error;
    }
    request.argv = options.argv;
    request.cwd = options.cwd;
    request.new_process_group = options.new_process_group;
    request.capture_output = options.capture_output;
    if (!options.capture_output) {
        request.stdout_file = options.stdout_file;
        request.stderr_file = options.stderr_file;
    }
    request.null_stdin = options.null_stdin;
    request.parent_death_signal = options.parent_death_signal;
    // Without pidfds the SIGCHLD handler must be in place before the child can exit.
    if (force_fallback.load()) {
        chld_init();
    }
    return 0;
}

std::unique_ptr<process> adopt_child(const process_options& options, const spawned_child& child) {
    const std::string& prog = options.argv[0];
    auto state =
        std::make_unique<process::impl>(options.output_max_lines, options.output_max_line_bytes);
    state->pid = child.pid;
    std::string::size_type slash = prog.rfind('/');
    state->name = slash == std::string::npos ? prog : prog.substr(slash + 1);
    state->own_group = options.new_process_group;
    state->start_wall = time_wall_msec();
    state->pidfd = open_pidfd(child.pid);
    // A pidfd that cannot be kept from children started later would leak into them, so then
    // the SIGCHLD path watches this child instead.
    if (state->pidfd >= 0 && fcntl(state->pidfd, F_SETFD, FD_CLOEXEC) < 0) {
        VLOG_WARN("{}: could not set close-on-exec on its pidfd ({})", prog, error_text(errno));
        close(state->pidfd);
        state->pidfd = -1;
    }
    if (state->pidfd < 0) {
        chld_init();
    }
    state->pipes[0] = child.out_fd;
    state->pipes[1] = child.err_fd;
    process::impl* raw = state.get();
    state->owner = std::make_unique<poll_owner>([raw] { raw->run(); });
    state->owner->schedule();
    VLOG_DBG("started {} as pid {}", process_escape_args(options.argv), child.pid);
    return std::make_unique<process>(std::move(state));
}

} // namespace detail

int process::start(const process_options& options, std::unique_ptr<process>& out) {
    out.reset();
    detail::spawn_request request;
    if (int error = detail::prepare_spawn(options, request)) {
        return error;
    }
    detail::spawned_child child;
    if (int error = detail::spawn(request, options.argv[0], child)) {
        return error;
    }
    out = detail::adopt_child(options, child);
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
