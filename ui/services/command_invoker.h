// Runs control commands on targets asynchronously, with a timeout, and keeps the audit trail of
// every invocation (time, target, command, arguments, result or error, duration), which the
// window shows through an InvocationHistoryModel (fed by feedHistoryModel()) and the control
// socket through its commands. JSON output is negotiated per connection and remembered per
// target: a daemon that refuses `set-options --format json` (OVS before 3.4) is not asked
// again until its socket changes (a restarted or upgraded daemon).
#pragma once

#include "services/invocation.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>

namespace vigil::ui {

class TargetRegistry;

// Whether a target speaks `--format json`, as far as the invoker has learnt.
enum class JsonSupport { Unknown, Yes, No };
// "unknown", "yes" or "no".
QString jsonSupportName(JsonSupport support);

class CommandInvoker : public QObject {
    Q_OBJECT
public:
    // At most this many invocations are kept in the history (the oldest go first).
    static constexpr int maxHistory = 1000;
    // The default bound on the bytes of reply and error text the history keeps: a count
    // alone lets a few commands with huge replies (a flow dump, a large log) hold gigabytes.
    static constexpr qsizetype defaultMaxHistoryBytes = qsizetype(16) << 20;

    explicit CommandInvoker(TargetRegistry* targets, QObject* parent = nullptr);
    ~CommandInvoker() override;

    // Sends `command` with `arguments` to `target` (a target name or an absolute socket path)
    // and returns the invocation's id at once. invocationFinished() follows from the event loop
    // (also for an unknown target or a call that fails or times out, with `error` set), and
    // `done`, when given, is called with the same finished invocation. With `options.json` the
    // call's connection is first switched to JSON unless the target is known not to speak it;
    // a refusal falls back to the text reply silently (jsonUnsupported set, ok as the command
    // went). Unrecorded calls (`options.record` false) skip the history and the signals.
    quint64 invoke(const QString& target, const QString& command, const QStringList& arguments,
                   const InvokeOptions& options = {},
                   std::function<void(const Invocation&)> done = {});

    // The history, oldest first (running invocations included).
    QList<Invocation> history() const { return history_; }
    // Empties the history.
    void clearHistory();

    // Bounds the bytes of reply and error text (as stored, UTF-16) the history keeps. When an
    // invocation finishes, the oldest invocations are dropped until the rest fit; a reply
    // larger than the whole bound is kept cut to it, flagged `truncated` and ending with a
    // note that says so. The callers of invoke() and invocationFinished() still receive the
    // whole reply. Applies to invocations finishing from now on.
    void setMaxHistoryBytes(qsizetype bytes) { maxHistoryBytes_ = bytes; }
    qsizetype maxHistoryBytes() const { return maxHistoryBytes_; }
    // The bytes of reply and error text the history holds now.
    qsizetype historyBytes() const { return historyBytes_; }

    // What the invoker knows of `target`'s JSON support at its current socket: Unknown before
    // the first JSON call, after the socket changed (another path, or the file re-created by a
    // restarted daemon), and for an unknown target.
    JsonSupport jsonSupport(const QString& target) const;
    // How many calls sent `set-options --format json` (to any target) since construction.
    quint64 jsonNegotiations() const { return negotiations_; }

Q_SIGNALS:
    void invocationStarted(const vigil::ui::Invocation& invocation);
    void invocationFinished(const vigil::ui::Invocation& invocation);
    // The history's changes, for a model over it: an invocation appended (running), one
    // replaced by its finished (possibly truncated) form, the oldest `count` dropped, all gone.
    void historyAppended(const vigil::ui::Invocation& invocation);
    void historyReplaced(const vigil::ui::Invocation& invocation);
    void historyDroppedOldest(int count);
    void historyCleared();

private:
    // The socket file's identity: a daemon that restarts re-creates it (a new inode and time).
    struct SocketIdentity {
        quint64 device = 0;
        quint64 inode = 0;
        qint64 modifiedNs = 0;
        bool valid = false;
        bool operator==(const SocketIdentity&) const = default;
    };
    struct JsonMemory {
        JsonSupport support = JsonSupport::Unknown;
        SocketIdentity socket;
    };
    static SocketIdentity identify(const QString& socketPath);
    static QString memoryKey(const QString& target, const QString& socketPath);
    void remember(const Invocation& invocation, JsonSupport support);

    void finish(const Invocation& invocation);
    void dropOldest(int count);

    TargetRegistry* targets_;
    QList<Invocation> history_;
    qsizetype historyBytes_ = 0;
    qsizetype maxHistoryBytes_ = defaultMaxHistoryBytes;
    quint64 nextId_ = 1;
    // Keyed by target name and socket path; bounded by the targets a console sees.
    QHash<QString, JsonMemory> jsonMemory_;
    quint64 negotiations_ = 0;
};

} // namespace vigil::ui
