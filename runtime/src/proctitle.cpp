// The monitor's process title (`monitoring pid N (healthy)`), written over the argv area the
// kernel shows in /proc/PID/cmdline. prctl(PR_SET_NAME) is avoided on purpose: it changes
// /proc/PID/comm, which forked daemons would inherit, and their comm must stay the program's
// name.
#include "daemon_private.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

namespace vigil::detail {
namespace {

char* area = nullptr;
std::size_t area_size = 0;
std::string original;
bool located = false;

// Finds the argv area through /proc/self/stat (fields 48 and 49: arg_start, arg_end).
void locate() {
    located = true;
    std::ifstream in("/proc/self/stat");
    std::string line;
    if (!std::getline(in, line)) {
        return;
    }
    std::string::size_type close = line.rfind(')');
    if (close == std::string::npos) {
        return;
    }
    std::istringstream fields(line.substr(close + 2));
    std::string field;
    unsigned long start = 0, end = 0;
    for (int n = 3; fields >> field; n++) {
        if (n == 48) {
            start = std::stoul(field);
        } else if (n == 49) {
            end = std::stoul(field);
            break;
        }
    }
    if (start && end > start + 1) {
        area = reinterpret_cast<char*>(start);
        area_size = end - start;
        original.assign(area, area_size);
    }
}

} // namespace

void proctitle_set(const std::string& title) {
    if (!located) {
        locate();
    }
    if (!area) {
        return;
    }
    std::size_t n = std::min(title.size(), area_size - 1);
    std::memcpy(area, title.data(), n);
    std::memset(area + n, 0, area_size - n);
}

void proctitle_restore() {
    if (area && original.size() == area_size) {
        std::memcpy(area, original.data(), area_size);
    }
}

} // namespace vigil::detail
