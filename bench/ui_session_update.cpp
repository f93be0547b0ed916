// bench-ui_session_update: what one session-state change of a watched daemon costs the console
// until it reaches the SessionModel. It starts a vigil-testd that listens for JSON-RPC peers,
// points a SessionMonitor at its control socket through a counting relay (a plain-socket proxy
// in a thread of its own, so connections are counted on the daemon's side of the wire), then
// connects and closes a TCP peer N times: every connect and every close is one change that the
// daemon pushes. For each it measures the time until the model shows the row appear or vanish,
// and at the end the control connections the console opened per change and the console's CPU
// time per change.
//
//   bench-ui_session_update [--updates N]
#include "bridge/runtime_bridge.h"
#include "models/session_model.h"
#include "services/session_monitor.h"
#include "services/target_registry.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSysInfo>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace vigil::ui;

namespace {

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "bench-ui_session_update: %s: %s\n", what, std::strerror(errno));
    std::exit(1);
}

sockaddr_un unixAddress(const QString& path) {
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    const QByteArray p = QFile::encodeName(path);
    if (std::size_t(p.size()) >= sizeof sun.sun_path) {
        errno = ENAMETOOLONG;
        die("socket path");
    }
    std::memcpy(sun.sun_path, p.constData(), p.size() + 1);
    return sun;
}

// A unix-socket proxy from `listenPath` to `targetPath` that counts the connections it
// accepted. The console cannot tell it from the daemon, so the count is what the daemon sees.
class CountingRelay {
public:
    CountingRelay(const QString& listenPath, const QString& targetPath) : target_(targetPath) {
        listener_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un sun = unixAddress(listenPath);
        if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&sun), sizeof sun) < 0 ||
            listen(listener_, 64) < 0) {
            die("relay listen");
        }
        if (pipe2(stop_, O_CLOEXEC) < 0) {
            die("pipe");
        }
        thread_ = std::thread([this] { loop(); });
    }
    ~CountingRelay() {
        const char c = 0;
        (void)!write(stop_[1], &c, 1);
        thread_.join();
        for (const auto& p : pairs_) {
            close(p.first);
            close(p.second);
        }
        close(listener_);
        close(stop_[0]);
        close(stop_[1]);
    }
    unsigned accepted() const { return accepted_.load(); }

private:
    void loop() {
        for (;;) {
            std::vector<pollfd> fds{{stop_[0], POLLIN, 0}, {listener_, POLLIN, 0}};
            for (const auto& p : pairs_) {
                fds.push_back({p.first, POLLIN, 0});
                fds.push_back({p.second, POLLIN, 0});
            }
            if (poll(fds.data(), fds.size(), -1) < 0) {
                if (errno == EINTR) {
                    continue;
                }
                die("poll");
            }
            if (fds[0].revents) {
                return;
            }
            std::vector<std::size_t> dead;
            for (std::size_t i = 0; i < pairs_.size(); i++) {
                const pollfd& a = fds[2 + 2 * i];
                const pollfd& b = fds[3 + 2 * i];
                if ((a.revents && !forward(a.fd, b.fd)) || (b.revents && !forward(b.fd, a.fd))) {
                    dead.push_back(i);
                }
            }
            for (auto it = dead.rbegin(); it != dead.rend(); ++it) {
                close(pairs_[*it].first);
                close(pairs_[*it].second);
                pairs_.erase(pairs_.begin() + std::ptrdiff_t(*it));
            }
            if (fds[1].revents) {
                const int in = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
                if (in < 0) {
                    continue;
                }
                accepted_++;
                const int out = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
                sockaddr_un sun = unixAddress(target_);
                if (out < 0 || connect(out, reinterpret_cast<sockaddr*>(&sun), sizeof sun) < 0) {
                    close(in);
                    if (out >= 0) {
                        close(out);
                    }
                    continue;
                }
                pairs_.emplace_back(in, out);
            }
        }
    }
    // Copies what `from` has to `to`; false once either side is closed.
    static bool forward(int from, int to) {
        char buf[65536];
        const ssize_t n = read(from, buf, sizeof buf);
        if (n <= 0) {
            return false;
        }
        for (ssize_t done = 0; done < n;) {
            // MSG_NOSIGNAL: a peer that closed first must not kill the benchmark with SIGPIPE.
            const ssize_t w = send(to, buf + done, std::size_t(n - done), MSG_NOSIGNAL);
            if (w <= 0) {
                return false;
            }
            done += w;
        }
        return true;
    }

    QString target_;
    int listener_ = -1;
    int stop_[2] = {-1, -1};
    std::vector<std::pair<int, int>> pairs_;
    std::atomic<unsigned> accepted_{0};
    std::thread thread_;
};

