// Helpers shared by the benchmark programs: plain-socket connections, a byte-level JSON framer
// (so load generators measure servers without using the runtime they measure), /proc probes of
// a server's CPU time and memory, and a description of the machine for result lines.
#pragma once

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace bench {

inline const char* program_name = "bench";

[[noreturn]] inline void die(const std::string& msg) {
    std::fprintf(stderr, "%s: %s\n", program_name, msg.c_str());
    std::exit(1);
}

[[noreturn]] inline void die_errno(const std::string& msg) {
    die(msg + ": " + std::strerror(errno));
}

inline double now_s() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// Opens a non-blocking connection to `target` (unix:PATH or tcp:IPV4:PORT).
inline int open_target(const std::string& target) {
    int fd = -1;
    if (target.rfind("unix:", 0) == 0) {
        sockaddr_un sun{};
        sun.sun_family = AF_UNIX;
        std::string path = target.substr(5);
        if (path.size() >= sizeof sun.sun_path) {
            die("unix path too long");
        }
        std::memcpy(sun.sun_path, path.c_str(), path.size() + 1);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&sun), sizeof sun) < 0) {
            die_errno(target);
        }
    } else if (target.rfind("tcp:", 0) == 0) {
        std::string rest = target.substr(4);
        auto colon = rest.rfind(':');
        if (colon == std::string::npos) {
            die("tcp target must be tcp:IPV4:PORT");
        }
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_port = htons(static_cast<uint16_t>(std::atoi(rest.c_str() + colon + 1)));
        if (inet_pton(AF_INET, rest.substr(0, colon).c_str(), &sin.sin_addr) != 1) {
            die("bad IPv4 address in " + target);
        }
        fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin) < 0) {
            die_errno(target);
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    } else {
        die("TARGET must be unix:PATH or tcp:IPV4:PORT");
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

// Splits a byte stream into top-level JSON objects by tracking nesting and string state, so
// neither a partial read nor a long string costs more than one scan.
class framer {
public:
    // Consumes bytes from `p[0..n)` up to the end of the current value. Returns the bytes
    // consumed; `done` tells whether a whole value (now in text()) ends there.
    std::size_t scan(const char* p, std::size_t n, bool& done) {
        done = false;
        std::size_t i = 0;
        if (depth_ == 0 && buf_.empty()) {
            while (i < n && (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t')) {
                i++;
            }
        }
        std::size_t start = i;
        while (i < n) {
            if (in_string_) {
                if (escape_) {
                    escape_ = false;
                    i++;
                    continue;
                }
                // Jump to the next quote or backslash.
                const char* q = static_cast<const char*>(std::memchr(p + i, '"', n - i));
                std::size_t limit = q ? static_cast<std::size_t>(q - p) : n;
                const char* b = static_cast<const char*>(std::memchr(p + i, '\\', limit - i));
                if (b) {
                    i = static_cast<std::size_t>(b - p) + 1;
                    escape_ = true;
                } else if (!q) {
                    i = n;
                } else {
                    i = limit + 1;
                    in_string_ = false;
                }
                continue;
            }
            char c = p[i++];
            if (c == '"') {
                in_string_ = true;
            } else if (c == '{' || c == '[') {
                depth_++;
            } else if (c == '}' || c == ']') {
                if (--depth_ < 0) {
                    die("unbalanced JSON from the server");
                }
                if (depth_ == 0) {
                    done = true;
                    break;
                }
            } else if (depth_ == 0 && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                die("the server sent a JSON value that is not an object");
            }
        }
        buf_.append(p + start, i - start);
        return i;
    }
    std::string_view text() const { return buf_; }
    void clear() { buf_.clear(); }

private:
    int depth_ = 0;
    bool in_string_ = false;
    bool escape_ = false;
    std::string buf_;
};

// Returns the index just past the string whose opening quote is at s[i].
inline std::size_t skip_string(std::string_view s, std::size_t i) {
    for (i++; i < s.size();) {
        auto q = s.find('"', i);
        if (q == std::string_view::npos) {
            return s.size();
        }
        std::size_t backslashes = 0;
        while (q - backslashes > i && s[q - backslashes - 1] == '\\') {
            backslashes++;
        }
        i = q + 1;
        if (backslashes % 2 == 0) {
            return i;
        }
    }
    return s.size();
}

// Returns the raw text of the top-level member `key` of the object `obj`, or nullopt.
inline bool member(std::string_view obj, std::string_view key, std::string_view& out) {
    int depth = 0;
    for (std::size_t i = 0; i < obj.size();) {
        char c = obj[i];
        if (c == '"') {
            std::size_t end = skip_string(obj, i);
            if (depth == 1 && end - i == key.size() + 2 && obj.substr(i + 1, key.size()) == key) {
                std::size_t j = end;
                while (j < obj.size() && (obj[j] == ' ' || obj[j] == ':')) {
                    j++;
                }
                std::size_t start = j;
                int d = 0;
                while (j < obj.size()) {
                    char x = obj[j];
                    if (x == '"') {
                        j = skip_string(obj, j);
                        continue;
                    }
                    if (x == '{' || x == '[') {
                        d++;
                    } else if (x == '}' || x == ']') {
                        if (d == 0) {
                            break;
                        }
                        d--;
                    } else if (x == ',' && d == 0) {
                        break;
                    }
                    j++;
                }
                out = obj.substr(start, j - start);
                return true;
            }
            i = end;
            continue;
        }
        if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
        }
        i++;
    }
    return false;
}

// Writes all of `data`, waiting briefly whenever the socket is full (only for tiny replies to
// the server's probes).
inline void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t w = write(fd, data.data(), data.size());
        if (w < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                std::this_thread::sleep_for(std::chrono::microseconds(100));
                continue;
            }
            die_errno("write");
        }
        data.remove_prefix(static_cast<std::size_t>(w));
    }
}

