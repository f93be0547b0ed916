// vigil-rpc: sends one JSON-RPC request or notification to a stream and prints the reply, like
// OVS's `test-jsonrpc request|notify`.
#include "vigil/errors.h"
#include "vigil/exec_args.h"
#include "vigil/fatal_signal.h"
#include "vigil/json.h"
#include "vigil/jsonrpc.h"
#include "vigil/parse_number.h"
#include "vigil/remote_target.h"
#include "vigil/stream.h"
#include "vigil/stream_ssl.h"
#include "vigil/version.h"
#include "vigil/vlog.h"

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <getopt.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

void usage() {
    std::printf("vigil-rpc: send one JSON-RPC message\n"
                "usage: vigil-rpc [OPTIONS] COMMAND ARG...\n"
                "\n"
                "Commands:\n"
                "  request STREAM METHOD PARAMS  send a request and print the reply as compact\n"
                "                                JSON with sorted keys; exit 0 for a reply, 2 for\n"
                "                                an error reply\n"
                "  notify STREAM METHOD PARAMS   send a notification\n"
                "PARAMS is a JSON array, e.g. '[]' or '[\"Open_vSwitch\"]'. STREAM is unix:PATH,\n"
                "tcp:HOST[:PORT], ssl:HOST[:PORT] (default port 6640) or exec:COMMAND (a\n"
                "command whose stdin and stdout are the connection). With -H, STREAM is\n"
                "unix:PATH, a socket on that host.\n"
                "\n"
                "Options:\n"
                "  -T, --timeout=SECS    give up after SECS seconds (default: wait forever)\n"
                "  --max-reply-size=BYTES  refuse a reply larger than BYTES (default: no limit)\n"
                "  -H, --host=DEST       reach STREAM on host DEST through ssh ($VIGIL_SSH,\n"
                "                        default \"ssh\")\n"
                "  --ssh-option=OPTION   pass \"-o OPTION\" to ssh (repeatable)\n"
                "  -h, --help            display this help message\n"
                "  -V, --version         display version information\n"
                "\n"
                "%s",
                vigil::stream_ssl_usage().c_str());
}

[[noreturn]] void fail(const std::string& message) {
    std::fprintf(stderr, "vigil-rpc: %s\n", message.c_str());
    std::exit(1);
}

boost::json::value parse_params(const std::string& text) {
    std::string error;
    auto v = vigil::json_from_string(text, &error);
    if (!v) {
        fail("PARAMS: " + error);
    }
    if (!v->is_array()) {
        fail("PARAMS: must be a JSON array");
    }
    return std::move(*v);
}

enum { opt_max_reply_size = UCHAR_MAX + 1, opt_ssh_option };

struct options {
    long long timeout_ms = -1;
    std::size_t max_reply_size = 0; // 0: no limit
    std::string host;               // -H: reach the stream through ssh
    std::vector<std::string> ssh_options;
};

// Parses a positive number of seconds (fractions allowed) into milliseconds.
bool parse_timeout(const char* s, long long& ms) {
    char* end = nullptr;
    errno = 0;
    double secs = std::strtod(s, &end);
    if (!*s || *end || errno || !(secs > 0) || secs > 1e9) {
        return false;
    }
    ms = static_cast<long long>(secs * 1000);
    return true;
}

// Parses the options with getopt_long, which takes "--opt=VALUE" and "--opt VALUE" alike and
// prints its own diagnostics ("vigil-rpc: unrecognized option '--x'"); the command words stay
// in argv from optind on ('+': options end at the first word).
options parse_command_line(int argc, char* argv[]) {
    std::vector<::option> long_options = {
        {"timeout", required_argument, nullptr, 'T'},
        {"max-reply-size", required_argument, nullptr, opt_max_reply_size},
        {"host", required_argument, nullptr, 'H'},
        {"ssh-option", required_argument, nullptr, opt_ssh_option},
        {"help", no_argument, nullptr, 'h'},
        {"version", no_argument, nullptr, 'V'},
    };
    for (const ::option& o : vigil::stream_ssl_long_options()) {
        long_options.push_back(o);
    }
    long_options.push_back({nullptr, 0, nullptr, 0});

    options opts;
    for (;;) {
        int c = getopt_long(argc, argv, "+T:H:hVp:c:C:", long_options.data(), nullptr);
        if (c == -1) {
            break;
        }
        if (int ssl = vigil::stream_ssl_option_for_short(c)) {
            c = ssl;
        }
        switch (c) {
        case 'T':
            if (!parse_timeout(optarg, opts.timeout_ms)) {
                fail(std::string("value \"") + optarg + "\" on -T or --timeout is invalid");
            }
            break;
        case opt_max_reply_size:
            if (unsigned long long v; vigil::parse_decimal(optarg, SIZE_MAX, v)) {
                opts.max_reply_size = static_cast<std::size_t>(v);
            } else {
                fail(std::string("value \"") + optarg + "\" on --max-reply-size is invalid");
            }
            break;
        case 'H':
            if (!opts.host.empty() || !*optarg) {
                fail("-H or --host must be given once, with a destination");
            }
            opts.host = optarg;
            break;
        case opt_ssh_option:
            opts.ssh_options.push_back(optarg);
            break;
        case 'h':
            usage();
            std::exit(EXIT_SUCCESS);
        case 'V':
            std::printf("vigil-rpc (Vigil) %s\n", vigil::version);
            std::exit(EXIT_SUCCESS);
        case '?':
            std::exit(EXIT_FAILURE);
        default:
            if (!vigil::stream_ssl_handle_option(c, optarg)) {
                std::abort();
            }
        }
    }
    if (opts.host.empty() && !opts.ssh_options.empty()) {
        fail("--ssh-option requires -H or --host");
    }
    return opts;
}

