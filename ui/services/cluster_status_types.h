// The records the cluster service publishes: one per clustered database of each ovsdb-server
// target (its `cluster/status` read into a ClusterRaftStatus), and one per ovn-controller
// target (its southbound connection as `connection-status` says it). Kept apart from the
// service so that views and control commands include only these.
#pragma once

#include "services/cluster_status_text.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace vigil::ui {

// One clustered database as one ovsdb-server reports it.
struct ClusterDatabaseStatus {
    QString target;     // the control target that answered (or failed to)
    QString socketPath; // its control socket
    QString database;   // the database's name, as `ovsdb-server/list-dbs` gives it
    bool ok = false;    // the last `cluster/status` answered and was readable
    QString error;      // when !ok: why (the call's or the command's error)
    // The last answer read. When !ok only its identity (ids, address, name) is kept: the role
    // is Unknown and term, leader and members are cleared, so nothing stale passes for live.
    ClusterRaftStatus raft;
    qint64 updatedMs = 0; // wall-clock time of the last answer or failure (ms since the epoch)

    friend bool operator==(const ClusterDatabaseStatus&, const ClusterDatabaseStatus&) = default;
};

// What ovn-controller says of its connection to the southbound database. (Which remote that
// is, no command of ovn-controller 23.03 tells: it reads it from the Open_vSwitch table's
// external_ids:ovn-remote, which is the switch's configuration, not the controller's answer.)
enum class SouthboundState {
    Unknown,      // not asked yet, or the target did not answer
    Connected,    // "connected"
    NotConnected, // "not connected"
};

// Returns "unknown", "connected" or "not connected" (the last two as ovn-controller says them).
QString southboundStateName(SouthboundState state);
// Reads a `connection-status` reply ("connected" / "not connected", surrounding space ignored);
// Unknown for any other text.
SouthboundState southboundStateFromReply(const QString& reply);

// One ovn-controller target.
struct OvnControllerStatus {
    QString target;
    QString socketPath;
    bool ok = false; // the last `connection-status` answered
    QString error;   // when !ok: why
    SouthboundState southbound = SouthboundState::Unknown;
    QString engine;  // `debug/status`: "running" or "paused"; empty when not offered
    QString version; // the first line of `version`, e.g. "ovn-controller 23.03.1"
    qint64 updatedMs = 0;

    friend bool operator==(const OvnControllerStatus&, const OvnControllerStatus&) = default;
};

} // namespace vigil::ui

Q_DECLARE_METATYPE(vigil::ui::ClusterDatabaseStatus)
Q_DECLARE_METATYPE(vigil::ui::OvnControllerStatus)
