#include "services/command_invoker.h"

#include "services/target_registry.h"
#include "services/unixctl_call.h"

#include <QCoreApplication>
#include <QFile>
#include <QTimer>
#include <algorithm>
#include <sys/stat.h>

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

// Past this many remembered sockets (pid-named sockets of daemons restarting for days), the
// memory starts afresh: forgetting only costs one more negotiation per target.
constexpr int maxJsonMemory = 4096;

} // namespace

QString replyFormatName(ReplyFormat format) {
    switch (format) {
    case ReplyFormat::Text:
        return QStringLiteral("text");
    case ReplyFormat::Json:
        return QStringLiteral("json");
    }
    return QString();
}

QString jsonSupportName(JsonSupport support) {
    switch (support) {
    case JsonSupport::Unknown:
        return QStringLiteral("unknown");
    case JsonSupport::Yes:
        return QStringLiteral("yes");
    case JsonSupport::No:
        return QStringLiteral("no");
    }
    return QString();
}

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

    const bool record = options.record;
    if (record) {
        history_ << inv;
        Q_EMIT historyAppended(inv);
        if (history_.size() > maxHistory) {
            dropOldest(history_.size() - maxHistory);
        }
        Q_EMIT invocationStarted(inv);
    }

    auto complete = [this, done, record](Invocation finished) {
        if (record) {
            finish(finished);
        }
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
    callOptions.timeoutMs = options.timeoutMs;
    if (options.json) {
        const JsonSupport known = jsonSupport(target);
        callOptions.json = known != JsonSupport::No;
        inv.jsonUnsupported = known == JsonSupport::No;
        inv.negotiated = callOptions.json;
        if (callOptions.json) {
            negotiations_++;
        }
    }
    unixctlCall(this, inv.socketPath, command, arguments, callOptions,
                [this, inv, complete](const UnixctlResult& result) mutable {
                    inv.finished = true;
                    inv.ok = result.ok;
                    inv.format = result.isJson ? ReplyFormat::Json : ReplyFormat::Text;
                    inv.output = result.text;
                    inv.error = result.error;
                    inv.transportError = result.transportError;
                    inv.jsonUnsupported = inv.jsonUnsupported || result.jsonUnsupported;
                    inv.durationMs = result.durationMs;
                    if (result.jsonAccepted) {
                        remember(inv, JsonSupport::Yes);
                    } else if (result.jsonUnsupported) {
                        remember(inv, JsonSupport::No);
                    }
                    complete(inv);
                });
    return inv.id;
}

CommandInvoker::SocketIdentity CommandInvoker::identify(const QString& socketPath) {
    SocketIdentity id;
    struct stat st {};
    if (::stat(QFile::encodeName(socketPath).constData(), &st) == 0) {
        id.device = quint64(st.st_dev);
        id.inode = quint64(st.st_ino);
        id.modifiedNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
        id.valid = true;
    }
    return id;
}

QString CommandInvoker::memoryKey(const QString& target, const QString& socketPath) {
    return target + QLatin1Char('\n') + socketPath;
}

JsonSupport CommandInvoker::jsonSupport(const QString& target) const {
    QString socketPath = targets_ ? targets_->socketPath(target) : QString();
    if (!targets_ && target.startsWith(QLatin1Char('/'))) {
        socketPath = target;
    }
    if (socketPath.isEmpty()) {
        return JsonSupport::Unknown;
    }
    auto it = jsonMemory_.constFind(memoryKey(target, socketPath));
    if (it == jsonMemory_.constEnd()) {
        return JsonSupport::Unknown;
    }
    const SocketIdentity now = identify(socketPath);
    return now.valid && now == it->socket ? it->support : JsonSupport::Unknown;
}

void CommandInvoker::remember(const Invocation& invocation, JsonSupport support) {
    // What was learnt about the target's earlier sockets no longer holds.
    const QString prefix = invocation.target + QLatin1Char('\n');
    for (auto it = jsonMemory_.begin(); it != jsonMemory_.end();) {
        it = it.key().startsWith(prefix) ? jsonMemory_.erase(it) : std::next(it);
    }
    if (jsonMemory_.size() >= maxJsonMemory) {
        jsonMemory_.clear();
    }
    // The socket's identity now: the call just connected to it, so this is the daemon that
    // answered (a restart in between only costs one more negotiation).
    const SocketIdentity id = identify(invocation.socketPath);
    if (id.valid) {
        jsonMemory_.insert(memoryKey(invocation.target, invocation.socketPath), {support, id});
    }
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
