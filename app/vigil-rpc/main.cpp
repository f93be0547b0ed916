// vigil-rpc: sends one JSON-RPC request or notification to a stream and prints the reply, like
// OVS's `test-jsonrpc request|notify`.
#include "vigil/errors.h"
#include "vigil/fatal_signal.h"
#include "vigil/json.h"
#include "vigil/jsonrpc.h"
#include "vigil/stream.h"
#include "vigil/stream_ssl.h"
#include "vigil/version.h"
#include "vigil/vlog.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
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
                "tcp:HOST[:PORT] or ssl:HOST[:PORT] (default port 6640).\n"
                "\n"
                "Options:\n"
                "  -T, --timeout=SECS    give up after SECS seconds (default: wait forever)\n"
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

} // namespace

int main(int argc, char* argv[]) {
    vigil::vlog_set_program_name("vigil-rpc");
    vigil::vlog_set_levels(nullptr, nullptr, vigil::vlog_level::warn);
    vigil::fatal_ignore_sigpipe();

    long long timeout_ms = -1;
    std::vector<std::string> words;
    for (int i = 1; i < argc; i++) {
        std::string arg = argv[i];
        const char* next = i + 1 < argc ? argv[i + 1] : nullptr;
        if (!words.empty()) {
            words.push_back(arg);
        } else if (arg == "-h" || arg == "--help") {
            usage();
            return 0;
        } else if (arg == "-V" || arg == "--version") {
            std::printf("vigil-rpc (Vigil) %s\n", vigil::version);
            return 0;
        } else if (arg == "-T" || arg == "--timeout" || arg.rfind("--timeout=", 0) == 0) {
            std::string value = arg.find('=') != std::string::npos ? arg.substr(arg.find('=') + 1)
                                : next                             ? (i++, std::string(next))
                                                                   : std::string();
            char* end = nullptr;
            double secs = std::strtod(value.c_str(), &end);
            if (value.empty() || *end || secs <= 0) {
                fail("value \"" + value + "\" on -T or --timeout is invalid");
            }
            timeout_ms = static_cast<long long>(secs * 1000);
        } else if (int used = vigil::stream_ssl_parse_option(arg, next); used != 0) {
            if (used < 0) {
                fail("option '" + arg + "' requires an argument");
            }
            i += used - 1;
        } else if (!arg.empty() && arg[0] == '-') {
            fail("unrecognized option '" + arg + "' (use --help for help)");
        } else {
            words.push_back(arg);
        }
    }
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

    std::unique_ptr<vigil::stream> s;
    // The name-taking open_block also waits for a host name to resolve.
    int error = vigil::stream::open_block(
        vigil::stream_name_with_default_port(words[1], vigil::ovsdb_default_port), 0, timeout_ms,
        s);
    if (error) {
        fail("could not open \"" + words[1] + "\" (" + vigil::error_text(error) + ")");
    }
    vigil::jsonrpc rpc(std::move(s));

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
