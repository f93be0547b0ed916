// vigil-test-unixctl: the equivalent of OVS's `ovstest test-unixctl`, a minimal daemon serving
// the unixctl test commands (exit, echo, echo_error, log, block) plus the built-ins and the
// vlog commands, for the unixctl and appctl tests. It stays in the foreground.
//
// Usage: vigil-test-unixctl [--unixctl=PATH] [--pidfile[=FILE]] [--log-file[=FILE]]
//                           [-v[SPEC]] [--version-text=TEXT]
#include <vigil/errors.h>
#include <vigil/fatal_signal.h>
#include <vigil/pidfile.h>
#include <vigil/poll_loop.h>
#include <vigil/unixctl.h>
#include <vigil/vlog.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main(int argc, char* argv[]) {
    const char* slash = std::strrchr(argv[0], '/');
    std::string program = slash ? slash + 1 : argv[0];
    vigil::vlog_set_program_name(program);
    vigil::unixctl_set_program_name(program);
    vigil::fatal_signal_init();
    vigil::fatal_ignore_sigpipe();

    std::string unixctl_path;
    bool want_pidfile = false;
    std::string pidfile_name;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        auto value = [&](const char* opt) { return a.substr(std::strlen(opt)); };
        if (a.rfind("--unixctl=", 0) == 0) {
            unixctl_path = value("--unixctl=");
        } else if (a == "--pidfile") {
            want_pidfile = true;
        } else if (a.rfind("--pidfile=", 0) == 0) {
            want_pidfile = true;
            pidfile_name = value("--pidfile=");
        } else if (a == "--log-file" || a.rfind("--log-file=", 0) == 0) {
            std::string f = a.size() > 11 ? value("--log-file=") : "";
            if (int error = vigil::vlog_set_log_file(f)) {
                std::fprintf(stderr, "%s: could not open log file (%s)\n", program.c_str(),
                             vigil::error_text(error).c_str());
                return 1;
            }
        } else if (a.rfind("-v", 0) == 0) {
            std::string spec = a.rfind("--verbose=", 0) == 0 ? value("--verbose=") : value("-v");
            if (spec.empty()) {
                vigil::vlog_set_levels(nullptr, nullptr, vigil::vlog_level::dbg);
            } else if (std::string e = vigil::vlog_set_levels_from_string(spec); !e.empty()) {
                std::fprintf(stderr, "%s: processing \"%s\": %s\n", program.c_str(), spec.c_str(),
                             e.c_str());
                return 1;
            }
        } else if (a.rfind("--version-text=", 0) == 0) {
            vigil::unixctl_set_version_text(value("--version-text="));
        } else {
            std::fprintf(stderr, "%s: unknown option %s\n", program.c_str(), a.c_str());
            return 1;
        }
    }

    if (want_pidfile) {
        std::string error;
        if (vigil::make_pidfile(vigil::make_pidfile_name(pidfile_name, program), false, error)) {
            std::fprintf(stderr, "%s: %s\n", program.c_str(), error.c_str());
            return 1;
        }
    }

    bool exiting = false;
    vigil::unixctl_register_test_commands([&] { exiting = true; });
    vigil::unixctl_register_vlog_commands();
    vigil::unixctl_register_introspection_commands();

    std::unique_ptr<vigil::unixctl_server> server;
    if (vigil::unixctl_server::create(unixctl_path, server)) {
        return 1;
    }
    // Flush the reply to `exit` before leaving: run until the connection's queue drains.
    while (!exiting) {
        vigil::poll_block();
    }
    for (int i = 0; i < 10; i++) {
        vigil::poll_timer_wait(10);
        vigil::poll_block();
    }
    return 0;
}
