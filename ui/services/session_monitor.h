// Every JSON-RPC session the console can see: its own sessions (the workspace's remotes and
// those the user adds, each a reconnecting vigil::jsonrpc_session in a poll_owner, kept live)
// and the sessions each daemon reports through `sessions/show`. Daemons push changes through
// `sessions/wait SEQNO` (one outstanding deferred request per daemon); while a view shows the
// sessions, they are also refreshed once a second. Host names are resolved asynchronously
// (QHostInfo) before a session is opened. Everything lands in one SessionModel.
#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <memory>
#include <vector>

namespace vigil::ui {

class SessionModel;
class TargetRegistry;

// The source name of the console's own sessions.
inline constexpr char consoleSessionSource[] = "console";

// One state change of a session, for the timeline strip.
struct SessionStateChange {
    QDateTime time;
    QString state; // VOID, BACKOFF, CONNECTING, ACTIVE, IDLE, RECONNECT, LISTENING
};

// A snapshot of one session.
struct SessionInfo {
    QString source; // "console" or the daemon's target name
    QString name;   // the console's remote as the user wrote it, or the name a daemon reports
    QString role;   // "client" or "server" for daemon sessions; "client" for the console's
    QString state;  // the reconnect FSM state
    qint64 stateElapsedMs = 0; // time in state when snapshotTime was taken
    QDateTime snapshotTime;
    int backoffMs = 0;
    qint64 attempts = 0;
    qint64 successes = 0;
    qint64 connectedTotalMs = 0;
    qint64 seqno = 0;
    bool connected = false;
    QString lastError;
    qint64 backlog = 0;
    QString peerId;
    QString resolvedName; // the console's sessions: the stream name actually opened

    // The stable key that identifies the session across snapshots.
    QString key() const { return source + QLatin1Char('\n') + role + QLatin1Char('\n') + name; }
    // The time in state now: stateElapsedMs plus the time since snapshotTime.
    qint64 timeInStateMs(const QDateTime& now = QDateTime::currentDateTimeUtc()) const;
    // The connected total now: connectedTotalMs plus, while connected, the time since
    // snapshotTime.
    qint64 connectedTotalNowMs(const QDateTime& now = QDateTime::currentDateTimeUtc()) const;
    // The JSON form used by `session/list`.
    QJsonObject toJson() const;
};

class SessionMonitor : public QObject {
    Q_OBJECT
public:
    // States kept per session for the timeline (the oldest go first).
    static constexpr int maxHistory = 200;

    // Watches every target of `targets` whose list-commands offers sessions/show.
    explicit SessionMonitor(TargetRegistry* targets, QObject* parent = nullptr);
    ~SessionMonitor() override;

    // Opens a reconnecting session to `remote` ("unix:PATH", "tcp:HOST:PORT", "ssl:HOST:PORT";
    // a host name is resolved first, asynchronously). Returns false and sets `*error` for a
    // malformed or duplicate remote; a host that cannot be resolved is reported through
    // remoteError() and the session stays in the list, in state VOID, with that error.
    bool addRemote(const QString& remote, QString* error = nullptr);
    // Closes and forgets the session to `remote`; returns false when there is none.
    bool removeRemote(const QString& remote);
    // The console's remotes, in the order they were added.
    QStringList remotes() const;

    // Every session: the console's first, then each daemon's in the order it reports them.
    QList<SessionInfo> sessions() const;
    // The state changes seen for the session with `key` (SessionInfo::key()), oldest first.
    QList<SessionStateChange> history(const QString& key) const { return history_.value(key); }
    SessionModel* model() const { return model_; }

    // Turns the once-a-second refresh of daemon sessions on (while a view shows them) or off.
    void setLiveRefresh(bool on);
    bool liveRefresh() const { return liveTimer_.isActive(); }
    // Re-fetches every daemon's sessions now.
    void refresh();

Q_SIGNALS:
    // Any session appeared, vanished or changed (coalesced through the event loop).
    void sessionsChanged();
    void remoteError(const QString& remote, const QString& error);
    // A daemon's sessions could not be fetched.
    void daemonError(const QString& target, const QString& error);

private:
    struct OwnSession;
    struct DaemonWatch;

    void syncDaemons();
    void openResolved(OwnSession* session, const QString& streamName);
    void fetchDaemon(DaemonWatch* watch);
    void waitDaemon(DaemonWatch* watch);
    void dropDaemon(const QString& target);
    void markDirty();
    void publish();
    void recordState(const QString& key, const QString& state, const QDateTime& when);

    TargetRegistry* targets_;
    SessionModel* model_;
    std::vector<std::unique_ptr<OwnSession>> own_;
    std::vector<std::unique_ptr<DaemonWatch>> daemons_;
    QHash<QString, QList<SessionStateChange>> history_;
    QHash<QString, QString> lastState_;
    QHash<QString, QString> requested_; // target -> socket whose list-commands was asked for
    QTimer liveTimer_;
    QTimer publishTimer_;
    QTimer retryTimer_;
};

} // namespace vigil::ui

Q_DECLARE_METATYPE(vigil::ui::SessionInfo)
