// Monotonic millisecond time, with a hook so tests can drive virtual time.
#pragma once

#include <climits>
#include <functional>

namespace vigil {

// "Never" as a deadline or a timestamp, as in OVS (LLONG_MAX).
inline constexpr long long time_never = LLONG_MAX;

// Returns the current monotonic time in milliseconds, or the hook's time when one is set.
long long time_msec();

// Returns the current wall-clock time in milliseconds since the Unix epoch (for log lines).
long long time_wall_msec();

// Replaces the monotonic clock with `hook` (tests drive virtual time this way); an empty
// function restores the real clock. The hook is process-wide.
void set_time_hook(std::function<long long()> hook);

// A virtual clock for tests: install() routes time_msec() to it until it is destroyed.
class virtual_clock {
public:
    explicit virtual_clock(long long start = 1000);
    ~virtual_clock();
    virtual_clock(const virtual_clock&) = delete;
    virtual_clock& operator=(const virtual_clock&) = delete;

    long long now() const { return now_; }
    void advance(long long ms) { now_ += ms; }
    void set(long long ms) { now_ = ms; }

private:
    long long now_;
};

} // namespace vigil
