// vigil-testd: a test and demo daemon on the Vigil runtime. It serves JSON-RPC on passive
// remotes like OVS's `test-jsonrpc listen`, can hold reconnecting client sessions, and answers
// the control commands OVS's test-unixctl offers plus a few for crash and session tests.
// It tells on stdout what it does (start-up, connections, requests) and on stderr what goes
// wrong, one human-readable line at a time (activity_output.h).
#include "activity_output.h"
#include "test_daemon.h"

#include "vigil/daemon.h"
#include "vigil/fatal_signal.h"
#include "vigil/parse_number.h"
#include "vigil/stream_ssl.h"
#include "vigil/unixctl.h"
#include "vigil/version.h"
#include "vigil/vlog.h"

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <getopt.h>
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
        "  --max-connections=N     close new JSON-RPC peers beyond N open (0 = no limit)\n"
        "  --probe-interval=MS     inactivity probe of accepted sessions (0 = none)\n"
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
        "  --syslog-method=(libc|unix:file|udp:ip:port|null)\n"
        "                          specify how to send messages to syslog daemon\n"
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

// Parses a non-negative decimal number for `option`; anything else, including a value past
// LLONG_MAX, is refused with a message.
long long parse_number(const char* text, const char* option) {
    unsigned long long v;
    if (!vigil::parse_decimal(text, LLONG_MAX, v)) {
        fail(std::string("invalid value \"") + text + "\" for " + option);
    }
    return static_cast<long long>(v);
}

enum {
    opt_remote = UCHAR_MAX + 1,
    opt_connect,
    opt_unixctl,
    opt_crash_after,
    opt_max_message_size,
    opt_max_connections,
    opt_probe_interval,
    opt_syslog_method,
};

// Parses the command line with getopt_long, which takes "--opt=VALUE" and "--opt VALUE" alike
// and reports unknown options and missing values itself, as OVS's daemons do.
void parse_command_line(int argc, char* argv[], vigil::daemon_options& daemon,
                        test_daemon_options& options, std::string& unixctl_path) {
    std::vector<::option> long_options = {
        {"remote", required_argument, nullptr, opt_remote},
        {"connect", required_argument, nullptr, opt_connect},
        {"unixctl", required_argument, nullptr, opt_unixctl},
        {"crash-after", required_argument, nullptr, opt_crash_after},
        {"max-message-size", required_argument, nullptr, opt_max_message_size},
        {"max-connections", required_argument, nullptr, opt_max_connections},
        {"probe-interval", required_argument, nullptr, opt_probe_interval},
        {"syslog-method", required_argument, nullptr, opt_syslog_method},
        {"verbose", optional_argument, nullptr, 'v'},
        {"help", no_argument, nullptr, 'h'},
        {"version", no_argument, nullptr, 'V'},
    };
    for (const auto& table : {vigil::daemon_long_options(), vigil::stream_ssl_long_options()}) {
        long_options.insert(long_options.end(), table.begin(), table.end());
    }
    long_options.push_back({nullptr, 0, nullptr, 0});

    bool have_syslog_method = false;
    for (;;) {
        int c = getopt_long(argc, argv, "v::hVp:c:C:", long_options.data(), nullptr);
        if (c == -1) {
            break;
        }
        if (int ssl = vigil::stream_ssl_option_for_short(c)) {
            c = ssl;
        }
        switch (c) {
        case opt_remote:
            options.remotes.push_back(optarg);
            break;
        case opt_connect:
            options.connects.push_back(optarg);
            break;
        case opt_unixctl:
            unixctl_path = optarg;
            break;
        case opt_crash_after:
            options.crash_after_ms = parse_number(optarg, "--crash-after");
            break;
        case opt_max_message_size:
            options.max_message_size = parse_number(optarg, "--max-message-size");
            break;
        case opt_max_connections:
            options.max_connections = parse_number(optarg, "--max-connections");
            break;
        case opt_probe_interval: {
            long long ms = parse_number(optarg, "--probe-interval");
            if (ms > INT_MAX) {
                fail(std::string("invalid value \"") + optarg + "\" for --probe-interval");
            }
            options.probe_interval = static_cast<int>(ms);
            break;
        }
        case opt_syslog_method:
            // As in OVS, only the first --syslog-method counts.
            if (!have_syslog_method) {
                have_syslog_method = true;
                if (std::string msg = vigil::vlog_set_syslog_method(optarg); !msg.empty()) {
                    fail(msg);
                }
            }
            break;
        case 'v':
            if (std::string msg = vigil::vlog_set_levels_from_string(optarg ? optarg : "dbg");
                !msg.empty()) {
                fail(msg);
            }
            break;
        case 'h':
            usage();
            std::exit(EXIT_SUCCESS);
        case 'V':
            std::printf("vigil-testd (Vigil) %s\n", vigil::version);
            std::exit(EXIT_SUCCESS);
        case '?':
            std::exit(EXIT_FAILURE);
        default:
            if (!vigil::daemon_handle_option(c, optarg, daemon) &&
                !vigil::stream_ssl_handle_option(c, optarg)) {
                std::abort();
            }
        }
    }
    if (optind < argc) {
        fail(std::string("unrecognized argument '") + argv[optind] + "'");
    }
}

} // namespace

int main(int argc, char* argv[]) {
    activity_init();
    vigil::vlog_set_program_name("vigil-testd");
    vigil::unixctl_set_program_name("vigil-testd");
    vigil::fatal_ignore_sigpipe();

    vigil::daemon_options daemon;
    daemon.program_name = "vigil-testd";
    test_daemon_options options;
    std::string unixctl_path;
    parse_command_line(argc, argv, daemon, options, unixctl_path);

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
    testd.announce(unixctl ? unixctl->path() : std::string());

    while (!testd.done()) {
        vigil::poll_block();
    }
    return 0;
}
