#include "vigil/poll_loop.h"

#include "poll_fd_registry.h"
#include "poll_loop_internal.h"
#include "poll_timer_heap.h"
#include "poll_wakeup_log.h"

#include "vigil/clock.h"
#include "vigil/errors.h"
#include "vigil/fatal_signal.h"
#include "vigil/vlog.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <deque>
#include <sys/epoll.h>
#include <unistd.h>

VLOG_DEFINE_THIS_MODULE(poll_loop);

namespace vigil::detail {
vlog_module& poll_loop_module() {
    return this_module_;
}
} // namespace vigil::detail

namespace vigil {

using detail::frame;
using detail::owner_state;
using detail::registration;

namespace {

thread_local poll_loop* tls_loop = nullptr;
thread_local owner_state* tls_current_owner = nullptr;

} // namespace

struct poll_loop::impl {
    poll_loop_stats st;
    detail::fd_registry fds{st};
    std::deque<owner_state> states;
    std::vector<owner_state*> free_states;
    std::vector<owner_state*> dying; // freed once the current dispatch ends
    std::vector<owner_state*> ready;
    detail::timer_heap timers;
    std::vector<std::function<void()>> tasks;
    owner_state* default_owner = nullptr;
    int dispatch_depth = 0;
    detail::poll_wakeup_log wakeups;
    std::vector<epoll_event> events = std::vector<epoll_event>(256);
    std::function<void()> wakeup_hook;

    void notify_embedder() {
        if (wakeup_hook && dispatch_depth == 0) {
            wakeup_hook();
        }
    }

    owner_state* new_state() {
        owner_state* s;
        if (!free_states.empty()) {
            s = free_states.back();
            free_states.pop_back();
        } else {
            s = &states.emplace_back();
        }
        s->alive = true;
        st.owners++;
        return s;
    }

    // Replaces the owner's registrations in force with those of its frame just ended.
    void commit(owner_state* o) {
        frame& f = o->current;
        // Merge duplicate fds (a second registration ORs the events, OVS keeps the first site).
        for (std::size_t i = 0; i < f.fds.size(); i++) {
            for (std::size_t j = i + 1; j < f.fds.size();) {
                if (f.fds[j].fd == f.fds[i].fd) {
                    f.fds[i].events |= f.fds[j].events;
                    f.fds[j] = f.fds.back();
                    f.fds.pop_back();
                } else {
                    j++;
                }
            }
        }
        for (const registration& old : o->active) {
            bool kept = std::any_of(f.fds.begin(), f.fds.end(),
                                    [&](const registration& r) { return r.fd == old.fd; });
            if (!kept) {
                fds.drop_interest(old.fd, o);
            }
        }
        for (const registration& r : f.fds) {
            fds.set_interest(r.fd, o, r.events);
        }
        o->active.swap(f.fds);
        f.fds.clear();
        if (!o->is_default) {
            if (f.immediate) {
                schedule(o);
            } else if (f.deadline != time_never) {
                arm(o, f.deadline);
            }
            f.clear();
        }
    }

    void arm(owner_state* o, long long deadline) { timers.arm(o, deadline); }

    void schedule(owner_state* o) {
        if (!o->scheduled && o->alive) {
            o->scheduled = true;
            ready.push_back(o);
            notify_embedder();
        }
    }

    void release(owner_state* o) {
        for (const registration& r : o->active) {
            fds.drop_interest(r.fd, o);
        }
        o->active.clear();
        o->current.clear();
        o->run = nullptr;
        o->alive = false;
        o->timer_token = 0;
        o->armed_deadline = time_never;
        o->fired.clear();
        st.owners--;
        if (dispatch_depth > 0 || o->scheduled) {
            dying.push_back(o);
        } else {
            free_states.push_back(o);
        }
    }

    long long next_deadline() {
        return std::min(default_owner->current.deadline, timers.next_deadline());
    }

    bool work_pending() const {
        return !ready.empty() || !tasks.empty() || default_owner->current.immediate;
    }

    int timeout_for(long long now) {
        if (work_pending()) {
            return 0;
        }
        long long d = next_deadline();
        if (d == time_never) {
            return -1;
        }
        return static_cast<int>(std::clamp(d - now, 0LL, static_cast<long long>(INT_MAX)));
    }

