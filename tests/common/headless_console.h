// A real `vigil --headless` console for tests, with its own home, run directory and a
// workspace of fleet hosts, driven through vigil-appctl.
#pragma once

#include "appctl_test_util.h"
#include "test_util.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace vigil::test {

// A `vigil --headless` process with its own home, run directory and workspace.
class HeadlessConsole {
public:
    ~HeadlessConsole() { stop(); }

    // Starts the console with a workspace holding `hosts` (name -> destination) and the ssh
    // arguments `sshArguments`.
    bool start(const QList<QPair<QString, QString>>& hosts, const QStringList& sshArguments,
               QString& error) {
        dir_ = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/vc-XXXXXX"));
        QJsonArray hostList;
        for (const auto& [name, destination] : hosts) {
            hostList.append(QJsonObject{{"name", name}, {"destination", destination}});
        }
        const QJsonObject workspace{
            {"version", 1},
            {"daemons", QJsonArray()},
            {"hosts", hostList},
            {"ssh", QJsonObject{{"arguments", QJsonArray::fromStringList(sshArguments)}}}};
        QDir().mkpath(path("run"));
        QFile file(path("workspace.json"));
        if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(workspace).toJson()) < 0) {
            error = QStringLiteral("cannot write the workspace");
            return false;
        }
        file.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), path("home"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), path("data"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), path("config"));
        env.insert(QStringLiteral("XDG_STATE_HOME"), path("state"));
        env.remove(QStringLiteral("XDG_RUNTIME_DIR"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process_.setProcessEnvironment(env);
        process_.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process_.start(bin(QStringLiteral("vigil")),
                       {QStringLiteral("--headless"), QStringLiteral("-w"), path("workspace.json"),
                        QStringLiteral("--rundir"), path("run")});
        if (!process_.waitForStarted(10000)) {
            error = process_.errorString();
            return false;
        }
        if (!wait_until([this] { return QFile::exists(path("run") + "/vigil.pid"); }, 20000)) {
            error = QStringLiteral("the console did not start");
            return false;
        }
        return true;
    }

    void stop() {
        if (process_.state() != QProcess::NotRunning) {
            process_.terminate();
            if (!process_.waitForFinished(10000)) {
                process_.kill();
                process_.waitForFinished();
            }
        }
    }

    QString path(const QString& relative) const { return dir_->path() + '/' + relative; }
    qint64 pid() const { return process_.processId(); }
    QString knownHosts() const { return path("data") + "/vigil/known_hosts"; }

    // Runs vigil-appctl against the console.
    run_result appctl(const QStringList& args, int timeoutMs = 30000) const {
        QFile pidfile(path("run") + "/vigil.pid");
        pidfile.open(QIODevice::ReadOnly);
        const QString pid = QString::fromLatin1(pidfile.readAll().trimmed());
        QStringList all{QStringLiteral("-t"), path("run") + "/vigil." + pid + ".ctl"};
        all << args;
        return run_program(bin(QStringLiteral("vigil-appctl")), all,
                           QProcessEnvironment::systemEnvironment(), timeoutMs);
    }

    QJsonArray json(const QStringList& args, int timeoutMs = 30000) const {
        QStringList all{QStringLiteral("--format"), QStringLiteral("json")};
        all << args;
        const run_result r = appctl(all, timeoutMs);
        return QJsonDocument::fromJson(r.out).array();
    }

    QJsonObject host(const QString& name) const {
        for (const QJsonValue v : json({QStringLiteral("host/list")})) {
            if (v[QLatin1String("name")].toString() == name) {
                return v.toObject();
            }
        }
        return {};
    }

    QString hostState(const QString& name) const {
        return host(name).value(QLatin1String("state")).toString();
    }

    QJsonObject target(const QString& name) const {
        for (const QJsonValue v : json({QStringLiteral("target/list")})) {
            if (v[QLatin1String("name")].toString() == name) {
                return v.toObject();
            }
        }
        return {};
    }

    // Kills this console's connection master for its host number `index` (the order of the
    // workspace, from 1): as if the network dropped it.
    void killMaster(int index) const {
        QProcess::execute(QStringLiteral("pkill"),
                          {QStringLiteral("-P"), QString::number(pid()), QStringLiteral("-f"),
                           QStringLiteral("/m%1\\.ctl -M").arg(index)});
    }

private:
    std::unique_ptr<QTemporaryDir> dir_;
    QProcess process_;
};

} // namespace vigil::test
