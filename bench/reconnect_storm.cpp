// bench-reconnect_storm: many reconnecting JSON-RPC sessions (vigil::jsonrpc_session, each
// driven by its own poll owner, as vigil-testd --connect runs them) against a vigil-testd that
// is killed and started again. It reports how long the first connection storm and the
// reconnection storm after the restart take, how many connection attempts they cost, and how
// much CPU this process and its loop spent (the loop runs only sessions whose timer or socket
// fired, so the sessions cost nothing while they wait out their backoff).
//
// Usage: bench-reconnect_storm [-n SESSIONS] [--down-ms MS] [--server PATH]
//   --server is the vigil-testd to run (default: the one beside this program).
// Prints one JSON line.
#include "bench_util.h"

#include "vigil/clock.h"
#include "vigil/fatal_signal.h"
#include "vigil/jsonrpc.h"
#include "vigil/jsonrpc_session.h"
#include "vigil/poll_loop.h"
#include "vigil/reconnect.h"
#include "vigil/vlog.h"

#include <csignal>
#include <memory>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char** environ;

namespace {

using namespace bench;

struct client {
    std::unique_ptr<vigil::jsonrpc_session> session;
    std::unique_ptr<vigil::poll_owner> owner;
    bool connected = false;
};

struct storm {
    std::vector<std::unique_ptr<client>> clients;
    long n_connected = 0;
};

double process_cpu_s() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

pid_t start_server(const std::string& server, const std::string& sock, const std::string& log) {
    std::vector<std::string> args = {server, "--remote=punix:" + sock, "--unixctl=none",
                                     "--log-file=" + log, "-vconsole:off"};
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int error = posix_spawn(&pid, server.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error) {
        errno = error;
        die_errno("cannot start " + server);
    }
    for (int i = 0; i < 200 && access(sock.c_str(), F_OK) != 0; i++) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (access(sock.c_str(), F_OK) != 0) {
        die("the server did not create " + sock);
    }
    return pid;
}

void stop_server(pid_t pid, const std::string& sock) {
    kill(pid, SIGTERM);
    int status;
    waitpid(pid, &status, 0);
    std::remove(sock.c_str()); // so that the next start is noticed by its new socket
}

// Runs the loop until `done()` holds or `limit_ms` passes; returns the elapsed ms or -1.
template <class Pred> long long run_until(Pred done, long long limit_ms) {
    long long start = vigil::time_msec();
    vigil::loop_timer tick([] {});
    while (!done()) {
        long long now = vigil::time_msec();
        if (now - start > limit_ms) {
            return -1;
        }
        if (!tick.armed()) {
            tick.arm_in(50); // bounds each block so the deadline is noticed
        }
        vigil::poll_block();
    }
    return vigil::time_msec() - start;
}

unsigned total_attempts(const storm& s) {
    unsigned n = 0;
    for (const auto& c : s.clients) {
        n += c->session->get_reconnect_stats().n_attempted_connections;
    }
    return n;
}

} // namespace

