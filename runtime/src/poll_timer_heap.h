// The poll loop's timers (internal): a heap of owners' deadlines. Timers are lazy: an owner
// whose deadline only moves later keeps its older entry, wakes once at that time and re-arms
// from its own state then, so a session whose probe deadline moves on every message does not
// touch the heap at all.
#pragma once

#include "poll_loop_internal.h"

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace vigil::detail {

class timer_heap {
public:
    // Arms owner `o` for `deadline`, unless it is already armed for that time or earlier.
    void arm(owner_state* o, long long deadline);

    // The earliest deadline of a live arming, or time_never.
    long long next_deadline();

    // Returns an owner whose deadline is at or before `now`, disarming it, or null when none
    // is due. Entries of owners that were re-armed or released meanwhile are skipped.
    owner_state* pop_due(long long now);

private:
    struct entry {
        long long deadline;
        std::uint64_t token;
        owner_state* owner;
        bool operator>(const entry& o) const { return deadline > o.deadline; }
    };

    // Drops entries at the top that no longer belong to a live arming.
    void prune();
    static bool live(const entry& e) { return e.owner->alive && e.owner->timer_token == e.token; }

    std::priority_queue<entry, std::vector<entry>, std::greater<>> heap_;
    std::uint64_t next_token_ = 1;
};

} // namespace vigil::detail
