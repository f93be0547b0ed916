// A thread's CPU usage as OVS's timeval.c measures it for wakeup logging: the thread's CPU time
// over the wall time between two samples taken at least 3 s apart, in percent; -1 until two
// samples exist or when the CPU time did not grow.
#pragma once

#include <climits>

namespace vigil::detail {

class cpu_usage_meter {
public:
    static constexpr long long interval_ms = 3000;

    // Whether a sample is due at wall time `now_ms`.
    bool due(long long now_ms) const {
        return newer_when_ == LLONG_MIN || now_ms >= newer_when_ + interval_ms;
    }

    // Takes a sample: wall time `now_ms`, the thread's CPU time so far `cpu_ms`.
    void sample(long long now_ms, long long cpu_ms) {
        const long long older_when = newer_when_;
        const long long older_cpu = newer_cpu_;
        newer_when_ = now_ms;
        newer_cpu_ = cpu_ms;
        if (older_when == LLONG_MIN) {
            percent_ = -1; // the first sample: nothing to compare with yet
            return;
        }
        const long long hundredths = (now_ms - older_when) / 100;
        percent_ = cpu_ms > older_cpu && hundredths > 0
                       ? static_cast<int>((cpu_ms - older_cpu) / hundredths)
                       : -1;
    }

    // The usage between the last two samples, -1 when unknown.
    int percent() const { return percent_; }

private:
    long long newer_when_ = LLONG_MIN;
    long long newer_cpu_ = 0;
    int percent_ = -1;
};

} // namespace vigil::detail