int main(int argc, char** argv) {
    bench::program_name = "bench-reconnect_storm";
    long sessions = 1000;
    long down_ms = 300;
    std::string server;
    for (int i = 1; i < argc; i++) {
        std::string_view a = argv[i];
        if (a == "-n" && i + 1 < argc) {
            sessions = std::atol(argv[++i]);
        } else if (a == "--down-ms" && i + 1 < argc) {
            down_ms = std::atol(argv[++i]);
        } else if (a == "--server" && i + 1 < argc) {
            server = argv[++i];
        } else if (a == "-h" || a == "--help") {
            std::printf("usage: bench-reconnect_storm [-n SESSIONS] [--down-ms MS] "
                        "[--server VIGIL_TESTD]\n");
            return 0;
        } else {
            die("unknown argument " + std::string(a) + " (use --help)");
        }
    }
    if (server.empty()) {
        std::string self = argv[0];
        auto slash = self.rfind('/');
        server = (slash == std::string::npos ? std::string(".") : self.substr(0, slash)) +
                 "/vigil-testd";
    }
    if (sessions < 1) {
        die("bad arguments (use --help)");
    }
    vigil::fatal_ignore_sigpipe();
    vigil::vlog_set_levels_from_string("console:off"); // 1000 sessions log every transition
    raise_fd_limit(2 * sessions + 64);                 // the server inherits the limit

    char tmpl[] = "/tmp/vigil-storm.XXXXXX";
    if (!mkdtemp(tmpl)) {
        die_errno("mkdtemp");
    }
    std::string dir = tmpl;
    std::string sock = dir + "/s.sock";
    std::string log = dir + "/server.log";
    pid_t pid = start_server(server, sock, log);

    storm s;
    for (long i = 0; i < sessions; i++) {
        auto c = std::make_unique<client>();
        c->session = vigil::jsonrpc_session::open("unix:" + sock, true);
        client* raw = c.get();
        c->owner = std::make_unique<vigil::poll_owner>([raw, &s] {
            raw->session->run();
            while (raw->session->recv()) {
            }
            raw->session->run();
            bool now = raw->session->is_connected();
            if (now != raw->connected) {
                raw->connected = now;
                s.n_connected += now ? 1 : -1;
            }
            raw->session->wait();
            raw->session->recv_wait();
        });
        c->owner->schedule();
        s.clients.push_back(std::move(c));
    }

    double cpu0 = process_cpu_s();
    vigil::poll_loop_stats st0 = vigil::poll_loop::current().stats();
    long long first_ms = run_until([&] { return s.n_connected == sessions; }, 60000);
    unsigned first_attempts = total_attempts(s);
    double first_cpu = process_cpu_s() - cpu0;
    if (first_ms < 0) {
        stop_server(pid, sock);
        die("not all sessions connected within 60 s");
    }

    // Kill the server and let every session notice.
    stop_server(pid, sock);
    long long drop_ms = run_until([&] { return s.n_connected == 0; }, 60000);
    long long down_start = vigil::time_msec();
    run_until([&] { return vigil::time_msec() - down_start >= down_ms; }, down_ms + 1000);
    unsigned before = total_attempts(s);
    double cpu1 = process_cpu_s();
    vigil::poll_loop_stats st1 = vigil::poll_loop::current().stats();
    pid = start_server(server, sock, log);
    long long storm_ms = run_until([&] { return s.n_connected == sessions; }, 60000);
    double storm_cpu = process_cpu_s() - cpu1;
    vigil::poll_loop_stats st2 = vigil::poll_loop::current().stats();
    unsigned storm_attempts = total_attempts(s) - before;
    stop_server(pid, sock);

    std::printf("{\"sessions\":%ld,\"down_ms\":%ld,\"first_connect_ms\":%lld,"
                "\"first_attempts\":%u,\"first_cpu_ms\":%.1f,\"drop_noticed_ms\":%lld,"
                "\"reconnect_ms\":%lld,\"reconnect_attempts\":%u,\"reconnect_cpu_ms\":%.1f,"
                "\"owner_runs_per_session\":%.2f,\"loop_iterations\":%llu,"
                "\"first_loop_iterations\":%llu,\"machine\":\"%s\"}\n",
                sessions, down_ms, first_ms, first_attempts, first_cpu * 1e3, drop_ms, storm_ms,
                storm_attempts, storm_cpu * 1e3,
                static_cast<double>(st2.owner_runs - st1.owner_runs) /
                    static_cast<double>(sessions),
                static_cast<unsigned long long>(st2.iterations - st1.iterations),
                static_cast<unsigned long long>(st1.iterations - st0.iterations),
                json_escape(machine()).c_str());
    s.clients.clear();
    std::remove(sock.c_str());
    std::remove(log.c_str());
    rmdir(dir.c_str());
    return storm_ms < 0 ? 1 : 0;
}
