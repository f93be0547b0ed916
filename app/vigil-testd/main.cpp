// vigil-testd: a test and demo daemon on the Vigil runtime. It serves JSON-RPC on passive
// remotes like OVS's `test-jsonrpc listen`, can hold reconnecting client sessions, and answers
// the control commands OVS's test-unixctl offers plus a few for crash and session tests.
#include "test_daemon.h"

#include "vigil/daemon.h"
#include "vigil/fatal_signal.h"
#include "vigil/stream_ssl.h"
#include "vigil/unixctl.h"
#include "vigil/version.h"
#include "vigil/vlog.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

void usage() {
    std::printf(
        "vigil-testd: a test and demo daemon for Vigil\n"
        "usage: vigil-testd [OPTIONS]\n"
        "\n"
        "JSON-RPC:\n"
        "  --remote=PSTREAM        serve JSON-RPC on PSTREAM (punix:, ptcp:, pssl:); repeatable\n"
        "  --connect=STREAM        keep a reconnecting session to STREAM; repeatable\n"
        "  --max-message-size=N    drop peers that send a message larger than N bytes\n"
        "  --probe-interval=MS     inactivity probe of accepted sessions (0 = none)\n"
        "  --max-connections=N     close new JSON-RPC peers beyond N open (0 = no limit)\n"
        "\n"
        "Testing:\n"
        "  --crash-after=MS        die by SIGSEGV MS milliseconds after start-up\n"
        "\n"
        "Control:\n"
        "  --unixctl=SOCKET|none   control socket (default <rundir>/vigil-testd.<pid>.ctl)\n"
        "%s"
        "\n"
        "%s"
        "\n"
        "Logging:\n"
        "  -v, --verbose=[SPEC]    set logging levels (e.g. dbg, console:off, file:info)\n"
        "\n"
        "Other:\n"
        "  -h, --help              display this help message\n"
        "  -V, --version           display version information\n",
        vigil::daemon_usage("vigil-testd").c_str(), vigil::stream_ssl_usage().c_str());
}

[[noreturn]] void fail(const std::string& message) {
    std::fprintf(stderr, "vigil-testd: %s (use --help for help)\n", message.c_str());
    std::exit(1);
}

bool take_value(const std::string& arg, const char* name, std::string& value) {
    std::string prefix = std::string(name) + "=";
    if (arg.rfind(prefix, 0) == 0) {
        value = arg.substr(prefix.size());
        return true;
    }
    return false;
}

long long parse_number(const std::string& text, const char* option) {
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end || v < 0) {
        fail(std::string("invalid value \"") + text + "\" for " + option);
    }
    return v;
}

} // namespace

int main(int argc, char* argv[]) {
    vigil::vlog_set_program_name("vigil-testd");
    vigil::unixctl_set_program_name("vigil-testd");
    vigil::fatal_ignore_sigpipe();

    std::vector<std::string> args(argv, argv + argc);
    vigil::daemon_options daemon;
    daemon.program_name = "vigil-testd";
    std::string error;
    if (!vigil::daemon_parse_args(args, daemon, error)) {
        fail(error);
    }

    test_daemon_options options;
    std::string unixctl_path;
    for (std::size_t i = 1; i < args.size(); i++) {
        const std::string& arg = args[i];
        std::string value;
        const char* next = i + 1 < args.size() ? args[i + 1].c_str() : nullptr;
        if (arg == "-h" || arg == "--help") {
            usage();
            return 0;
        } else if (arg == "-V" || arg == "--version") {
            std::printf("vigil-testd (Vigil) %s\n", vigil::version);
            return 0;
        } else if (take_value(arg, "--remote", value)) {
            options.remotes.push_back(value);
        } else if (take_value(arg, "--connect", value)) {
            options.connects.push_back(value);
        } else if (take_value(arg, "--unixctl", value)) {
            unixctl_path = value;
        } else if (take_value(arg, "--crash-after", value)) {
            options.crash_after_ms = parse_number(value, "--crash-after");
        } else if (take_value(arg, "--max-message-size", value)) {
            options.max_message_size = parse_number(value, "--max-message-size");
        } else if (take_value(arg, "--max-connections", value)) {
            options.max_connections = parse_number(value, "--max-connections");
        } else if (take_value(arg, "--probe-interval", value)) {
            options.probe_interval = static_cast<int>(parse_number(value, "--probe-interval"));
        } else if (arg == "-v" || arg == "--verbose") {
            vigil::vlog_set_levels_from_string("dbg");
        } else if (take_value(arg, "--verbose", value) ||
                   (arg.rfind("-v", 0) == 0 && (value = arg.substr(2), true))) {
            std::string msg = vigil::vlog_set_levels_from_string(value);
            if (!msg.empty()) {
                fail(msg);
            }
        } else if (int used = vigil::stream_ssl_parse_option(arg, next); used != 0) {
            if (used < 0) {
                fail("option '" + arg + "' requires an argument");
            }
            i += used - 1;
        } else {
            fail("unrecognized argument '" + arg + "'");
        }
    }

    // Forks (detach, monitor) before anything touches the poll loop.
    vigil::daemonize_start(daemon);

    test_daemon testd(options);
    std::unique_ptr<vigil::unixctl_server> unixctl;
    if (vigil::unixctl_server::create(unixctl_path, unixctl)) {
        return 1;
    }
    testd.register_commands();
    if (testd.start()) {
        return 1;
    }
    vigil::daemonize_complete();

    while (!testd.done()) {
        vigil::poll_block();
    }
    return 0;
}
