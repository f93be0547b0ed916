// vigil-test-daemon: the daemon under test for the daemon module (OVS's tests/daemon.at uses
// `ovsdb-server --no-db` in this role). It daemonizes as asked, serves a control socket
// (default `<rundir>/vigil-test-daemon.<pid>.ctl`; `version`, `exit` and the test commands),
// and otherwise sleeps in the poll loop until a signal or `exit` ends it. Test hooks:
// `--exit-after=MS` exits with `--exit-code=N` (default 0) after MS ms of service.
#include "vigil/daemon.h"
#include "vigil/fatal_signal.h"
#include "vigil/poll_loop.h"
#include "vigil/rundir.h"
#include "vigil/vlog.h"
#if __has_include("vigil/unixctl.h")
#include "vigil/unixctl.h"
#define HAVE_UNIXCTL 1
#else
#include "vigil/errors.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#endif

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#if !HAVE_UNIXCTL
// Until the unixctl module lands: a bare listening socket, enough for start-up error checks.
static bool create_plain_socket(std::string path) {
    if (path == "none") {
        return true;
    }
    path = path.empty()
               ? vigil::rundir() + "/vigil-test-daemon." + std::to_string(getpid()) + ".ctl"
               : vigil::abs_file_name_in_rundir(path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    std::snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path.c_str());
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&sun), sizeof sun) < 0 ||
        listen(fd, 64) < 0) {
        std::fprintf(stderr, "vigil-test-daemon: %s: could not initialize control socket (%s)\n",
                     path.c_str(), vigil::error_text(errno).c_str());
        return false;
    }
    vigil::fatal_signal_add_file_to_unlink(path);
    return true;
}
#endif

// Registered before anything else, so it runs after every static destructor: it reads the
// whole environment as a library's exit-time destructor may, so that a build with
// AddressSanitizer reports any environment left pointing at freed memory (a monitor's
// restarted daemon inherits the one its process title relocated).
static volatile std::size_t environment_bytes_at_exit;
static void read_environment_at_exit() {
    std::size_t bytes = 0;
    for (char** e = environ; e && *e; e++) {
        bytes += std::strlen(*e);
    }
    environment_bytes_at_exit = bytes;
}

int main(int argc, char** argv) {
    std::atexit(read_environment_at_exit);
    std::vector<std::string> args(argv, argv + argc);
    vigil::daemon_options opts;
    std::string error;
    if (!vigil::daemon_parse_args(args, opts, error)) {
        std::fprintf(stderr, "vigil-test-daemon: %s\n", error.c_str());
        return 1;
    }
    std::string unixctl_path;
    long long exit_after = -1; // test hook: exit on its own after this many ms of service
    int exit_code = 0;
    for (std::size_t i = 1; i < args.size(); i++) {
        const std::string& a = args[i];
        if (a.starts_with("--unixctl=")) {
            unixctl_path = a.substr(10);
        } else if (a.starts_with("--exit-after=")) {
            exit_after = std::stoll(a.substr(13));
        } else if (a.starts_with("--exit-code=")) {
            exit_code = std::stoi(a.substr(12));
        } else if (a == "--help" || a == "-h") {
            std::printf("usage: vigil-test-daemon [OPTIONS]\n  --unixctl=SOCKET        "
                        "override default control socket name\n%s",
                        vigil::daemon_usage("vigil-test-daemon").c_str());
            return 0;
        } else {
            std::fprintf(stderr, "vigil-test-daemon: unknown option \"%s\"\n", a.c_str());
            return 1;
        }
    }

    vigil::vlog_set_program_name("vigil-test-daemon");
    vigil::fatal_ignore_sigpipe();
    vigil::daemonize_start(opts);

    bool exiting = false;
#if HAVE_UNIXCTL
    std::unique_ptr<vigil::unixctl_server> server;
    if (vigil::unixctl_server::create(unixctl_path, server)) {
        return 1;
    }
    vigil::unixctl_register_test_commands([&exiting] { exiting = true; });
#else
    if (!create_plain_socket(unixctl_path)) {
        return 1;
    }
#endif

    vigil::daemonize_complete();
    vigil::loop_timer stop([&exiting] { exiting = true; });
    if (exit_after >= 0) {
        stop.arm_in(exit_after);
    }
    while (!exiting) {
        vigil::poll_block();
    }
    return exit_after >= 0 ? exit_code : 0;
}
