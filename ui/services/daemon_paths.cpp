#include "services/daemon_paths.h"

#include "services/daemon_definition.h"
#include "vigil/errors.h"
#include "vigil/process.h"
#include "vigil/rundir.h"

#include <QDir>
#include <QFileInfo>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace vigil::ui {

namespace {

QString lookup(const QMap<QString, QString>& environment, const char* name) {
    QString key = QLatin1String(name);
    if (environment.contains(key)) {
        return environment.value(key);
    }
    return qEnvironmentVariable(name);
}

} // namespace

QString daemonRunDirectory(const QMap<QString, QString>& environment) {
    for (const char* name : {"OVS_RUNDIR", "VIGIL_RUNDIR"}) {
        QString dir = lookup(environment, name);
        if (!dir.isEmpty()) {
            return dir;
        }
    }
    return QString::fromStdString(vigil::rundir());
}

QString resolveDaemonProgram(const QString& program, const QString& besideDirectory,
                             const QString& searchPath, const QString& workingDirectory,
                             QString* error) {
    auto setError = [&](const QString& message) {
        if (error) {
            *error = message;
        }
        return QString();
    };
    if (program.isEmpty()) {
        return setError(QStringLiteral("no program given"));
    }
    if (program.contains(QLatin1Char('/'))) {
        QString path = program;
        if (QFileInfo(program).isRelative() && !workingDirectory.isEmpty()) {
            path = QDir(workingDirectory).filePath(program);
        }
        QFileInfo info(path);
        if (!info.exists()) {
            return setError(QStringLiteral("%1 does not exist").arg(path));
        }
        if (!info.isFile() || !info.isExecutable()) {
            return setError(QStringLiteral("%1 is not an executable file").arg(path));
        }
        return program;
    }
    if (!besideDirectory.isEmpty()) {
        QFileInfo beside(QDir(besideDirectory).filePath(program));
        if (beside.isFile() && beside.isExecutable()) {
            return beside.absoluteFilePath();
        }
    }
    QString path = searchPath.isEmpty() ? qEnvironmentVariable("PATH") : searchPath;
    std::string found;
    if (process_find_program(program.toStdString(), path.toStdString(), found) == 0) {
        return QString::fromStdString(found);
    }
    return setError(QStringLiteral("%1 not found next to the console (%2) or in PATH")
                        .arg(program, besideDirectory));
}

ControlSocketLocation daemonControlSocket(const DaemonDefinition& definition, qint64 pid) {
    auto located = [&](const QString& path, bool declared) {
        if (path == QLatin1String("none")) {
            return ControlSocketLocation{QString(), declared};
        }
        if (QFileInfo(path).isAbsolute()) {
            return ControlSocketLocation{path, declared};
        }
        QString dir = daemonRunDirectory(definition.environment);
        return ControlSocketLocation{QDir(dir).filePath(path), declared};
    };
    if (!definition.controlSocket.isEmpty()) {
        return located(definition.controlSocket, true);
    }
    const QStringList& args = definition.arguments;
    const QString option = QStringLiteral("--unixctl");
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args[i].startsWith(option + QLatin1Char('='))) {
            return located(args[i].mid(option.size() + 1), true);
        }
        if (args[i] == option && i + 1 < args.size()) {
            return located(args[i + 1], true);
        }
    }
    QString base = QFileInfo(definition.program).fileName();
    return located(QStringLiteral("%1.%2.ctl").arg(base).arg(pid), false);
}

qint64 readDaemonPidfile(const QString& path, QString* error) {
    auto fail = [&](const QString& message) -> qint64 {
        if (error) {
            *error = QStringLiteral("%1: %2").arg(path, message);
        }
        return 0;
    };
    QByteArray name = QFile::encodeName(path);
    int fd = ::open(name.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return fail(QString::fromStdString(vigil::error_text(errno)));
    }
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    int rc = ::fcntl(fd, F_GETLK, &lock);
    int fcntlErrno = errno;
    char buf[32] = {};
    ssize_t n = rc < 0 ? -1 : ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (rc < 0) {
        return fail(QStringLiteral("fcntl(F_GETLK) failed (%1)")
                        .arg(QString::fromStdString(vigil::error_text(fcntlErrno))));
    }
    if (lock.l_type == F_UNLCK) {
        return fail(QStringLiteral("stale pidfile (no process holds its lock)"));
    }
    bool ok = false;
    qint64 pid = n > 0 ? QByteArray(buf, int(n)).split('\n').value(0).trimmed().toLongLong(&ok) : 0;
    if (!ok || pid <= 0) {
        return fail(QStringLiteral("does not start with a pid"));
    }
    if (pid != lock.l_pid) {
        return fail(
            QStringLiteral("names pid %1 but is locked by pid %2").arg(pid).arg(lock.l_pid));
    }
    return pid;
}

} // namespace vigil::ui
