#include "services/remote_host.h"

#include "services/child_process.h"
#include "services/host_key_store.h"
#include "services/ssh_error.h"

#include "vigil/clock.h"

#include <QFile>
#include <QFileInfo>
#include <QLocalSocket>
#include <QRegularExpression>
#include <QSet>
#include <cerrno>

namespace vigil::ui {

namespace {

// A scan's output is bounded too: a host with more sockets than this is not an OVS host.
constexpr qint64 maxScanOutputBytes = 256 * 1024;
constexpr int socketPollMs = 50;
// How long a probe of a forward waits for the connection to be closed on it.
constexpr int forwardProbeMs = 3000;

// The scan, run by the host's `sh` with the run directories as arguments. For each directory
// (resolved, so /var/run/openvswitch and /run/openvswitch count once) it prints a line per
// control socket whose daemon is alive ("S<TAB>PATH<TAB>1" when the login user may open it,
// 0 when not), "E<TAB>DIR<TAB>REASON" for a directory it may not read, and last the login
// user ("U<TAB>NAME").
const char scanScript[] = R"sh(for d in "$@"; do
  [ -d "$d" ] || continue
  if ! [ -r "$d" ] || ! [ -x "$d" ]; then printf 'E\t%s\tpermission denied\n' "$d"; continue; fi
  r=$(cd "$d" 2>/dev/null && pwd -P) || continue
  for f in "$r"/*.ctl; do
    [ -S "$f" ] || continue
    b=${f##*/}; p=${b%.ctl}; p=${p##*.}
    case $p in ''|*[!0-9]*) ;; *) [ -d "/proc/$p" ] || continue ;; esac
    if [ -w "$f" ]; then w=1; else w=0; fi
    printf 'S\t%s\t%s\n' "$f" "$w"
  done
done
printf 'U\t%s\n' "$(id -un)"
)sh";

// The target name of a socket file, as for local sockets: "ovsdb-server.1234.ctl" ->
// "ovsdb-server", "demo.ctl" -> "demo".
QString nameFromSocket(const QString& path) {
    QString name = path.section(QLatin1Char('/'), -1);
    if (name.endsWith(QLatin1String(".ctl"))) {
        name.chop(4);
        static const QRegularExpression pidSuffix(QStringLiteral("\\.\\d+$"));
        const QString stem = name;
        name.remove(pidSuffix);
        if (name.isEmpty()) {
            name = stem;
        }
    }
    return name;
}

} // namespace

RemoteHost::RemoteHost(HostDefinition definition, int index, const FleetEnvironment* environment,
                       QObject* parent)
    : QObject(parent), definition_(std::move(definition)), index_(index), env_(environment),
      fsm_(vigil::time_msec()) {
    fsm_.set_name("ssh:" + definition_.destination.toStdString());
    fsm_.set_quiet(true);
    fsm_.set_backoff(minBackoffMs, maxBackoffMs);
    // ssh's own keep-alives (ServerAliveInterval) find a dead peer; the FSM only paces retries.
    fsm_.set_probe_interval(0);
    fsmTimer_.setSingleShot(true);
    connect(&fsmTimer_, &QTimer::timeout, this, &RemoteHost::step);
    socketPoll_.setInterval(socketPollMs);
    connect(&socketPoll_, &QTimer::timeout, this, &RemoteHost::checkControlSocket);
    scanTimer_.setInterval(scanIntervalMs);
    connect(&scanTimer_, &QTimer::timeout, this, &RemoteHost::scan);
}

RemoteHost::~RemoteHost() {
    // Each stops its ssh (SIGTERM, reaped in the background); the master's end closes every
    // forward and session of the host.
    delete scanProcess_;
    delete master_;
    for (const Forward& f : forwards_) {
        QFile::remove(f.localPath);
    }
    QFile::remove(endpoint().controlPath);
}

