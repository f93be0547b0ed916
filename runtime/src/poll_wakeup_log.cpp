#include "poll_wakeup_log.h"

#include "vigil/describe_fd.h"
#include "vigil/vlog.h"

#include <poll.h>
#include <string>

// The poll loop's own module (defined in poll_loop.cpp), so vlog/set sees one `poll_loop`.
#define this_module_ (::vigil::detail::poll_loop_module())

namespace vigil::detail {

namespace {

std::string describe_revents(short revents) {
    std::string s;
    if (revents & POLLIN) {
        s += "[POLLIN]";
    }
    if (revents & POLLOUT) {
        s += "[POLLOUT]";
    }
    if (revents & POLLERR) {
        s += "[POLLERR]";
    }
    if (revents & POLLHUP) {
        s += "[POLLHUP]";
    }
    if (revents & POLLNVAL) {
        s += "[POLLNVAL]";
    }
    return s;
}

long long cpu_msec(const rusage& ru, bool user) {
    const timeval& tv = user ? ru.ru_utime : ru.ru_stime;
    return static_cast<long long>(tv.tv_sec) * 1000 + tv.tv_usec / 1000;
}

} // namespace

void poll_wakeup_log::before_wait(long long now) {
    if (last_wakeup_ && now - last_wakeup_ >= 1000) {
        rusage ru{};
        getrusage(RUSAGE_SELF, &ru);
        VLOG_WARN("Unreasonably long {}ms poll interval ({}ms user, {}ms system)",
                  now - last_wakeup_, cpu_msec(ru, true) - cpu_msec(last_rusage_, true),
                  cpu_msec(ru, false) - cpu_msec(last_rusage_, false));
        last_rusage_ = ru;
    } else if (!last_wakeup_) {
        getrusage(RUSAGE_SELF, &last_rusage_);
    }
}

bool poll_wakeup_log::after_wait(long long now) {
    last_wakeup_ = now;
    if (cpu_.due(now)) {
        rusage ru{};
        if (getrusage(RUSAGE_THREAD, &ru) == 0) {
            cpu_.sample(now, cpu_msec(ru, true) + cpu_msec(ru, false));
        }
    }
    debug_ = VLOG_IS_DBG_ENABLED();
    return debug_ || (cpu_.percent() > 50 && VLOG_IS_INFO_ENABLED());
}

// The rate limit is consulted before anything is formatted: a busy loop wakes many thousands
// of times a second.
template <typename Format> void poll_wakeup_log::emit(Format&& format_text) {
    static vlog_rate_limit busy_rl(10, 10);
    if (!debug_ && !busy_rl.admit(this_module_, vlog_level::info)) {
        return;
    }
    std::string text = format_text();
    if (int usage = cpu_.percent(); usage >= 0) {
        text += fmt::format(" ({}% CPU usage)", usage);
    }
    this_module_.log(debug_ ? vlog_level::dbg : vlog_level::info, text);
}

void poll_wakeup_log::timed_out(int timeout_ms, const char* file, unsigned line) {
    emit([&] {
        return fmt::format("wakeup due to {}-ms timeout at {}:{}", timeout_ms, file, line);
    });
}

void poll_wakeup_log::fd_ready(int fd, short revents, const char* file, unsigned line) {
    emit([&] {
        return fmt::format("wakeup due to {} on fd {} ({}) at {}:{}", describe_revents(revents), fd,
                           describe_fd(fd), file, line);
    });
}

} // namespace vigil::detail
