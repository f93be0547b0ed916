// SIGSEGV: write `SIGSEGV detected, backtrace:` and the stack where someone will read it (the
// monitor, which logs it, or else the log file), then die of the signal without running the
// fatal-signal hooks, so the pidfile stays behind as OVS leaves it (stale, unlocked).
#include "daemon_private.h"

#include "vigil/errors.h"
#include "vigil/socket_util.h"
#include "vigil/vlog.h"

#include <array>
#include <csignal>
#include <execinfo.h>
#include <fcntl.h>
#include <string>
#include <unistd.h>

VLOG_DEFINE_THIS_MODULE(backtrace);

namespace vigil::detail {
namespace {

int target_fd = -1;
alignas(16) std::array<char, 64 * 1024> alt_stack;

void write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        ssize_t n = write(fd, data, size);
        if (n <= 0) {
            return;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

void segv_handler(int sig) {
    if (target_fd >= 0) {
        static const char header[] = "SIGSEGV detected, backtrace:\n";
        write_all(target_fd, header, sizeof header - 1);
        void* frames[64];
        int n = backtrace(frames, 64);
        backtrace_symbols_fd(frames, n, target_fd);
    }
    // SA_RESETHAND already restored the default action; the re-raised signal kills us once
    // this handler returns.
    raise(sig);
}

} // namespace

void crash_backtrace_install(int monitor_fd) {
    struct sigaction old {};
    sigaction(SIGSEGV, nullptr, &old);
    if (old.sa_handler != SIG_DFL && old.sa_handler != segv_handler) {
        return;
    }
    if (monitor_fd >= 0) {
        target_fd = monitor_fd;
    } else {
        std::string log = vlog_get_log_file();
        target_fd = log.empty() ? -1 : open(log.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    }
    // The first backtrace() call may load libgcc and allocate: do it now, not in the handler.
    void* warm[1];
    backtrace(warm, 1);
    // A stack overflow also raises SIGSEGV, so the handler runs on its own stack.
    stack_t ss{};
    ss.ss_sp = alt_stack.data();
    ss.ss_size = alt_stack.size();
    sigaltstack(&ss, nullptr);
    struct sigaction sa {};
    sa.sa_handler = segv_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND | SA_ONSTACK | SA_NODEFER;
    sigaction(SIGSEGV, &sa, nullptr);
}

void crash_backtrace_log_received(int fd) {
    if (fd < 0) {
        return;
    }
    // The monitor reads what the crashed child left in the pipe; a blocking read past its end
    // would hang the monitor, and with it every later restart.
    if (int error = set_nonblocking(fd)) {
        VLOG_WARN("could not read the crashed daemon's backtrace ({})", error_text(error));
        return;
    }
    std::string text;
    char buf[4096];
    while (text.size() < 64 * 1024) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) {
            break;
        }
        text.append(buf, static_cast<std::size_t>(n));
    }
    while (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
    if (!text.empty()) {
        VLOG_WARN("{}", text);
    }
}

} // namespace vigil::detail
