// bench-rpc_load: the project's JSON-RPC load generator. It drives any server that answers
// "echo" (vigil-testd, ovsdb-server, ...) over one active connection with a window of pipelined
// requests, checks every reply (its id belongs to a request in flight, no error, the params come
// back), and reports throughput and request-to-reply latencies. It can first open many idle
// connections (answering any echo probes on them) to show what holding them costs the server,
// and it can measure the server's resident memory per idle connection.
//
// It deliberately uses plain sockets and a byte-level framer, not the runtime it measures, so the
// numbers of different servers are comparable.
//
// Usage:
//   bench-rpc_load TARGET [-n MESSAGES] [-w WINDOW] [-s PAYLOAD_BYTES] [-i IDLE] [-p PID]
//   bench-rpc_load TARGET --rss-probe PID [-c CONNECTIONS]
// TARGET is unix:PATH or tcp:IPV4:PORT. Prints one JSON line. --settle-ms waits that long
// after opening the idle connections before measuring. With -p, the server's CPU time
// (user + system, from /proc) per message is reported too: on a busy machine it is a steadier
// measure of the server's cost than wall-clock rates.
#include "bench_util.h"

#include <csignal>
#include <sys/epoll.h>

namespace {

using namespace bench;

// Opens `count` idle connections and reports how much the server's RSS grew per connection.
int rss_probe(const std::string& target, long pid, long count) {
    raise_fd_limit(count + 64);
    long before = rss_kb(pid);
    std::vector<int> fds;
    for (long i = 0; i < count; i++) {
        fds.push_back(open_target(target));
    }
    // Let the server accept and settle; a probe could arrive meanwhile but unix sessions
    // have none by default.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    long after = rss_kb(pid);
    std::printf("{\"target\":\"%s\",\"connections\":%ld,\"rss_before_kb\":%ld,\"rss_after_kb\":%ld,"
                "\"bytes_per_connection\":%.0f}\n",
                target.c_str(), count, before, after,
                static_cast<double>(after - before) * 1024.0 / static_cast<double>(count));
    for (int fd : fds) {
        close(fd);
    }
    return 0;
}

struct options {
    std::string target;
    long messages = 100000;
    long window = 64;
    long payload = 16;
    long idle = 0;
    long rss_pid = 0;
    long connections = 2000;
    long server_pid = 0;
    long settle_ms = 0;
};

int run_load(const options& o) {
    raise_fd_limit(o.idle + 64);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) {
        die_errno("epoll_create1");
    }
    std::vector<int> idle_fds;
    std::vector<framer> idle_framers(static_cast<std::size_t>(o.idle));
    for (long i = 0; i < o.idle; i++) {
        int fd = open_target(o.target);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = static_cast<uint64_t>(i) + 1;
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
            die_errno("epoll_ctl");
        }
        idle_fds.push_back(fd);
    }
    if (o.settle_ms > 0) {
        // Let the server finish accepting before measuring (answering probes meanwhile).
        double until = now_s() + static_cast<double>(o.settle_ms) / 1e3;
        for (double t = now_s(); t < until; t = now_s()) {
            epoll_event evs[64];
            int n = epoll_wait(ep, evs, 64, static_cast<int>((until - t) * 1e3) + 1);
            for (int e = 0; e < n; e++) {
                serve_idle(idle_fds[evs[e].data.u64 - 1], idle_framers[evs[e].data.u64 - 1]);
            }
        }
    }
    int fd = open_target(o.target);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = 0;
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
        die_errno("epoll_ctl");
    }

    std::string pad(static_cast<std::size_t>(o.payload), 'x');
    std::vector<double> sent_at(static_cast<std::size_t>(o.messages));
    std::vector<double> latency;
    latency.reserve(static_cast<std::size_t>(o.messages));
    std::vector<char> replied(static_cast<std::size_t>(o.messages));
    framer f;
    long sent = 0;
    long received = 0;
    double bytes = 0;
    std::vector<char> buf(1 << 16);
    // Output is queued and flushed as the socket accepts it: a server may stop reading while
    // its replies back up, so a blocking writer could deadlock against it.
    std::string out;
    std::size_t out_off = 0;
    bool want_out = false;

    double t0 = now_s();
    double cpu0 = o.server_pid ? cpu_seconds(o.server_pid) : 0;
    while (received < o.messages) {
        while (sent < o.messages && sent - received < o.window) {
            std::size_t before = out.size();
            out += "{\"method\":\"echo\",\"params\":[\"";
            out += pad;
            out += "\"],\"id\":";
            out += std::to_string(sent);
            out += '}';
            bytes += static_cast<double>(out.size() - before);
            sent_at[static_cast<std::size_t>(sent)] = now_s();
            sent++;
        }
        while (out_off < out.size()) {
            ssize_t w = write(fd, out.data() + out_off, out.size() - out_off);
            if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
                break;
            }
            if (w < 0) {
                die_errno("write");
            }
            out_off += static_cast<std::size_t>(w);
        }
        if (out_off == out.size()) {
            out.clear();
            out_off = 0;
        }
        bool need_out = !out.empty();
        if (need_out != want_out) {
            epoll_event mod{};
            mod.events = EPOLLIN | (need_out ? EPOLLOUT : 0u);
            mod.data.u64 = 0;
            if (epoll_ctl(ep, EPOLL_CTL_MOD, fd, &mod) < 0) {
                die_errno("epoll_ctl");
            }
            want_out = need_out;
        }
        epoll_event evs[64];
        int n = epoll_wait(ep, evs, 64, 10000);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            die_errno("epoll_wait");
        }
        if (n == 0) {
            die("no reply from the server in 10 s");
        }
        for (int e = 0; e < n; e++) {
            uint64_t who = evs[e].data.u64;
            if (who) {
                serve_idle(idle_fds[who - 1], idle_framers[who - 1]);
                continue;
            }
            for (;;) {
                ssize_t r = read(fd, buf.data(), buf.size());
                if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
                    break;
                }
                if (r == 0) {
                    die("the server closed the connection");
                }
                if (r < 0) {
                    die_errno("read");
                }
                bytes += static_cast<double>(r);
                for (ssize_t i = 0; i < r;) {
                    bool done;
                    i += static_cast<ssize_t>(
                        f.scan(buf.data() + i, static_cast<std::size_t>(r - i), done));
                    if (!done) {
                        continue;
                    }
                    std::string_view msg = f.text();
                    std::string_view id, result, error;
                    if (member(msg, "error", error) && error != "null") {
                        die("error reply: " + std::string(msg.substr(0, 300)));
                    }
                    if (!member(msg, "id", id) || !member(msg, "result", result)) {
                        if (!answer_probe(fd, msg)) {
                            die("unexpected message: " + std::string(msg.substr(0, 300)));
                        }
                        f.clear();
                        continue;
                    }
                    char* end = nullptr;
                    std::string idtext(id);
                    long k = std::strtol(idtext.c_str(), &end, 10);
                    if (*end || k < 0 || k >= sent || replied[static_cast<std::size_t>(k)]) {
                        die("reply with unknown or repeated id " + idtext);
                    }
                    if (result.size() < static_cast<std::size_t>(o.payload) + 4) {
                        die("reply " + idtext + " does not echo the params");
                    }
                    replied[static_cast<std::size_t>(k)] = 1;
                    latency.push_back(now_s() - sent_at[static_cast<std::size_t>(k)]);
                    received++;
                    f.clear();
                }
            }
        }
    }
    double secs = now_s() - t0;
    std::string server_cpu;
    if (o.server_pid) {
        double cpu = cpu_seconds(o.server_pid) - cpu0;
        char text[96];
        std::snprintf(text, sizeof text, ",\"server_cpu_s\":%.3f,\"server_cpu_us_per_msg\":%.2f",
                      cpu, cpu * 1e6 / static_cast<double>(o.messages));
        server_cpu = text;
    }
    std::sort(latency.begin(), latency.end());
    std::printf("{\"target\":\"%s\",\"messages\":%ld,\"window\":%ld,\"payload\":%ld,\"idle\":%ld,"
                "\"seconds\":%.4f,\"msgs_per_s\":%.0f,\"mib_per_s\":%.2f,\"p50_us\":%.1f,"
                "\"p99_us\":%.1f%s}\n",
                o.target.c_str(), o.messages, o.window, o.payload, o.idle, secs,
                static_cast<double>(o.messages) / secs, bytes / secs / 1048576.0,
                latency[latency.size() / 2] * 1e6,
                latency[static_cast<std::size_t>(static_cast<double>(latency.size()) * 0.99)] * 1e6,
                server_cpu.c_str());
    for (int idle_fd : idle_fds) {
        close(idle_fd);
    }
    close(fd);
    close(ep);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    bench::program_name = "bench-rpc_load";
    options o;
    auto number = [&](int& i) {
        if (i + 1 >= argc) {
            die(std::string("missing value for ") + argv[i]);
        }
        return std::atol(argv[++i]);
    };
    for (int i = 1; i < argc; i++) {
        std::string_view a = argv[i];
        if (a == "-n") {
            o.messages = number(i);
        } else if (a == "-w") {
            o.window = number(i);
        } else if (a == "-s") {
            o.payload = number(i);
        } else if (a == "-i") {
            o.idle = number(i);
        } else if (a == "--rss-probe") {
            o.rss_pid = number(i);
        } else if (a == "--settle-ms") {
            o.settle_ms = number(i);
        } else if (a == "-p") {
            o.server_pid = number(i);
        } else if (a == "-c") {
            o.connections = number(i);
        } else if (a == "-h" || a == "--help") {
            std::printf("usage: bench-rpc_load TARGET [-n MESSAGES] [-w WINDOW] [-s PAYLOAD_BYTES] "
                        "[-i IDLE [--settle-ms MS]] [-p SERVER_PID]\n"
                        "       bench-rpc_load TARGET --rss-probe PID [-c CONNECTIONS]\n");
            return 0;
        } else if (a[0] != '-' && o.target.empty()) {
            o.target = a;
        } else {
            die("unknown argument " + std::string(a) + " (use --help)");
        }
    }
    if (o.target.empty() || o.messages < 1 || o.window < 1 || o.payload < 0 || o.idle < 0 ||
        o.connections < 1) {
        die("bad arguments (use --help)");
    }
    std::signal(SIGPIPE, SIG_IGN);
    if (o.rss_pid) {
        return rss_probe(o.target, o.rss_pid, o.connections);
    }
    return run_load(o);
}
