#include "services/supervisor_locator.h"

#include "services/daemon_paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>

namespace vigil::ui {

QString findSupervisorSocket(const QString& runDirectory, QString* error) {
    const QString pidfile = QDir(runDirectory).filePath(QStringLiteral("vigil.pid"));
    QString why;
    const qint64 pid = readDaemonPidfile(pidfile, &why);
    if (pid <= 0) {
        if (error) {
            *error = QStringLiteral("no supervisor runs in %1 (%2)").arg(runDirectory, why);
        }
        return QString();
    }
    const QString socket = QDir(runDirectory).filePath(QStringLiteral("vigil.%1.ctl").arg(pid));
    if (!QFileInfo::exists(socket)) {
        if (error) {
            *error = QStringLiteral("the supervisor (pid %1) has no control socket %2 yet")
                         .arg(pid)
                         .arg(socket);
        }
        return QString();
    }
    return socket;
}

QStringList supervisorServiceArguments(const SupervisorLaunch& launch) {
    QStringList args{QStringLiteral("--headless"), QStringLiteral("--detach"),
                     QStringLiteral("--monitor"),  QStringLiteral("--keep-daemons"),
                     QStringLiteral("--rundir"),   launch.runDirectory};
    if (!launch.workspace.isEmpty()) {
        args << QStringLiteral("--workspace") << launch.workspace;
    }
    if (!launch.stateDirectory.isEmpty()) {
        args << QStringLiteral("--state-dir") << launch.stateDirectory;
    }
    return args;
}

QString startSupervisorService(const SupervisorLaunch& launch, int timeoutMs, QString* error) {
    QProcess service;
    service.setProgram(launch.program.isEmpty() ? QCoreApplication::applicationFilePath()
                                                : launch.program);
    service.setArguments(supervisorServiceArguments(launch));
    service.setProcessChannelMode(QProcess::SeparateChannels);
    service.setStandardInputFile(QProcess::nullDevice());
    service.start();
    const bool finished = service.waitForStarted(timeoutMs) && service.waitForFinished(timeoutMs);
    QString socket = findSupervisorSocket(launch.runDirectory);
    if (!socket.isEmpty()) {
        return socket; // ours, or another window's that won the pidfile first
    }
    if (error) {
        const QString said = QString::fromLocal8Bit(service.readAllStandardError()).trimmed();
        if (!finished) {
            *error =
                QStringLiteral("the supervisor did not start within %1 s").arg(timeoutMs / 1000);
            service.kill();
            service.waitForFinished(1000);
        } else if (!said.isEmpty()) {
            *error = said;
        } else {
            *error = QStringLiteral("the supervisor exited with status %1 and no control socket")
                         .arg(service.exitCode());
        }
    }
    return QString();
}

} // namespace vigil::ui
