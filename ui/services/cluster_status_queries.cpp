// What the cluster service asks each kind of target and how it reads the answers: an
// ovsdb-server's databases and their cluster/status, its remotes for the _Server monitor, and
// an ovn-controller's connection-status, debug/status and version.
#include "services/cluster_status.h"

#include "services/cluster_status_probe.h"
#include "services/cluster_status_trigger.h"
#include "services/target_registry.h"
#include "services/unixctl_call.h"

#include <QDateTime>
#include <algorithm>
#include <optional>

namespace vigil::ui {

namespace {

// ovsdb-server's own database: never clustered, always there.
const QLatin1String serverDatabase("_Server");

bool offersCommand(const QList<CommandInfo>& commands, QLatin1String name) {
    return std::any_of(commands.begin(), commands.end(),
                       [name](const CommandInfo& c) { return c.name == name; });
}

qint64 wallClock() {
    return QDateTime::currentMSecsSinceEpoch();
}

// `ovsdb-server/list-dbs` prints one name per line.
QStringList databaseNames(const QString& text) {
    QStringList names;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        const QString name = line.trimmed();
        if (!name.isEmpty() && name != serverDatabase && !names.contains(name)) {
            names << name;
        }
    }
    return names;
}

// "unknown cluster" is ovsdb-server's answer for a database that is not clustered.
bool isStandaloneReply(const UnixctlResult& r) {
    return !r.ok && !r.transportError && r.error.contains(QLatin1String("unknown cluster"));
}

} // namespace

void ClusterStatus::askTarget(const QString& name) {
    Probe& probe = *probes_.at(name);
    const QList<CommandInfo> commands = targets_->commands(name);
    const bool server = offersCommand(commands, QLatin1String("cluster/status")) &&
                        offersCommand(commands, QLatin1String("ovsdb-server/list-dbs"));
    probe.isController = offersCommand(commands, QLatin1String("connection-status"));
    const quint64 round = probe.round;
    probe.pending = 1; // held until every call below is sent
    if (server) {
        call(name, QStringLiteral("ovsdb-server/list-dbs"), {},
             [this, name](Probe& p, const UnixctlResult& r) {
                 if (r.ok) {
                     askDatabases(name, databaseNames(r.text));
                     return;
                 }
                 const qint64 now = wallClock();
                 p.nextDbs = p.dbs;
                 for (ClusterDatabaseStatus& db : p.nextDbs) {
                     failDatabase(db, r.error, now);
                 }
             });
    }
    if (server && isWatched() && !probe.remotesAsked &&
        offersCommand(commands, QLatin1String("ovsdb-server/list-remotes"))) {
        probe.remotesAsked = true;
        call(name, QStringLiteral("ovsdb-server/list-remotes"), {},
             [this, name](Probe& p, const UnixctlResult& r) {
                 const QString remote =
                     r.ok ? ServerDatabaseMonitor::clientRemote(r.text) : QString();
                 if (!remote.isEmpty() && isWatched()) {
                     p.monitor = std::make_unique<ServerDatabaseMonitor>(
                         remote, [this, name] { serverChanged(name); });
                 }
             });
    }
    if (probe.isController) {
        askController(name, commands);
    }
    callDone(name, round);
}

void ClusterStatus::askDatabases(const QString& name, const QStringList& databases) {
    for (const QString& database : databases) {
        call(name, QStringLiteral("cluster/status"), {database},
             [database](Probe& p, const UnixctlResult& r) {
                 if (isStandaloneReply(r)) {
                     return; // not clustered: nothing to show
                 }
                 ClusterDatabaseStatus db;
                 // Start from what was known, so a failure keeps the server's identity.
                 for (const ClusterDatabaseStatus& known : p.dbs) {
                     if (known.database == database) {
                         db = known;
                     }
                 }
                 db.target = p.target;
                 db.socketPath = p.socket;
                 db.database = database;
                 const qint64 now = wallClock();
                 if (!r.ok) {
                     failDatabase(db, r.error, now);
                 } else {
                     QString error;
                     if (std::optional<ClusterRaftStatus> raft =
                             parseClusterStatus(r.text, &error)) {
                         db.raft = std::move(*raft);
                         db.ok = true;
                         db.error.clear();
                         db.updatedMs = now;
                     } else {
                         failDatabase(db, QStringLiteral("unreadable cluster/status: ") + error,
                                      now);
                     }
                 }
                 p.nextDbs << db;
             });
    }
}

void ClusterStatus::askController(const QString& name, const QList<CommandInfo>& commands) {
    Probe& probe = *probes_.at(name);
    probe.nextController.target = probe.target;
    probe.nextController.socketPath = probe.socket;
    call(name, QStringLiteral("connection-status"), {}, [](Probe& p, const UnixctlResult& r) {
        OvnControllerStatus& c = p.nextController;
        c.updatedMs = wallClock();
        c.ok = r.ok;
        c.error = r.ok ? QString() : r.error;
        c.southbound = r.ok ? southboundStateFromReply(r.text) : SouthboundState::Unknown;
        if (r.ok && c.southbound == SouthboundState::Unknown) {
            c.error = QStringLiteral("unexpected connection-status reply: %1")
                          .arg(r.text.trimmed().left(200));
        }
    });
    if (offersCommand(commands, QLatin1String("debug/status"))) {
        call(name, QStringLiteral("debug/status"), {}, [](Probe& p, const UnixctlResult& r) {
            p.nextController.engine = r.ok ? r.text.trimmed().left(100) : QString();
        });
    }
    if (probe.version.isEmpty() && offersCommand(commands, QLatin1String("version"))) {
        call(name, QStringLiteral("version"), {}, [](Probe& p, const UnixctlResult& r) {
            if (r.ok) {
                p.version = r.text.section(QLatin1Char('\n'), 0, 0).trimmed().left(200);
            }
        });
    }
}

void ClusterStatus::failDatabase(ClusterDatabaseStatus& db, const QString& error, qint64 now) {
    ClusterRaftStatus identity;
    identity.nickname = db.raft.nickname;
    identity.database = db.raft.database;
    identity.clusterId = db.raft.clusterId;
    identity.clusterUuid = db.raft.clusterUuid;
    identity.serverId = db.raft.serverId;
    identity.serverUuid = db.raft.serverUuid;
    identity.address = db.raft.address;
    db.raft = identity;
    db.ok = false;
    db.error = error;
    db.updatedMs = now;
}

QString southboundStateName(SouthboundState state) {
    switch (state) {
    case SouthboundState::Unknown:
        return QStringLiteral("unknown");
    case SouthboundState::Connected:
        return QStringLiteral("connected");
    case SouthboundState::NotConnected:
        return QStringLiteral("not connected");
    }
    return QStringLiteral("unknown");
}

SouthboundState southboundStateFromReply(const QString& reply) {
    const QString text = reply.trimmed();
    for (SouthboundState s : {SouthboundState::Connected, SouthboundState::NotConnected}) {
        if (text == southboundStateName(s)) {
            return s;
        }
    }
    return SouthboundState::Unknown;
}

} // namespace vigil::ui
