// The callback-style conveniences on top of poll_owner: a watched fd and a one-shot timer.
// They use only the public owner API, so they live apart from the loop's machinery.
#include "vigil/clock.h"
#include "vigil/poll_loop.h"

#include <algorithm>

namespace vigil {

fd_watch::fd_watch(int fd, short events, std::function<void(short)> callback, poll_loop* loop)
    : fd_(fd), events_(events), callback_(std::move(callback)),
      owner_(
          [this] {
              short rev = owner_.revents(fd_);
              if (rev) {
                  callback_(rev);
              }
              if (events_) {
                  poll_fd_wait(fd_, events_);
              }
          },
          loop) {
    owner_.schedule();
}

void fd_watch::set_events(short events) {
    events_ = events;
    owner_.schedule();
}

loop_timer::loop_timer(std::function<void()> callback, poll_loop* loop)
    : callback_(std::move(callback)), deadline_(time_never),
      owner_(
          [this] {
              if (deadline_ == time_never) {
                  return;
              }
              if (time_msec() >= deadline_) {
                  deadline_ = time_never;
                  callback_();
              } else {
                  poll_timer_wait_until(deadline_);
              }
          },
          loop) {}

void loop_timer::arm_at(long long deadline) {
    deadline_ = deadline;
    owner_.schedule();
}

void loop_timer::arm_in(long long ms) {
    arm_at(time_msec() + std::max(0LL, ms));
}

void loop_timer::cancel() {
    deadline_ = time_never;
}

bool loop_timer::armed() const {
    return deadline_ != time_never;
}

} // namespace vigil
