// vigil-test-daemon: the daemon under test for the daemon module (OVS's tests/daemon.at uses
// `ovsdb-server --no-db` in this role). It daemonizes as asked, serves a control socket
// (default `<rundir>/vigil-test-daemon.<pid>.ctl`; `version`, `exit` and the test commands),
// and otherwise sleeps in the poll loop until a signal or `exit` ends it.
#include "vigil/daemon.h"
#include "vigil/fatal_signal.h"
#include "vigil/poll_loop.h"
#include "vigil/unixctl.h"
#include "vigil/vlog.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    std::vector<std::string> args(argv, argv + argc);
    vigil::daemon_options opts;
    std::string error;
    if (!vigil::daemon_parse_args(args, opts, error)) {
        std::fprintf(stderr, "vigil-test-daemon: %s\n", error.c_str());
        return 1;
    }
    std::string unixctl_path;
    for (std::size_t i = 1; i < args.size(); i++) {
        const std::string& a = args[i];
        if (a.starts_with("--unixctl=")) {
            unixctl_path = a.substr(10);
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

    std::unique_ptr<vigil::unixctl_server> server;
    if (vigil::unixctl_server::create(unixctl_path, server)) {
        return 1;
    }
    bool exiting = false;
    vigil::unixctl_register_test_commands([&exiting] { exiting = true; });

    vigil::daemonize_complete();
    while (!exiting) {
        vigil::poll_block();
    }
    server.reset();
    return 0;
}
