// The value types of a command invocation: one invocation, running or finished (Invocation),
// and how to run it (InvokeOptions). Kept apart from CommandInvoker so that the history model
// and the views include only this.
#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace vigil::ui {

// What a finished invocation's reply is: text (a daemon's own text, also a text reply on a JSON
// connection) or a JSON document (`output` holds it pretty-printed).
enum class ReplyFormat { Text, Json };
// "text" or "json": the one string table, for the views, exports and the control socket.
QString replyFormatName(ReplyFormat format);

// One invocation, running or finished.
struct Invocation {
    quint64 id = 0; // increasing, unique within the invoker
    QDateTime started;
    QString target;     // as given (a target name or a socket path)
    QString socketPath; // resolved socket; empty when the target was unknown
    QString command;
    QStringList arguments;
    bool json = false;                      // `--format json` was asked for
    bool finished = false;                  // false while waiting for the reply
    bool ok = false;                        // the command succeeded
    ReplyFormat format = ReplyFormat::Text; // what `output` is
    QString output;                         // the reply text (pretty JSON for JSON replies)
    QString error;                          // the command's error text, or why the call failed
    bool transportError = false;            // the call failed rather than the command
    bool jsonUnsupported = false;           // JSON was asked for but the target does not speak it
    bool negotiated = false;                // this call sent `set-options --format json`
    bool truncated = false;                 // the history keeps only the start of output/error
    qint64 durationMs = 0;
};

struct InvokeOptions {
    // Ask for JSON: negotiated on the call's connection unless the target is known not to
    // speak it (then the call goes out as text at once).
    bool json = false;
    int timeoutMs = 10000;
    // Recorded in the history and announced by invocationStarted()/invocationFinished();
    // false for calls only their caller cares about (a watch's repeated runs).
    bool record = true;
};

} // namespace vigil::ui

Q_DECLARE_METATYPE(vigil::ui::Invocation)
