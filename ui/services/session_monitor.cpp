#include "services/session_monitor.h"

#include "models/session_model.h"
#include "services/target_registry.h"
#include "services/unixctl_call.h"

#include "vigil/errors.h"
#include "vigil/jsonrpc.h"
#include "vigil/jsonrpc_session.h"
#include "vigil/poll_loop.h"
#include "vigil/stream.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace vigil::ui {

namespace {

constexpr int liveRefreshMs = 1000;
constexpr int retryMs = 1000;
constexpr int fetchTimeoutMs = 5000;

const QString sessionsShow = QStringLiteral("sessions/show");

// A remote split for name resolution: "tcp:host:port" -> {"tcp", "host", "port"}.
struct RemoteParts {
    QString type;
    QString host;
    QString port;
    bool needsLookup = false;
};

RemoteParts splitRemote(const QString& remote) {
    RemoteParts parts;
    parts.type = remote.section(QLatin1Char(':'), 0, 0);
    if (parts.type != QLatin1String("tcp") && parts.type != QLatin1String("ssl")) {
        return parts;
    }
    const QString rest = remote.mid(parts.type.size() + 1);
    if (rest.startsWith(QLatin1Char('['))) {
        return parts; // an IPv6 literal
    }
    parts.host = rest.section(QLatin1Char(':'), 0, 0);
    parts.port = rest.section(QLatin1Char(':'), 1);
    parts.needsLookup = !parts.host.isEmpty() && QHostAddress(parts.host).isNull();
    return parts;
}

SessionInfo fromStats(const vigil::jsonrpc_session_stats& s) {
    SessionInfo info;
    info.snapshotTime = QDateTime::currentDateTimeUtc();
    info.resolvedName = QString::fromStdString(s.name);
    info.state = QString::fromLatin1(vigil::reconnect_state_name(s.state));
    info.stateElapsedMs = s.state_elapsed;
    info.backoffMs = s.backoff;
    info.attempts = s.attempts;
    info.successes = s.successes;
    info.connectedTotalMs = s.connected_total;
    info.seqno = s.seqno;
    info.connected = s.connected;
    info.lastError = QString::fromStdString(s.last_error);
    info.backlog = static_cast<qint64>(s.backlog);
    info.peerId = QString::fromStdString(s.peer_id);
    return info;
}

SessionInfo fromJson(const QJsonObject& o, const QString& source, const QDateTime& when) {
    SessionInfo info;
    info.source = source;
    info.snapshotTime = when;
    info.name = o.value(QLatin1String("name")).toString();
    info.role = o.value(QLatin1String("role")).toString();
    info.state = o.value(QLatin1String("state")).toString();
    info.stateElapsedMs = o.value(QLatin1String("state_elapsed")).toInteger();
    info.backoffMs = o.value(QLatin1String("backoff")).toInt();
    info.attempts = o.value(QLatin1String("attempts")).toInteger();
    info.successes = o.value(QLatin1String("successes")).toInteger();
    info.connectedTotalMs = o.value(QLatin1String("connected_total")).toInteger();
    info.seqno = o.value(QLatin1String("seqno")).toInteger();
    info.connected = o.value(QLatin1String("connected")).toBool();
    info.lastError = o.value(QLatin1String("last_error")).toString();
    info.backlog = o.value(QLatin1String("backlog")).toInteger();
    info.peerId = o.value(QLatin1String("peer_id")).toString();
    return info;
}

} // namespace

qint64 SessionInfo::timeInStateMs(const QDateTime& now) const {
    if (!snapshotTime.isValid()) {
        return stateElapsedMs;
    }
    return stateElapsedMs + std::max<qint64>(0, snapshotTime.msecsTo(now));
}

qint64 SessionInfo::connectedTotalNowMs(const QDateTime& now) const {
    if (!connected || !snapshotTime.isValid()) {
        return connectedTotalMs;
    }
    return connectedTotalMs + std::max<qint64>(0, snapshotTime.msecsTo(now));
}

QJsonObject SessionInfo::toJson() const {
    QJsonObject o;
    o[QLatin1String("source")] = source;
    o[QLatin1String("name")] = name;
    o[QLatin1String("role")] = role;
    o[QLatin1String("state")] = state;
    o[QLatin1String("state_elapsed")] = timeInStateMs();
    o[QLatin1String("backoff")] = backoffMs;
    o[QLatin1String("attempts")] = attempts;
    o[QLatin1String("successes")] = successes;
    o[QLatin1String("connected_total")] = connectedTotalNowMs();
    o[QLatin1String("seqno")] = seqno;
    o[QLatin1String("connected")] = connected;
    o[QLatin1String("last_error")] = lastError;
    o[QLatin1String("backlog")] = backlog;
    o[QLatin1String("peer_id")] = peerId;
    if (!resolvedName.isEmpty()) {
        o[QLatin1String("remote")] = resolvedName;
    }
    return o;
}

