#include "services/child_process.h"

#include "vigil/errors.h"
#include "vigil/process.h"
#include "vigil/process_launcher.h"

#include <QTimer>
#include <csignal>
#include <sys/wait.h>

namespace vigil::ui {

namespace {

// Lines are handed over one by one as they complete, so the ring only has to hold what one
// read of the pipes brings (64 KiB at most) between two deliveries.
constexpr std::size_t ringLines = 8192;
constexpr std::size_t lineBytes = 8192;
// After the exit, how long the rest of the output is waited for.
constexpr int drainTurnMs = 10;
constexpr int maxDrainTurns = 100;

} // namespace

ChildProcess::ChildProcess(vigil::process_launcher* launcher, QObject* parent)
    : QObject(parent), launcher_(launcher) {}

ChildProcess::~ChildProcess() {
    if (ticket_ != 0) {
        launcher_->cancel(ticket_);
    }
    if (child_ && !child_->exited()) {
        // Reaped in the background once it has gone.
        child_->kill(SIGTERM);
    }
}

void ChildProcess::start(const QStringList& argv) {
    program_ = argv.value(0);
    vigil::process_options options;
    for (const QString& a : argv) {
        options.argv.push_back(a.toStdString());
    }
    options.null_stdin = true;
    options.capture_output = true;
    options.output_max_lines = ringLines;
    options.output_max_line_bytes = lineBytes;
    options.parent_death_signal = SIGTERM;
    int error = 0;
    // A start still in progress when this object goes is cancelled: the callback never
    // outlives it.
    ticket_ = launcher_->launch(
        options,
        [this](int e, std::unique_ptr<vigil::process> child) { started(e, std::move(child)); },
        error);
    if (ticket_ == 0) {
        failLater(error);
    }
}

void ChildProcess::failLater(int error) {
    const QString reason = QStringLiteral("cannot run %1: %2")
                               .arg(program_, QString::fromStdString(vigil::error_text(error)));
    QTimer::singleShot(0, this, [this, reason] { Q_EMIT failedToStart(reason); });
}

void ChildProcess::started(int error, std::unique_ptr<vigil::process> child) {
    ticket_ = 0;
    if (error != 0) {
        failLater(error);
        return;
    }
    child_ = std::move(child);
    child_->on_output([this](const vigil::output_line& line) {
        if (line.stream == vigil::output_stream::err) {
            stderr_ += QByteArray::fromStdString(line.text) + '\n';
            if (stderr_.size() > maxStderrBytes) {
                stderr_ = stderr_.right(maxStderrBytes);
            }
            Q_EMIT standardErrorReady();
            return;
        }
        if (overflowed_ || stdout_.size() + qsizetype(line.text.size()) + 1 > stdoutLimit_) {
            overflowed_ = true;
            return;
        }
        stdout_ += QByteArray::fromStdString(line.text) + '\n';
    });
    child_->on_exit([this](int) { checkDone(); });
}

void ChildProcess::checkDone() {
    // The exit can be seen before the last of a large output has been read: the rest is read
    // on the following turns, until the pipes close (a grandchild holding them open is waited
    // for only so long).
    if (!child_->capturing() || drainTurns_ >= maxDrainTurns) {
        const int status = child_->status();
        const bool crashed = !WIFEXITED(status);
        Q_EMIT finished(crashed ? -1 : WEXITSTATUS(status), crashed);
        return;
    }
    drainTurns_++;
    QTimer::singleShot(drainTurnMs, this, &ChildProcess::checkDone);
}

} // namespace vigil::ui
