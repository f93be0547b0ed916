#include "vigil/daemon.h"

#include "daemon_private.h"
#include "vigil/errors.h"
#include "vigil/fatal_signal.h"
#include "vigil/pidfile.h"
#include "vigil/process.h"
#include "vigil/rundir.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <getopt.h>
#include <sys/wait.h>
#include <unistd.h>

VLOG_DEFINE_THIS_MODULE(daemon_unix);

namespace vigil {

namespace detail {
vlog_module& daemon_unix_module() {
    return this_module_;
}
} // namespace detail

namespace {

daemon_options config;
std::string pidfile;   // resolved path, "" without --pidfile
int daemonize_fd = -1; // start-up pipe towards whoever waits for us
bool completed = false;
bool detached = false;
bool monitored = false;

struct option_spec {
    const char* name;
    int has_arg;
    daemon_option_id id;
};

constexpr option_spec specs[] = {
    {"detach", no_argument, daemon_opt_detach},
    {"no-chdir", no_argument, daemon_opt_no_chdir},
    {"pidfile", optional_argument, daemon_opt_pidfile},
    {"overwrite-pidfile", no_argument, daemon_opt_overwrite_pidfile},
    {"monitor", no_argument, daemon_opt_monitor},
    {"log-file", optional_argument, daemon_opt_log_file},
    {"bail", no_argument, daemon_opt_bail},
    {"user", required_argument, daemon_opt_user},
    {"no-self-confinement", no_argument, daemon_opt_no_self_confinement},
};

std::string program_name_of(const daemon_options& opts) {
    return opts.program_name.empty() ? std::string(program_invocation_short_name)
                                     : opts.program_name;
}

} // namespace

std::vector<option> daemon_long_options() {
    std::vector<option> v;
    for (const option_spec& s : specs) {
        v.push_back({s.name, s.has_arg, nullptr, s.id});
    }
    return v;
}

bool daemon_handle_option(int id, const char* arg, daemon_options& opts) {
    switch (id) {
    case daemon_opt_detach:
        opts.detach = true;
        return true;
    case daemon_opt_no_chdir:
        opts.no_chdir = true;
        return true;
    case daemon_opt_pidfile:
        opts.pidfile = true;
        opts.pidfile_name = arg ? arg : "";
        return true;
    case daemon_opt_overwrite_pidfile:
        opts.overwrite_pidfile = true;
        return true;
    case daemon_opt_monitor:
        opts.monitor = true;
        return true;
    case daemon_opt_log_file:
        opts.log_file = true;
        opts.log_file_name = arg ? arg : "";
        return true;
    case daemon_opt_bail:
        opts.bail = true;
        return true;
    case daemon_opt_user:
        opts.user = arg ? arg : "";
        return true;
    case daemon_opt_no_self_confinement:
        opts.self_confinement = false;
        return true;
    default:
        return false;
    }
}

bool daemon_parse_args(std::vector<std::string>& args, daemon_options& opts, std::string& error) {
    for (std::size_t i = 1; i < args.size();) {
        const std::string& arg = args[i];
        if (arg == "--") {
            break;
        }
        if (!arg.starts_with("--")) {
            i++;
            continue;
        }
        std::string::size_type eq = arg.find('=');
        std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
        const option_spec* spec = nullptr;
        for (const option_spec& s : specs) {
            if (name == s.name) {
                spec = &s;
            }
        }
        if (!spec) {
            i++;
            continue;
        }
        if (eq != std::string::npos && spec->has_arg == no_argument) {
            error = "option '--" + name + "' doesn't allow an argument";
            return false;
        }
        if (eq == std::string::npos && spec->has_arg == required_argument) {
            error = "option '--" + name + "' requires an argument";
            return false;
        }
        std::string value = eq == std::string::npos ? std::string() : arg.substr(eq + 1);
        daemon_handle_option(spec->id, eq == std::string::npos ? nullptr : value.c_str(), opts);
        args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
    }
    return true;
}

std::string daemon_usage(const std::string& program) {
    std::string dir = rundir();
    return fmt::format("\nDaemon options:\n"
                       "  --detach                run in background as daemon\n"
                       "  --monitor               creates a process to monitor this daemon\n"
                       "  --user=username[:group] changes the effective user/group of the daemon\n"
                       "  --no-chdir              do not chdir to '/'\n"
                       "  --pidfile[=FILE]        create pidfile (default: {}/{}.pid)\n"
                       "  --overwrite-pidfile     with --pidfile, start even if already running\n"
                       "  --log-file[=FILE]       enable logging to specified FILE\n",
                       dir, program);
}

namespace detail {

int fork_and_wait_for_startup(int& fd, pid_t& child_pid, int& status) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0) {
        VLOG_FATAL("pipe failed ({})", error_text(errno));
    }
    // Unflushed stdio data would otherwise be written by both processes.
    std::fflush(nullptr);
    pid_t pid = fork();
    if (pid < 0) {
        VLOG_FATAL("fork failed ({})", error_text(errno));
    }
    if (pid == 0) {
        close(fds[0]);
        fd = fds[1];
        child_pid = 0;
        return 0;
    }