// One of the console's own sessions.
struct SessionMonitor::OwnSession {
    QString remote;     // as the user wrote it
    QString streamName; // what was opened (a resolved address), empty before
    QString error;      // why it could not be opened (resolution failure)
    int lookupId = -1;
    std::unique_ptr<vigil::jsonrpc_session> session;
    std::unique_ptr<vigil::poll_owner> owner;
    QString lastState;
    unsigned lastSeqno = 0;

    ~OwnSession() {
        if (lookupId >= 0) {
            QHostInfo::abortHostLookup(lookupId);
        }
        owner.reset(); // before the session it runs
    }

    SessionInfo snapshot() const {
        SessionInfo info;
        if (session) {
            info = fromStats(session->stats());
        } else {
            info.snapshotTime = QDateTime::currentDateTimeUtc();
            info.state = QStringLiteral("VOID");
            info.lastError = error;
        }
        info.source = QString::fromLatin1(consoleSessionSource);
        info.name = remote;
        info.role = QStringLiteral("client");
        return info;
    }
};

// One daemon whose sessions are watched through sessions/wait and sessions/show.
struct SessionMonitor::DaemonWatch {
    QString target;
    QString socket;
    std::unique_ptr<QObject> context = std::make_unique<QObject>(); // cancels its calls
    QString waitSeqno = QStringLiteral("0");
    bool fetching = false;
    bool refetch = false;
    bool failed = false;
    QList<SessionInfo> sessions;
};

SessionMonitor::SessionMonitor(TargetRegistry* targets, QObject* parent)
    : QObject(parent), targets_(targets), model_(new SessionModel(this, this)) {
    qRegisterMetaType<SessionInfo>();
    liveTimer_.setInterval(liveRefreshMs);
    connect(&liveTimer_, &QTimer::timeout, this, &SessionMonitor::refresh);
    publishTimer_.setSingleShot(true);
    publishTimer_.setInterval(0);
    connect(&publishTimer_, &QTimer::timeout, this, &SessionMonitor::publish);
    retryTimer_.setSingleShot(true);
    retryTimer_.setInterval(retryMs);
    connect(&retryTimer_, &QTimer::timeout, this, &SessionMonitor::syncDaemons);
    if (targets_) {
        connect(targets_, &TargetRegistry::targetsChanged, this, &SessionMonitor::syncDaemons);
        connect(targets_, &TargetRegistry::commandsFetched, this,
                [this](const QString& target, const QList<CommandInfo>&, const QString& error) {
                    if (!requested_.contains(target)) {
                        return;
                    }
                    if (!error.isEmpty()) {
                        // Not answering yet (a daemon still starting): ask again later.
                        requested_.remove(target);
                        retryTimer_.start();
                        return;
                    }
                    syncDaemons();
                });
    }
}

SessionMonitor::~SessionMonitor() {
    daemons_.clear();
    own_.clear();
}

bool SessionMonitor::addRemote(const QString& remote, QString* error) {
    const QString trimmed = remote.trimmed();
    const std::string name = trimmed.toStdString();
    if (vigil::stream_verify_name(name) != 0 && vigil::pstream_verify_name(name) != 0) {
        if (error) {
            *error = QStringLiteral("\"%1\": not a JSON-RPC remote (expected unix:PATH, "
                                    "tcp:HOST:PORT or ssl:HOST:PORT)")
                         .arg(remote);
        }
        return false;
    }
    if (remotes().contains(trimmed)) {
        if (error) {
            *error = QStringLiteral("a session to %1 already exists").arg(trimmed);
        }
        return false;
    }
    auto own = std::make_unique<OwnSession>();
    own->remote = trimmed;
    OwnSession* raw = own.get();
    own_.push_back(std::move(own));
    const RemoteParts parts = splitRemote(trimmed);
    if (parts.needsLookup) {
        raw->lookupId =
            QHostInfo::lookupHost(parts.host, this, [this, raw, parts](const QHostInfo& info) {
                // The session may have been removed meanwhile (its lookup is then aborted, but a
                // result already queued can still arrive).
                auto it = std::find_if(own_.begin(), own_.end(),
                                       [raw](const auto& o) { return o.get() == raw; });
                if (it == own_.end() || raw->lookupId != info.lookupId()) {
                    return;
                }
                raw->lookupId = -1;
                QHostAddress chosen;
                for (const QHostAddress& a : info.addresses()) {
                    if (chosen.isNull() || (a.protocol() == QAbstractSocket::IPv4Protocol &&
                                            chosen.protocol() != QAbstractSocket::IPv4Protocol)) {
                        chosen = a;
                    }
                }
                if (info.error() != QHostInfo::NoError || chosen.isNull()) {
                    raw->error = QStringLiteral("cannot resolve %1: %2")
                                     .arg(parts.host, info.errorString().isEmpty()
                                                          ? QStringLiteral("no address")
                                                          : info.errorString());
                    Q_EMIT remoteError(raw->remote, raw->error);
                    markDirty();
                    return;
                }
                QString host = chosen.toString();
                if (chosen.protocol() == QAbstractSocket::IPv6Protocol) {
                    host = QLatin1Char('[') + host + QLatin1Char(']');
                }
                QString stream = parts.type + QLatin1Char(':') + host;
                if (!parts.port.isEmpty()) {
                    stream += QLatin1Char(':') + parts.port;
                }
                openResolved(raw, stream);
            });
    } else {
        openResolved(raw, trimmed);
    }
    markDirty();
    return true;
}