    // Reports why the wait ended, when this wakeup is to be logged at all.
    void log_wakeup(int nfds, int timeout) {
        if (nfds == 0) {
            const frame& f = default_owner->current;
            wakeups.timed_out(timeout, f.deadline_file ? f.deadline_file : "(owner timer)",
                              f.deadline_line);
            return;
        }
        for (int i = 0; i < nfds; i++) {
            const int fd = events[i].data.fd;
            const auto [file, line] = fds.wait_origin(fd);
            wakeups.fd_ready(fd, detail::from_epoll(events[i].events), file, line);
        }
    }

    // One iteration: wait (up to `may_block` rules), then run everything that became ready.
    void iterate(bool may_block) {
        long long now = time_msec();
        commit(default_owner);
        int timeout = may_block ? timeout_for(now) : 0;
        if (may_block) {
            wakeups.before_wait(now);
        }
        int n;
        do {
            n = epoll_wait(fds.epfd(), events.data(), static_cast<int>(events.size()), timeout);
        } while (n < 0 && errno == EINTR && (timeout = 0, true));
        if (n < 0) {
            static vlog_rate_limit rl(1, 5);
            VLOG_WARN_RL(rl, "poll: {}", error_text(errno));
            n = 0;
        }
        now = time_msec();
        st.iterations++;
        if (wakeups.after_wait(now)) {
            log_wakeup(n, timeout);
        }

        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            short rev = detail::from_epoll(events[i].events);
            for (auto& [o, ev] : fds.owners(fd)) {
                short mine = rev & (ev | POLLERR | POLLHUP);
                if (!mine || o->is_default) {
                    continue;
                }
                o->fired.emplace_back(fd, mine);
                schedule(o);
            }
        }
        while (owner_state* due = timers.pop_due(now)) {
            schedule(due);
        }
        if (n == static_cast<int>(events.size()) && events.size() < 8192) {
            events.resize(events.size() * 2);
        }

        default_owner->current.clear();
        fatal_signal_run();
        dispatch();
    }

    void dispatch() {
        dispatch_depth++;
        std::vector<std::function<void()>> todo;
        todo.swap(tasks);
        for (auto& task : todo) {
            task();
        }
        std::vector<owner_state*> batch;
        batch.swap(ready);
        for (owner_state* o : batch) {
            o->scheduled = false;
            if (!o->alive) {
                continue;
            }
            owner_state* saved = tls_current_owner;
            tls_current_owner = o;
            st.owner_runs++;
            o->run();
            tls_current_owner = saved;
            if (o->alive) {
                o->fired.clear();
                commit(o);
            }
        }
        dispatch_depth--;
        if (dispatch_depth == 0) {
            for (owner_state* o : dying) {
                if (!o->scheduled) {
                    free_states.push_back(o);
                }
            }
            std::erase_if(dying, [](owner_state* o) { return !o->scheduled; });
        }
    }
};

// Blocks on the waits an owner has registered so far in its current run (a blocking helper
// called from inside an owner), without running any other owner.
static void nested_block(owner_state* o) {
    frame& f = o->current;
    std::vector<pollfd> pfds;
    for (const registration& r : f.fds) {
        pfds.push_back({r.fd, r.events, 0});
    }
    int timeout = -1;
    if (f.immediate) {
        timeout = 0;
    } else if (f.deadline != time_never) {
        timeout = static_cast<int>(std::clamp(f.deadline - time_msec(), 0LL, (long long)INT_MAX));
    }
    int n;
    do {
        n = ::poll(pfds.data(), pfds.size(), timeout);
    } while (n < 0 && errno == EINTR);
    f.clear();
    fatal_signal_run();
}

static frame& current_frame() {
    if (tls_current_owner) {
        return tls_current_owner->current;
    }
    return poll_loop::current().internals()->default_owner->current;
}

