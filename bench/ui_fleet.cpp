// bench-ui_fleet: the console against a simulated fleet (tests/fleet/sim-fleet: N hosts, each a
// real sshd in its own mount namespace with a real ovsdb-server and ovs-vswitchd), next to the
// tools operators use today on the same fleet. It measures
//   - the time from loading a workspace of N hosts until every target (2 per host) is listed
//     with a usable socket,
//   - fan-out latency of `version` and `memory/show` to every ovs-vswitchd (median of 3),
//   - the same commands as a sequential `ssh HOST ovs-appctl` loop and through Debian's pssh
//     (parallel-ssh, one ssh per host), median of 3,
//   - the longest stall of the console's event loop meanwhile (gaps of a 1 ms timer, minus 1 ms;
//     target <= 16 ms), for each phase: creating the console and loading the workspace,
//     connecting and listing, fanning out.
//
// The simulated hosts share this machine's cores with the console, which a real fleet's hosts do
// not, and each of their ssh sessions is a session of its own, which the kernel's autogroups
// schedule as fairly as the whole console. --remote-cpu-weight W runs everything on them (sshd,
// sessions, OVS daemons) in a cgroup of CPU weight W (cgroup v2's scale: 100 is the default,
// 1 the least), so that they take the CPU only when the console does not need it.
//
//   bench-ui_fleet [--hosts N] [--remote-cpu-weight W]   (default 30 hosts, no cgroup; must
//                                                         run as root, like the fleet)
#include "bridge/runtime_bridge.h"
#include "services/command_invoker.h"
#include "services/console.h"
#include "services/fleet.h"
#include "services/target_registry.h"

#include "../tests/common/fleet_fixture.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <vector>

using namespace vigil::ui;

