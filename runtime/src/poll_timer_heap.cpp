#include "poll_timer_heap.h"

namespace vigil::detail {

void timer_heap::arm(owner_state* o, long long deadline) {
    if (o->timer_token && o->armed_deadline <= deadline) {
        return;
    }
    o->timer_token = next_token_++;
    o->armed_deadline = deadline;
    heap_.push({deadline, o->timer_token, o});
}

void timer_heap::prune() {
    while (!heap_.empty() && !live(heap_.top())) {
        heap_.pop();
    }
}

long long timer_heap::next_deadline() {
    prune();
    return heap_.empty() ? time_never : heap_.top().deadline;
}

owner_state* timer_heap::pop_due(long long now) {
    while (!heap_.empty() && heap_.top().deadline <= now) {
        entry e = heap_.top();
        heap_.pop();
        if (live(e)) {
            e.owner->timer_token = 0;
            e.owner->armed_deadline = time_never;
            return e.owner;
        }
    }
    return nullptr;
}

} // namespace vigil::detail
