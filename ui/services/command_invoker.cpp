#include "services/command_invoker.h"

#include "models/invocation_history_model.h"
#include "services/target_registry.h"
#include "services/unixctl_call.h"

#include <QTimer>

namespace vigil::ui {

CommandInvoker::CommandInvoker(TargetRegistry* targets, QObject* parent)
    : QObject(parent), targets_(targets), model_(new InvocationHistoryModel(this)) {
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
    model_->append(inv);
    if (history_.size() > maxHistory) {
        const int excess = history_.size() - maxHistory;
        history_.remove(0, excess);
        model_->dropOldest(excess);
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
    for (Invocation& entry : history_) {
        if (entry.id == invocation.id) {
            entry = invocation;
            break;
        }
    }
    model_->update(invocation);
    Q_EMIT invocationFinished(invocation);
}

void CommandInvoker::clearHistory() {
    history_.clear();
    model_->clear();
}

} // namespace vigil::ui