SshEndpoint RemoteHost::endpoint() const {
    SshEndpoint e;
    e.settings = env_->ssh;
    e.destination = definition_.destination;
    e.controlPath = env_->runtimeDirectory + QStringLiteral("/m%1.ctl").arg(index_);
    if (!env_->knownHostsProgram.isEmpty() && env_->keys) {
        e.knownHostsCommand =
            QStringList{env_->knownHostsProgram,      env_->keys->offerPath(definition_.name),
                        env_->keys->knownHostsPath(), QStringLiteral("%I"),
                        QStringLiteral("%H"),         QStringLiteral("%t"),
                        QStringLiteral("%K")}
                .join(QLatin1Char(' '));
    }
    return e;
}

HostInfo RemoteHost::info() const {
    HostInfo info;
    info.definition = definition_;
    info.state = state_;
    info.lastError = lastError_;
    info.fingerprint = fingerprint_;
    info.keyType = keyType_;
    info.targets = static_cast<int>(sockets_.size());
    info.rttMs = rttMs_;
    info.forwarding = forwarding_;
    return info;
}

vigil::session_stats RemoteHost::sessionStats() const {
    const vigil::reconnect_stats s = fsm_.stats(vigil::time_msec());
    vigil::session_stats out;
    out.name = "ssh:" + definition_.destination.toStdString();
    out.state = s.state_id;
    out.state_elapsed = s.state_elapsed;
    out.backoff = s.backoff;
    out.attempts = s.n_attempted_connections;
    out.successes = s.n_successful_connections;
    out.connected_total = s.total_connected_duration;
    out.seqno = s.seqno;
    out.connected = s.is_connected;
    out.last_error = state_ == HostState::Connected ? std::string() : lastError_.toStdString();
    out.role = "client";
    return out;
}

void RemoteHost::setState(HostState state, const QString& error) {
    if (state == state_ && error == lastError_) {
        return;
    }
    state_ = state;
    lastError_ = error;
    Q_EMIT changed();
}

void RemoteHost::start() {
    fsm_.enable(vigil::time_msec());
    step();
}

void RemoteHost::reconnectNow() {
    if (attemptInFlight_ || state_ == HostState::Connected) {
        return;
    }
    const long long now = vigil::time_msec();
    // Disabling and enabling starts over with no backoff: the user asked for it.
    fsm_.disable(now);
    fsm_.enable(now);
    setState(HostState::Connecting, QString());
    step();
}

void RemoteHost::step() {
    const long long now = vigil::time_msec();
    if (!attemptInFlight_ && !waitingForSlot_ &&
        fsm_.run(now) == vigil::reconnect::action::connect) {
        waitingForSlot_ = true;
        Q_EMIT connectionWanted();
    }
    armTimer();
}

void RemoteHost::armTimer() {
    const int timeout = fsm_.timeout(vigil::time_msec());
    if (timeout < 0 || attemptInFlight_ || waitingForSlot_) {
        fsmTimer_.stop();
    } else {
        fsmTimer_.start(timeout);
    }
}

void RemoteHost::beginConnect() {
    waitingForSlot_ = false;
    attemptInFlight_ = true;
    masterError_.clear();
    if (env_->keys) {
        env_->keys->clearOffer(definition_.name);
    }
    const SshEndpoint e = endpoint();
    QFile::remove(e.controlPath);
    setState(HostState::Connecting, lastError_);
    master_ = new ChildProcess(env_->launcher, this);
    connect(master_, &ChildProcess::standardErrorReady, this, &RemoteHost::readMasterError);
    connect(master_, &ChildProcess::finished, this,
            [this](int code, bool crashed) { masterFinished(code, crashed); });
    connect(master_, &ChildProcess::failedToStart, this, [this](const QString& reason) {
        masterError_ = reason;
        masterFinished(127, false, false);
    });
    master_->start(sshMasterCommand(e));
    socketPoll_.start();
}

void RemoteHost::readMasterError() {
    if (!master_) {
        return;
    }
    masterError_ = master_->standardError();
}

