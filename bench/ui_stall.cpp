// bench-ui_stall: how long the console's GUI thread stalls while its big tables change. It shows
// the Daemons view (100 daemons) and the Sessions view (1000 sessions, with timeline strips) side
// by side, changes every row of both every 100 ms through their models, and measures the gaps
// between consecutive ticks of a 1 ms timer: the longest gap minus 1 ms is the longest stall of
// the event loop (target: <= 16 ms, one frame at 60 Hz).
//
//   bench-ui_stall [--seconds N] [--daemons N] [--sessions N] [--interval MS]
//
// Runs on the offscreen platform unless a display is set (widgets are painted either way).
#include "bridge/runtime_bridge.h"
#include "models/daemon_model.h"
#include "models/session_model.h"
#include "services/local_supervisor.h"
#include "views/daemons_view.h"
#include "views/sessions_view.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QSplitter>
#include <QSysInfo>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace vigil::ui;

namespace {

QString cpuModel() {
    QFile f(QStringLiteral("/proc/cpuinfo"));
    if (f.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : f.readAll().split('\n')) {
            if (line.startsWith("model name")) {
                return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
            }
        }
    }
    return QStringLiteral("unknown CPU");
}

// The load average when the run ends: on a shared machine the scheduler, not the console, may
// cause the longest gaps, and this says how busy the machine was.
QString loadAverage() {
    QFile f(QStringLiteral("/proc/loadavg"));
    if (f.open(QIODevice::ReadOnly)) {
        return QString::fromUtf8(f.readAll().split(' ').mid(0, 3).join(' '));
    }
    return QStringLiteral("unknown");
}

using vigil::reconnect_state;
const reconnect_state fsmStates[] = {reconnect_state::void_,      reconnect_state::backoff,
                                     reconnect_state::connecting, reconnect_state::active,
                                     reconnect_state::idle,       reconnect_state::reconnect,
                                     reconnect_state::listening};
const DaemonState daemonStates[] = {DaemonState::Running, DaemonState::Starting,
                                    DaemonState::Backoff, DaemonState::Stopping,
                                    DaemonState::Stopped, DaemonState::Failed};

} // namespace

