// vigil-appctl: a drop-in for ovs-appctl (OVS >= 3.4 command line). Same options, same
// stdout/stderr texts (with "vigil-appctl:" for "ovs-appctl:") and the same exit codes: 0 on
// success, 2 when the server returned an error or a reply of the wrong type, 1 for usage
// errors and local failures; a timeout kills the process with SIGALRM.
#include <vigil/errors.h>
#include <vigil/exec_args.h>
#include <vigil/fatal_signal.h>
#include <vigil/json.h>
#include <vigil/parse_number.h>
#include <vigil/remote_target.h>
#include <vigil/rundir.h>
#include <vigil/unixctl_client.h>
#include <vigil/version.h>
#include <vigil/vlog.h>

#include <boost/json.hpp>
#include <cctype>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <getopt.h>
#include <string>
#include <strings.h>
#include <unistd.h>
#include <vector>

namespace {

std::string program_name = "vigil-appctl";

[[noreturn]] void fatal(const std::string& text, int error = 0) {
    std::fflush(stdout);
    if (error) {
        std::fprintf(stderr, "%s: %s (%s)\n", program_name.c_str(), text.c_str(),
                     vigil::error_text(error).c_str());
    } else {
        std::fprintf(stderr, "%s: %s\n", program_name.c_str(), text.c_str());
    }
    std::exit(EXIT_FAILURE);
}

void print_error(const std::string& text) {
    std::fflush(stdout);
    std::fprintf(stderr, "%s: %s\n", program_name.c_str(), text.c_str());
}

[[noreturn]] void usage() {
    std::printf("\
%s, for querying and controlling Open vSwitch daemon\n\
usage: %s [TARGET] COMMAND [ARG...]\n\
Targets:\n\
  -t, --target=TARGET  pidfile or socket to contact\n\
  -H, --host=DEST      contact TARGET on host DEST through ssh\n\
  --ssh-option=OPTION  pass \"-o OPTION\" to ssh (repeatable; the ssh program\n\
                       is $VIGIL_SSH, default \"ssh\")\n\
Common commands:\n\
  list-commands      List commands supported by the target\n\
  version            Print version of the target\n\
  vlog/list          List current logging levels\n\
  vlog/list-pattern  List logging patterns for each destination.\n\
  vlog/set [SPEC]\n\
      Set log levels as detailed in SPEC, which may include:\n\
      A valid module name (all modules, by default)\n\
      'syslog', 'console', 'file' (all destinations, by default))\n\
      'off', 'emer', 'err', 'warn', 'info', or 'dbg' ('dbg', bydefault)\n\
  vlog/reopen        Make the program reopen its log file\n\
Other options:\n\
  --timeout=SECS     wait at most SECS seconds for a response\n\
  --max-reply-size=BYTES  refuse a reply larger than BYTES (default: no limit)\n\
  -f, --format=FMT   Output format. One of: 'json', or 'text'\n\
                     (default: text)\n\
  --pretty           Format the output in a more readable fashion.\n\
                     Requires: --format=json.\n\
  -h, --help         Print this helpful information\n\
  -V, --version      Display %s version information\n",
                program_name.c_str(), program_name.c_str(), program_name.c_str());
    std::exit(EXIT_SUCCESS);
}

enum {
    opt_pretty = UCHAR_MAX + 1,
    opt_log_file,
    opt_syslog_method,
    opt_syslog_target,
    opt_max_reply_size,
    opt_ssh_option,
};

const option long_options[] = {
    {"target", required_argument, nullptr, 't'},
    {"execute", no_argument, nullptr, 'e'},
    {"format", required_argument, nullptr, 'f'},
    {"pretty", no_argument, nullptr, opt_pretty},
    {"help", no_argument, nullptr, 'h'},
    {"option", no_argument, nullptr, 'o'},
    {"version", no_argument, nullptr, 'V'},
    {"timeout", required_argument, nullptr, 'T'},
    {"verbose", optional_argument, nullptr, 'v'},
    {"log-file", optional_argument, nullptr, opt_log_file},
    {"syslog-method", required_argument, nullptr, opt_syslog_method},
    {"syslog-target", required_argument, nullptr, opt_syslog_target},
    {"max-reply-size", required_argument, nullptr, opt_max_reply_size},
    {"host", required_argument, nullptr, 'H'},
    {"ssh-option", required_argument, nullptr, opt_ssh_option},
    {nullptr, 0, nullptr, 0},
};

// The short-option string getopt needs, built from the table as OVS does, with '+' so that
// parsing stops at the first non-option (the command).
std::string short_options() {
    std::string s = "+";
    for (const option* o = long_options; o->name; o++) {
        if (o->val > 0 && o->val <= UCHAR_MAX && std::isalnum(o->val)) {
            s += static_cast<char>(o->val);
            if (o->has_arg == required_argument) {
                s += ':';
            } else if (o->has_arg == optional_argument) {
                s += "::";
            }
        }
    }
    return s;
}

// What `--option` prints (OVS's ovs_cmdl_print_options()).
[[noreturn]] void print_options() {
    for (const option* o = long_options; o->name; o++) {
        const char* arg = o->has_arg == required_argument   ? "ARG"
                          : o->has_arg == optional_argument ? "[ARG]"
                                                            : "";
        std::printf("--%s%s%s\n", o->name, *arg ? "=" : "", arg);
        if (o->val > 0 && o->val <= UCHAR_MAX && std::isalnum(o->val)) {
            std::printf("-%c %s\n", o->val, arg);
        }
    }
    std::exit(EXIT_SUCCESS);
}

// Parses a positive decimal number of seconds; false for anything else (including 0).
bool parse_timeout(const char* s, unsigned& out) {
    if (!s || !*s) {
        return false;
    }
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(s, &end, 10);
    if (errno || *end || v <= 0 || v > UINT_MAX) {
        return false;
    }
    out = static_cast<unsigned>(v);
    return true;
}

struct options {
    std::string target;
    bool json = false;
    bool pretty = false;
    unsigned timeout = 0;
    std::size_t max_reply_size = 0; // 0: no limit
    std::string host;               // -H: reach the target through ssh
    std::vector<std::string> ssh_options;
};

options parse_command_line(int argc, char* argv[]) {
    options opts;
    bool have_target = false;
    bool have_syslog_method = false;
    int e_options = 0;

    // An OVS_CTL_TIMEOUT that is not a positive number is ignored; --timeout overrides it.
    unsigned env_timeout;
    if (parse_timeout(std::getenv("OVS_CTL_TIMEOUT"), env_timeout)) {
        opts.timeout = env_timeout;
    }

    // getopt prints its own diagnostics prefixed with argv[0] as given, as in ovs-appctl.
    std::string shorts = short_options();
    for (;;) {
        int c = getopt_long(argc, argv, shorts.c_str(), long_options, nullptr);
        if (c == -1) {
            break;
        }
        switch (c) {
        case 't':
            if (have_target) {
                fatal("-t or --target may be specified only once");
            }
            have_target = true;
            opts.target = optarg;
            break;
        case 'e':
            // Accepted for compatibility: old versions took the command as -e's argument.
            // (The misspelling is OVS's.)
            if (e_options++) {
                fatal("-e or --execute may be speciifed only once");
            }
            break;
        case 'f':
            if (strcasecmp(optarg, "json") == 0) {
                opts.json = true;
            } else if (strcasecmp(optarg, "text") == 0) {
                opts.json = false;
            } else {
                fatal(std::string("value ") + optarg + " on -f or --format is invalid");
            }
            break;
        case opt_pretty:
            opts.pretty = true;
            break;
        case 'h':
            usage();
        case 'o':
            print_options();
        case 'T':
            if (!parse_timeout(optarg, opts.timeout)) {
                fatal(std::string("value ") + optarg + " on -T or --timeout is invalid");
            }
            break;
        case 'V':
            std::printf("%s (Vigil) %s\n", program_name.c_str(), vigil::version);
            std::exit(EXIT_SUCCESS);
        case 'v':
            if (optarg) {
                std::string error = vigil::vlog_set_levels_from_string(optarg);
                if (!error.empty()) {
                    fatal(std::string("processing \"") + optarg + "\": " + error);
                }
            } else {
                vigil::vlog_set_levels(nullptr, nullptr, vigil::vlog_level::dbg);
            }
            break;
        case opt_log_file:
            if (int error = vigil::vlog_set_log_file(optarg ? optarg : "")) {
                fatal("could not open log file", error);
            }
            break;
        case opt_syslog_method:
            // As in OVS, only the first --syslog-method counts.
            if (!have_syslog_method) {
                have_syslog_method = true;
                std::string error = vigil::vlog_set_syslog_method(optarg);
                if (!error.empty()) {
                    fatal(error);
                }
            }
            break;
        case opt_syslog_target:
            break;
        case 'H':
            if (!opts.host.empty()) {
                fatal("-H or --host may be specified only once");
            }
            opts.host = optarg;
            if (opts.host.empty()) {
                fatal("value on -H or --host is invalid");
            }
            break;
        case opt_ssh_option:
            opts.ssh_options.push_back(optarg);
            break;
        case opt_max_reply_size:
            if (unsigned long long v; vigil::parse_decimal(optarg, SIZE_MAX, v)) {
                opts.max_reply_size = static_cast<std::size_t>(v);
            } else {
                fatal(std::string("value ") + optarg + " on --max-reply-size is invalid");
            }
            break;
        case '?':
            std::exit(EXIT_FAILURE);
        default:
            std::abort();
        }
    }

    if (optind >= argc) {
        fatal("at least one non-option argument is required (use --help for help)");
    }
    if (opts.pretty && !opts.json) {
        fatal("--pretty is supported with --format json only");
    }
    if (!have_target) {
        opts.target = "ovs-vswitchd";
    }
    if (opts.host.empty() && !opts.ssh_options.empty()) {
        fatal("--ssh-option requires -H or --host");
    }
    return opts;
}

// With -H the target is resolved on that host, by the script remote_target_argv() builds, and
// reached through ssh's stdio; ssh's stderr is ours, so its own errors reach the user.
std::unique_ptr<vigil::unixctl_client> connect_to_remote_target(const options& opts) {
    vigil::remote_target_options remote;
    if (int error = vigil::remote_ssh_program(std::getenv("VIGIL_SSH"), remote.ssh_program)) {
        fatal("VIGIL_SSH: cannot split into words", error);
    }
    remote.ssh_options = opts.ssh_options;
    remote.destination = opts.host;
    remote.target = opts.target;
    std::string name = "exec:" + vigil::join_exec_args(vigil::remote_target_argv(remote));
    std::unique_ptr<vigil::unixctl_client> client;
    if (int error = vigil::unixctl_client::create(name, client)) {
        fatal("cannot connect to \"" + opts.target + "\" on " + opts.host, error);
    }
    client->set_max_reply_size(opts.max_reply_size);
    return client;
}

std::unique_ptr<vigil::unixctl_client> connect_to_target(const std::string& target,
                                                         std::size_t max_reply_size) {
    std::string socket_path, pidfile;
    int error = vigil::unixctl_resolve_target(target, socket_path, pidfile);
    if (error) {
        fatal("cannot read pidfile \"" + pidfile + "\"", error);
    }
    std::unique_ptr<vigil::unixctl_client> client;
    error = vigil::unixctl_client::create(socket_path, client);
    if (error) {
        fatal("cannot connect to \"" + socket_path + "\"", error);
    }
    client->set_max_reply_size(max_reply_size);
    return client;
}

// Renders a reply as ovs-appctl does: strings as they are, other values as sorted JSON (only
// allowed in JSON format), always ending in a newline unless empty.
std::string reply_to_string(const boost::json::value& v, bool json, bool pretty) {
    std::string out;
    if (!json && !v.is_string()) {
        print_error(std::string("Unexpected reply type in JSON rpc reply: ") +
                    std::string(vigil::json_type_name(v)));
        std::exit(2);
    }
    if (v.is_string()) {
        out.assign(v.get_string().data(), v.get_string().size());
    } else {
        unsigned flags = vigil::json_sort | (pretty ? unsigned(vigil::json_pretty) : 0u);
        vigil::json_serialize(v, out, flags);
    }
    if (!out.empty() && out.back() != '\n') {
        out += '\n';
    }
    return out;
}

// Runs one transaction; on a server error prints it and exits 2, on a transport error exits 1.
// `host` is the -H destination, if any: through ssh a connection that fails (ssh cannot log
// in, no socket there) only shows as the stream ending before the first reply, so that is
// reported as the connection error it is.
vigil::unixctl_reply transact(vigil::unixctl_client& client, const std::string& target,
                              const std::string& host, bool first, const std::string& command,
                              const std::vector<std::string>& args) {
    vigil::unixctl_reply reply;
    int error = client.transact(command, args, reply);
    if (error && first && !host.empty()) {
        fatal("cannot connect to \"" + target + "\" on " + host, error);
    }
    if (error) {
        fatal(target + ": transaction error", error);
    }
    if (reply.is_error) {
        std::string text = reply_to_string(reply.value, false, false);
        std::fputs(text.c_str(), stderr);
        print_error(target + ": server returned an error");
        std::exit(2);
    }
    return reply;
}

} // namespace

int main(int argc, char* argv[]) {
    const char* slash = std::strrchr(argv[0], '/');
    program_name = slash ? slash + 1 : argv[0];
    vigil::vlog_set_program_name(program_name);
    vigil::fatal_signal_init();

    options opts = parse_command_line(argc, argv);
    if (opts.timeout) {
        // SIGALRM is a fatal signal: the loop logs "terminating with signal 14 (Alarm clock)"
        // and the process dies by it, as ovs-appctl does.
        alarm(opts.timeout);
    }

    std::unique_ptr<vigil::unixctl_client> client =
        opts.host.empty() ? connect_to_target(opts.target, opts.max_reply_size)
                          : connect_to_remote_target(opts);
    if (opts.json) {
        transact(*client, opts.target, opts.host, true, "set-options", {"--format", "json"});
    }
    std::string command = argv[optind];
    std::vector<std::string> args(argv + optind + 1, argv + argc);
    vigil::unixctl_reply reply =
        transact(*client, opts.target, opts.host, !opts.json, command, args);
    std::string text = reply_to_string(reply.value, opts.json, opts.pretty);
    std::fputs(text.c_str(), stdout);
    return 0;
}
