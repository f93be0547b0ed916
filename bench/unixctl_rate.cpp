// bench-unixctl_rate: how many control requests a unixctl server (vigil's, or OVS's
// ovs-appctl sockets) answers per second. It keeps CONNECTIONS connections with one request in
// flight each, as ovs-appctl does, or with -r opens a fresh connection for every request (what
// a script calling vigil-appctl in a loop costs the daemon). Every reply is checked: it must
// carry the request's id and a result, not an error.
//
// Usage: bench-unixctl_rate SOCKET [-n REQUESTS] [-c CONNECTIONS] [-m COMMAND] [-r] [-p PID]
// Prints one JSON line (requests_per_s, p50_us, p99_us, and the server's CPU time per request
// with -p PID).
#include "bench_util.h"

#include <csignal>
#include <sys/epoll.h>

namespace {

using namespace bench;

struct options {
    std::string socket;
    long requests = 20000;
    long connections = 1;
    std::string command = "version";
    bool reconnect = false;
    long server_pid = 0;
};

struct conn {
    int fd = -1;
    framer f;
    long in_flight = -1; // id of the request awaiting its reply, -1 when none
    double sent_at = 0;
};

void send_request(conn& c, const options& o, long id, int ep, std::size_t index) {
    if (c.fd < 0) {
        c.fd = open_target("unix:" + o.socket);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = index;
        if (epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev) < 0) {
            die_errno("epoll_ctl");
        }
    }
    std::string request = "{\"method\":\"" + json_escape(o.command) +
                          "\",\"params\":[],\"id\":" + std::to_string(id) + "}";
    c.in_flight = id;
    c.sent_at = now_s();
    write_all(c.fd, request);
}

int run(const options& o) {
    raise_fd_limit(o.connections + 64);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) {
        die_errno("epoll_create1");
    }
    std::vector<conn> conns(static_cast<std::size_t>(o.connections));
    std::vector<double> latency;
    latency.reserve(static_cast<std::size_t>(o.requests));
    long sent = 0;
    long answered = 0;
    double cpu0 = o.server_pid ? cpu_seconds(o.server_pid) : 0;
    double t0 = now_s();
    for (std::size_t i = 0; i < conns.size() && sent < o.requests; i++) {
        send_request(conns[i], o, sent++, ep, i);
    }
    char buf[65536];
    while (answered < o.requests) {
        epoll_event evs[64];
        int n = epoll_wait(ep, evs, 64, 10000);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            die(n == 0 ? "no reply from the server in 10 s" : std::strerror(errno));
        }
        for (int e = 0; e < n; e++) {
            std::size_t index = evs[e].data.u64;
            conn& c = conns[index];
            bool replied = false;
            while (!replied) {
                ssize_t r = read(c.fd, buf, sizeof buf);
                if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
                    break;
                }
                if (r <= 0) {
                    die("the server closed a connection");
                }
                for (ssize_t i = 0; i < r;) {
                    bool done;
                    i += static_cast<ssize_t>(
                        c.f.scan(buf + i, static_cast<std::size_t>(r - i), done));
                    if (!done) {
                        continue;
                    }
                    std::string_view msg = c.f.text();
                    std::string_view id, error;
                    if (member(msg, "error", error) && error != "null") {
                        die("error reply: " + std::string(msg.substr(0, 300)));
                    }
                    if (!member(msg, "id", id) || id != std::to_string(c.in_flight)) {
                        die("unexpected message: " + std::string(msg.substr(0, 300)));
                    }
                    latency.push_back(now_s() - c.sent_at);
                    answered++;
                    c.f.clear();
                    replied = true;
                    break;
                }
            }
            if (!replied) {
                continue;
            }
            if (o.reconnect) {
                epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
                close(c.fd);
                c.fd = -1;
                c.f = framer();
            }
            if (sent < o.requests) {
                send_request(c, o, sent++, ep, index);
            }
        }
    }
    double secs = now_s() - t0;
    std::string server_cpu;
    if (o.server_pid) {
        double cpu = cpu_seconds(o.server_pid) - cpu0;
        server_cpu = ",\"server_cpu_us_per_request\":" +
                     std::to_string(cpu * 1e6 / static_cast<double>(o.requests));
    }
    std::sort(latency.begin(), latency.end());
    std::printf("{\"socket\":\"%s\",\"command\":\"%s\",\"requests\":%ld,\"connections\":%ld,"
                "\"reconnect\":%s,\"seconds\":%.4f,\"requests_per_s\":%.0f,\"p50_us\":%.1f,"
                "\"p99_us\":%.1f%s}\n",
                json_escape(o.socket).c_str(), json_escape(o.command).c_str(), o.requests,
                o.connections, o.reconnect ? "true" : "false", secs,
                static_cast<double>(o.requests) / secs, latency[latency.size() / 2] * 1e6,
                latency[static_cast<std::size_t>(static_cast<double>(latency.size()) * 0.99)] * 1e6,
                server_cpu.c_str());
    for (conn& c : conns) {
        if (c.fd >= 0) {
            close(c.fd);
        }
    }
    close(ep);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    bench::program_name = "bench-unixctl_rate";
    options o;
    auto value = [&](int& i) -> std::string {
        if (i + 1 >= argc) {
            die(std::string("missing value for ") + argv[i]);
        }
        return argv[++i];
    };
    for (int i = 1; i < argc; i++) {
        std::string_view a = argv[i];
        if (a == "-n") {
            o.requests = std::atol(value(i).c_str());
        } else if (a == "-c") {
            o.connections = std::atol(value(i).c_str());
        } else if (a == "-m") {
            o.command = value(i);
        } else if (a == "-r") {
            o.reconnect = true;
        } else if (a == "-p") {
            o.server_pid = std::atol(value(i).c_str());
        } else if (a == "-h" || a == "--help") {
            std::printf("usage: bench-unixctl_rate SOCKET [-n REQUESTS] [-c CONNECTIONS] "
                        "[-m COMMAND] [-r] [-p SERVER_PID]\n");
            return 0;
        } else if (a[0] != '-' && o.socket.empty()) {
            o.socket = a;
        } else {
            die("unknown argument " + std::string(a) + " (use --help)");
        }
    }
    if (o.socket.empty() || o.requests < 1 || o.connections < 1) {
        die("bad arguments (use --help)");
    }
    std::signal(SIGPIPE, SIG_IGN);
    return run(o);
}