quint16 freePort() {
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

// The CPU time of the calling thread: the console's work (its services, the runtime bridge and
// the model) runs on the GUI thread, while the relay's runs on its own.
double cpuSeconds() {
    rusage ru{};
    getrusage(RUSAGE_THREAD, &ru);
    return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

QString loadAverage() {
    QFile f(QStringLiteral("/proc/loadavg"));
    if (f.open(QIODevice::ReadOnly)) {
        return QString::fromUtf8(f.readAll().split(' ').mid(0, 3).join(' '));
    }
    return QStringLiteral("unknown");
}

// Waits in the event loop until `done` holds or `timeoutMs` passes; false on timeout. It
// sleeps until an event arrives (the deadline timer is one), so the GUI thread's CPU time is
// the console's work, not polling.
template <typename F> bool waitFor(F done, int timeoutMs) {
    QTimer deadline;
    deadline.setSingleShot(true);
    deadline.start(timeoutMs);
    while (!done()) {
        if (!deadline.isActive()) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

int serverRows(const SessionModel& model) {
    int n = 0;
    for (int row = 0; row < model.rowCount(); row++) {
        n += model.session(row).source == QLatin1String("watched") ? 1 : 0;
    }
    return n;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Time and connections per session change reaching the SessionModel."));
    parser.addHelpOption();
    QCommandLineOption updatesOption(QStringLiteral("updates"),
                                     QStringLiteral("changes to measure (default 200)"),
                                     QStringLiteral("N"), QStringLiteral("200"));
    parser.addOption(updatesOption);
    parser.process(app);
    const int updates = std::max(2, parser.value(updatesOption).toInt());

    QTemporaryDir run;
    const quint16 port = freePort();
    const QString real = run.path() + QStringLiteral("/real/testd.ctl");
    QDir(run.path()).mkdir(QStringLiteral("real"));
    QProcess testd;
    testd.start(QCoreApplication::applicationDirPath() + QStringLiteral("/vigil-testd"),
                {QStringLiteral("--unixctl=") + real,
                 QStringLiteral("--remote=ptcp:%1:127.0.0.1").arg(port),
                 QStringLiteral("--probe-interval=0")});
    // The socket file appears without an event, so this one polls.
    const auto socketReady = [&] {
        for (int i = 0; i < 1000 && !QFile::exists(real); i++) {
            QThread::msleep(10);
        }
        return QFile::exists(real);
    };
    if (!testd.waitForStarted() || !socketReady()) {
        std::fprintf(stderr, "bench-ui_session_update: vigil-testd did not start\n");
        return 1;
    }
    CountingRelay relay(run.path() + QStringLiteral("/watched.ctl"), real);

    RuntimeBridge bridge;
    TargetRegistry registry(nullptr);
    SessionMonitor monitor(&registry); // before the scan, so it sees the target appear
    registry.setRunDirectories({run.path()});
    // Fed as the console feeds its table.
    SessionModel model;
    QObject::connect(&monitor, &SessionMonitor::sessionsChanged, &model,
                     [&] { model.setSessions(monitor.sessions()); });

    const auto tryConnect = [&] {
        const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_port = htons(port);
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin) < 0) {
            close(fd);
            return -1;
        }
        return fd;
    };
    const auto peerConnect = [&] {
        const int fd = tryConnect();
        if (fd < 0) {
            die("connect to vigil-testd");
        }
        return fd;
    };
    // Warm up: the first peer's session must show before counting starts (target discovery and
    // list-commands happen once, not per change).
    // vigil-testd may create its control socket before it listens for peers.
    int peer = tryConnect();
    for (int i = 0; i < 500 && peer < 0; i++) {
        QThread::msleep(10);
        peer = tryConnect();
    }
    if (peer < 0) {
        die("connect to vigil-testd");
    }
    if (!waitFor([&] { return serverRows(model) == 1; }, 20000)) {
        std::fprintf(stderr, "bench-ui_session_update: the session never reached the model\n");
        return 1;
    }
    close(peer);
    if (!waitFor([&] { return serverRows(model) == 0; }, 20000)) {
        std::fprintf(stderr, "bench-ui_session_update: the closed session stayed in the model\n");
        return 1;
    }
    // Let a reconnecting watch settle before the counters start.
    waitFor([] { return false; }, 300);

    std::vector<double> us;
    const unsigned accepted0 = relay.accepted();
    const double cpu0 = cpuSeconds();
    QElapsedTimer total;
    total.start();
    for (int i = 0; i < updates; i++) {
        const bool opening = i % 2 == 0;
        QElapsedTimer t;
        t.start();
        if (opening) {
            peer = peerConnect();
        } else {
            close(peer);
        }
        const int want = opening ? 1 : 0;
        if (!waitFor([&] { return serverRows(model) == want; }, 10000)) {
            std::fprintf(stderr, "bench-ui_session_update: change %d never reached the model\n", i);
            return 1;
        }
        us.push_back(double(t.nsecsElapsed()) / 1000.0);
    }
    const double cpu = cpuSeconds() - cpu0;
    const unsigned accepted = relay.accepted() - accepted0;
    if (updates % 2) {
        close(peer);
    }
    testd.kill();
    testd.waitForFinished();

    std::sort(us.begin(), us.end());
    double sum = 0;
    for (double v : us) {
        sum += v;
    }
    std::printf("command: %s\n", qPrintable(QCoreApplication::arguments().join(QLatin1Char(' '))));
    std::printf("machine: %s, %d CPUs, load average %s\n",
                qPrintable(QSysInfo::currentCpuArchitecture()), QThread::idealThreadCount(),
                qPrintable(loadAverage()));
    std::printf("%d session changes in %.2f s: per change mean %.0f us, p50 %.0f us, p99 %.0f us; "
                "console (GUI thread) CPU %.0f us; control connections opened %.2f\n",
                updates, double(total.elapsed()) / 1000.0, sum / double(us.size()),
                us[us.size() / 2], us[std::min(us.size() - 1, us.size() * 99 / 100)],
                cpu * 1e6 / updates, double(accepted) / updates);
    return 0;
}
