// What the poll loop says about its waits, as OVS's poll-loop and timeval do: why each wait
// ended (a timeout and the code that asked for it, or an fd's events and the code that waited
// on it) at DBG when debug logging is on, or at INFO, rate-limited, while the thread uses more
// than half a CPU; and a WARN when more than a second passed between two waits.
#pragma once

#include "cpu_usage.h"

#include <sys/resource.h>

namespace vigil {
class vlog_module;
}

namespace vigil::detail {

// The `poll_loop` logging module, shared with poll_loop.cpp.
vlog_module& poll_loop_module();

class poll_wakeup_log {
public:
    // Before a blocking wait at `now`: warns when the previous wakeup was a second or more ago.
    void before_wait(long long now);

    // After a wait that ended at `now`: samples the CPU usage every few seconds and returns
    // whether this wakeup is to be logged (then report it with the calls below). Cheap enough
    // for every iteration of a busy loop.
    bool after_wait(long long now);

    // The wait ended by its `timeout_ms`, asked for at `file`:`line`.
    void timed_out(int timeout_ms, const char* file, unsigned line);
    // `fd` became ready with `revents` (poll flags); the wait on it was asked for at
    // `file`:`line`.
    void fd_ready(int fd, short revents, const char* file, unsigned line);

private:
    // Logs `text` with the CPU usage, at DBG or (within the rate limit) at INFO.
    template <typename Format> void emit(Format&& format_text);

    cpu_usage_meter cpu_;
    bool debug_ = false; // debug logging was on at the last after_wait()
    long long last_wakeup_ = 0;
    rusage last_rusage_{};
};

} // namespace vigil::detail
