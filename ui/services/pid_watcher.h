// Notices the exit of a process that is not our child (an adopted daemon) without polling: a
// pidfd (pidfd_open, Linux >= 5.3) becomes readable when the process exits, and a
// QSocketNotifier watches it. Where pidfds are missing it falls back to checking kill(pid, 0)
// once a second.
#pragma once

#include <QObject>
#include <QTimer>

class QSocketNotifier;

namespace vigil::ui {

class PidWatcher : public QObject {
    Q_OBJECT
public:
    // Starts watching `pid`; if it is already gone, exited() is emitted from the event loop.
    explicit PidWatcher(qint64 pid, QObject* parent = nullptr);
    ~PidWatcher() override;

    qint64 pid() const { return pid_; }
    // True once exited() has been emitted.
    bool hasExited() const { return exited_; }

    // Sends `signal` to the process (through the pidfd when there is one, so a recycled pid is
    // never hit). Returns 0 or a positive errno (ESRCH once it has exited).
    int sendSignal(int signal);

Q_SIGNALS:
    // The process exited (emitted once).
    void exited();

private:
    void check();

    qint64 pid_;
    int pidfd_ = -1;
    bool exited_ = false;
    QSocketNotifier* notifier_ = nullptr;
    QTimer fallbackTimer_;
};

} // namespace vigil::ui
