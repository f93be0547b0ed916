#include "services/state_directory.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace vigil::ui {

namespace {

bool fail(QString* error, const QString& text) {
    if (error) {
        *error = text;
    }
    return false;
}

void appendEscapedByte(QString& out, unsigned char byte) {
    out += QStringLiteral("\\x%1").arg(uint(byte), 2, 16, QLatin1Char('0'));
}

} // namespace

QString escapeStatePath(const QString& path) {
    QString cleaned = QDir::cleanPath(path);
    while (cleaned.startsWith(QLatin1Char('/'))) {
        cleaned.remove(0, 1);
    }
    while (cleaned.endsWith(QLatin1Char('/'))) {
        cleaned.chop(1);
    }
    // cleanPath turns an empty path into "." and may leave "." for "/."; both mean the root.
    if (cleaned.isEmpty() || cleaned == QLatin1String(".")) {
        return QStringLiteral("-");
    }
    const QByteArray bytes = cleaned.toUtf8();
    QString out;
    out.reserve(bytes.size());
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == ':' || c == '_' || c == '.';
        if (c == '/') {
            out += QLatin1Char('-');
        } else if (!plain || (i == 0 && c == '.')) {
            // systemd escapes a leading '.' too, so no name it makes is hidden.
            appendEscapedByte(out, c);
        } else {
            out += QLatin1Char(char(c));
        }
    }
    return out;
}

QString defaultStateDirectory(const QString& runDirectory) {
    QString base = qEnvironmentVariable("XDG_STATE_HOME");
    // The XDG base directory specification says a relative path in the variable is invalid
    // and must be ignored.
    if (base.isEmpty() || !QDir::isAbsolutePath(base)) {
        base = QDir::homePath() + QStringLiteral("/.local/state");
    }
    const QString absolute = QDir::cleanPath(QDir::current().absoluteFilePath(runDirectory));
    return QDir::cleanPath(base) + QStringLiteral("/vigil/") + escapeStatePath(absolute);
}

bool prepareStateDirectory(const QString& dir, QString* error) {
    if (dir.isEmpty()) {
        return fail(error, QStringLiteral("the state directory must not be empty"));
    }
    const QString absolute = QDir::cleanPath(QDir::current().absoluteFilePath(dir));
    // Each missing component is made with mode 0700 (QDir::mkpath would use 0777 & ~umask):
    // the journal names the user's processes and sockets, which other users need not see.
    const QStringList parts = absolute.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString current;
    for (const QString& part : parts) {
        current += QLatin1Char('/') + part;
        const QByteArray native = QFile::encodeName(current);
        if (::mkdir(native.constData(), 0700) != 0 && errno != EEXIST) {
            return fail(error, QStringLiteral("%1: cannot create %2 (%3)")
                                   .arg(dir, current, QString::fromLocal8Bit(strerror(errno))));
        }
    }
    const QFileInfo info(absolute);
    if (!info.isDir()) {
        return fail(error, QStringLiteral("%1: not a directory").arg(dir));
    }
    // AT_EACCESS asks as the process will write (its effective user and capabilities), not
    // as its real user, which is what access(2) checks.
    if (::faccessat(AT_FDCWD, QFile::encodeName(absolute).constData(), W_OK | X_OK, AT_EACCESS) !=
        0) {
        return fail(error, QStringLiteral("%1: not writable (%2)")
                               .arg(dir, QString::fromLocal8Bit(strerror(errno))));
    }
    return true;
}

} // namespace vigil::ui
