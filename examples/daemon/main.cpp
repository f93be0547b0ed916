// exampled: a daemon on the Vigil runtime. It keeps a counter, exposes it to `vigil-appctl`
// (counter/show, counter/add, greet, exit) and to JSON-RPC clients (add, get), and takes
// OVS's daemon options (--detach, --monitor, --pidfile, ...).
//
//   exampled --remote=punix:/tmp/ex.sock --detach --monitor --pidfile
//   vigil-appctl -t exampled counter/add 5
//   vigil-rpc request unix:/tmp/ex.sock get '[]'
#include <vigil/daemon.h>
#include <vigil/errors.h>
#include <vigil/fatal_signal.h>
#include <vigil/jsonrpc.h>
#include <vigil/jsonrpc_server.h>
#include <vigil/poll_loop.h>
#include <vigil/unixctl.h>
#include <vigil/vlog.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

VLOG_DEFINE_THIS_MODULE(exampled);

namespace {

long long counter = 0;
bool exiting = false;

void usage() {
    std::printf("exampled: an example daemon on the Vigil runtime\n"
                "usage: exampled [--remote=PSTREAM] [--unixctl=SOCKET] [DAEMON OPTIONS]\n"
                "  --remote=PSTREAM  serve JSON-RPC on PSTREAM (e.g. punix:PATH, ptcp:PORT)\n"
                "  --unixctl=SOCKET  control socket (default <rundir>/exampled.<pid>.ctl)\n"
                "%s",
                vigil::daemon_usage("exampled").c_str());
}

// The unixctl commands `vigil-appctl -t exampled COMMAND` runs.
void register_commands() {
    vigil::unixctl_register_vlog_commands();
    vigil::unixctl_command_register("counter/show", "", 0, 0, [](const auto& conn, const auto&) {
        conn.reply(std::to_string(counter));
    });
    vigil::unixctl_command_register("counter/add", "N", 1, 1, [](const auto& conn, auto& argv) {
        try {
            counter += std::stoll(argv[1]);
            conn.reply(std::to_string(counter));
        } catch (const std::exception&) {
            conn.reply_error("\"" + argv[1] + "\" is not a number");
        }
    });
    vigil::unixctl_command_register("greet", "[NAME]", 0, 1, [](const auto& conn, auto& argv) {
        conn.reply("hello, " + (argv.size() > 1 ? argv[1] : std::string("world")));
    });
    vigil::unixctl_command_register("exit", "", 0, 0, [](const auto& conn, const auto&) {
        exiting = true;
        conn.reply("");
    });
}

// JSON-RPC requests: "add" [N] adds N to the counter, "get" [] returns it. ("echo" is
// answered by the session itself.)
void on_message(vigil::jsonrpc_server_conn& conn, std::unique_ptr<vigil::jsonrpc_msg> msg) {
    if (msg->type != vigil::jsonrpc_msg_type::request) {
        return; // notifications need no answer
    }
    const boost::json::array& params = msg->params.as_array();
    if (msg->method == "add" && params.size() == 1 && params[0].is_int64()) {
        counter += params[0].as_int64();
        conn.send(vigil::jsonrpc_msg::create_reply(counter, std::move(msg->id)));
    } else if (msg->method == "get" && params.empty()) {
        conn.send(vigil::jsonrpc_msg::create_reply(counter, std::move(msg->id)));
    } else {
        VLOG_INFO("{}: bad request {}", conn.name(), msg->method);
        conn.send(
            vigil::jsonrpc_msg::create_error("unknown method or bad params", std::move(msg->id)));
    }
}

} // namespace

int main(int argc, char* argv[]) {
    vigil::vlog_set_program_name("exampled");
    vigil::unixctl_set_program_name("exampled");
    vigil::fatal_ignore_sigpipe();

    // Daemon options first; what is left is ours.
    std::vector<std::string> args(argv, argv + argc);
    vigil::daemon_options daemon;
    daemon.program_name = "exampled";
    std::string error;
    if (!vigil::daemon_parse_args(args, daemon, error)) {
        std::fprintf(stderr, "exampled: %s\n", error.c_str());
        return 1;
    }
    std::vector<std::string> remotes;
    std::string unixctl_path;
    for (std::size_t i = 1; i < args.size(); i++) {
        if (args[i] == "-h" || args[i] == "--help") {
            usage();
            return 0;
        } else if (args[i].starts_with("--remote=")) {
            remotes.push_back(args[i].substr(9));
        } else if (args[i].starts_with("--unixctl=")) {
            unixctl_path = args[i].substr(10);
        } else {
            std::fprintf(stderr, "exampled: unknown option %s\n", args[i].c_str());
            return 1;
        }
    }

    // Fork (--detach, --monitor) before anything uses the poll loop; the foreground command
    // returns once daemonize_complete() says the control socket and remotes are up.
    vigil::daemonize_start(daemon);
    std::unique_ptr<vigil::unixctl_server> unixctl;
    if (vigil::unixctl_server::create(unixctl_path, unixctl)) {
        return 1;
    }
    register_commands();
    vigil::jsonrpc_server server(on_message);
    for (const std::string& remote : remotes) {
        if (int e = server.add_remote(remote)) {
            VLOG_ERR("{}: cannot listen ({})", remote, vigil::error_text(e));
            return 1;
        }
    }
    vigil::daemonize_complete();
    VLOG_INFO("ready, {} remote(s)", remotes.size());

    // Every component is driven by the loop: nothing to run by hand between blocks.
    while (!exiting) {
        vigil::poll_block();
    }
    return 0;
}
