// The sessions of the real Open vSwitch daemons among the console's targets, read from where
// OVS publishes them: for each target that is an ovs-vswitchd, or an ovsdb-server serving the
// Open_vSwitch database's Manager table as remotes, its database is located
// (ovs_database_locator.h) and monitored (one OvsdbMonitor per database, shared by the daemons
// on it), and an OvsSessionWatch maps its Controller or Manager rows to sessions. The console's
// own monitor connection to each database is a session too (source "console", name
// "ovsdb:REMOTE"), showing its state and error.
#pragma once

#include "services/ovs_database_locator.h"
#include "services/session_types.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <map>
#include <memory>

namespace vigil::ui {

class OvsSessionWatch;
class OvsdbMonitor;
class TargetRegistry;

class OvsSessions : public QObject {
    Q_OBJECT
public:
    // The prefix of the console's own monitor sessions' names ("ovsdb:unix:/x/db.sock").
    static constexpr char clientNamePrefix[] = "ovsdb:";

    // Follows `targets` (may be null: nothing is watched).
    explicit OvsSessions(TargetRegistry* targets, QObject* parent = nullptr);
    ~OvsSessions() override;

    // The console's monitor session of each database, by remote.
    QList<SessionInfo> clientSessions() const;
    // Every watched daemon's sessions, daemons by target name.
    QList<SessionInfo> daemonSessions() const;
    // The monitor of the database at `remote`, null when none is open.
    OvsdbMonitor* monitor(const QString& remote) const;
    // What was found for the target `name` (kind Other and no remote when it is not watched).
    OvsDatabaseLocation location(const QString& name) const;

    // Sets the backoff ceiling and probe interval (ms) of the monitors opened from now on and
    // of those open now.
    void setMonitorReconnect(int maxBackoffMs, int probeIntervalMs);

    // Matches the watches to the registry's targets now (also done on every targetsChanged).
    void sync();

Q_SIGNALS:
    // Any session appeared, vanished or changed.
    void changed();

private:
    struct Watched;

    std::shared_ptr<OvsdbMonitor> monitorFor(const QString& remote);

    TargetRegistry* targets_;
    std::map<QString, std::unique_ptr<Watched>> watched_;  // by target name
    QHash<QString, std::weak_ptr<OvsdbMonitor>> monitors_; // by remote
    int maxBackoffMs_ = 8000;
    int probeIntervalMs_ = 5000;
    QTimer retry_; // locates again targets whose daemon could not be read
};

} // namespace vigil::ui