void SessionMonitor::openResolved(OwnSession* own, const QString& streamName) {
    own->streamName = streamName;
    own->error.clear();
    own->session = vigil::jsonrpc_session::open(streamName.toStdString(), true);
    const QString key = own->snapshot().key();
    own->owner = std::make_unique<vigil::poll_owner>([this, own, key] {
        vigil::jsonrpc_session& s = *own->session;
        s.run();
        // The console only watches: drop whatever the peer sends (echo is answered inside).
        for (int i = 0; i < 50; i++) {
            if (!s.recv()) {
                break;
            }
        }
        s.wait();
        s.recv_wait();
        const vigil::reconnect_stats rs = s.get_reconnect_stats();
        const QString state = QString::fromUtf8(rs.state);
        if (state != own->lastState || s.seqno() != own->lastSeqno) {
            if (state != own->lastState) {
                recordState(key, state, QDateTime::currentDateTimeUtc());
            }
            own->lastState = state;
            own->lastSeqno = s.seqno();
            markDirty();
        }
    });
    own->owner->schedule();
}

bool SessionMonitor::removeRemote(const QString& remote) {
    auto it = std::find_if(own_.begin(), own_.end(),
                           [&](const auto& o) { return o->remote == remote.trimmed(); });
    if (it == own_.end()) {
        return false;
    }
    own_.erase(it);
    markDirty();
    return true;
}

QStringList SessionMonitor::remotes() const {
    QStringList list;
    for (const auto& o : own_) {
        list << o->remote;
    }
    return list;
}

QList<SessionInfo> SessionMonitor::sessions() const {
    QList<SessionInfo> all;
    for (const auto& o : own_) {
        all << o->snapshot();
    }
    for (const auto& d : daemons_) {
        all << d->sessions;
    }
    return all;
}

void SessionMonitor::setLiveRefresh(bool on) {
    if (on && !liveTimer_.isActive()) {
        liveTimer_.start();
        refresh();
    } else if (!on) {
        liveTimer_.stop();
    }
}

void SessionMonitor::refresh() {
    for (const auto& d : daemons_) {
        if (!d->failed) {
            fetchDaemon(d.get());
        }
    }
    markDirty();
}

void SessionMonitor::syncDaemons() {
    if (!targets_) {
        return;
    }
    QHash<QString, QString> wanted; // target -> socket
    bool pending = false;
    for (const TargetInfo& t : targets_->targets()) {
        if (t.socketPath.isEmpty()) {
            continue;
        }
        if (requested_.value(t.name) != t.socketPath) {
            // A new target, or one whose socket changed (a restarted daemon): ask what it offers.
            requested_.insert(t.name, t.socketPath);
            targets_->fetchCommands(t.name);
            pending = true;
            continue;
        }
        if (!targets_->commandsKnown(t.name)) {
            pending = true;
            continue;
        }
        const QList<CommandInfo> commands = targets_->commands(t.name);
        const bool offers = std::any_of(commands.begin(), commands.end(), [](const CommandInfo& c) {
            return c.name == sessionsShow;
        });
        if (offers) {
            wanted.insert(t.name, t.socketPath);
        }
    }
    for (auto it = requested_.begin(); it != requested_.end();) {
        it = targets_->target(it.key()) ? std::next(it) : requested_.erase(it);
    }
    bool changed = false;
    for (auto it = daemons_.begin(); it != daemons_.end();) {
        DaemonWatch* d = it->get();
        if (d->failed || wanted.value(d->target) != d->socket) {
            if (d->failed && wanted.value(d->target) == d->socket) {
                // Its socket still exists: ask again later rather than in a tight loop.
                retryTimer_.start();
            }
            it = daemons_.erase(it);
            changed = true;
        } else {
            ++it;
        }
    }
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        const bool have = std::any_of(daemons_.begin(), daemons_.end(),
                                      [&](const auto& d) { return d->target == it.key(); });
        if (have) {
            continue;
        }
        auto watch = std::make_unique<DaemonWatch>();
        watch->target = it.key();
        watch->socket = it.value();
        DaemonWatch* raw = watch.get();
        daemons_.push_back(std::move(watch));
        fetchDaemon(raw);
        waitDaemon(raw);
    }
    if (pending) {
        retryTimer_.start();
    }
    if (changed) {
        markDirty();
    }
}

