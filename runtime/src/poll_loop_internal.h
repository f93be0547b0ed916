// The poll loop's bookkeeping types (internal), shared by the loop, its fd registry and its
// timer heap: what an owner asked to wait for, and what the loop keeps about each owner.
#pragma once

#include "vigil/clock.h"

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace vigil {
class vlog_module;
}

namespace vigil::detail {

// The poll loop's log module (defined in poll_loop.cpp), which its parts log through, so
// that vlog/set sees one `poll_loop`.
vlog_module& poll_loop_module();

// One fd registration made during a frame (an owner's run, or the stretch of OVS-style code
// between two poll_block() calls).
struct registration {
    int fd;
    short events;
    const char* file;
    unsigned line;
};

// A frame's waits: fds, the earliest deadline and whether to wake immediately.
struct frame {
    std::vector<registration> fds;
    long long deadline = time_never;
    const char* deadline_file = nullptr;
    unsigned deadline_line = 0;
    bool immediate = false;

    void clear() {
        fds.clear();
        deadline = time_never;
        immediate = false;
    }
};

struct owner_state {
    std::function<void()> run;
    frame current;                    // waits collected during the owner's current run
    std::vector<registration> active; // waits in force since its last run
    std::uint64_t timer_token = 0;    // token of its live heap entry, 0 if none
    long long armed_deadline = time_never;
    std::vector<std::pair<int, short>> fired; // fds that fired for this run
    bool alive = false;
    bool scheduled = false;
    bool is_default = false;
};

} // namespace vigil::detail
