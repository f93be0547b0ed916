// Drives the runtime's poll loop from a Qt event loop through the loop's embedding interface:
// one QSocketNotifier on its epoll fd, one single-shot timer for the next due timer (moved only
// when the deadline changes) and a zero-timer for immediate work. The runtime stays O(ready)
// and an idle console sleeps.
#pragma once

#include <QObject>
#include <QSocketNotifier>
#include <QTimer>

namespace vigil {
class poll_loop;
}

namespace vigil::ui {

class RuntimeBridge : public QObject {
    Q_OBJECT
public:
    // Attaches to `loop` (by default the calling thread's loop), which must belong to the
    // thread this object lives in.
    explicit RuntimeBridge(QObject* parent = nullptr, vigil::poll_loop* loop = nullptr);
    ~RuntimeBridge() override;

    // How many times the bridge has dispatched the runtime (for tests and benchmarks).
    quint64 dispatchCount() const { return dispatches_; }

private:
    void dispatch();
    void rearm();

    vigil::poll_loop* loop_;
    QSocketNotifier* notifier_;
    QTimer deadlineTimer_;
    QTimer immediateTimer_;
    qint64 armedDeadline_ = -1;
    quint64 dispatches_ = 0;
};

} // namespace vigil::ui
