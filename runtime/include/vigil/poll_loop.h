// The event core: OVS's run/wait/block discipline on top of epoll, costing O(ready) per
// iteration.
//
// Two ways to use it share one loop:
//  * OVS style: code calls poll_fd_wait()/poll_timer_wait()/poll_immediate_wake() and then
//    poll_block(). Those waits are one-shot, exactly as in OVS.
//  * Owner style: a component wraps its run()+wait() in a poll_owner. The loop calls it only
//    when something it waited for fired (or it asked to be scheduled), and the waits it
//    registers while running persist until its next run, so an idle component costs nothing
//    per iteration. fd_watch, loop_timer and poll_loop::post() are small conveniences on top.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <poll.h>
#include <version>
#if defined(__cpp_lib_source_location)
#include <source_location>
#endif
#include <string>
#include <vector>

namespace vigil {

// Where a wake-up was registered, for the loop's debug logs. clang before 15 cannot compile
// libstdc++'s std::source_location (it lacks __builtin_source_location), so that compiler (the
// fuzz build's) gets an equivalent made of the older builtins.
#if defined(__cpp_lib_source_location)
using source_location = std::source_location;
#else
class source_location {
public:
    static constexpr source_location current(const char* file = __builtin_FILE(),
                                             unsigned line = __builtin_LINE()) noexcept {
        source_location l;
        l.file_ = file;
        l.line_ = line;
        return l;
    }
    constexpr const char* file_name() const noexcept { return file_; }
    constexpr unsigned line() const noexcept { return line_; }

private:
    const char* file_ = "";
    unsigned line_ = 0;
};
#endif

namespace detail {
struct owner_state;
}

class poll_loop;

// Registers interest in `events` (POLLIN and/or POLLOUT) on `fd` for the current frame.
void poll_fd_wait(int fd, short events, source_location where = source_location::current());

// Asks to wake no later than `ms` milliseconds from now; `ms <= 0` wakes immediately.
void poll_timer_wait(long long ms, source_location where = source_location::current());

// Asks to wake no later than the absolute monotonic time `msec` (see time_msec()).
void poll_timer_wait_until(long long msec, source_location where = source_location::current());

// Asks the next poll_block() (or the current owner's next iteration) not to sleep.
void poll_immediate_wake(source_location where = source_location::current());

// Tells the calling thread's loop that `fd` is about to be closed. Registrations persist in
// epoll, and a closed fd silently leaves the epoll set, so without this a new socket that
// reuses the number would never wake anyone. Every owner's wait on `fd` ends with it. Call it
// before close(); harmless for unknown fds.
void poll_fd_closing(int fd);

// Blocks until a registered wait fires, runs the owners that became ready, then clears the
// one-shot waits. Also processes fatal signals (which may terminate the process).
void poll_block();

// A component that the loop runs only when its waits fire. Destroying the owner removes all
// of its registrations; it is safe to destroy an owner from inside any owner's run, its own
// included.
class poll_owner {
public:
    // `run` is called by the loop; waits it registers are attributed to this owner. The owner
    // does not run until schedule() is called or a wait fires, so call schedule() once the
    // component is fully built.
    explicit poll_owner(std::function<void()> run, poll_loop* loop = nullptr);
    ~poll_owner();
    poll_owner(const poll_owner&) = delete;
    poll_owner& operator=(const poll_owner&) = delete;

    // Makes the loop run this owner in its next iteration (without sleeping first).
    void schedule();

    // The poll events that fired on `fd` for this run, 0 when none (only valid inside run).
    short revents(int fd) const;

    poll_loop& loop() const { return *loop_; }

private:
    poll_loop* loop_;
    detail::owner_state* state_;
};

// Calls `callback(revents)` whenever `fd` is ready for `events`, until destroyed.
class fd_watch {
public:
    fd_watch(int fd, short events, std::function<void(short revents)> callback,
             poll_loop* loop = nullptr);
    void set_events(short events);
    int fd() const { return fd_; }

private:
    int fd_;
    short events_;
    std::function<void(short)> callback_;
    poll_owner owner_;
};

// A one-shot timer: calls its callback once the deadline passes, unless cancelled first.
class loop_timer {
public:
    explicit loop_timer(std::function<void()> callback, poll_loop* loop = nullptr);
    void arm_at(long long deadline_msec);
    void arm_in(long long ms);
    void cancel();
    bool armed() const;

private:
    std::function<void()> callback_;
    long long deadline_;
    poll_owner owner_;
};

struct poll_loop_stats {
    std::uint64_t iterations = 0;    // calls to poll_block()/run_once() that dispatched
    std::uint64_t owner_runs = 0;    // owner run() calls
    std::uint64_t epoll_changes = 0; // epoll_ctl() calls
    std::size_t watched_fds = 0;     // fds currently in the epoll set
    std::size_t owners = 0;          // live owners
};

// One loop per thread (poll_loop::current()). It also offers the embedding interface that
// libuv and sd-event offer, so another event loop (Qt's) can drive it.
class poll_loop {
public:
    poll_loop();
    ~poll_loop();
    poll_loop(const poll_loop&) = delete;
    poll_loop& operator=(const poll_loop&) = delete;

    // The calling thread's loop, created on first use.
    static poll_loop& current();

    // Blocks like poll_block() (see there).
    void block();

    // Embedding interface: the epoll fd is readable whenever any registered fd is ready.
    int backend_fd() const;
    // Milliseconds until the next due timer, 0 if work is already pending, -1 if none.
    long long backend_timeout();
    // Dispatches whatever is ready now without sleeping.
    void run_once();

    // Runs `task` in the next iteration (from this thread only).
    void post(std::function<void()> task);

    // Sets a function called whenever work becomes pending from outside a dispatch (an owner
    // scheduled or a task posted by foreign code), so an embedding loop can wake up.
    void set_wakeup_hook(std::function<void()> hook);

    poll_loop_stats stats() const;

    struct impl;
    // Internal to the runtime: the loop's state, for the wait functions.
    impl* internals() { return impl_.get(); }

private:
    friend class poll_owner;
    std::unique_ptr<impl> impl_;
};

} // namespace vigil
