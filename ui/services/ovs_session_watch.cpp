#include "services/ovs_session_watch.h"

#include "services/ovsdb_monitor.h"

#include "vigil/stream.h"

#include <algorithm>

namespace vigil::ui {

namespace {

const QString controllerTable = QStringLiteral("Controller");
const QString managerTable = QStringLiteral("Manager");
const QString bridgeTable = QStringLiteral("Bridge");

// A status value OVS writes as a decimal count of seconds; false when absent or malformed.
bool seconds(const QMap<QString, QString>& status, const QString& key, unsigned* out) {
    const auto it = status.constFind(key);
    if (it == status.cend()) {
        return false;
    }
    bool ok = false;
    const qulonglong n = it->toULongLong(&ok);
    if (!ok || n > 4000000) { // beyond what fits in milliseconds: not a time OVS wrote
        return false;
    }
    *out = unsigned(n * 1000);
    return true;
}

QString describe(const QString& table, const QString& bridge, const QString& openflowRole,
                 const QMap<QString, QString>& status, const QString& unmappedState) {
    QStringList parts;
    if (table == controllerTable) {
        parts << (bridge.isEmpty() ? QStringLiteral("controller")
                                   : QStringLiteral("bridge %1 controller").arg(bridge));
        if (!openflowRole.isEmpty()) {
            parts << QStringLiteral("role %1").arg(openflowRole);
        }
    } else {
        parts << QStringLiteral("manager");
    }
    if (const QString port = status.value(QStringLiteral("bound_port")); !port.isEmpty()) {
        parts << QStringLiteral("port %1").arg(port);
    }
    if (const QString n = status.value(QStringLiteral("n_connections")); !n.isEmpty()) {
        parts << QStringLiteral("%1 connections").arg(n);
    }
    for (const char* key : {"locks_held", "locks_waiting", "locks_lost"}) {
        const QString value = status.value(QLatin1String(key));
        if (!value.isEmpty()) {
            parts << QStringLiteral("%1 %2").arg(QLatin1String(key).mid(6).toString(), value);
        }
    }
    if (!unmappedState.isEmpty()) {
        parts << QStringLiteral("OVS state %1").arg(unmappedState);
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

QHash<QString, QStringList> OvsSessionWatch::monitoredTables() {
    return {
        {controllerTable,
         {QStringLiteral("target"), QStringLiteral("is_connected"), QStringLiteral("role"),
          QStringLiteral("status")}},
        {managerTable,
         {QStringLiteral("target"), QStringLiteral("is_connected"), QStringLiteral("status")}},
        {bridgeTable, {QStringLiteral("name"), QStringLiteral("controller")}},
    };
}

OvsSessionWatch::OvsSessionWatch(const QString& target, OvsDaemonKind kind,
                                 std::shared_ptr<OvsdbMonitor> monitor, QObject* parent)
    : QObject(parent), target_(target), kind_(kind), monitor_(std::move(monitor)) {
    connect(monitor_.get(), &OvsdbMonitor::rowsChanged, this, &OvsSessionWatch::rebuild);
    connect(monitor_.get(), &OvsdbMonitor::stateChanged, this, &OvsSessionWatch::rebuild);
    rebuild();
}

OvsSessionWatch::~OvsSessionWatch() {
    // The monitor may outlive this watch (another daemon shares it).
    disconnect(monitor_.get(), nullptr, this, nullptr);
}

SessionInfo OvsSessionWatch::sessionFromRow(const QString& source, const QString& table,
                                            const QString& bridge,
                                            const QHash<QString, OvsdbDatum>& row,
                                            const QDateTime& received, bool* timedByOvs) {
    SessionInfo info;
    info.source = source;
    info.table = table;
    info.bridge = bridge;
    info.name = row.value(QStringLiteral("target")).string();
    info.stats.name = info.name.toStdString();
    const bool passive = vigil::pstream_verify_name(info.stats.name) == 0;
    info.stats.role = passive ? "server" : "client";
    const bool connected = row.value(QStringLiteral("is_connected")).boolean(false);
    info.stats.connected = connected;
    info.ovsStatus = row.value(QStringLiteral("status")).stringMap();
    info.stats.last_error = info.ovsStatus.value(QStringLiteral("last_error")).toStdString();
    if (table == controllerTable) {
        info.openflowRole = row.value(QStringLiteral("role")).string();
    }

    QString unmapped;
    const auto state = info.ovsStatus.constFind(QStringLiteral("state"));
    if (state != info.ovsStatus.cend()) {
        if (!vigil::reconnect_state_from_name(state->toStdString(), info.stats.state)) {
            // rconn's DISCONNECTED (neither connected nor trying), or a name OVS adds later.
            unmapped = *state;
            info.stats.state =
                connected ? vigil::reconnect_state::active : vigil::reconnect_state::void_;
        }
    } else if (passive || connected) {
        // OVS writes no state for listeners (ovs-vswitchd no status at all): they listen, or
        // serve the peers connected to them.
        info.stats.state =
            connected ? vigil::reconnect_state::active : vigil::reconnect_state::listening;
    } else {
        info.stats.state = vigil::reconnect_state::void_;
        info.stateKnown = false;
        info.reason = QStringLiteral("%1 has not reported this connection's status yet")
                          .arg(source.isEmpty() ? QStringLiteral("the daemon") : source);
    }

    // A passive target's sec_since_* are not its own (ovsdb-server writes zeros for them), and
    // for an active one they time the connection, not each BACKOFF/CONNECTING round.
    bool timed = false;
    if (!passive) {
        timed = seconds(info.ovsStatus,
                        connected ? QStringLiteral("sec_since_connect")
                                  : QStringLiteral("sec_since_disconnect"),
                        &info.stats.state_elapsed);
    }
    if (!timed) {
        info.stats.state_elapsed = 0;
    }
    if (timedByOvs) {
        *timedByOvs = timed;
    }
    info.snapshotTime = received;
    info.detail = describe(table, bridge, info.openflowRole, info.ovsStatus, unmapped);
    return info;
}

void OvsSessionWatch::rebuild() {
    const QString table = kind_ == OvsDaemonKind::Vswitchd ? controllerTable : managerTable;
    QHash<QString, QString> bridgeOf; // controller uuid -> bridge name
    if (table == controllerTable) {
        const QHash<QString, OvsdbRow>& bridges = monitor_->rows(bridgeTable);
        for (auto it = bridges.cbegin(); it != bridges.cend(); ++it) {
            const QString name = it->column(QStringLiteral("name")).string();
            for (const QString& uuid : it->column(QStringLiteral("controller")).uuids()) {
                bridgeOf.insert(uuid, name);
            }
        }
    }
    struct Entry {
        SessionInfo info;
        bool timed;
        QString uuid;
    };
    QList<Entry> entries;
    const QHash<QString, OvsdbRow>& rows = monitor_->rows(table);
    for (auto it = rows.cbegin(); it != rows.cend(); ++it) {
        Entry e;
        e.uuid = it.key();
        e.info = sessionFromRow(target_, table, bridgeOf.value(it.key()), it->columns, it->updated,
                                &e.timed);
        entries << std::move(e);
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return std::tie(a.info.bridge, a.info.name, a.uuid) <
               std::tie(b.info.bridge, b.info.name, b.uuid);
    });

    const bool live = monitor_->isLive();
    const QString problem = monitor_->problem();
    QHash<QString, Seen> seen;
    QList<SessionInfo> list;
    list.reserve(entries.size());
    for (Entry& e : entries) {
        SessionInfo& info = e.info;
        if (seen.contains(info.key())) {
            // Two rows of one bridge with the same target: keep both apart.
            info.name += QStringLiteral(" [%1]").arg(e.uuid.left(8));
        }
        if (!live) {
            info.stateKnown = false;
            info.reason = problem;
        }
        const QString key = info.key();
        Seen s = seen_.value(key, Seen{info.stats.state, info.stats.connected, info.snapshotTime});
        if (s.state != info.stats.state || s.connected != info.stats.connected) {
            s = Seen{info.stats.state, info.stats.connected, info.snapshotTime};
        }
        if (!e.timed) {
            info.snapshotTime = s.since;
            info.stats.state_elapsed = 0;
        }
        seen.insert(key, s);
        list << std::move(info);
    }
    seen_ = std::move(seen);
    sessions_ = std::move(list);
    Q_EMIT sessionsChanged();
}

} // namespace vigil::ui
