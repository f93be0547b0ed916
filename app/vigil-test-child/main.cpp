// vigil-test-child: a child process with configurable odd behaviour, for the supervisor's tests.
//
//   --print=TEXT      print TEXT on stdout (repeatable, in order)
//   --stderr=TEXT     print TEXT on stderr (repeatable)
//   --after=MS        wait MS milliseconds before exiting (default 0); -1 waits until killed
//   --exit=N          exit with status N (default 0)
//   --signal=N        die by signal N instead of exiting
//   --ignore-term     ignore SIGTERM
//   --orphan=MS       fork a grandchild that ignores SIGTERM, prints "grandchild PID" and
//                     lives MS milliseconds (it stays in our process group)
//   --pidfile=PATH    write our pid to PATH and hold a POSIX write lock on it, as OVS does
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <time.h>
#include <unistd.h>
#include <vector>

namespace {

void sleepMs(long ms) {
    struct timespec ts {
        ms / 1000, (ms % 1000) * 1000000L
    };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    }
}

bool option(const char* arg, const char* name, std::string& value) {
    size_t n = std::strlen(name);
    if (std::strncmp(arg, name, n) == 0 && arg[n] == '=') {
        value = arg + n + 1;
        return true;
    }
    return false;
}

int holdPidfile(const std::string& path) {
    int fd = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        std::perror(path.c_str());
        return -1;
    }
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    if (fcntl(fd, F_SETLK, &lock) < 0) {
        std::perror("fcntl");
        return -1;
    }
    std::string text = std::to_string(getpid()) + "\n";
    if (write(fd, text.data(), text.size()) != ssize_t(text.size())) {
        return -1;
    }
    return fd; // kept open for the life of the process: closing it would drop the lock
}

} // namespace

int main(int argc, char* argv[]) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    long after = 0;
    int status = 0;
    int signal = 0;
    long orphanMs = -1;
    std::vector<std::pair<bool, std::string>> lines;
    for (int i = 1; i < argc; ++i) {
        std::string v;
        if (option(argv[i], "--print", v)) {
            lines.emplace_back(false, v);
        } else if (option(argv[i], "--stderr", v)) {
            lines.emplace_back(true, v);
        } else if (option(argv[i], "--after", v)) {
            after = std::atol(v.c_str());
        } else if (option(argv[i], "--exit", v)) {
            status = std::atoi(v.c_str());
        } else if (option(argv[i], "--signal", v)) {
            signal = std::atoi(v.c_str());
        } else if (std::strcmp(argv[i], "--ignore-term") == 0) {
            std::signal(SIGTERM, SIG_IGN);
        } else if (option(argv[i], "--orphan", v)) {
            orphanMs = std::atol(v.c_str());
        } else if (option(argv[i], "--pidfile", v)) {
            if (holdPidfile(v) < 0) {
                return 2;
            }
        } else {
            std::fprintf(stderr, "vigil-test-child: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (orphanMs >= 0) {
        pid_t pid = fork();
        if (pid == 0) {
            std::signal(SIGTERM, SIG_IGN);
            std::printf("grandchild %d\n", int(getpid()));
            sleepMs(orphanMs);
            _exit(0);
        }
    }
    for (const auto& [err, text] : lines) {
        std::fprintf(err ? stderr : stdout, "%s\n", text.c_str());
    }
    if (after < 0) {
        for (;;) {
            pause();
        }
    }
    sleepMs(after);
    if (signal) {
        std::signal(signal, SIG_DFL);
        raise(signal);
    }
    return status;
}
