#include "bridge/runtime_bridge.h"

#include "vigil/clock.h"
#include "vigil/poll_loop.h"

namespace vigil::ui {

RuntimeBridge::RuntimeBridge(QObject* parent, vigil::poll_loop* loop)
    : QObject(parent), loop_(loop ? loop : &vigil::poll_loop::current()) {
    notifier_ = new QSocketNotifier(loop_->backend_fd(), QSocketNotifier::Read, this);
    connect(notifier_, &QSocketNotifier::activated, this, &RuntimeBridge::dispatch);

    deadlineTimer_.setSingleShot(true);
    deadlineTimer_.setTimerType(Qt::PreciseTimer);
    connect(&deadlineTimer_, &QTimer::timeout, this, [this] {
        armedDeadline_ = -1;
        dispatch();
    });
    immediateTimer_.setSingleShot(true);
    immediateTimer_.setInterval(0);
    connect(&immediateTimer_, &QTimer::timeout, this, &RuntimeBridge::dispatch);

    // Work that foreign code makes pending (an owner scheduled from a slot, a posted task)
    // wakes the bridge; within a dispatch, rearm() sees it instead.
    loop_->set_wakeup_hook([this] {
        if (!immediateTimer_.isActive()) {
            immediateTimer_.start();
        }
    });
    rearm();
}

RuntimeBridge::~RuntimeBridge() {
    loop_->set_wakeup_hook({});
}

void RuntimeBridge::dispatch() {
    dispatches_++;
    loop_->run_once();
    rearm();
}

void RuntimeBridge::rearm() {
    long long timeout = loop_->backend_timeout();
    if (timeout == 0) {
        if (!immediateTimer_.isActive()) {
            immediateTimer_.start();
        }
        return;
    }
    if (timeout < 0) {
        deadlineTimer_.stop();
        armedDeadline_ = -1;
        return;
    }
    qint64 deadline = vigil::time_msec() + timeout;
    if (deadline != armedDeadline_ || !deadlineTimer_.isActive()) {
        armedDeadline_ = deadline;
        deadlineTimer_.start(static_cast<int>(timeout));
    }
}

} // namespace vigil::ui