// Answers the server's echo request in `msg`, if it is one. Returns true when it was.
inline bool answer_probe(int fd, std::string_view msg) {
    std::string_view method, id;
    if (member(msg, "method", method) && method == "\"echo\"" && member(msg, "id", id)) {
        std::string reply = "{\"id\":" + std::string(id) + ",\"result\":[],\"error\":null}";
        write_all(fd, reply);
        return true;
    }
    return false;
}

// Reads whatever an idle connection has (probes) and answers it.
inline void serve_idle(int fd, framer& f) {
    char buf[4096];
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
            return;
        }
        if (r <= 0) {
            die("the server closed an idle connection");
        }
        for (ssize_t i = 0; i < r;) {
            bool done;
            i += static_cast<ssize_t>(f.scan(buf + i, static_cast<std::size_t>(r - i), done));
            if (done) {
                answer_probe(fd, f.text());
                f.clear();
            }
        }
    }
}

inline void raise_fd_limit(long wanted) {
    rlimit rl{};
    if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < static_cast<rlim_t>(wanted)) {
        rl.rlim_cur = std::min<rlim_t>(rl.rlim_max, static_cast<rlim_t>(wanted));
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

// Returns the CPU time process `pid` has used, in seconds: the scheduler's nanosecond count of
// its main thread where the kernel keeps one, else user + system ticks.
inline double cpu_seconds(long pid) {
    std::ifstream sched("/proc/" + std::to_string(pid) + "/schedstat");
    double ns = 0;
    if (sched >> ns) {
        return ns / 1e9;
    }
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto paren = text.rfind(')');
    if (paren == std::string::npos) {
        die("cannot read the CPU time of pid " + std::to_string(pid));
    }
    // After the command come the state (field 3), ..., utime (14) and stime (15).
    std::vector<std::string> fields;
    std::size_t i = paren + 2;
    while (i < text.size()) {
        std::size_t j = text.find(' ', i);
        if (j == std::string::npos) {
            j = text.size();
        }
        fields.push_back(text.substr(i, j - i));
        i = j + 1;
    }
    if (fields.size() < 13) {
        die("short /proc stat for pid " + std::to_string(pid));
    }
    double ticks = std::atof(fields[11].c_str()) + std::atof(fields[12].c_str());
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

inline long rss_kb(long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::atol(line.c_str() + 6);
        }
    }
    die("cannot read the RSS of pid " + std::to_string(pid));
}

// Returns "ARCH, N cores, CPU MODEL" for result lines.
inline std::string machine() {
    utsname u{};
    uname(&u);
    std::string model = "unknown CPU";
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("model name", 0) == 0) {
            auto colon = line.find(':');
            if (colon != std::string::npos) {
                model = line.substr(colon + 2);
            }
            break;
        }
    }
    return std::string(u.machine) + ", " + std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) +
           " cores, " + model;
}

// Returns the command line as one string, for result lines.
inline std::string command_line(int argc, char** argv) {
    std::string s;
    for (int i = 0; i < argc; i++) {
        if (i) {
            s += ' ';
        }
        s += argv[i];
    }
    return s;
}

// Returns `s` with the characters JSON requires escaped.
inline std::string json_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace bench
