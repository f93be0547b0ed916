// One helper program of the fleet (an ssh) started through a process launcher, so that the GUI
// thread never waits for its exec: what the fleet needs of it is its standard output (bounded),
// the tail of its standard error, its exit and a way to stop it. It dies with the console: the
// launcher's thread asks the kernel for SIGTERM when the console ends, however it ends.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>

namespace vigil {
class process;
class process_launcher;
} // namespace vigil

namespace vigil::ui {

class ChildProcess : public QObject {
    Q_OBJECT
public:
    // Standard error is kept only this far back: enough for ssh's last messages.
    static constexpr qsizetype maxStderrBytes = 16 * 1024;

    explicit ChildProcess(vigil::process_launcher* launcher, QObject* parent = nullptr);
    // Cancels a start in progress or stops the running child (SIGTERM), without signals; the
    // child is reaped in the background.
    ~ChildProcess() override;

    // Standard output beyond `bytes` is dropped and stdoutOverflowed() becomes true.
    void setStdoutLimit(qsizetype bytes) { stdoutLimit_ = bytes; }
    // Starts argv (no shell) with stdin from /dev/null. Either finished() or failedToStart()
    // follows, never both; neither is emitted from within start().
    void start(const QStringList& argv);

    QString program() const { return program_; }
    QByteArray standardOutput() const { return stdout_; }
    bool stdoutOverflowed() const { return overflowed_; }
    QString standardError() const { return QString::fromLocal8Bit(stderr_); }

Q_SIGNALS:
    // More standard error arrived.
    void standardErrorReady();
    // The child exited with `exitCode`, or was killed by a signal (`crashed`); its output has
    // all been read.
    void finished(int exitCode, bool crashed);
    // The program could not be run: "cannot run ssh: No such file or directory".
    void failedToStart(const QString& reason);

private:
    void started(int error, std::unique_ptr<vigil::process> child);
    void failLater(int error);
    void checkDone();

    vigil::process_launcher* launcher_;
    QString program_;
    std::uint64_t ticket_ = 0;
    std::unique_ptr<vigil::process> child_;
    int drainTurns_ = 0;
    qsizetype stdoutLimit_ = 256 * 1024;
    QByteArray stdout_;
    bool overflowed_ = false;
    QByteArray stderr_;
};

} // namespace vigil::ui
