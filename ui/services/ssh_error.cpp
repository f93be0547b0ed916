#include "services/ssh_error.h"

#include <QStringList>

namespace vigil::ui {

namespace {

// The last line that says something (ssh's banner lines and warnings come first).
QString lastMeaningfulLine(const QString& text) {
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        const QString line = it->trimmed();
        if (!line.isEmpty() && !line.startsWith(QLatin1String("@@@")) &&
            !line.startsWith(QLatin1String("Warning:"))) {
            return line;
        }
    }
    return {};
}

QString lineContaining(const QString& text, const QString& needle) {
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        if (line.contains(needle)) {
            return line.trimmed();
        }
    }
    return {};
}

} // namespace

SshFailure classifySshFailure(const QString& text, int exitCode, bool crashed) {
    if (text.contains(QLatin1String("REMOTE HOST IDENTIFICATION HAS CHANGED")) ||
        (text.contains(QLatin1String("Host key verification failed")) &&
         text.contains(QLatin1String("has changed")))) {
        QString line = lineContaining(text, QStringLiteral("key for"));
        return {HostState::HostKeyChanged,
                QStringLiteral("the host's key has changed; refusing to connect%1")
                    .arg(line.isEmpty() ? QString() : QStringLiteral(" (") + line + ')')};
    }
    if (text.contains(QLatin1String("host key is known for")) ||
        text.contains(QLatin1String("Host key verification failed"))) {
        return {HostState::HostKeyUnknown,
                QStringLiteral("the host's key is not known; accept its fingerprint with "
                               "host/trust")};
    }
    if (text.contains(QLatin1String("Permission denied ("))) {
        return {HostState::AuthFailed, lineContaining(text, QStringLiteral("Permission denied"))};
    }
    QString line = lastMeaningfulLine(text);
    if (line.isEmpty()) {
        line = crashed ? QStringLiteral("ssh crashed")
                       : QStringLiteral("ssh exited with status %1").arg(exitCode);
    }
    return {HostState::Unreachable, line};
}

bool sshChannelOpenFailed(const QString& text) {
    return text.contains(QLatin1String(": open failed")) ||
           text.contains(QLatin1String("administratively prohibited"));
}

} // namespace vigil::ui
