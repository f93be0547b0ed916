// A simulated fleet of Open vSwitch hosts on this machine, reached over real SSH: a thin
// wrapper around tests/fleet/sim-fleet. Each host hK has its own sshd (in a mount namespace
// of its own, where /run/openvswitch is that host's run directory), ovsdb-server and
// ovs-vswitchd; sshConfig() names every host as "hK" (root) and "hK-unpriv" (an unprivileged
// user). The destructor stops the whole fleet.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace vigil::test {

class SimFleet {
public:
    // What `up()` starts.
    struct Options {
        bool withVswitchd = true; // false: ovsdb-server only (--no-vswitchd)
        int basePort = 0;         // > 0: host K listens on basePort + K - 1 (--base-port)
        // A command the script is started through, so that everything the hosts run (sshd,
        // its sessions, the OVS daemons) inherits what it sets up: a benchmark measuring the
        // console puts the simulated hosts, whose work a real fleet does on other machines, in
        // a cgroup of low CPU weight. Empty: none.
        QStringList wrapper;
    };

    // The outcome of a command: its exit code (-2 when it timed out, -3 when it crashed) and
    // its output.
    struct Result {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    SimFleet() = default;
    SimFleet(const SimFleet&) = delete;
    SimFleet& operator=(const SimFleet&) = delete;

    // Stops every process the fleet started (the script's `down`).
    ~SimFleet() { down(); }

    // Stops every process the fleet started; harmless when called again. Returns false with
    // the script's stderr in `error`.
    bool down(QString& error) {
        if (!dir_ || !started_) {
            return true;
        }
        return check(script({QStringLiteral("down"), dir_->path()}, 120000), error);
    }

    // Stops the fleet, ignoring errors (see the other overload).
    void down() {
        QString ignored;
        down(ignored);
    }

    // The script this fixture drives.
    static QString scriptPath() {
        return QStringLiteral(VIGIL_SOURCE_DIR "/tests/fleet/sim-fleet");
    }

    // Starts `hosts` hosts h1..hN in a fresh short-named temporary directory (unix socket
    // paths must stay under 108 bytes) and returns once every sshd accepts logins and every
    // daemon answers. Returns false with the script's stderr in `error`.
    bool up(int hosts, QString& error, const Options& options) {
        dir_ = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/vf-XXXXXX"));
        if (!dir_->isValid()) {
            error = QStringLiteral("cannot create a temporary directory: ") + dir_->errorString();
            return false;
        }
        QStringList args{QStringLiteral("up"), dir_->path(), QString::number(hosts)};
        if (!options.withVswitchd) {
            args << QStringLiteral("--no-vswitchd");
        }
        if (options.basePort > 0) {
            args << QStringLiteral("--base-port") << QString::number(options.basePort);
        }
        started_ = true;
        if (!options.wrapper.isEmpty()) {
            return check(run(options.wrapper.first(),
                             options.wrapper.mid(1) + QStringList{scriptPath()} + args, 180000),
                         error);
        }
        return check(script(args, 180000), error);
    }

    // Starts `hosts` hosts with the default options (see the other overload).
    bool up(int hosts, QString& error) { return up(hosts, error, Options{}); }

    // The fleet's directory (empty before up()).
    QString dir() const { return dir_ ? dir_->path() : QString(); }

    // The client's ssh_config, for `ssh -F`.
    QString sshConfig() const { return dir() + QStringLiteral("/client/ssh_config"); }

    // The ssh host name of host `k` ("hK"), logging in as root.
    static QString host(int k) { return QStringLiteral("h%1").arg(k); }

    // The ssh host name of host `k` that logs in as the unprivileged user ("hK-unpriv").
    static QString unprivHost(int k) { return QStringLiteral("h%1-unpriv").arg(k); }

    // Host `k`'s run directory on this machine: what the host sees as /run/openvswitch.
    QString runDir(int k) const { return dir() + QStringLiteral("/h%1/run").arg(k); }

    // Host `k`'s sshd port on 127.0.0.1, 0 when unknown.
    int port(int k) const {
        const Result r = script({QStringLiteral("port"), dir(), QString::number(k)});
        return r.exitCode == 0 ? r.out.trimmed().toInt() : 0;
    }

    // Stops host `k`'s sshd (logins are then refused). Returns false with the reason.
    bool stopSshd(int k, QString& error) { return hostCommand("stop-sshd", k, {}, error); }

    // Starts host `k`'s sshd again on the same port with the same host key.
    bool startSshd(int k, QString& error) { return hostCommand("start-sshd", k, {}, error); }

    // Gives host `k` a new host key and restarts its sshd, so the client's known_hosts no
    // longer matches it.
    bool rekey(int k, QString& error) { return hostCommand("rekey", k, {}, error); }

