// Every JSON-RPC session the console can see, as one list: its own sessions (ConsoleSessions)
// and those each daemon reports (a DaemonSessionWatch per daemon whose list-commands offers
// sessions/show, one long-lived connection each, rebuilt when it drops), and those real Open
// vSwitch daemons publish in their database (OvsSessions: the Controller and Manager tables,
// monitored, with the console's own monitor connection to each database). It keeps each
// session's timeline of state changes and announces changes coalesced through the event loop;
// whoever shows them feeds a SessionModel from sessions().
#pragma once

#include "services/session_types.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <memory>
#include <vector>

namespace vigil::ui {

class ConsoleSessions;
class DaemonSessionWatch;
class Fleet;
class OvsSessions;
class TargetRegistry;

class SessionMonitor : public QObject {
    Q_OBJECT
public:
    // States kept per session for the timeline (the oldest go first).
    static constexpr int maxHistory = 200;

    // Watches every target of `targets` whose list-commands offers sessions/show.
    explicit SessionMonitor(TargetRegistry* targets, QObject* parent = nullptr);
    ~SessionMonitor() override;

    // The console's own sessions (see ConsoleSessions::addRemote() for the rules).
    bool addRemote(const QString& remote, QString* error = nullptr);
    bool removeRemote(const QString& remote);
    QStringList remotes() const;

    // Every session, each with its timeline: the console's first (its remotes, then its OVSDB
    // monitor connections), then each daemon's in the order it reports them, then the Open
    // vSwitch daemons' from their databases.
    QList<SessionInfo> sessions() const;
    // Adds the fleet's ssh connection masters to the list (source "fleet", named after their
    // host), each state change recorded in its timeline like any session's.
    void setFleet(Fleet* fleet);

    // The Open vSwitch sessions read from OVSDB (for tuning and inspection).
    OvsSessions* ovs() const { return ovs_; }
    // The state changes seen for the session with `key` (SessionInfo::key()), oldest first.
    QList<SessionStateChange> history(const QString& key) const { return history_.value(key); }

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
    void syncDaemons();
    QList<SessionInfo> fleetSessions() const;
    void markDirty();
    void publish();
    void recordState(const QString& key, vigil::reconnect_state state, const QDateTime& when,
                     bool known = true);
    void recordReported(const QList<SessionInfo>& sessions);

    TargetRegistry* targets_;
    ConsoleSessions* own_;
    OvsSessions* ovs_;
    Fleet* fleet_ = nullptr;
    std::vector<std::unique_ptr<DaemonSessionWatch>> daemons_;
    QHash<QString, QList<SessionStateChange>> history_;
    QHash<QString, QString> requested_; // target -> socket whose list-commands was asked for
    QTimer liveTimer_;
    QTimer publishTimer_;
    QTimer retryTimer_;
};

} // namespace vigil::ui
