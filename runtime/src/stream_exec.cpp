// The "exec:PROGRAM [ARG...]" active stream: a child process whose stdin and stdout are one
// end of a socketpair, so any program that relays bytes (socat, ssh) becomes a stream.
#include "stream_provider.h"
#include "vigil/exec_args.h"
#include "vigil/poll_loop.h"
#include "vigil/process.h"
#include "vigil/socket_util.h"
#include "vigil/vlog.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

VLOG_DEFINE_THIS_MODULE(stream_exec);

namespace vigil {

namespace {

// Reaps `pid` without blocking the caller. The process module cannot be used here: it needs
// a poll loop that keeps running after the stream is gone, and a blocking client such as
// vigil-appctl has none. Instead a detached thread gives the child a short grace period to
// exit after its stdin closed, then SIGTERMs its process group, then SIGKILLs it; the thread
// is bounded by those timeouts, and waitpid() on this one pid cannot steal another child.
void reap_child(pid_t pid) {
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid) {
        return;
    }
    std::thread([pid] {
        using namespace std::chrono_literals;
        int st;
        auto wait_for = [&](std::chrono::milliseconds total) {
            for (auto waited = 0ms; waited < total; waited += 10ms) {
                if (waitpid(pid, &st, WNOHANG) != 0) {
                    return true;
                }
                std::this_thread::sleep_for(10ms);
            }
            return false;
        };
        if (wait_for(500ms)) {
            return;
        }
        ::kill(-pid, SIGTERM);
        if (wait_for(1000ms)) {
            return;
        }
        ::kill(-pid, SIGKILL);
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
        }
    }).detach();
}

// Owns the child and the fd stream over our end of the socketpair.
class exec_stream final : public stream {
public:
    exec_stream(std::string name, std::unique_ptr<stream> inner, pid_t pid)
        : stream(std::move(name), 0), inner_(std::move(inner)), pid_(pid) {}
    ~exec_stream() override {
        // Closing our end first is what tells the child to finish (EOF on its stdin).
        inner_.reset();
        reap_child(pid_);
    }
    int fd() const override { return inner_->fd(); }

protected:
    ssize_t do_recv(void* buf, std::size_t n) override {
        ssize_t r = inner_->recv(buf, n);
        // A child that exits without a clean shutdown resets the socket: that is its EOF.
        return r == -ECONNRESET ? 0 : r;
    }
    ssize_t do_send(const void* buf, std::size_t n) override { return inner_->send(buf, n); }
    void do_wait(stream_wait_type type) override { inner_->wait(type); }

private:
    std::unique_ptr<stream> inner_;
    pid_t pid_;
};

} // namespace

int detail::exec_stream_open(const std::string& name, const std::string& suffix, int,
                             std::unique_ptr<stream>& out) {
    std::vector<std::string> words;
    int error = split_exec_args(suffix, words);
    if (error) {
        return error;
    }
    const char* path_env = std::getenv("PATH");
    std::string program;
    if (process_find_program(words[0], path_env ? path_env : "/usr/bin:/bin", program)) {
        VLOG_WARN("{}: {} not found", name, words[0]);
        return ENOENT;
    }
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0) {
        return errno;
    }
    std::vector<char*> argv;
    for (auto& w : words) {
        argv.push_back(w.data());
    }
    argv.push_back(nullptr);
    pid_t parent = getpid();
    long open_max = sysconf(_SC_OPEN_MAX);
    int max_fd = open_max > 0 && open_max < 65536 ? static_cast<int>(open_max) : 65536;
    pid_t pid = fork();
    if (pid < 0) {
        error = errno;
        close(fds[0]);
        close(fds[1]);
        return error;
    }
    if (pid == 0) {
        // Only async-signal-safe calls from here on.
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent) {
            _exit(127);
        }
        // Handlers are reset by exec anyway, but ignored signals (SIGPIPE, which we ignore)
        // would stay ignored in the child.
        for (int sig = 1; sig < NSIG; sig++) {
            if (sig != SIGKILL && sig != SIGSTOP) {
                struct sigaction sa {};
                sa.sa_handler = SIG_DFL;
                sigaction(sig, &sa, nullptr);
            }
        }
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        if (dup2(fds[1], 0) < 0 || dup2(fds[1], 1) < 0) {
            _exit(127);
        }
        // Descriptors opened without close-on-exec (listening sockets, other streams) must not
        // live on in a relay such as ssh, where they would keep peers connected after we
        // closed them.
        if (close_range(3, ~0U, 0) < 0) {
            for (int fd = 3; fd < max_fd; fd++) {
                close(fd);
            }
        }
        execv(program.c_str(), argv.data());
        _exit(127);
    }
    setpgid(pid, pid);
    close(fds[1]);
    set_nonblocking(fds[0]);
    auto inner = new_fd_stream(name, fds[0], 0, false);
    out = std::make_unique<exec_stream>(name, std::move(inner), pid);
    return 0;
}

} // namespace vigil