    // Allows or refuses stream-local (unix socket) forwarding on host `k` and restarts its
    // sshd.
    bool setForwarding(int k, bool allowed, QString& error) {
        return hostCommand("forwarding", k,
                           {allowed ? QStringLiteral("yes") : QStringLiteral("no")}, error);
    }

    // Restarts `name` (ovs-vswitchd or ovsdb-server) on host `k`: it gets a new pid and so a
    // new control socket name.
    bool restartDaemon(int k, const QString& name, QString& error) {
        return hostCommand("restart-daemon", k, {name}, error);
    }

    // Runs `ssh -F CONFIG HOST COMMAND` and returns its exit code and output; `sshHost` is
    // host(k) or unprivHost(k).
    Result sshTo(const QString& sshHost, const QString& command, int timeoutMs = 30000) const {
        return run(QStringLiteral("ssh"), {QStringLiteral("-F"), sshConfig(), sshHost, command},
                   timeoutMs);
    }

    // Runs COMMAND on host `k` as root over ssh (see sshTo()).
    Result ssh(int k, const QString& command, int timeoutMs = 30000) const {
        return sshTo(host(k), command, timeoutMs);
    }

    // Starts a detached Vigil supervisor service (`VIGIL --headless`, VIGIL being the path of
    // the built vigil) on host `k` over ssh, with the workspace file `workspace` (readable by root
    // on the host: the hosts share this machine's filesystem but for /run and /etc/passwd); its
    // control socket is then /run/vigil/vigil.PID.ctl on that host. `down` stops it with the host.
    bool startVigilSupervisor(int k, const QString& vigil, const QString& workspace,
                              QString& error) const {
        const QString command =
            QStringLiteral("env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR= %1 --headless "
                           "--detach -w %2 --rundir /run/vigil")
                .arg(vigil, workspace);
        const Result r = ssh(k, command, 60000);
        if (r.exitCode != 0) {
            error = QStringLiteral("the supervisor on h%1 did not start (%2): %3")
                        .arg(k)
                        .arg(r.exitCode)
                        .arg(QString::fromUtf8(r.err));
            return false;
        }
        return true;
    }

    // Writes to `path` a supervisor workspace with one daemon, "ticker", that prints "tick"
    // every second, and makes its directory readable to the hosts' root.
    static bool writeTickerWorkspace(const QString& path) {
        const QJsonObject ticker{
            {"name", "ticker"},
            {"program", "/bin/sh"},
            {"arguments", QJsonArray{"-c", "while :; do echo tick; sleep 1; done"}},
            {"restart", "on-failure"},
            {"autostart", true}};
        QFile file(path);
        return file.open(QIODevice::WriteOnly) &&
               file.write(
                   QJsonDocument(QJsonObject{{"version", 1}, {"daemons", QJsonArray{ticker}}})
                       .toJson()) > 0;
    }

    // The pid of host `k`'s Vigil supervisor (startVigilSupervisor()), 0 when none runs.
    qint64 vigilSupervisorPid(int k) const {
        const Result r = ssh(k, QStringLiteral("cat /run/vigil/vigil.pid"));
        return r.exitCode == 0 ? r.out.trimmed().toLongLong() : 0;
    }

    // Runs `program args` to completion (up to `timeoutMs`) and returns its exit code and
    // output.
    static Result run(const QString& program, const QStringList& args, int timeoutMs = 30000) {
        QProcess p;
        p.start(program, args);
        Result r;
        if (!p.waitForStarted(10000)) {
            r.err = p.errorString().toUtf8();
            return r;
        }
        p.closeWriteChannel();
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            r.exitCode = -2;
        } else {
            r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -3;
        }
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        if (r.exitCode == -2) {
            // Say so, or a hung command fails a test with an empty message.
            r.err += QStringLiteral("[%1 did not finish within %2 ms]")
                         .arg(QFileInfo(program).fileName())
                         .arg(timeoutMs)
                         .toUtf8();
        }
        return r;
    }

private:
    static Result script(const QStringList& args, int timeoutMs = 60000) {
        return run(scriptPath(), args, timeoutMs);
    }

    static bool check(const Result& r, QString& error) {
        if (r.exitCode != 0) {
            error = QStringLiteral("sim-fleet failed (%1): %2")
                        .arg(r.exitCode)
                        .arg(QString::fromUtf8(r.err.trimmed()));
            return false;
        }
        return true;
    }

    bool hostCommand(const char* command, int k, const QStringList& extra, QString& error) {
        QStringList args{QString::fromLatin1(command), dir(), QString::number(k)};
        args += extra;
        return check(script(args), error);
    }

    std::unique_ptr<QTemporaryDir> dir_;
    bool started_ = false;
};

} // namespace vigil::test