void RemoteHost::checkControlSocket() {
    if (QFileInfo(endpoint().controlPath).exists()) {
        socketPoll_.stop();
        setConnected();
    }
}

void RemoteHost::setConnected() {
    fsm_.connected(vigil::time_msec());
    attemptInFlight_ = false;
    fingerprint_.clear();
    keyType_.clear();
    // Forwards live in the master: a new master has none.
    for (const Forward& f : forwards_) {
        QFile::remove(f.localPath);
    }
    forwards_.clear();
    forwardingProbed_ = false;
    setState(HostState::Connected, QString());
    Q_EMIT connectionSettled();
    scan();
    scanTimer_.start();
}

void RemoteHost::masterFinished(int exitCode, bool crashed, bool ran) {
    if (!master_) {
        return;
    }
    if (ran) {
        readMasterError();
    }
    master_->deleteLater();
    master_ = nullptr;
    socketPoll_.stop();
    scanTimer_.stop();
    const long long now = vigil::time_msec();
    const bool wasConnected = state_ == HostState::Connected;
    const SshFailure failure = classifySshFailure(masterError_, exitCode, crashed);
    if (wasConnected) {
        fsm_.disconnected(now, ECONNRESET);
    } else {
        fsm_.connect_failed(now, ECONNREFUSED);
    }
    fingerprint_.clear();
    keyType_.clear();
    if (failure.state == HostState::HostKeyUnknown || failure.state == HostState::HostKeyChanged) {
        if (env_->keys) {
            const OfferedKey key = env_->keys->offered(definition_.name);
            fingerprint_ = key.fingerprint;
            keyType_ = key.type;
        }
        // Only the user can settle a host key: no retries until host/trust.
        fsm_.disable(now);
    }
    for (Forward& f : forwards_) {
        QFile::remove(f.localPath);
    }
    forwards_.clear();
    setState(failure.state, failure.message);
    markUnreachable();
    if (attemptInFlight_) {
        attemptInFlight_ = false;
        Q_EMIT connectionSettled();
    }
    step();
}

void RemoteHost::markUnreachable() {
    QList<RemoteSocket> next = sockets_;
    for (RemoteSocket& s : next) {
        s.address.clear();
        s.error = QStringLiteral("host %1 is %2: %3")
                      .arg(definition_.name, hostStateName(state_), lastError_);
    }
    if (next != sockets_) {
        sockets_ = next;
        Q_EMIT socketsChanged();
    }
}

void RemoteHost::scan() {
    if (scanProcess_ || state_ != HostState::Connected) {
        return;
    }
    QStringList command{QStringLiteral("sh"), QStringLiteral("-c"), QString::fromLatin1(scanScript),
                        QStringLiteral("sh")};
    command << definition_.effectiveRunDirectories();
    auto* process = new ChildProcess(env_->launcher, this);
    process->setStdoutLimit(maxScanOutputBytes);
    scanProcess_ = process;
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    auto* deadline = new QTimer(process);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, process, [this, process] {
        process->disconnect(this);
        scanFinished(process, -1, true);
    });
    connect(process, &ChildProcess::finished, this, [this, process, elapsed](int code) {
        rttMs_ = static_cast<int>(elapsed->elapsed());
        scanFinished(process, code, false);
    });
    connect(process, &ChildProcess::failedToStart, this,
            [this, process] { scanFinished(process, 127, false); });
    process->start(sshExecCommand(endpoint(), shellJoin(command)));
    deadline->start(scanTimeoutMs);
}

