// The poll loop's fd registry (internal): which owners wait on each fd, for which events, and
// the epoll set kept equal to the union of their interest, so that a registration repeated on
// every iteration costs no system call.
#pragma once

#include "poll_loop_internal.h"
#include "vigil/poll_loop.h"

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace vigil::detail {

// Converts poll(2) event bits to epoll's and back (POLLERR and POLLHUP come back as well).
std::uint32_t to_epoll(short events);
short from_epoll(std::uint32_t events);

class fd_registry {
public:
    using interest = std::pair<owner_state*, short>;

    // Creates the epoll set (fatal when the kernel refuses); `st` counts watched fds and
    // epoll_ctl calls.
    explicit fd_registry(poll_loop_stats& st);
    ~fd_registry();
    fd_registry(const fd_registry&) = delete;
    fd_registry& operator=(const fd_registry&) = delete;

    // The epoll fd, readable whenever a registered fd is ready.
    int epfd() const { return epfd_; }

    // Sets owner `o`'s interest in `fd` to `events` (adding it if new) and brings the epoll
    // set in line.
    void set_interest(int fd, owner_state* o, short events);
    // Removes owner `o`'s interest in `fd`, if any, and brings the epoll set in line.
    void drop_interest(int fd, owner_state* o);
    // Forgets `fd` for every owner and takes it out of the epoll set (it is being closed).
    void forget(int fd);

    // The owners waiting on `fd` and their events (empty for an unknown fd).
    std::span<const interest> owners(int fd) const;
    // Where the wait on `fd` was asked for: the first registration of it among the owners
    // watching it ("(unknown)", 0 when none says).
    std::pair<const char*, unsigned> wait_origin(int fd) const;

private:
    struct fd_entry {
        std::vector<interest> owners;
        std::uint32_t in_epoll = 0; // the events in the epoll set, when `known`
        bool known = false;         // in the epoll set
    };

    fd_entry& entry(int fd);
    void sync(int fd);

    int epfd_ = -1;
    poll_loop_stats& st_;
    std::vector<fd_entry> fds_;
};

} // namespace vigil::detail
