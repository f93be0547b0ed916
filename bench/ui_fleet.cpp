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
//   bench-ui_fleet [--hosts N]     (default 30; must run as root, like the simulated fleet)
#include "bridge/runtime_bridge.h"
#include "services/command_invoker.h"
#include "services/console.h"
#include "services/fleet.h"
#include "services/target_registry.h"

#include "../tests/common/fleet_fixture.h"

#include <QCommandLineParser>
#include <QCoreApplication>
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

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption hostsOption(QStringLiteral("hosts"), QStringLiteral("Hosts to simulate."),
                                   QStringLiteral("N"), QStringLiteral("30"));
    parser.addOption(hostsOption);
    parser.process(app);
    const int hosts = parser.value(hostsOption).toInt();

    vigil::test::SimFleet fleet;
    QString error;
    QElapsedTimer upTime;
    upTime.start();
    if (!fleet.up(hosts, error)) {
        std::fprintf(stderr, "bench-ui_fleet: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("bench-ui_fleet: %d simulated hosts x 2 daemons (started in %.1f s)\n", hosts,
                upTime.elapsed() / 1000.0);
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
