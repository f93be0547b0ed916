#include "vigil/clock.h"
#include "vigil/vlog.h"

#include <algorithm>

namespace vigil {

vlog_rate_limit::vlog_rate_limit(int per_minute, int burst)
    : tokens_(burst), per_msec_(per_minute / 60000.0), burst_(burst) {}

bool vlog_rate_limit::admit(vlog_module& module, vlog_level level) {
    if (!module.honor_rate_limits) {
        return true;
    }
    unsigned n_dropped;
    long long first_dropped, last_dropped, now_sec;
    {
        std::lock_guard lock(mutex_);
        long long now = time_msec();
        if (last_) {
            tokens_ = std::min(burst_, tokens_ + (now - last_) * per_msec_);
        }
        last_ = now;
        // Whole seconds of the monotonic clock, as OVS's time_now(): the report's elapsed
        // times are differences of these.
        now_sec = now / 1000;
        if (tokens_ < 1.0) {
            if (!n_dropped_) {
                first_dropped_ = now_sec;
            }
            last_dropped_ = now_sec;
            n_dropped_++;
            return false;
        }
        tokens_ -= 1.0;
        if (!n_dropped_) {
            return true;
        }
        n_dropped = n_dropped_;
        first_dropped = first_dropped_;
        last_dropped = last_dropped_;
        n_dropped_ = 0;
    }
    // Reported by the first message let through, before it, at its module and level, as OVS
    // does; outside the lock, since logging may take a while.
    module.log(level, fmt::format("Dropped {} log messages in last {} seconds (most recently, {} "
                                  "seconds ago) due to excessive rate",
                                  n_dropped, static_cast<unsigned>(now_sec - first_dropped),
                                  static_cast<unsigned>(now_sec - last_dropped)));
    return true;
}

} // namespace vigil
