// The value types of the console's session view: one session's snapshot (SessionInfo, which
// carries the runtime's vigil::session_stats record unchanged) and one state change of its
// timeline. Kept apart from the services that produce them, so that the model, the views and
// the control commands include only this.
#pragma once

#include "vigil/session_stats.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <boost/json/fwd.hpp>

namespace vigil::ui {

// The source name of the console's own sessions.
inline constexpr char consoleSessionSource[] = "console";
// The source name of the fleet's ssh connection masters.
inline constexpr char fleetSessionSource[] = "fleet";

// One state change of a session, for the timeline strip.
struct SessionStateChange {
    QDateTime time;
    vigil::reconnect_state state = vigil::reconnect_state::void_;
    // False for a stretch where the state was not known (its source could not be reached);
    // `state` is then the last known one.
    bool known = true;

    friend bool operator==(const SessionStateChange&, const SessionStateChange&) = default;
};

// A snapshot of one session.
struct SessionInfo {
    QString source; // "console" or the daemon's target name
    QString name;   // the console's remote as the user wrote it, or the name a daemon reports
    vigil::session_stats stats; // as the runtime or the daemon reported it
    QDateTime snapshotTime;     // when `stats` was taken (stats.state_elapsed is as of then)
    QString resolvedName;       // the console's sessions: the stream name actually opened
    // The state changes seen so far, oldest first (at most SessionMonitor::maxHistory).
    QList<SessionStateChange> history;

    // Open vSwitch's own sessions, read from its database (empty for every other session):
    QString table;        // the OVSDB table of the row: "Controller" or "Manager"
    QString bridge;       // Controller rows: the bridge the controller belongs to
    QString openflowRole; // Controller rows: "master", "slave" or "other" while connected
    QMap<QString, QString> ovsStatus; // the row's status map as OVS wrote it
    // A one-line description of where the session lives ("bridge br0 controller, role
    // master", "OVSDB monitor of Open_vSwitch: 3 rows"); may be empty.
    QString detail;
    // False when the state is not known now (its source cannot be reached, or has not said
    // yet): the other fields are then the last known ones and `reason` says why.
    bool stateKnown = true;
    QString reason;

    // The stable key that identifies the session across snapshots (for OVSDB rows it includes
    // the table and bridge, since two bridges may have controllers with the same target).
    QString key() const;
    // The reconnect FSM state as OVS spells it ("ACTIVE"); the last known one when !stateKnown.
    QString stateName() const;
    // What a person is shown as the state: stateName(), or "unknown" when !stateKnown.
    QString displayState() const;
    // True for sessions whose counters (backoff, attempts, successes, connected total, seqno)
    // are not known: Open vSwitch publishes only state, errors and times for its own.
    bool countersUnknown() const { return !table.isEmpty(); }
    // "client" or "server".
    QString role() const { return QString::fromStdString(stats.role); }
    // The last connection error as text; empty when none.
    QString lastError() const { return QString::fromStdString(stats.last_error); }
    // The time in state now: stats.state_elapsed plus the time since snapshotTime.
    qint64 timeInStateMs(const QDateTime& now = QDateTime::currentDateTimeUtc()) const;
    // The connected total now: stats.connected_total plus, while connected, the time since
    // snapshotTime.
    qint64 connectedTotalNowMs(const QDateTime& now = QDateTime::currentDateTimeUtc()) const;
    // The JSON form used by `session/list`: vigil::to_json(stats) with the times brought up to
    // now, plus "source", the console's name for the session and, once resolved, "remote";
    // "state_known" always, "reason" when the state is not known; for OVSDB rows also
    // "table", "bridge", "openflow_role", "status" (the row's map) and "detail" where set.
    boost::json::value toJson() const;
};

// The reconnect FSM state's name as OVS spells it, from the runtime's one table.
QString sessionStateName(vigil::reconnect_state state);

// The name shown for a state that is not known.
inline constexpr char unknownSessionState[] = "unknown";

} // namespace vigil::ui

Q_DECLARE_METATYPE(vigil::ui::SessionInfo)
