#include "vigil/clock.h"

#include <ctime>

namespace vigil {
namespace {
std::function<long long()>& hook() {
    static std::function<long long()> h;
    return h;
}

long long read_clock(clockid_t id) {
    timespec ts{};
    clock_gettime(id, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}
} // namespace

long long time_msec() {
    auto& h = hook();
    return h ? h() : read_clock(CLOCK_MONOTONIC);
}

long long time_wall_msec() {
    return read_clock(CLOCK_REALTIME);
}

void set_time_hook(std::function<long long()> h) {
    hook() = std::move(h);
}

virtual_clock::virtual_clock(long long start) : now_(start) {
    set_time_hook([this] { return now_; });
}

virtual_clock::~virtual_clock() {
    set_time_hook({});
}

} // namespace vigil
