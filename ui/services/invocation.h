// The value types of a command invocation: one invocation, running or finished (Invocation),
// and how to run it (InvokeOptions). Kept apart from CommandInvoker so that the history model
// and the views include only this.
#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace vigil::ui {

// One invocation, running or finished.
struct Invocation {
    quint64 id = 0; // increasing, unique within the invoker
    QDateTime started;
    QString target;     // as given (a target name or a socket path)
    QString socketPath; // resolved socket; empty when the target was unknown
    QString command;
    QStringList arguments;
    bool json = false;            // `--format json` was asked for
    bool finished = false;        // false while waiting for the reply
    bool ok = false;              // the command succeeded
    QString output;               // the reply text (pretty JSON for JSON replies)
    QString error;                // the command's error text, or why the call failed
    bool transportError = false;  // the call failed rather than the command
    bool jsonUnsupported = false; // JSON was asked for but the target does not speak it
    bool truncated = false;       // the history keeps only the start of output/error
    qint64 durationMs = 0;
};

struct InvokeOptions {
    bool json = false;
    int timeoutMs = 10000;
};

} // namespace vigil::ui

Q_DECLARE_METATYPE(vigil::ui::Invocation)