int main(int argc, char* argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption secondsOpt(QStringLiteral("seconds"), QStringLiteral("Run time."),
                                  QStringLiteral("N"), QStringLiteral("10"));
    QCommandLineOption daemonsOpt(QStringLiteral("daemons"), QStringLiteral("Daemon rows."),
                                  QStringLiteral("N"), QStringLiteral("100"));
    QCommandLineOption sessionsOpt(QStringLiteral("sessions"), QStringLiteral("Session rows."),
                                   QStringLiteral("N"), QStringLiteral("1000"));
    QCommandLineOption intervalOpt(QStringLiteral("interval"),
                                   QStringLiteral("Milliseconds between changes."),
                                   QStringLiteral("MS"), QStringLiteral("100"));
    parser.addOptions({secondsOpt, daemonsOpt, sessionsOpt, intervalOpt});
    parser.process(app);
    const int seconds = parser.value(secondsOpt).toInt();
    const int nDaemons = parser.value(daemonsOpt).toInt();
    const int nSessions = parser.value(sessionsOpt).toInt();
    const int interval = parser.value(intervalOpt).toInt();

    RuntimeBridge bridge;
    LocalSupervisor supervisor; // empty: the table is fed synthetic snapshots below
    SessionModel sessionModel;

    QSplitter window(Qt::Vertical);
    auto* daemonsView = new DaemonsView(&supervisor);
    auto* sessionsView = new SessionsView(&sessionModel, nullptr);
    window.addWidget(daemonsView);
    window.addWidget(sessionsView);
    window.resize(1400, 1000);
    window.show();

    const QDateTime start = QDateTime::currentDateTimeUtc();
    QList<DaemonStatus> daemons;
    for (int i = 0; i < nDaemons; ++i) {
        DaemonStatus d;
        d.name = QStringLiteral("daemon-%1").arg(i, 3, 10, QLatin1Char('0'));
        d.state = DaemonState::Running;
        d.desired = DesiredState::Up;
        d.pid = 10000 + i;
        d.startedAt = start.addSecs(-i * 7);
        d.controlSocket = QStringLiteral("/run/vigil/%1.ctl").arg(d.name);
        daemons.append(d);
    }
    QList<SessionInfo> sessions;
    for (int i = 0; i < nSessions; ++i) {
        SessionInfo s;
        s.source = QStringLiteral("daemon-%1").arg(i % qMax(1, nDaemons), 3, 10, QLatin1Char('0'));
        s.name = QStringLiteral("tcp:10.0.%1.%2:6640").arg(i / 250).arg(i % 250);
        s.stats.role = "client";
        s.stats.state = fsmStates[i % 7];
        s.snapshotTime = start;
        sessions.append(s);
    }
    daemonsView->model()->setDaemons(daemons);
    sessionModel.setSessions(sessions);

    // The load: every row of both tables changes every `interval` ms.
    quint64 round = 0;
    std::vector<qint64> updateCosts;
    QTimer changer;
    changer.setTimerType(Qt::PreciseTimer);
    changer.setInterval(interval);
    QObject::connect(&changer, &QTimer::timeout, [&] {
        QElapsedTimer cost;
        cost.start();
        ++round;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < daemons.size(); ++i) {
            DaemonStatus& d = daemons[i];
            d.cpuPercent = double((round * 7 + i) % 1000) / 10.0;
            d.rssBytes = (8 + qint64((round + i) % 64)) * 1024 * 1024;
            if ((round + i) % 50 == 0) {
                d.state = daemonStates[(round / 50 + i) % 6];
                d.restarts++;
                d.lastExit = QStringLiteral("killed (Segmentation fault)");
            }
        }
        for (int i = 0; i < sessions.size(); ++i) {
            SessionInfo& s = sessions[i];
            s.stats.attempts++;
            s.stats.seqno++;
            s.snapshotTime = now;
            if ((round + i) % 20 == 0) {
                s.stats.state = fsmStates[(round / 20 + i) % 7];
                s.stats.state_elapsed = 0;
                s.stats.last_error = (i % 3) ? std::string() : std::string("Connection refused");
            }
        }
        daemonsView->model()->setDaemons(daemons);
        sessionModel.setSessions(sessions);
        updateCosts.push_back(cost.nsecsElapsed() / 1000);
    });

    // The probe: a 1 ms timer; any gap beyond 1 ms is time the loop could not run it.
    std::vector<qint64> gaps;
    gaps.reserve(size_t(seconds) * 1100);
    QElapsedTimer clock;
    qint64 last = -1;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 t = clock.nsecsElapsed() / 1000;
        if (last >= 0) {
            gaps.push_back(t - last);
        }
        last = t;
    });

    // Let the window settle (first layout and paint), then measure.
    QTimer::singleShot(500, [&] {
        clock.start();
        changer.start();
        probe.start();
        QTimer::singleShot(seconds * 1000, &app, &QApplication::quit);
    });
    app.exec();

    std::sort(gaps.begin(), gaps.end());
    std::sort(updateCosts.begin(), updateCosts.end());
    auto pct = [](const std::vector<qint64>& v, double p) -> double {
        return v.empty() ? 0.0 : double(v[size_t(p * double(v.size() - 1))]) / 1000.0;
    };
    QStringList args = QCoreApplication::arguments();
    std::printf("command: %s\n", qPrintable(args.join(QLatin1Char(' '))));
    std::printf("machine: %s, %d CPUs, %s, load average %s; Qt %s, platform %s\n",
                qPrintable(cpuModel()), QThread::idealThreadCount(),
                qPrintable(QSysInfo::prettyProductName()), qPrintable(loadAverage()), qVersion(),
                qPrintable(QGuiApplication::platformName()));
    std::printf("load: %d daemons + %d sessions, every row changed every %d ms, %d s, %llu "
                "rounds\n",
                nDaemons, nSessions, interval, seconds, static_cast<unsigned long long>(round));
    std::printf("event-loop gaps (1 ms probe, %zu ticks): median %.2f ms, p99 %.2f ms, "
                "p99.9 %.2f ms, max %.2f ms\n",
                gaps.size(), pct(gaps, 0.5), pct(gaps, 0.99), pct(gaps, 0.999), pct(gaps, 1.0));
    std::printf("model update per round: median %.2f ms, max %.2f ms\n", pct(updateCosts, 0.5),
                pct(updateCosts, 1.0));
    const double stall = pct(gaps, 1.0) - 1.0;
    std::printf("longest stall: %.2f ms (target <= 16 ms): %s\n", stall,
                stall <= 16.0 ? "OK" : "OVER");
    return 0;
}