void RemoteHost::scanFinished(ChildProcess* process, int exitCode, bool timedOut) {
    if (scanProcess_ != process) {
        return;
    }
    scanProcess_ = nullptr;
    process->deleteLater();
    if (state_ != HostState::Connected) {
        return;
    }
    if (timedOut) {
        lastError_ =
            QStringLiteral("the host did not answer a scan within %1 s").arg(scanTimeoutMs / 1000);
        Q_EMIT changed();
        return;
    }
    if (exitCode != 0) {
        const QString why = process->standardError().trimmed();
        lastError_ = QStringLiteral("scan failed: %1")
                         .arg(why.isEmpty() ? QStringLiteral("status %1").arg(exitCode) : why);
        Q_EMIT changed();
        return;
    }
    if (process->stdoutOverflowed()) {
        lastError_ = QStringLiteral("scan output too large");
        Q_EMIT changed();
        return;
    }
    applyScan(QString::fromLocal8Bit(process->standardOutput()));
}

void RemoteHost::applyScan(const QString& output) {
    struct Found {
        QString path;
        bool writable;
    };
    QList<Found> found;
    QSet<QString> seen;
    QStringList problems;
    for (const QString& line : output.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QStringList f = line.split(QLatin1Char('\t'));
        if (f.size() == 3 && f[0] == QLatin1String("S") && !seen.contains(f[1])) {
            seen.insert(f[1]);
            found.append({f[1], f[2] == QLatin1String("1")});
        } else if (f.size() == 3 && f[0] == QLatin1String("E")) {
            problems << QStringLiteral("%1: %2").arg(f[1], f[2]);
        } else if (f.size() == 2 && f[0] == QLatin1String("U")) {
            login_ = f[1];
        }
    }
    const QString error = problems.join(QStringLiteral("; "));
    if (lastError_ != error) {
        lastError_ = error;
        Q_EMIT changed();
    }
    // Names: the daemon's name, or the file's stem when two sockets share it.
    QHash<QString, int> uses;
    for (const Found& f : found) {
        uses[nameFromSocket(f.path)]++;
    }
    QList<RemoteSocket> next;
    for (const Found& f : found) {
        RemoteSocket s;
        s.name = nameFromSocket(f.path);
        if (uses.value(s.name) > 1) {
            s.name = f.path.section(QLatin1Char('/'), -1).chopped(4);
        }
        s.remotePath = f.path;
        if (!f.writable) {
            s.error = QStringLiteral("permission denied: %1 may not open %2 on %3")
                          .arg(login_.isEmpty() ? QStringLiteral("the login user") : login_, f.path,
                               definition_.name);
        }
        next << s;
    }
    std::sort(next.begin(), next.end(),
              [](const RemoteSocket& a, const RemoteSocket& b) { return a.name < b.name; });
    // Keep the addresses of sockets that are still there; syncAccess() fills in the rest.
    for (RemoteSocket& s : next) {
        for (const RemoteSocket& old : std::as_const(sockets_)) {
            if (old.remotePath == s.remotePath && s.error.isEmpty()) {
                s.address = old.address;
            }
        }
    }
    const bool changedList = next != sockets_;
    sockets_ = next;
    syncAccess();
    if (changedList) {
        Q_EMIT socketsChanged();
        Q_EMIT changed();
    }
}

QString RemoteHost::execAddress(const QString& remotePath) const {
    const QStringList argv = sshExecCommand(
        endpoint(), QStringLiteral("exec socat STDIO UNIX-CONNECT:") + shellQuote(remotePath));
    return QStringLiteral("exec:") + shellJoin(argv);
}

