// The console's own JSON-RPC sessions: the workspace's remotes and those the user adds, each a
// reconnecting vigil::jsonrpc_session run by a poll_owner and kept live. Host names are
// resolved asynchronously (QHostInfo) before a session is opened. Every FSM state change is
// reported as it happens (stateChanged()), not only when a snapshot is taken, so the timeline
// sees short-lived states too.
#pragma once

#include "services/session_types.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

namespace vigil::ui {

class ConsoleSessions : public QObject {
    Q_OBJECT
public:
    explicit ConsoleSessions(QObject* parent = nullptr);
    ~ConsoleSessions() override;

    // Opens a reconnecting session to `remote` ("unix:PATH", "tcp:HOST:PORT", "ssl:HOST:PORT";
    // a host name is resolved first, asynchronously). Returns false and sets `*error` for a
    // malformed or duplicate remote; a host that cannot be resolved is reported through
    // remoteError() and the session stays in the list, in state VOID, with that error.
    bool addRemote(const QString& remote, QString* error = nullptr);
    // Closes and forgets the session to `remote`; returns false when there is none.
    bool removeRemote(const QString& remote);
    // The remotes, in the order they were added.
    QStringList remotes() const;
    // A snapshot of every session, in the order they were added (history left empty).
    QList<SessionInfo> sessions() const;

Q_SIGNALS:
    // A session appeared, vanished, or changed state or seqno.
    void changed();
    // The session with `key` (SessionInfo::key()) entered `state` at `when`.
    void stateChanged(const QString& key, vigil::reconnect_state state, const QDateTime& when);
    void remoteError(const QString& remote, const QString& error);

private:
    struct Session;

    void openResolved(Session* session, const QString& streamName);

    std::vector<std::unique_ptr<Session>> sessions_;
};

} // namespace vigil::ui