// With -H, turns "unix:PATH" into the exec: stream that reaches PATH on that host through ssh.
// Only unix sockets are reached that way: a tcp: or ssl: remote is reached directly.
std::string remote_stream_name(const options& opts, const std::string& remote) {
    if (!remote.starts_with("unix:") || remote.size() == 5) {
        fail("with -H, STREAM must be unix:PATH (a socket on " + opts.host + "), not \"" + remote +
             "\"");
    }
    vigil::remote_socket_options r;
    if (int error = vigil::remote_ssh_program(std::getenv("VIGIL_SSH"), r.ssh_program)) {
        fail("VIGIL_SSH: cannot split into words (" + vigil::error_text(error) + ")");
    }
    r.ssh_options = opts.ssh_options;
    r.destination = opts.host;
    r.socket_path = remote.substr(5);
    return "exec:" + vigil::join_exec_args(vigil::remote_socket_argv(r));
}

} // namespace

int main(int argc, char* argv[]) {
    vigil::vlog_set_program_name("vigil-rpc");
    vigil::vlog_set_levels(nullptr, nullptr, vigil::vlog_level::warn);
    vigil::fatal_ignore_sigpipe();

    options opts = parse_command_line(argc, argv);
    const long long timeout_ms = opts.timeout_ms;
    std::vector<std::string> words(argv + optind, argv + argc);
    if (words.empty()) {
        fail("missing command name (use --help for help)");
    }
    const std::string& command = words[0];
    if (command != "request" && command != "notify") {
        fail("unknown command \"" + command + "\" (use --help for help)");
    }
    if (words.size() != 4) {
        fail("\"" + command + "\" requires 3 arguments: STREAM METHOD PARAMS");
    }
    boost::json::value params = parse_params(words[3]);

    std::string name =
        opts.host.empty()
            ? vigil::stream_name_with_default_port(words[1], vigil::ovsdb_default_port)
            : remote_stream_name(opts, words[1]);
    std::unique_ptr<vigil::stream> s;
    // The name-taking open_block also waits for a host name to resolve.
    int error = vigil::stream::open_block(name, 0, timeout_ms, s);
    if (error) {
        fail("could not open \"" + words[1] + "\" (" + vigil::error_text(error) + ")");
    }
    vigil::jsonrpc rpc(std::move(s));
    // A client trusts the server it chose to ask: no cap on the reply unless one is set.
    rpc.set_max_message_size(opts.max_reply_size);

    if (command == "notify") {
        error = rpc.send_block(vigil::jsonrpc_msg::create_notify(words[2], std::move(params)));
        if (error) {
            fail("could not send notification (" + vigil::error_text(error) + ")");
        }
        return 0;
    }

    if (timeout_ms >= 0) {
        // The blocking helpers have no deadline of their own; the alarm ends the process with
        // SIGALRM as ovs-appctl's --timeout does.
        alarm(static_cast<unsigned>((timeout_ms + 999) / 1000));
    }
    std::unique_ptr<vigil::jsonrpc_msg> reply;
    error =
        rpc.transact_block(vigil::jsonrpc_msg::create_request(words[2], std::move(params)), reply);
    if (error) {
        fail("transaction failed (" + vigil::error_text(error) + ")");
    }
    std::printf("%s\n", reply->to_string(vigil::json_sort).c_str());
    return reply->type == vigil::jsonrpc_msg_type::error ? 2 : 0;
}