    fatal_signal_fork();
    close(fds[1]);
    fd = fds[0];
    child_pid = pid;
    char c;
    ssize_t n;
    do {
        n = read(fds[0], &c, 1);
    } while (n < 0 && errno == EINTR);
    if (n == 1) {
        return 0;
    }
    int st = 0;
    pid_t r;
    do {
        r = waitpid(pid, &st, 0);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        VLOG_FATAL("waitpid failed ({})", error_text(errno));
    }
    if (WIFEXITED(st) && WEXITSTATUS(st)) {
        // Pass the child's failure on to our own parent, as a courtesy.
        std::exit(WEXITSTATUS(st));
    }
    VLOG_ERR("fork child died before signaling startup ({})", process_status_msg(st));
    status = st;
    return -1;
}

void fork_notify_startup(int fd) {
    if (fd < 0) {
        return;
    }
    ssize_t n;
    do {
        n = write(fd, "", 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1) {
        VLOG_FATAL("pipe write failed ({})", error_text(n < 0 ? errno : EIO));
    }
}

} // namespace detail

void daemonize_start(const daemon_options& opts) {
    config = opts;
    config.program_name = program_name_of(opts);
    pidfile = config.pidfile ? make_pidfile_name(config.pidfile_name, config.program_name) : "";
    daemonize_fd = -1;
    completed = false;

    if (config.log_file) {
        // As in OVS, a relative FILE is taken inside the log directory.
        std::string path = config.log_file_name;
        if (!path.empty() && path[0] != '/') {
            const char* dir = std::getenv("OVS_LOGDIR");
            path = std::string(dir && *dir ? dir : "/var/log/vigil") + "/" + path;
        }
        if (int error = vlog_set_log_file(path)) {
            VLOG_WARN("failed to open log file ({})", error_text(error));
        }
    }

    if (!config.user.empty()) {
        detail::switch_user(config.user, pidfile.empty() ? config.program_name : pidfile,
                            config.log_file ? vlog_get_log_file() : std::string());
    }

    int status = 0;
    if (config.detach) {
        pid_t pid;
        if (detail::fork_and_wait_for_startup(daemonize_fd, pid, status)) {
            VLOG_FATAL("could not detach from foreground session");
        }
        if (pid > 0) {
            // The foreground parent: the daemon (or its monitor) has started.
            std::exit(0);
        }
        setsid();
        detached = true;
    }

    if (config.monitor) {
        int parent_fd = daemonize_fd;
        pid_t daemon_pid;
        if (detail::fork_and_wait_for_startup(daemonize_fd, daemon_pid, status)) {
            VLOG_FATAL("could not initiate process monitoring");
        }
        if (daemon_pid > 0) {
            // The monitor: report start-up upwards, then supervise. Only a restarted daemon
            // returns from monitor_daemon().
            detail::fork_notify_startup(parent_fd);
            if (parent_fd >= 0) {
                close(parent_fd);
            }
            if (config.detach) {
                daemon_close_standard_fds();
            }
            detail::monitor_daemon(daemon_pid, daemonize_fd, config.program_name);
        } else if (parent_fd >= 0) {
            // The first daemon: the foreground parent hears from the monitor, not from us.
            close(parent_fd);
        }
        monitored = true;
    }

    if (!pidfile.empty()) {
        std::string message;
        if (make_pidfile(pidfile, config.overwrite_pidfile, message)) {
            VLOG_FATAL("{}", message);
        }
    }
    detail::crash_backtrace_install(monitored ? daemonize_fd : -1);

    if (config.bail) {
        VLOG_FATAL("exiting after daemonize_start() as requested");
    }
}

void daemonize_complete() {
    if (completed) {
        return;
    }
    completed = true;
    // Unlike OVS, detach fully before telling the waiting parent: once the foreground command
    // returns, the daemon already sits in "/" and holds none of the caller's terminal or pipes.
    if (config.detach) {
        if (!config.no_chdir && chdir("/") < 0) {
            VLOG_WARN("chdir(\"/\") failed ({})", error_text(errno));
        }
        daemon_close_standard_fds();
    }
    detail::fork_notify_startup(daemonize_fd);
    if (!monitored && daemonize_fd >= 0) {
        close(daemonize_fd);
        daemonize_fd = -1;
    }
}

void daemonize(const daemon_options& opts) {
    daemonize_start(opts);
    daemonize_complete();
}

std::string daemon_pidfile_name() {
    return pidfile;
}
bool daemon_is_detached() {
    return detached;
}
bool daemon_is_monitored() {
    return monitored;
}

void daemon_close_standard_fds() {
    int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null_fd >= 0) {
        for (int fd = 0; fd < 3; fd++) {
            dup2(null_fd, fd);
        }
        if (null_fd > 2) {
            close(null_fd);
        } else {
            fcntl(null_fd, F_SETFD, 0);
        }
    }
    // Nobody reads the console of a detached daemon; formatting for it would waste CPU.
    vlog_dest console = vlog_dest::console;
    vlog_set_levels(nullptr, &console, vlog_level::off);
}

} // namespace vigil