poll_loop::poll_loop() : impl_(std::make_unique<impl>()) {
    impl_->default_owner = impl_->new_state();
    impl_->default_owner->is_default = true;
    impl_->st.owners = 0;
    int sigfd = fatal_signal_fd();
    if (sigfd >= 0) {
        impl_->default_owner->current.fds.push_back({sigfd, POLLIN, "fatal_signal", 0});
        impl_->commit(impl_->default_owner);
        // The signal pipe stays registered for good: it belongs to no frame.
        impl_->default_owner->active.clear();
    }
}

poll_loop::~poll_loop() {
    if (tls_loop == this) {
        tls_loop = nullptr;
    }
}

namespace {

// The main thread's loop lives until the process ends, because owners with static lifetime
// may be destroyed after thread-local objects; it stays reachable through this pointer. Any
// other thread's loop is destroyed when that thread exits.
poll_loop* main_thread_loop = nullptr;

struct thread_loop_holder {
    std::unique_ptr<poll_loop> loop;
    ~thread_loop_holder() {
        if (loop.get() == main_thread_loop) {
            (void)loop.release();
        }
    }
};

thread_local thread_loop_holder tls_holder;

} // namespace

poll_loop& poll_loop::current() {
    if (!tls_loop) {
        tls_holder.loop = std::make_unique<poll_loop>();
        tls_loop = tls_holder.loop.get();
        if (gettid() == getpid()) {
            main_thread_loop = tls_loop;
        }
    }
    return *tls_loop;
}

void poll_loop::block() {
    if (tls_current_owner) {
        nested_block(tls_current_owner);
        return;
    }
    if (impl_->dispatch_depth > 0) {
        // A blocking helper called from a posted task: never re-enter the dispatcher.
        nested_block(impl_->default_owner);
        return;
    }
    impl_->iterate(true);
}

int poll_loop::backend_fd() const {
    return impl_->fds.epfd();
}

long long poll_loop::backend_timeout() {
    return impl_->timeout_for(time_msec());
}

void poll_loop::run_once() {
    impl_->iterate(false);
}

void poll_loop::post(std::function<void()> task) {
    impl_->tasks.push_back(std::move(task));
    impl_->notify_embedder();
}

void poll_loop::set_wakeup_hook(std::function<void()> hook) {
    impl_->wakeup_hook = std::move(hook);
}

poll_loop_stats poll_loop::stats() const {
    return impl_->st;
}

// ---- OVS-style waits ----------------------------------------------------------------------

void poll_fd_wait(int fd, short events, source_location where) {
    current_frame().fds.push_back({fd, events, where.file_name(), where.line()});
}

void poll_timer_wait_until(long long msec, source_location where) {
    frame& f = current_frame();
    if (msec < f.deadline) {
        f.deadline = msec;
        f.deadline_file = where.file_name();
        f.deadline_line = where.line();
    }
}

void poll_timer_wait(long long ms, source_location where) {
    long long now = time_msec();
    long long when = ms <= 0 ? now : (ms > time_never - now ? time_never : now + ms);
    poll_timer_wait_until(when, where);
}

void poll_immediate_wake(source_location where) {
    frame& f = current_frame();
    f.immediate = true;
    poll_timer_wait_until(time_msec(), where);
}

void poll_block() {
    poll_loop::current().block();
}

void poll_fd_closing(int fd) {
    if (!tls_loop || fd < 0) {
        return;
    }
    // A closed fd is nobody's: every owner's interest in it goes, so that the first owner to
    // drop its wait does not re-add the dead number for the others (EBADF, or EPERM once a
    // file reuses it), as happens with the resolver's sockets, which its callers watch too.
    // An owner that reopens the number and waits on it again is added afresh by its commit.
    tls_loop->internals()->fds.forget(fd);
}

// ---- owners -------------------------------------------------------------------------------

poll_owner::poll_owner(std::function<void()> run, poll_loop* loop)
    : loop_(loop ? loop : &poll_loop::current()) {
    state_ = loop_->impl_->new_state();
    state_->run = std::move(run);
}

poll_owner::~poll_owner() {
    loop_->impl_->release(state_);
}

void poll_owner::schedule() {
    loop_->impl_->schedule(state_);
}

short poll_owner::revents(int fd) const {
    short r = 0;
    for (auto& [f, ev] : state_->fired) {
        if (f == fd) {
            r |= ev;
        }
    }
    return r;
}

} // namespace vigil
