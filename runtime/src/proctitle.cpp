// The monitor's process title (`monitoring pid N (healthy)`), written over the argv area the
// kernel shows in /proc/PID/cmdline. prctl(PR_SET_NAME) is avoided on purpose: it changes
// /proc/PID/comm, which forked daemons would inherit, and their comm must stay the program's
// name.
#include "daemon_private.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace vigil::detail {
namespace {

char* area = nullptr;
std::size_t area_size = 0;
std::string original;
bool located = false;

// Moves the environment strings to the heap, so that the memory they occupied (right after
// the argv strings) can hold a longer title. The copies are never freed: `environ` points at
// them until the process ends, and libraries read it from their own exit-time destructors
// (Qt's D-Bus module does), after every static object of ours has been destroyed.
void relocate_environ() {
    std::size_t count = 0;
    while (environ && environ[count]) {
        count++;
    }
    char** pointers = new char*[count + 1];
    for (std::size_t i = 0; i < count; i++) {
        pointers[i] = strdup(environ[i]);
    }
    pointers[count] = nullptr;
    environ = pointers;
}

// Finds the argv area through /proc/self/stat (fields 48-51: arg_start, arg_end, env_start,
// env_end) and, when the environment strings follow it, claims them too: the kernel shows a
// title that runs past arg_end up to its terminating NUL.
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
    unsigned long v[4] = {0, 0, 0, 0};
    for (int n = 3; n <= 51 && fields >> field; n++) {
        if (n >= 48) {
            v[n - 48] = std::stoul(field);
        }
    }
    unsigned long start = v[0], end = v[1];
    if (!start || end <= start + 1) {
        return;
    }
    if (v[2] == end && v[3] > v[2]) {
        relocate_environ();
        end = v[3];
    }
    area = reinterpret_cast<char*>(start);
    area_size = end - start;
    original.assign(area, area_size);
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
