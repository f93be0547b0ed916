// Starts child processes off the GUI thread. QProcess::start() does not return before the child
// has exec'd (Qt forks with vfork semantics), and on a busy machine the child may wait tens of
// milliseconds for a CPU: started from the GUI thread, thirty ssh processes at once froze the
// window for a visible moment. Here a thread of the launcher's own starts each process and
// hands it, started (or failed to start), to the GUI thread, which then connects to it as to
// any QProcess. Every process gets PR_SET_PDEATHSIG, so it dies with the console.
#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <functional>

class QProcess;
class QThread;

namespace vigil::ui {

class ProcessLauncher : public QObject {
    Q_OBJECT
public:
    // Receives the process, moved to the launcher's thread and without a parent; the receiver
    // takes it (setParent()). state() is NotRunning and errorString() says why when it could
    // not be started; its output, errors after the start and its end arrive as signals from
    // then on, none lost.
    using Started = std::function<void(QProcess* process)>;

    explicit ProcessLauncher(QObject* parent = nullptr);
    ~ProcessLauncher() override;

    // Starts `argv` (read-only: no stdin) and calls `started` from the event loop of the
    // launcher's thread, unless `context` is gone by then, in which case the process is killed.
    void launch(QObject* context, const QStringList& argv, Started started);

private:
    QThread* thread_;
    QObject* worker_;
};

} // namespace vigil::ui
