// One daemon's sessions, watched over one long-lived unixctl connection: `set-options --format
// json` once (as `ovs-appctl -f json` does), then `sessions/show` and a deferred `sessions/wait
// SEQNO` that the daemon answers as soon as anything changed, after which the pair goes out
// again on the same connection. Replies stay Boost.JSON values from the socket to the
// SessionInfo list: the runtime's framer parses each reply once and vigil::from_json reads it.
// A watch whose connection drops reports failed() and stays failed; its owner reconnects by
// building a new one.
#pragma once

#include "services/session_types.h"

#include <QList>
#include <QObject>
#include <QString>
#include <memory>

namespace vigil {
class unixctl_client;
}

namespace vigil::ui {

class DaemonSessionWatch : public QObject {
    Q_OBJECT
public:
    // A watch of the daemon `target` on the control socket `socketPath`; nothing is opened
    // before start().
    DaemonSessionWatch(const QString& target, const QString& socketPath, QObject* parent = nullptr);
    // Closes the connections; replies still due are dropped unanswered.
    ~DaemonSessionWatch() override;

    // Connects and starts watching. A socket that cannot be reached is reported through
    // failed() from the event loop, never from inside this call.
    void start();
    // Fetches sessions/show now on a second connection (the watch's own one is busy with the
    // deferred sessions/wait), kept open until stopRefreshing(); for the once-a-second refresh
    // while a view shows the sessions.
    void refresh();
    // Closes the refresh connection.
    void stopRefreshing();

    const QString& target() const { return target_; }
    const QString& socketPath() const { return socketPath_; }
    // True once the connection failed; sessions() is then empty.
    bool isFailed() const { return failed_; }
    // The sessions of the last sessions/show reply, in the daemon's order.
    const QList<SessionInfo>& sessions() const { return sessions_; }

Q_SIGNALS:
    // A sessions/show reply replaced sessions().
    void sessionsChanged();
    // The connection could not be opened or dropped; the watch does nothing more.
    void failed(const QString& error);
    // A reply could not be used (an error reply, malformed sessions); the watch goes on.
    void replyError(const QString& error);

private:
    void fail(const QString& error);
    void show(vigil::unixctl_client& client);
    void wait();

    QString target_;
    QString socketPath_;
    std::unique_ptr<vigil::unixctl_client> client_;
    std::unique_ptr<vigil::unixctl_client> refresh_;
    QString waitSeqno_ = QStringLiteral("0");
    bool refreshing_ = false; // a refresh request is outstanding
    bool failed_ = false;
    QList<SessionInfo> sessions_;
};

} // namespace vigil::ui
