#include "services/pid_watcher.h"

#include <QSocketNotifier>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace vigil::ui {

namespace {

int pidfdOpen(qint64 pid) {
#ifdef SYS_pidfd_open
    return int(::syscall(SYS_pidfd_open, pid_t(pid), 0));
#else
    errno = ENOSYS;
    return -1;
#endif
}

int pidfdSendSignal(int pidfd, int signal) {
#ifdef SYS_pidfd_send_signal
    return int(::syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, 0));
#else
    errno = ENOSYS;
    return -1;
#endif
}

} // namespace

PidWatcher::PidWatcher(qint64 pid, QObject* parent) : QObject(parent), pid_(pid) {
    pidfd_ = pidfdOpen(pid);
    if (pidfd_ >= 0) {
        ::fcntl(pidfd_, F_SETFD, FD_CLOEXEC);
        notifier_ = new QSocketNotifier(pidfd_, QSocketNotifier::Read, this);
        connect(notifier_, &QSocketNotifier::activated, this, &PidWatcher::check);
    } else {
        fallbackTimer_.setInterval(1000);
        connect(&fallbackTimer_, &QTimer::timeout, this, &PidWatcher::check);
        fallbackTimer_.start();
    }
    QTimer::singleShot(0, this, &PidWatcher::check);
}

PidWatcher::~PidWatcher() {
    delete notifier_;
    if (pidfd_ >= 0) {
        ::close(pidfd_);
    }
}

void PidWatcher::check() {
    if (exited_) {
        return;
    }
    bool gone;
    if (pidfd_ >= 0) {
        struct pollfd pfd {
            pidfd_, POLLIN, 0
        };
        gone = ::poll(&pfd, 1, 0) > 0;
    } else {
        gone = ::kill(pid_t(pid_), 0) < 0 && errno == ESRCH;
    }
    if (!gone) {
        return;
    }
    exited_ = true;
    if (notifier_) {
        notifier_->setEnabled(false);
    }
    fallbackTimer_.stop();
    Q_EMIT exited();
}

int PidWatcher::sendSignal(int signal) {
    if (exited_) {
        return ESRCH;
    }
    int rc = pidfd_ >= 0 ? pidfdSendSignal(pidfd_, signal) : ::kill(pid_t(pid_), signal);
    return rc < 0 ? errno : 0;
}

} // namespace vigil::ui
