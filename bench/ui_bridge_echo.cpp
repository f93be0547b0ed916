// bench-ui_bridge_echo: the same JSON-RPC echo server (vigil::jsonrpc_server, whose sessions
// answer "echo" themselves) run twice in one process, first under the runtime's own loop
// (poll_block()) and then inside a Qt event loop through the RuntimeBridge, each time driven by
// bench-rpc_load as a child process. It prints both results and the bridge's share of the
// native rate: the bridge adds one QSocketNotifier wake-up and one run_once() per dispatch and
// should cost little.
//
// Usage: bench-ui_bridge_echo [--load PATH] [--rounds N] [-n MESSAGES] [-w WINDOW]
//                             [-s PAYLOAD_BYTES]
//   --load is bench-rpc_load (default: the one beside this program); the loops take turns
//   N times (default 3) and each one's median run is reported.
// Prints one JSON line per loop and a summary line.
#include "bench_util.h"
#include "bridge/runtime_bridge.h"

#include "vigil/fatal_signal.h"
#include "vigil/jsonrpc.h"
#include "vigil/jsonrpc_server.h"
#include "vigil/poll_loop.h"

#include <QCoreApplication>
#include <csignal>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace {

using namespace bench;

// A child process whose stdout is collected through a pipe watched by the runtime loop.
struct load_run {
    pid_t pid = -1;
    std::string output;
    bool finished = false;
    std::unique_ptr<vigil::fd_watch> watch;
    int fd = -1;
};

void start_load(load_run& run, const std::vector<std::string>& args) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0) {
        die_errno("pipe2");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    for (auto& a : copy) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    int error = posix_spawn(&run.pid, copy[0].c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (error) {
        errno = error;
        die_errno("cannot start " + copy[0]);
    }
    run.fd = fds[0];
    fcntl(run.fd, F_SETFL, fcntl(run.fd, F_GETFL) | O_NONBLOCK);
    run.watch = std::make_unique<vigil::fd_watch>(run.fd, POLLIN, [&run](short) {
        char buf[4096];
        for (;;) {
            ssize_t r = read(run.fd, buf, sizeof buf);
            if (r > 0) {
                run.output.append(buf, static_cast<std::size_t>(r));
                continue;
            }
            if (r == 0) {
                run.finished = true;
                run.watch->set_events(0);
                if (QCoreApplication::instance()) {
                    QCoreApplication::quit();
                }
            }
            return;
        }
    });
}

std::string finish_load(load_run& run) {
    run.watch.reset();
    vigil::poll_fd_closing(run.fd);
    close(run.fd);
    int status = 0;
    waitpid(run.pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || run.output.empty()) {
        die("the load generator failed");
    }
    while (!run.output.empty() && run.output.back() == '\n') {
        run.output.pop_back();
    }
    return run.output;
}

double field(const std::string& json, const std::string& key) {
    auto at = json.find("\"" + key + "\":");
    if (at == std::string::npos) {
        die("no " + key + " in " + json);
    }
    return std::atof(json.c_str() + at + key.size() + 3);
}

// Serves echo on a fresh socket under `qt` or the native loop while the load runs.
std::string measure(bool qt, const std::string& dir, const std::string& load,
                    const std::vector<std::string>& load_args) {
    static int counter = 0;
    std::string sock = dir + "/echo" + std::to_string(counter++) + ".sock";
    vigil::jsonrpc_server server(
        [](vigil::jsonrpc_server_conn& conn, std::unique_ptr<vigil::jsonrpc_msg> msg) {
            if (msg->type == vigil::jsonrpc_msg_type::request) {
                conn.send(vigil::jsonrpc_msg::create_error("unknown method", std::move(msg->id)));
            }
        });
    if (server.add_remote("punix:" + sock)) {
        die("cannot listen on " + sock);
    }
    std::vector<std::string> args = {load, "unix:" + sock};
    args.insert(args.end(), load_args.begin(), load_args.end());
    args.push_back("-p");
    args.push_back(std::to_string(getpid()));
    load_run run;
    start_load(run, args);
    if (qt) {
        vigil::ui::RuntimeBridge bridge;
        QCoreApplication::exec();
    } else {
        while (!run.finished) {
            vigil::poll_block();
        }
    }
    return finish_load(run); // the server removes its socket
}

} // namespace

int main(int argc, char** argv) {
    bench::program_name = "bench-ui_bridge_echo";
    std::string load;
    std::vector<std::string> load_args = {"-n", "200000", "-w", "64", "-s", "16"};
    std::string cmd = command_line(argc, argv);
    int rounds = 3;
    for (int i = 1; i < argc; i++) {
        std::string_view a = argv[i];
        if (a == "--load" && i + 1 < argc) {
            load = argv[++i];
        } else if ((a == "-n" || a == "-w" || a == "-s") && i + 1 < argc) {
            for (std::size_t k = 0; k < load_args.size(); k += 2) {
                if (load_args[k] == a) {
                    load_args[k + 1] = argv[++i];
                }
            }
        } else if (a == "--rounds" && i + 1 < argc) {
            rounds = std::max(1, std::atoi(argv[++i]));
        } else if (a == "-h" || a == "--help") {
            std::printf("usage: bench-ui_bridge_echo [--load BENCH_RPC_LOAD] [--rounds N] "
                        "[-n MESSAGES] [-w WINDOW] [-s PAYLOAD_BYTES]\n");
            return 0;
        } else {
            die("unknown argument " + std::string(a) + " (use --help)");
        }
    }
    if (load.empty()) {
        std::string self = argv[0];
        auto slash = self.rfind('/');
        load = (slash == std::string::npos ? std::string(".") : self.substr(0, slash)) +
               "/bench-rpc_load";
    }
    vigil::fatal_ignore_sigpipe();
    QCoreApplication app(argc, argv);
    char tmpl[] = "/tmp/vigil-bridge.XXXXXX";
    if (!mkdtemp(tmpl)) {
        die_errno("mkdtemp");
    }
    std::string dir = tmpl;
    // Alternate the loops and keep each one's median run, so that a burst of load from
    // elsewhere on the machine does not decide the comparison.
    std::vector<std::string> natives, bridgeds;
    for (int round = 0; round < rounds; round++) {
        natives.push_back(measure(false, dir, load, load_args));
        bridgeds.push_back(measure(true, dir, load, load_args));
    }
    rmdir(dir.c_str());
    auto median = [](std::vector<std::string> runs) {
        std::sort(runs.begin(), runs.end(), [](const std::string& a, const std::string& b) {
            return field(a, "msgs_per_s") < field(b, "msgs_per_s");
        });
        return runs[runs.size() / 2];
    };
    std::string native = median(natives);
    std::string bridged = median(bridgeds);
    double ratio = field(bridged, "msgs_per_s") / field(native, "msgs_per_s");
    std::printf("{\"loop\":\"native\",\"result\":%s}\n", native.c_str());
    std::printf("{\"loop\":\"qt-bridge\",\"result\":%s}\n", bridged.c_str());
    std::printf("{\"bridge_share_of_native_rate\":%.3f,\"command\":\"%s\",\"machine\":\"%s\"}\n",
                ratio, json_escape(cmd).c_str(), json_escape(machine()).c_str());
    return 0;
}
