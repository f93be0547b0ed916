// Restart latency under --monitor: the time from a SIGSEGV to (a) the restarted daemon's
// pidfile naming its new pid, locked, and (b) the new daemon answering `version` on its control
// socket. Each iteration starts a fresh `--detach --monitor` daemon so that the crash is its
// first (OVS's monitor throttles later restarts to one per 10 s).
//
//   bench-daemon_restart [--iterations=N] [--ovs]
//
// --ovs measures OVS's own monitor instead (`ovsdb-server --no-db`), for comparison.
#include "vigil/clock.h"
#include "vigil/pidfile.h"
#include "vigil/poll_loop.h"
#include "vigil/process.h"
#include "vigil/unixctl_client.h"
#include "vigil/vlog.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/utsname.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

std::string bin_dir() {
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    std::string exe(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
    return exe.substr(0, exe.rfind('/'));
}

std::string machine() {
    utsname u{};
    uname(&u);
    std::string cpu = "unknown CPU";
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("model name")) {
            cpu = line.substr(line.find(':') + 2);
            break;
        }
    }
    return std::string(u.sysname) + " " + u.release + " " + u.machine + ", " + cpu + ", " +
           std::to_string(std::thread::hardware_concurrency()) + " CPUs";
}

// Runs argv to completion through the process module; returns its wait status.
int run(const std::vector<std::string>& argv) {
    std::unique_ptr<vigil::process> p;
    if (vigil::process::start(argv, p)) {
        return -1;
    }
    while (!p->exited()) {
        p->wait();
        vigil::poll_block();
    }
    return p->status();
}

pid_t live_pid(const std::string& pidfile) {
    pid_t pid = 0;
    return vigil::read_pidfile(pidfile, pid) == 0 ? pid : 0;
}

bool answers_version(const std::string& target) {
    std::string socket, pidfile;
    if (vigil::unixctl_resolve_target(target, socket, pidfile)) {
        return false;
    }
    std::unique_ptr<vigil::unixctl_client> client;
    if (vigil::unixctl_client::create(socket, client)) {
        return false;
    }
    vigil::unixctl_reply reply;
    return client->transact("version", {}, reply, 2000) == 0 && !reply.is_error;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    int iterations = 10;
    bool ovs = false;
    std::string cmdline;
    for (int i = 0; i < argc; i++) {
        std::string a = argv[i];
        cmdline += (i ? " " : "") + a;
        if (a.starts_with("--iterations=")) {
            iterations = std::max(1, std::atoi(a.c_str() + 13));
        } else if (a == "--ovs") {
            ovs = true;
        } else if (i > 0) {
            std::fprintf(stderr, "usage: %s [--iterations=N] [--ovs]\n", argv[0]);
            return 1;
        }
    }
    // The clients below fail (and warn) routinely while the new daemon is coming up.
    vigil::vlog_set_levels(nullptr, nullptr, vigil::vlog_level::off);

    char tmpl[] = "/tmp/vigil-bench-restart-XXXXXX";
    if (!mkdtemp(tmpl)) {
        std::perror("mkdtemp");
        return 1;
    }
    std::string dir = tmpl;
    setenv("OVS_RUNDIR", dir.c_str(), 1);
    setenv("OVS_LOGDIR", dir.c_str(), 1);
    setenv("OVS_DBDIR", dir.c_str(), 1);

    std::string program = ovs ? "ovsdb-server" : "vigil-testd";
    std::vector<std::string> daemon_argv = {ovs ? program : bin_dir() + "/" + program,
                                            "--detach",
                                            "--monitor",
                                            "--pidfile",
                                            "--no-chdir",
                                            "--log-file"};
    if (ovs) {
        daemon_argv.push_back("--no-db");
    }
    std::string pidfile = dir + "/" + program + ".pid";

    std::printf("command: %s\nmachine: %s\ndaemon:  %s\n\n", cmdline.c_str(), machine().c_str(),
                vigil::process_escape_args(daemon_argv).c_str());
    std::printf("%4s %14s %14s\n", "run", "pidfile (ms)", "version (ms)");
    std::vector<double> to_pidfile, to_version;
    for (int i = 0; i < iterations; i++) {
        int status = run(daemon_argv);
        pid_t old = live_pid(pidfile);
        if (status != 0 || old <= 0 || !answers_version(program)) {
            std::fprintf(stderr, "could not start %s (%s)\n", program.c_str(),
                         vigil::process_status_msg(status).c_str());
            return 1;
        }
        double t0 = now_ms();
        kill(old, SIGSEGV);
        pid_t fresh = 0;
        while ((fresh = live_pid(pidfile)) == 0 || fresh == old) {
            usleep(100);
            if (now_ms() - t0 > 20000) {
                std::fprintf(stderr, "no restart within 20 s\n");
                return 1;
            }
        }
        double t1 = now_ms();
        while (!answers_version(program)) {
            usleep(100);
            if (now_ms() - t0 > 20000) {
                std::fprintf(stderr, "restarted daemon never answered\n");
                return 1;
            }
        }
        double t2 = now_ms();
        to_pidfile.push_back(t1 - t0);
        to_version.push_back(t2 - t0);
        std::printf("%4d %14.2f %14.2f\n", i + 1, t1 - t0, t2 - t0);

        // Stop daemon and monitor: TERM to the daemon ends both.
        pid_t monitor = 0;
        std::ifstream st("/proc/" + std::to_string(fresh) + "/status");
        for (std::string line; std::getline(st, line);) {
            if (line.starts_with("PPid:")) {
                monitor = std::atoi(line.c_str() + 5);
            }
        }
        kill(fresh, SIGTERM);
        for (int w = 0; w < 2000 && monitor > 1 && kill(monitor, 0) == 0; w++) {
            std::ifstream ms("/proc/" + std::to_string(monitor) + "/stat");
            std::string s;
            std::getline(ms, s);
            if (s.empty() || s[s.rfind(')') + 2] == 'Z') {
                break;
            }
            usleep(1000);
        }
    }
    std::printf("\nmedian: pidfile %.2f ms, version %.2f ms (min %.2f, max %.2f)\n",
                median(to_pidfile), median(to_version),
                *std::min_element(to_version.begin(), to_version.end()),
                *std::max_element(to_version.begin(), to_version.end()));
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return 0;
}
