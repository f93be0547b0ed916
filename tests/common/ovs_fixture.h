// A real Open vSwitch in a directory of the test's own: ovsdb-server serving a fresh
// Open_vSwitch database (with the Manager table's targets as its remotes, as Debian's
// ovs-ctl sets it up) and ovs-vswitchd on it, both detached, both with their control sockets,
// pidfiles and logs in that directory. Bridges use the userspace datapath, so no kernel module
// is needed. The destructor stops both.
#pragma once

#include "console_test_util.h"

#include <QDir>
#include <QFile>
#include <QStringList>
#include <csignal>

namespace vigil::test {

class real_ovs {
public:
    // The schema Debian's openvswitch-switch installs.
    static QString schemaPath() {
        return QStringLiteral("/usr/share/openvswitch/vswitch.ovsschema");
    }

    // Starts ovsdb-server and, when `withVswitchd`, ovs-vswitchd in `dir`. Returns false with
    // the reason in `error` (a missing program or package is a failure, not a skip).
    bool start(const QString& dir, QString& error, bool withVswitchd = true) {
        dir_ = dir;
        env_ = env_with_rundir(dir);
        if (!QFile::exists(schemaPath())) {
            error = schemaPath() + QStringLiteral(" is missing (openvswitch-switch)");
            return false;
        }
        const QString db = dbPath();
        run_result r = run_program(QStringLiteral("ovsdb-tool"),
                                   {QStringLiteral("create"), db, schemaPath()}, env_);
        if (r.exit_code != 0) {
            error = QStringLiteral("ovsdb-tool create: ") + QString::fromUtf8(r.out + r.err);
            return false;
        }
        r = run_program(QStringLiteral("ovsdb-server"),
                        {db, QStringLiteral("--remote=punix:") + dbSocket(),
                         QStringLiteral("--remote=db:Open_vSwitch,Open_vSwitch,manager_options"),
                         QStringLiteral("--unixctl=") + ovsdbControl(),
                         QStringLiteral("--pidfile=") + dir + QStringLiteral("/ovsdb-server.pid"),
                         QStringLiteral("--log-file=") + dir + QStringLiteral("/ovsdb-server.log"),
                         QStringLiteral("--no-chdir"), QStringLiteral("--detach")},
                        env_);
        if (r.exit_code != 0) {
            error = QStringLiteral("ovsdb-server: ") + QString::fromUtf8(r.out + r.err);
            return false;
        }
        ovsdbPid_ = read_pid(dir + QStringLiteral("/ovsdb-server.pid"));
        if (!vsctl({QStringLiteral("--no-wait"), QStringLiteral("init")}, &error)) {
            return false;
        }
        if (withVswitchd && !startVswitchd(error)) {
            return false;
        }
        return ovsdbPid_ > 0;
    }

    // How ovs-vswitchd's datapaths are made (see setDatapath()).
    enum class Datapath {
        Dummy,           // OVS's test datapath: no kernel devices (the default)
        IsolatedRegular, // the regular datapaths, in a network namespace of ovs-vswitchd's own
    };

    // Chooses the datapath for the next start of ovs-vswitchd. OVN's ovn-controller 23.03
    // crashes on a dummy datapath's bridge, so its tests take the regular ones; the namespace
    // keeps their devices from colliding with another test's, and the sockets (files) still
    // connect ovs-vswitchd with the rest.
    void setDatapath(Datapath datapath) { datapath_ = datapath; }

    // Starts ovs-vswitchd on the database (again, after stopVswitchd()).
    bool startVswitchd(QString& error) {
        QString program = QStringLiteral("ovs-vswitchd");
        QStringList args{QStringLiteral("unix:") + dbSocket()};
        if (datapath_ == Datapath::Dummy) {
            args << QStringLiteral("--enable-dummy=override") << QStringLiteral("--disable-system");
        } else {
            program = QStringLiteral("unshare");
            args.prepend(QStringLiteral("ovs-vswitchd"));
            args.prepend(QStringLiteral("--net"));
        }
        args << QStringLiteral("--unixctl=") + vswitchdControl()
             << QStringLiteral("--pidfile=") + dir_ + QStringLiteral("/ovs-vswitchd.pid")
             << QStringLiteral("--log-file=") + dir_ + QStringLiteral("/ovs-vswitchd.log")
             << QStringLiteral("--no-chdir") << QStringLiteral("--detach");
        const run_result r = run_program(program, args, env_, 30000);
        if (r.exit_code != 0) {
            error = QStringLiteral("ovs-vswitchd: ") + QString::fromUtf8(r.out + r.err);
            return false;
        }
        vswitchdPid_ = read_pid(dir_ + QStringLiteral("/ovs-vswitchd.pid"));
        return vswitchdPid_ > 0;
    }

    // Runs `ovs-vsctl --db=unix:DB ARGS...` (which waits for ovs-vswitchd unless --no-wait is
    // among ARGS). Returns false with its output in `error`.
    bool vsctl(const QStringList& args, QString* error = nullptr, QString* out = nullptr) {
        QStringList all{QStringLiteral("--db=unix:") + dbSocket(), QStringLiteral("--timeout=20")};
        all += args;
        const run_result r = run_program(QStringLiteral("ovs-vsctl"), all, env_, 30000);
        if (out) {
            *out = QString::fromUtf8(r.out);
        }
        if (r.exit_code != 0) {
            if (error) {
                *error = QStringLiteral("ovs-vsctl %1: %2")
                             .arg(args.join(QLatin1Char(' ')), QString::fromUtf8(r.out + r.err));
            }
            return false;
        }
        return true;
    }

    // Stops ovs-vswitchd (TERM) and waits for it to go.
    void stopVswitchd() { stopPid(vswitchdPid_); }
    // Stops ovsdb-server (TERM) and waits for it to go.
    void stopOvsdb() { stopPid(ovsdbPid_); }

    ~real_ovs() {
        stopVswitchd();
        stopOvsdb();
    }

    QString dbPath() const { return dir_ + QStringLiteral("/conf.db"); }
    QString dbSocket() const { return dir_ + QStringLiteral("/db.sock"); }
    QString ovsdbControl() const { return dir_ + QStringLiteral("/ovsdb-server.ctl"); }
    QString vswitchdControl() const { return dir_ + QStringLiteral("/ovs-vswitchd.ctl"); }
    pid_t ovsdbPid() const { return ovsdbPid_; }
    pid_t vswitchdPid() const { return vswitchdPid_; }
    const QProcessEnvironment& env() const { return env_; }

private:
    static void stopPid(pid_t& pid) {
        if (pid > 0) {
            ::kill(pid, SIGTERM);
            if (!wait_until([&] { return process_gone(pid); }, 10000)) {
                ::kill(pid, SIGKILL);
                wait_until([&] { return process_gone(pid); }, 5000);
            }
            pid = 0;
        }
    }

    QString dir_;
    QProcessEnvironment env_;
    pid_t ovsdbPid_ = 0;
    pid_t vswitchdPid_ = 0;
    Datapath datapath_ = Datapath::Dummy;
};

} // namespace vigil::test
