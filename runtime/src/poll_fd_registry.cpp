#include "poll_fd_registry.h"

#include "vigil/errors.h"
#include "vigil/vlog.h"

#include <algorithm>
#include <cerrno>
#include <poll.h>
#include <sys/epoll.h>
#include <unistd.h>

// The registry logs as part of the poll loop's module.
#define this_module_ (::vigil::detail::poll_loop_module())

namespace vigil::detail {

std::uint32_t to_epoll(short events) {
    std::uint32_t e = 0;
    if (events & POLLIN) {
        e |= EPOLLIN;
    }
    if (events & POLLOUT) {
        e |= EPOLLOUT;
    }
    return e;
}

short from_epoll(std::uint32_t e) {
    short r = 0;
    if (e & EPOLLIN) {
        r |= POLLIN;
    }
    if (e & EPOLLOUT) {
        r |= POLLOUT;
    }
    if (e & EPOLLERR) {
        r |= POLLERR;
    }
    if (e & EPOLLHUP) {
        r |= POLLHUP;
    }
    return r;
}

fd_registry::fd_registry(poll_loop_stats& st) : st_(st) {
    epfd_ = epoll_create1(EPOLL_CLOEXEC);
    if (epfd_ < 0) {
        VLOG_FATAL("epoll_create1 failed ({})", error_text(errno));
    }
}

fd_registry::~fd_registry() {
    if (epfd_ >= 0) {
        close(epfd_);
    }
}

fd_registry::fd_entry& fd_registry::entry(int fd) {
    if (static_cast<std::size_t>(fd) >= fds_.size()) {
        fds_.resize(std::max<std::size_t>(fd + 1, fds_.size() * 2));
    }
    return fds_[fd];
}

void fd_registry::set_interest(int fd, owner_state* o, short events) {
    fd_entry& e = entry(fd);
    auto it = std::find_if(e.owners.begin(), e.owners.end(),
                           [o](const interest& i) { return i.first == o; });
    if (it == e.owners.end()) {
        e.owners.emplace_back(o, events);
    } else {
        it->second = events;
    }
    sync(fd);
}

void fd_registry::drop_interest(int fd, owner_state* o) {
    if (static_cast<std::size_t>(fd) >= fds_.size()) {
        return;
    }
    fd_entry& e = fds_[fd];
    auto it = std::find_if(e.owners.begin(), e.owners.end(),
                           [o](const interest& i) { return i.first == o; });
    if (it != e.owners.end()) {
        *it = e.owners.back();
        e.owners.pop_back();
    }
    sync(fd);
}

void fd_registry::forget(int fd) {
    if (static_cast<std::size_t>(fd) >= fds_.size()) {
        return;
    }
    fds_[fd].owners.clear();
    sync(fd);
}

// Brings the epoll set in line with the union of the owners' interest in `fd`.
void fd_registry::sync(int fd) {
    fd_entry& e = fds_[fd];
    std::uint32_t want = 0;
    for (const auto& [o, ev] : e.owners) {
        want |= to_epoll(ev);
    }
    if (e.owners.empty()) {
        if (e.known) {
            st_.epoll_changes++;
            epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr); // EBADF/ENOENT: already gone
            e.known = false;
            e.in_epoll = 0;
            st_.watched_fds--;
        }
        return;
    }
    if (e.known && e.in_epoll == want) {
        return;
    }
    epoll_event ev{};
    ev.events = want;
    ev.data.fd = fd;
    st_.epoll_changes++;
    int op = e.known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    int r = epoll_ctl(epfd_, op, fd, &ev);
    if (r < 0 && errno == ENOENT) {
        // The fd was closed and reopened behind our back; register it afresh.
        r = epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev);
    } else if (r < 0 && errno == EEXIST) {
        r = epoll_ctl(epfd_, EPOLL_CTL_MOD, fd, &ev);
    }
    if (r < 0) {
        VLOG_WARN("epoll_ctl on fd {} failed ({})", fd, error_text(errno));
        return;
    }
    if (!e.known) {
        st_.watched_fds++;
    }
    e.known = true;
    e.in_epoll = want;
}

std::span<const fd_registry::interest> fd_registry::owners(int fd) const {
    if (fd < 0 || static_cast<std::size_t>(fd) >= fds_.size()) {
        return {};
    }
    return fds_[fd].owners;
}

std::pair<const char*, unsigned> fd_registry::wait_origin(int fd) const {
    for (const auto& [o, ev] : owners(fd)) {
        for (const registration& r : o->active) {
            if (r.fd == fd) {
                return {r.file ? r.file : "(unknown)", r.line};
            }
        }
    }
    return {"(unknown)", 0};
}

} // namespace vigil::detail
