#include "services/ssh_command.h"

#include <QRegularExpression>

namespace vigil::ui {

namespace {

// The options every command line carries. Options given first win in ssh, so these follow the
// user's -o options only where the user may not override them; they are placed first.
QStringList securityOptions() {
    return {QStringLiteral("-o"), QStringLiteral("BatchMode=yes"),
            QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=yes"),
            QStringLiteral("-o"), QStringLiteral("ForwardAgent=no"),
            QStringLiteral("-o"), QStringLiteral("ForwardX11=no"),
            QStringLiteral("-o"), QStringLiteral("PasswordAuthentication=no"),
            QStringLiteral("-o"), QStringLiteral("KbdInteractiveAuthentication=no")};
}

QStringList base(const SshEndpoint& endpoint) {
    QStringList argv = endpoint.settings.program;
    if (argv.isEmpty()) {
        argv << QStringLiteral("ssh");
    }
    argv << securityOptions();
    if (!endpoint.knownHostsCommand.isEmpty()) {
        argv << QStringLiteral("-o")
             << QStringLiteral("KnownHostsCommand=") + endpoint.knownHostsCommand;
    }
    argv << endpoint.settings.extraArguments;
    argv << QStringLiteral("-S") << endpoint.controlPath;
    return argv;
}

} // namespace

QStringList sshMasterCommand(const SshEndpoint& endpoint) {
    QStringList argv = base(endpoint);
    argv << QStringLiteral("-M") << QStringLiteral("-N") << QStringLiteral("-T")
         << QStringLiteral("-o")
         << QStringLiteral("ControlPersist=no")
         // The master's messages are how the console learns of a refused forward
         // ("administratively prohibited", logged at INFO), whatever LogLevel the user's
         // configuration sets for interactive use.
         << QStringLiteral("-o") << QStringLiteral("LogLevel=INFO") << QStringLiteral("-o")
         << QStringLiteral("ExitOnForwardFailure=yes") << QStringLiteral("-o")
         << QStringLiteral("ClearAllForwardings=yes") << QStringLiteral("-o")
         << QStringLiteral("StreamLocalBindUnlink=yes") << QStringLiteral("-o")
         << QStringLiteral("ServerAliveInterval=%1").arg(sshAliveIntervalSeconds)
         << QStringLiteral("-o") << QStringLiteral("ServerAliveCountMax=%1").arg(sshAliveCountMax)
         << QStringLiteral("-o")
         << QStringLiteral("ConnectTimeout=%1").arg(sshConnectTimeoutSeconds)
         << QStringLiteral("--") << endpoint.destination;
    return argv;
}

QStringList sshForwardCommand(const SshEndpoint& endpoint, const QString& localPath,
                              const QString& remotePath) {
    QStringList argv = base(endpoint);
    argv << QStringLiteral("-O") << QStringLiteral("forward") << QStringLiteral("-L")
         << localPath + QLatin1Char(':') + remotePath << QStringLiteral("--")
         << endpoint.destination;
    return argv;
}

QStringList sshCancelForwardCommand(const SshEndpoint& endpoint, const QString& localPath,
                                    const QString& remotePath) {
    QStringList argv = base(endpoint);
    argv << QStringLiteral("-O") << QStringLiteral("cancel") << QStringLiteral("-L")
         << localPath + QLatin1Char(':') + remotePath << QStringLiteral("--")
         << endpoint.destination;
    return argv;
}

QStringList sshExecCommand(const SshEndpoint& endpoint, const QString& remoteCommand) {
    QStringList argv = base(endpoint);
    // ControlMaster=no: a command never becomes a master of its own, and when the master is
    // gone it fails instead of quietly opening a second connection that could prompt.
    argv << QStringLiteral("-T") << QStringLiteral("-o") << QStringLiteral("ControlMaster=no")
         << QStringLiteral("--") << endpoint.destination << remoteCommand;
    return argv;
}

QString shellQuote(const QString& word) {
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    if (safe.match(word).hasMatch()) {
        return word;
    }
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString shellJoin(const QStringList& words) {
    QStringList quoted;
    for (const QString& w : words) {
        quoted << shellQuote(w);
    }
    return quoted.join(QLatin1Char(' '));
}

} // namespace vigil::ui