void RemoteHost::syncAccess() {
    const SshEndpoint e = endpoint();
    // Forwards whose socket is gone (a daemon restarted under a new pid) are cancelled.
    for (auto it = forwards_.begin(); it != forwards_.end();) {
        const bool wanted =
            forwarding_ && std::any_of(sockets_.cbegin(), sockets_.cend(), [&](const auto& s) {
                return s.remotePath == it->remotePath && s.error.isEmpty();
            });
        if (wanted) {
            ++it;
            continue;
        }
        auto* cancel = new ChildProcess(env_->launcher, this);
        connect(cancel, &ChildProcess::finished, cancel, &QObject::deleteLater);
        connect(cancel, &ChildProcess::failedToStart, cancel, &QObject::deleteLater);
        cancel->start(sshCancelForwardCommand(e, it->localPath, it->remotePath));
        QFile::remove(it->localPath);
        it = forwards_.erase(it);
    }
    for (RemoteSocket& s : sockets_) {
        if (!s.error.isEmpty()) {
            s.address.clear();
            continue;
        }
        if (!forwarding_) {
            s.address = execAddress(s.remotePath);
            continue;
        }
        auto known = std::find_if(forwards_.begin(), forwards_.end(),
                                  [&](const Forward& f) { return f.remotePath == s.remotePath; });
        if (known != forwards_.end()) {
            s.address = known->ready ? known->localPath : QString();
            continue;
        }
        Forward f;
        f.remotePath = s.remotePath;
        f.localPath =
            env_->runtimeDirectory + QStringLiteral("/f%1-%2.sock").arg(index_).arg(nextForward_++);
        forwards_ << f;
        auto* process = new ChildProcess(env_->launcher, this);
        const QString local = f.localPath;
        connect(process, &ChildProcess::failedToStart, process, &QObject::deleteLater);
        connect(process, &ChildProcess::finished, this, [this, process, local](int code) {
            process->deleteLater();
            auto it = std::find_if(forwards_.begin(), forwards_.end(),
                                   [&](const Forward& x) { return x.localPath == local; });
            if (it == forwards_.end()) {
                return;
            }
            for (RemoteSocket& sock : sockets_) {
                if (sock.remotePath != it->remotePath) {
                    continue;
                }
                if (code == 0) {
                    it->ready = true;
                    sock.address = local;
                    probeForwarding(local);
                } else {
                    const QString why = process->standardError().trimmed();
                    sock.error = QStringLiteral("cannot forward %1: %2").arg(sock.remotePath, why);
                    forwards_.erase(it);
                }
                Q_EMIT socketsChanged();
                break;
            }
        });
        process->start(sshForwardCommand(e, f.localPath, f.remotePath));
    }
}

void RemoteHost::probeForwarding(const QString& localPath) {
    if (forwardingProbed_ || !forwarding_) {
        return;
    }
    // A refused stream-local channel shows only when one is opened, and the client side cannot
    // tell it from a missing socket. So the first forward of each connection is probed right
    // after the scan saw its socket: a daemon's socket keeps the connection open, while a
    // refused channel is closed at once with "open failed" on the master's stderr.
    forwardingProbed_ = true;
    const qsizetype mark = masterError_.size();
    auto* socket = new QLocalSocket(this);
    auto* patience = new QTimer(socket);
    patience->setSingleShot(true);
    connect(patience, &QTimer::timeout, socket, [socket] {
        socket->disconnect();
        socket->abort();
        socket->deleteLater();
    });
    connect(socket, &QLocalSocket::disconnected, this, [this, socket, mark] {
        socket->deleteLater();
        // The master may log the failure just after the close arrives.
        QTimer::singleShot(200, this, [this, mark] {
            if (forwarding_ && state_ == HostState::Connected &&
                sshChannelOpenFailed(masterError_.mid(std::min(mark, masterError_.size())))) {
                forwardingRefused();
            }
        });
    });
    connect(socket, &QLocalSocket::errorOccurred, socket,
            [socket](QLocalSocket::LocalSocketError e) {
                if (e != QLocalSocket::PeerClosedError) {
                    socket->deleteLater();
                }
            });
    socket->connectToServer(localPath);
    patience->start(forwardProbeMs);
}

void RemoteHost::forwardingRefused() {
    // The server refuses stream-local channels (AllowStreamLocalForwarding no, or a bastion
    // that allows only sessions): reach the sockets through socat over the master instead.
    forwarding_ = false;
    syncAccess();
    Q_EMIT socketsChanged();
    Q_EMIT changed();
}

} // namespace vigil::ui
