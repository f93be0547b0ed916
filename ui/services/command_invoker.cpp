#include "services/command_invoker.h"

#include "services/target_registry.h"
#include "services/unixctl_call.h"

#include <QCoreApplication>
#include <QTimer>
#include <algorithm>

namespace vigil::ui {

namespace {

qsizetype textBytes(const Invocation& inv) {
    return (inv.output.size() + inv.error.size()) * qsizetype(sizeof(QChar));
}

// Cuts the output and error text of `inv` so that they and a closing note fit in `bytes`.
void truncateTo(Invocation& inv, qsizetype bytes) {
    const qsizetype total = inv.output.size() + inv.error.size();
    const QString note = QCoreApplication::translate(
        "CommandInvoker", "\n[reply truncated: the history keeps only the first %1 "
                          "of %2 characters]");
    qsizetype room = std::max<qsizetype>(0, bytes / qsizetype(sizeof(QChar)) - note.size() - 40);
    QString& text = inv.ok || inv.error.isEmpty() ? inv.output : inv.error;
    QString& other = &text == &inv.output ? inv.error : inv.output;
    other.truncate(std::min(other.size(), room / 2));
    room -= other.size();
    text.truncate(std::min(text.size(), room));
    text += note.arg(text.size() + other.size()).arg(total);
    inv.truncated = true;
}

} // namespace

CommandInvoker::CommandInvoker(TargetRegistry* targets, QObject* parent)
    : QObject(parent), targets_(targets) {
    qRegisterMetaType<Invocation>();
}

CommandInvoker::~CommandInvoker() = default;

quint64 CommandInvoker::invoke(const QString& target, const QString& command,
                               const QStringList& arguments, const InvokeOptions& options,
                               std::function<void(const Invocation&)> done) {
    Invocation inv;
    inv.id = nextId_++;
    inv.started = QDateTime::currentDateTime();
    inv.target = target;
    inv.command = command;
    inv.arguments = arguments;
    inv.json = options.json;
    QString error;
    inv.socketPath = targets_ ? targets_->socketPath(target, &error) : QString();
    if (!targets_ && target.startsWith(QLatin1Char('/'))) {
        inv.socketPath = target;
    }

    history_ << inv;
    Q_EMIT historyAppended(inv);
    if (history_.size() > maxHistory) {
        dropOldest(history_.size() - maxHistory);
    }
    Q_EMIT invocationStarted(inv);

    auto complete = [this, done](Invocation finished) {
        finish(finished);
        if (done) {
            done(finished);
        }
    };
    if (inv.socketPath.isEmpty()) {
        inv.finished = true;
        inv.transportError = true;
        inv.error = error.isEmpty() ? QStringLiteral("unknown target \"%1\"").arg(target) : error;
        QTimer::singleShot(0, this, [inv, complete] { complete(inv); });
        return inv.id;
    }
    UnixctlCallOptions callOptions;
    callOptions.json = options.json;
    callOptions.timeoutMs = options.timeoutMs;
    unixctlCall(this, inv.socketPath, command, arguments, callOptions,
                [inv, complete](const UnixctlResult& result) mutable {
                    inv.finished = true;
                    inv.ok = result.ok;
                    inv.output = result.text;
                    inv.error = result.error;
                    inv.transportError = result.transportError;
                    inv.jsonUnsupported = result.jsonUnsupported;
                    inv.durationMs = result.durationMs;
                    complete(inv);
                });
    return inv.id;
}

void CommandInvoker::finish(const Invocation& invocation) {
    Invocation kept = invocation;
    if (maxHistoryBytes_ > 0 && textBytes(kept) > maxHistoryBytes_) {
        truncateTo(kept, maxHistoryBytes_);
    }
    int row = -1;
    for (int i = history_.size() - 1; i >= 0; i--) {
        if (history_[i].id == invocation.id) {
            row = i;
            break;
        }
    }
    if (row >= 0) {
        historyBytes_ += textBytes(kept) - textBytes(history_[row]);
        history_[row] = kept;
        Q_EMIT historyReplaced(kept);
        // Make room by dropping the oldest, never the invocation that just finished.
        int excess = 0;
        qsizetype bytes = historyBytes_;
        while (maxHistoryBytes_ > 0 && bytes > maxHistoryBytes_ && excess < row) {
            bytes -= textBytes(history_[excess]);
            excess++;
        }
        dropOldest(excess);
    }
    Q_EMIT invocationFinished(invocation);
}

void CommandInvoker::dropOldest(int count) {
    for (int i = 0; i < count; i++) {
        historyBytes_ -= textBytes(history_[i]);
    }
    history_.remove(0, count);
    Q_EMIT historyDroppedOldest(count);
}

void CommandInvoker::clearHistory() {
    history_.clear();
    historyBytes_ = 0;
    Q_EMIT historyCleared();
}

} // namespace vigil::ui
