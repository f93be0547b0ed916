// One Open vSwitch daemon's sessions as OVS publishes them in its database, read through an
// OvsdbMonitor (shared with the other daemons on the same database): ovs-vswitchd's
// controller connections (the Controller table, each row's bridge from the Bridge table) or
// ovsdb-server's manager connections (the Manager table). Each row becomes a SessionInfo:
// status:state mapped onto the reconnect FSM's states (a passive target without one is
// LISTENING, or ACTIVE while a peer is connected), last_error, is_connected, and the time in
// state from sec_since_connect / sec_since_disconnect where OVS gives them, else from when the
// state was first seen. While the database cannot be reached the last known rows stay,
// flagged unknown with the reason; they refresh by themselves once it is back.
#pragma once

#include "services/ovs_database_locator.h"
#include "services/ovsdb_value.h"
#include "services/session_types.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <memory>

namespace vigil::ui {

class OvsdbMonitor;

class OvsSessionWatch : public QObject {
    Q_OBJECT
public:
    // The tables and columns a monitor must watch for every kind of daemon.
    static QHash<QString, QStringList> monitoredTables();

    // Watches the sessions of the daemon `target` (of `kind`, Vswitchd or OvsdbServer) in the
    // rows of `monitor`, which it shares; the rows are read at once and on every change.
    OvsSessionWatch(const QString& target, OvsDaemonKind kind,
                    std::shared_ptr<OvsdbMonitor> monitor, QObject* parent = nullptr);
    ~OvsSessionWatch() override;

    const QString& target() const { return target_; }
    OvsDaemonKind kind() const { return kind_; }
    OvsdbMonitor* monitor() const { return monitor_.get(); }
    // The daemon's sessions, sorted by bridge and target (history left empty).
    const QList<SessionInfo>& sessions() const { return sessions_; }

    // Maps one Controller or Manager row, whose values arrived at `received`, to a session of
    // `source`; `bridge` is the Controller's bridge (empty for Manager rows). Sets
    // `*timedByOvs` to whether OVS gave the time in state (sec_since_connect/disconnect); when
    // not, the time counts from `received`. A row without any status yet comes back with
    // stateKnown false; the caller flags rows of an unreachable database itself.
    static SessionInfo sessionFromRow(const QString& source, const QString& table,
                                      const QString& bridge, const QHash<QString, OvsdbDatum>& row,
                                      const QDateTime& received, bool* timedByOvs = nullptr);

Q_SIGNALS:
    // sessions() changed.
    void sessionsChanged();

private:
    void rebuild();

    // When each row's state was first seen, to time states OVS gives no time for.
    struct Seen {
        vigil::reconnect_state state;
        bool connected;
        QDateTime since;
    };

    QString target_;
    OvsDaemonKind kind_;
    std::shared_ptr<OvsdbMonitor> monitor_;
    QList<SessionInfo> sessions_;
    QHash<QString, Seen> seen_; // by SessionInfo::key()
};

} // namespace vigil::ui
