// One asynchronous unixctl request from the Qt side: connect to a control socket, optionally
// switch the connection to JSON output (`set-options --format json`), send a command and call
// back once it is answered, fails or times out. Every service that talks to a daemon goes
// through here, so none of them ever blocks the GUI thread on a reply.
#pragma once

#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <functional>

namespace vigil::ui {

// What a call produced.
struct UnixctlResult {
    bool ok = false;     // the command replied with success
    QString text;        // the reply as text: plain text, or pretty JSON for JSON replies
    QJsonValue json;     // the reply's JSON value (a string for text-format commands)
    bool isJson = false; // the reply is a JSON document (object, array, number...), not text
    QString error;       // when !ok: the command's error text or why the call failed
    bool transportError = false;  // the call failed (connect, timeout, closed), not the command
    bool jsonAccepted = false;    // `set-options --format json` was sent and accepted
    bool jsonUnsupported = false; // JSON output was asked for but the daemon refused it
    qint64 durationMs = 0;
};

struct UnixctlCallOptions {
    bool json = false;     // ask for `--format json` output on this connection first
    int timeoutMs = 10000; // < 0: wait forever (for deferred replies such as sessions/wait)
};

// Sends `command` with `arguments` to the control socket `socketPath` on a connection of its
// own (after `set-options --format json` on it when `options.json`: pipelined, so a daemon that
// refuses it still runs the command and answers in text, with jsonUnsupported set) and calls
// `done` from the event loop (never from inside this call) with the result,
// unless `context` was destroyed first. Connection failures, timeouts and a peer that closes
// arrive as results with transportError set and a readable error ("connection refused", "no
// reply within 10 s", ...). Needs the thread's RuntimeBridge to be alive.
void unixctlCall(QObject* context, const QString& socketPath, const QString& command,
                 const QStringList& arguments, const UnixctlCallOptions& options,
                 std::function<void(const UnixctlResult&)> done);

// Returns a readable text for a positive errno or EOF (-1) as the runtime reports it.
QString unixctlErrorText(int error);

} // namespace vigil::ui