namespace {

// The longest gap between ticks of a 1 ms timer while it runs, per phase of the run (a gap
// counts for the phase in which it ended).
class StallMeter : public QObject {
public:
    StallMeter() {
        timer_.setTimerType(Qt::PreciseTimer);
        timer_.setInterval(1);
        connect(&timer_, &QTimer::timeout, this, [this] {
            const qint64 now = clock_.nsecsElapsed();
            if (last_ > 0) {
                worst_.back() = std::max(worst_.back(), now - last_);
            }
            last_ = now;
        });
        clock_.start();
        timer_.start();
    }
    // Ends the phase under way (the time since the last tick counts for it, since a phase
    // may be one long synchronous call) and starts phase `name`.
    void phase(const char* name) {
        const qint64 now = clock_.nsecsElapsed();
        if (last_ > 0) {
            worst_.back() = std::max(worst_.back(), now - last_);
        }
        last_ = now;
        names_.push_back(name);
        worst_.push_back(0);
    }
    // The longest stall of every phase so far, in ms (the 1 ms of the timer taken off).
    std::vector<std::pair<const char*, double>> worstStalls() const {
        std::vector<std::pair<const char*, double>> out;
        for (std::size_t i = 0; i < names_.size(); i++) {
            out.emplace_back(names_[i], std::max<qint64>(0, worst_[i] - 1000000) / 1e6);
        }
        return out;
    }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 last_ = 0;
    std::vector<const char*> names_{"start"};
    std::vector<qint64> worst_{0};
};

bool runUntil(const std::function<bool()>& done, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs) {
            return false;
        }
        QEventLoop loop;
        QTimer::singleShot(5, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Runs `program args` to completion while the event loop keeps running; returns its wall time
// in ms, or -1 when it failed.
double timeProcess(const QString& program, const QStringList& args) {
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    if (!runUntil([&] { return p.state() == QProcess::NotRunning; }, 300000) ||
        p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        std::fprintf(stderr, "%s failed: %s\n", qPrintable(program),
                     p.readAllStandardError().constData());
        return -1;
    }
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

// Fans `command` out to every target named */ovs-vswitchd through the console's invoker.
double fanOut(Console& console, const QString& command, int expected) {
    QStringList targets;
    for (const TargetInfo& t : console.targets()->targets()) {
        if (t.kind == TargetKind::Remote && t.name.endsWith(QLatin1String("/ovs-vswitchd"))) {
            targets << t.name;
        }
    }
    if (targets.size() != expected) {
        return -1;
    }
    int left = static_cast<int>(targets.size());
    bool allOk = true;
    QElapsedTimer t;
    t.start();
    InvokeOptions options;
    options.record = false;
    for (const QString& name : targets) {
        console.invoker()->invoke(name, command, {}, options, [&](const Invocation& inv) {
            allOk = allOk && inv.ok;
            left--;
        });
    }
    runUntil([&] { return left == 0; }, 60000);
    return allOk && left == 0 ? static_cast<double>(t.nsecsElapsed()) / 1e6 : -1;
}

// Makes a cpu cgroup of weight `weight` (cgroup v2's cpu.weight, or v1's cpu.shares scaled
// to it) for the simulated hosts and returns its directory; empty with the reason in `error`.
QString makeCpuCgroup(int weight, QString& error) {
    struct Layout {
        const char* root;
        const char* file;
        int value;
    };
    const Layout layouts[] = {
        {"/sys/fs/cgroup/cpu", "cpu.shares", std::max(2, weight * 1024 / 100)}, // v1
        {"/sys/fs/cgroup", "cpu.weight", std::clamp(weight, 1, 10000)},         // v2
    };
    for (const Layout& l : layouts) {
        const QString root = QString::fromLatin1(l.root);
        if (!QFile::exists(root + QStringLiteral("/cgroup.procs")) ||
            (QString::fromLatin1(l.file) == QLatin1String("cpu.weight") &&
             !QFile::exists(root + QStringLiteral("/cgroup.subtree_control")))) {
            continue;
        }
        const QString dir = root + QStringLiteral("/vigil-bench-hosts");
        QDir().mkpath(dir);
        if (QString::fromLatin1(l.file) == QLatin1String("cpu.weight")) {
            QFile control(root + QStringLiteral("/cgroup.subtree_control"));
            if (control.open(QIODevice::WriteOnly)) {
                control.write("+cpu");
            }
        }
        QFile knob(dir + QLatin1Char('/') + QString::fromLatin1(l.file));
        if (knob.open(QIODevice::WriteOnly) && knob.write(QByteArray::number(l.value)) > 0 &&
            knob.flush()) {
            return dir;
        }
    }
    error = QStringLiteral("no cpu cgroup controller to put the simulated hosts in");
    return {};
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QString error;
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption hostsOption(QStringLiteral("hosts"), QStringLiteral("Hosts to simulate."),
                                   QStringLiteral("N"), QStringLiteral("30"));
    parser.addOption(hostsOption);
    QCommandLineOption weightOption(QStringLiteral("remote-cpu-weight"),
                                    QStringLiteral("CPU weight of the simulated hosts' cgroup."),
                                    QStringLiteral("W"));
    parser.addOption(weightOption);
    parser.process(app);
    const int hosts = parser.value(hostsOption).toInt();
    vigil::test::SimFleet::Options fleetOptions;
    const int weight = parser.isSet(weightOption) ? parser.value(weightOption).toInt() : 0;
    QString cgroup;
    if (weight > 0) {
        cgroup = makeCpuCgroup(weight, error);
        if (cgroup.isEmpty()) {
            std::fprintf(stderr, "bench-ui_fleet: %s\n", qPrintable(error));
            return 1;
        }
        fleetOptions.wrapper =
            QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                        QStringLiteral("echo $$ > '%1/cgroup.procs' && exec \"$@\"").arg(cgroup),
                        QStringLiteral("sh")};
    }

    vigil::test::SimFleet fleet;
    QElapsedTimer upTime;
    upTime.start();
    if (!fleet.up(hosts, error, fleetOptions)) {
        std::fprintf(stderr, "bench-ui_fleet: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("bench-ui_fleet: %d simulated hosts x 2 daemons (started in %.1f s), %s\n", hosts,
                upTime.elapsed() / 1000.0,
                weight > 0
                    ? qPrintable(QStringLiteral("hosts in a cgroup of CPU weight %1").arg(weight))
                    : "hosts scheduled like any other process");
    std::printf("machine: %s, %d cores, Qt %s\n", qPrintable(QSysInfo::prettyProductName()),
                QThread::idealThreadCount(), qVersion());

    QTemporaryDir home(QStringLiteral("/tmp/vb-XXXXXX"));
    qputenv("XDG_DATA_HOME", QFile::encodeName(home.path() + QStringLiteral("/data")));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.path() + QStringLiteral("/config")));
    QJsonArray hostList;
    QFile hostsFile(home.path() + QStringLiteral("/pssh-hosts"));
    hostsFile.open(QIODevice::WriteOnly);
    for (int k = 1; k <= hosts; k++) {
        hostList.append(QJsonObject{{"name", vigil::test::SimFleet::host(k)},
                                    {"destination", vigil::test::SimFleet::host(k)}});
        hostsFile.write(vigil::test::SimFleet::host(k).toUtf8() + '\n');
    }
    hostsFile.close();
    const QString workspacePath = home.path() + QStringLiteral("/workspace.json");
    QFile ws(workspacePath);
    ws.open(QIODevice::WriteOnly);
    ws.write(QJsonDocument(QJsonObject{{"version", 1},
                                       {"daemons", QJsonArray()},
                                       {"hosts", hostList},
                                       {"ssh", QJsonObject{{"arguments",
                                                            QJsonArray{"-F", fleet.sshConfig()}}}}})
                 .toJson());
    ws.close();

    StallMeter stalls;
    QElapsedTimer listed;
    listed.start();
    // Construction and load run before the loop turns again: their time is one stall.
    stalls.phase("creating the console and loading the workspace");
    Console console;
    if (!console.load(workspacePath, &error)) {
        std::fprintf(stderr, "bench-ui_fleet: %s\n", qPrintable(error));
        return 1;
    }
    stalls.phase("connecting and listing every target");
    auto ready = [&] {
        int usable = 0;
        for (const TargetInfo& t : console.targets()->targets()) {
            usable += t.kind == TargetKind::Remote && !t.socketPath.isEmpty();
        }
        return usable == 2 * hosts;
    };
    if (!runUntil(ready, 300000)) {
        std::fprintf(stderr, "bench-ui_fleet: not every target was listed\n");
        return 1;
    }
    const double listMs = static_cast<double>(listed.nsecsElapsed()) / 1e6;

    std::vector<double> vVersion, vMemory, sVersion, sMemory, pVersion, pMemory;
    auto sshLoop = [&](const QString& command) {
        QStringList script;
        for (int k = 1; k <= hosts; k++) {
            script << QStringLiteral("ssh -F %1 %2 ovs-appctl -t ovs-vswitchd %3 >/dev/null")
                          .arg(fleet.sshConfig(), vigil::test::SimFleet::host(k), command);
        }
        return timeProcess(QStringLiteral("sh"),
                           {QStringLiteral("-ec"), script.join(QStringLiteral(" && "))});
    };
    auto pssh = [&](const QString& command) {
        return timeProcess(QStringLiteral("parallel-ssh"),
                           {QStringLiteral("-h"), hostsFile.fileName(), QStringLiteral("-p"),
                            QString::number(hosts), QStringLiteral("-x"),
                            QStringLiteral("-F ") + fleet.sshConfig(), QStringLiteral("-o"),
                            home.path() + QStringLiteral("/pssh-out"),
                            QStringLiteral("ovs-appctl -t ovs-vswitchd ") + command});
    };
    stalls.phase("fanning out");
    for (int round = 0; round < 3; round++) {
        vVersion.push_back(fanOut(console, QStringLiteral("version"), hosts));
        vMemory.push_back(fanOut(console, QStringLiteral("memory/show"), hosts));
    }
    const auto consoleStalls = stalls.worstStalls();
    for (int round = 0; round < 3; round++) {
        sVersion.push_back(sshLoop(QStringLiteral("version")));
        sMemory.push_back(sshLoop(QStringLiteral("memory/show")));
        pVersion.push_back(pssh(QStringLiteral("version")));
        pMemory.push_back(pssh(QStringLiteral("memory/show")));
    }
    for (const auto* v : {&vVersion, &vMemory, &sVersion, &sMemory, &pVersion, &pMemory}) {
        if (std::any_of(v->begin(), v->end(), [](double x) { return x < 0; })) {
            std::fprintf(stderr, "bench-ui_fleet: a run failed\n");
            return 1;
        }
    }
    std::printf("every target listed (%d) after loading the workspace: %.0f ms\n", 2 * hosts,
                listMs);
    std::printf("%-28s %12s %12s\n", "fan-out to every host", "version", "memory/show");
    std::printf("%-28s %9.1f ms %9.1f ms\n", "vigil (forwarded sockets)", median(vVersion),
                median(vMemory));
    std::printf("%-28s %9.1f ms %9.1f ms\n", "sequential ssh loop", median(sVersion),
                median(sMemory));
    std::printf("%-28s %9.1f ms %9.1f ms\n", "parallel-ssh (pssh)", median(pVersion),
                median(pMemory));
    std::printf("longest event-loop stall (target <= 16 ms):\n");
    for (const auto& [phase, ms] : consoleStalls) {
        if (std::strcmp(phase, "start") != 0) {
            std::printf("  %-48s %7.1f ms\n", phase, ms);
        }
    }
    return 0;
}