void SessionMonitor::waitDaemon(DaemonWatch* watch) {
    UnixctlCallOptions options;
    options.timeoutMs = -1; // a deferred reply: answered whenever something changes
    unixctlCall(watch->context.get(), watch->socket, QStringLiteral("sessions/wait"),
                {watch->waitSeqno}, options, [this, watch](const UnixctlResult& result) {
                    if (!result.ok) {
                        watch->failed = true;
                        watch->sessions.clear();
                        Q_EMIT daemonError(watch->target, result.error);
                        markDirty();
                        retryTimer_.start();
                        return;
                    }
                    watch->waitSeqno = result.text.trimmed();
                    fetchDaemon(watch);
                    waitDaemon(watch);
                });
}

void SessionMonitor::fetchDaemon(DaemonWatch* watch) {
    if (watch->fetching) {
        watch->refetch = true;
        return;
    }
    watch->fetching = true;
    UnixctlCallOptions options;
    options.timeoutMs = fetchTimeoutMs;
    unixctlCall(
        watch->context.get(), watch->socket, sessionsShow, {}, options,
        [this, watch](const UnixctlResult& result) {
            watch->fetching = false;
            if (!result.ok) {
                Q_EMIT daemonError(watch->target, result.error);
            } else {
                QJsonParseError parseError;
                const QJsonDocument doc =
                    QJsonDocument::fromJson(result.text.toUtf8(), &parseError);
                if (!doc.isArray()) {
                    Q_EMIT daemonError(watch->target,
                                       QStringLiteral("sessions/show: not a JSON array (%1)")
                                           .arg(parseError.errorString()));
                } else {
                    const QDateTime now = QDateTime::currentDateTimeUtc();
                    QList<SessionInfo> list;
                    for (const QJsonValue& v : doc.array()) {
                        SessionInfo info = fromJson(v.toObject(), watch->target, now);
                        const QString key = info.key();
                        if (lastState_.value(key) != info.state) {
                            recordState(key, info.state, now.addMSecs(-info.stateElapsedMs));
                        }
                        list << info;
                    }
                    watch->sessions = list;
                    markDirty();
                }
            }
            if (watch->refetch) {
                watch->refetch = false;
                fetchDaemon(watch);
            }
        });
}

void SessionMonitor::recordState(const QString& key, const QString& state, const QDateTime& when) {
    lastState_.insert(key, state);
    QList<SessionStateChange>& list = history_[key];
    if (!list.isEmpty() && list.last().state == state) {
        return;
    }
    // A state reported late (daemon snapshots) may start before the last entry we recorded.
    QDateTime at = when;
    if (!list.isEmpty() && at < list.last().time) {
        at = list.last().time;
    }
    list.append({at, state});
    if (list.size() > maxHistory) {
        list.remove(0, list.size() - maxHistory);
    }
}

void SessionMonitor::markDirty() {
    if (!publishTimer_.isActive()) {
        publishTimer_.start();
    }
}

void SessionMonitor::publish() {
    const QList<SessionInfo> all = sessions();
    // Forget the timelines of sessions that are gone, so churn does not grow memory.
    QSet<QString> keys;
    for (const SessionInfo& s : all) {
        keys.insert(s.key());
        if (!lastState_.contains(s.key())) {
            recordState(s.key(), s.state, s.snapshotTime.addMSecs(-s.stateElapsedMs));
        }
    }
    for (auto it = history_.begin(); it != history_.end();) {
        if (keys.contains(it.key())) {
            ++it;
        } else {
            lastState_.remove(it.key());
            it = history_.erase(it);
        }
    }
    model_->setSessions(all);
    Q_EMIT sessionsChanged();
}

} // namespace vigil::ui
