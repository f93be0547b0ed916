#include "services/console_sessions.h"

#include "vigil/jsonrpc.h"
#include "vigil/jsonrpc_session.h"
#include "vigil/poll_loop.h"
#include "vigil/stream.h"

#include <QHostAddress>
#include <QHostInfo>

namespace vigil::ui {

namespace {

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

} // namespace

struct ConsoleSessions::Session {
    QString remote;     // as the user wrote it
    QString streamName; // what was opened (a resolved address), empty before
    QString error;      // why it could not be opened (resolution failure)
    int lookupId = -1;
    std::unique_ptr<vigil::jsonrpc_session> session;
    std::unique_ptr<vigil::poll_owner> owner;
    vigil::reconnect_state lastState = vigil::reconnect_state::void_;
    bool reported = false; // lastState has been reported once
    unsigned lastSeqno = 0;

    ~Session() {
        if (lookupId >= 0) {
            QHostInfo::abortHostLookup(lookupId);
        }
        owner.reset(); // before the session it runs
    }

    SessionInfo snapshot() const {
        SessionInfo info;
        info.snapshotTime = QDateTime::currentDateTimeUtc();
        if (session) {
            info.stats = session->stats();
            info.resolvedName = QString::fromStdString(info.stats.name);
        } else {
            info.stats.last_error = error.toStdString();
        }
        info.stats.role = "client";
        info.source = QString::fromLatin1(consoleSessionSource);
        info.name = remote;
        return info;
    }
};

ConsoleSessions::ConsoleSessions(QObject* parent) : QObject(parent) {}

ConsoleSessions::~ConsoleSessions() = default;

bool ConsoleSessions::addRemote(const QString& remote, QString* error) {
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
    auto own = std::make_unique<Session>();
    own->remote = trimmed;
    Session* raw = own.get();
    sessions_.push_back(std::move(own));
    const RemoteParts parts = splitRemote(trimmed);
    if (parts.needsLookup) {
        raw->lookupId =
            QHostInfo::lookupHost(parts.host, this, [this, raw, parts](const QHostInfo& info) {
                // The session may have been removed meanwhile (its lookup is then aborted, but a
                // result already queued can still arrive).
                auto it = std::find_if(sessions_.begin(), sessions_.end(),
                                       [raw](const auto& o) { return o.get() == raw; });
                if (it == sessions_.end() || raw->lookupId != info.lookupId()) {
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
                    Q_EMIT changed();
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
    Q_EMIT changed();
    return true;
}

void ConsoleSessions::openResolved(Session* own, const QString& streamName) {
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
        const vigil::reconnect_state state = s.get_reconnect_stats().state_id;
        if (!own->reported || state != own->lastState || s.seqno() != own->lastSeqno) {
            if (!own->reported || state != own->lastState) {
                Q_EMIT stateChanged(key, state, QDateTime::currentDateTimeUtc());
            }
            own->reported = true;
            own->lastState = state;
            own->lastSeqno = s.seqno();
            Q_EMIT changed();
        }
    });
    own->owner->schedule();
}

bool ConsoleSessions::removeRemote(const QString& remote) {
    auto it = std::find_if(sessions_.begin(), sessions_.end(),
                           [&](const auto& o) { return o->remote == remote.trimmed(); });
    if (it == sessions_.end()) {
        return false;
    }
    sessions_.erase(it);
    Q_EMIT changed();
    return true;
}

QStringList ConsoleSessions::remotes() const {
    QStringList list;
    for (const auto& o : sessions_) {
        list << o->remote;
    }
    return list;
}

QList<SessionInfo> ConsoleSessions::sessions() const {
    QList<SessionInfo> all;
    for (const auto& o : sessions_) {
        all << o->snapshot();
    }
    return all;
}

} // namespace vigil::ui
