// The cluster/ and ovn/ control commands: cluster/list (every clustered database of every
// ovsdb-server target, as its `cluster/status` says) and ovn/list (every ovn-controller
// target's southbound connection). Both ask the targets first (no more often than the cluster
// service allows) and answer once every target has answered or failed.
#include "services/cluster_status.h"
#include "services/console.h"
#include "services/control_command.h"
#include "services/control_server.h"
#include "services/control_text.h"

#include "vigil/unixctl.h"

#include <QDateTime>
#include <boost/json.hpp>

namespace vigil::ui {

namespace {

// A count, or null when the text did not give it.
boost::json::value jsonCount(qint64 n) {
    return n < 0 ? boost::json::value() : boost::json::value(n);
}

QString textCount(qint64 n) {
    return n < 0 ? QStringLiteral("-") : QString::number(n);
}

qint64 ageMs(qint64 updatedMs) {
    return updatedMs > 0 ? std::max<qint64>(0, QDateTime::currentMSecsSinceEpoch() - updatedMs)
                         : -1;
}

boost::json::value memberJson(const ClusterMember& m) {
    return boost::json::object{
        {"id", jsonString(m.id)},
        {"nickname", jsonString(m.nickname)},
        {"address", jsonString(m.address)},
        {"self", m.self},
        {"phase", jsonNullable(m.phase)},
        {"voted_for", jsonNullable(m.votedFor)},
        {"next_index", jsonCount(m.nextIndex)},
        {"match_index", jsonCount(m.matchIndex)},
        {"last_msg_ms", jsonCount(m.lastMsgMs)},
    };
}

boost::json::value databaseJson(const ClusterDatabaseStatus& db) {
    const ClusterRaftStatus& r = db.raft;
    boost::json::array members;
    for (const ClusterMember& m : r.members) {
        members.push_back(memberJson(m));
    }
    return boost::json::object{
        {"target", jsonString(db.target)},
        {"socket", jsonString(db.socketPath)},
        {"database", jsonString(db.database)},
        {"ok", db.ok},
        {"error", jsonNullable(db.error)},
        {"cluster_id", jsonNullable(r.clusterId)},
        {"cluster_uuid", jsonNullable(r.clusterUuid)},
        {"server_id", jsonNullable(r.serverId)},
        {"server_uuid", jsonNullable(r.serverUuid)},
        {"address", jsonNullable(r.address)},
        {"status", jsonNullable(r.status)},
        {"role", jsonString(clusterRoleName(r.role))},
        {"term", jsonCount(r.term)},
        {"leader", jsonNullable(r.leader)},
        {"leader_id", jsonNullable(r.leaderId())},
        {"leader_address", jsonNullable(r.leaderAddress())},
        {"vote", jsonNullable(r.vote)},
        {"election_timer_ms", jsonCount(r.electionTimerMs)},
        {"log_start", jsonCount(r.logStart)},
        {"log_end", jsonCount(r.logEnd)},
        {"uncommitted", jsonCount(r.uncommitted)},
        {"unapplied", jsonCount(r.unapplied)},
        {"disconnections", jsonCount(r.disconnections)},
        {"members", std::move(members)},
        {"age_ms", jsonCount(ageMs(db.updatedMs))},
    };
}

// "d4fc tcp:127.0.0.1:6641*, 298c tcp:..." with the answering server starred.
QString membersText(const ClusterRaftStatus& r) {
    QStringList parts;
    for (const ClusterMember& m : r.members) {
        parts << m.id + QLatin1Char(' ') + m.address + (m.self ? QStringLiteral("*") : QString());
    }
    return parts.isEmpty() ? QStringLiteral("-") : parts.join(QStringLiteral(", "));
}

void replyClusters(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                   const QString& database) {
    QList<ClusterDatabaseStatus> all = ctx.console->clusters()->databases();
    if (!database.isEmpty()) {
        all.removeIf([&](const ClusterDatabaseStatus& db) { return db.database != database; });
        if (all.isEmpty()) {
            conn.reply_error(QStringLiteral("no clustered database \"%1\" among the targets")
                                 .arg(database)
                                 .toStdString());
            return;
        }
    }
    if (conn.json_format()) {
        boost::json::array array;
        for (const ClusterDatabaseStatus& db : all) {
            array.push_back(databaseJson(db));
        }
        conn.reply_json(std::move(array));
        return;
    }
    QList<QStringList> rows;
    for (const ClusterDatabaseStatus& db : all) {
        const ClusterRaftStatus& r = db.raft;
        const QString leader = r.leaderId();
        rows << QStringList{db.target,
                            db.database,
                            r.address.isEmpty() ? QStringLiteral("-") : r.address,
                            db.ok ? r.status : QStringLiteral("error: ") + db.error,
                            clusterRoleName(r.role),
                            textCount(r.term),
                            leader.isEmpty() ? QStringLiteral("-") : leader,
                            membersText(r)};
    }
    conn.reply(
        controlTable({QStringLiteral("TARGET"), QStringLiteral("DATABASE"),
                      QStringLiteral("ADDRESS"), QStringLiteral("STATUS"), QStringLiteral("ROLE"),
                      QStringLiteral("TERM"), QStringLiteral("LEADER"), QStringLiteral("MEMBERS")},
                     rows));
}

void clusterList(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                 const std::vector<std::string>& argv) {
    const QString database = controlArg(argv, 1);
    const ControlContext context = ctx;
    // A deferred reply: answered once every target has answered (or failed or timed out); the
    // server is the context, so closing it cancels the reply.
    ctx.console->clusters()->refresh(
        ctx.server, [context, conn, database] { replyClusters(context, conn, database); });
}

void replyControllers(const ControlContext& ctx, const vigil::unixctl_conn& conn) {
    const QList<OvnControllerStatus> all = ctx.console->clusters()->controllers();
    if (conn.json_format()) {
        boost::json::array array;
        for (const OvnControllerStatus& c : all) {
            array.push_back(boost::json::object{
                {"target", jsonString(c.target)},
                {"socket", jsonString(c.socketPath)},
                {"ok", c.ok},
                {"error", jsonNullable(c.error)},
                {"southbound", jsonString(southboundStateName(c.southbound))},
                {"engine", jsonNullable(c.engine)},
                {"version", jsonNullable(c.version)},
                {"age_ms", jsonCount(ageMs(c.updatedMs))},
            });
        }
        conn.reply_json(std::move(array));
        return;
    }
    QList<QStringList> rows;
    for (const OvnControllerStatus& c : all) {
        rows << QStringList{c.target,
                            c.ok ? southboundStateName(c.southbound)
                                 : QStringLiteral("error: ") + c.error,
                            c.engine.isEmpty() ? QStringLiteral("-") : c.engine,
                            c.version.isEmpty() ? QStringLiteral("-") : c.version};
    }
    conn.reply(controlTable({QStringLiteral("TARGET"), QStringLiteral("SOUTHBOUND"),
                             QStringLiteral("ENGINE"), QStringLiteral("VERSION")},
                            rows));
}

void ovnList(const ControlContext& ctx, const vigil::unixctl_conn& conn,
             const std::vector<std::string>&) {
    const ControlContext context = ctx;
    ctx.console->clusters()->refresh(ctx.server,
                                     [context, conn] { replyControllers(context, conn); });
}

constexpr ControlCommand rows[] = {
    {"cluster/list", "[DATABASE]", 0, 1, clusterList},
    {"ovn/list", "", 0, 0, ovnList},
};

} // namespace

std::span<const ControlCommand> clusterControlCommands() {
    return rows;
}

} // namespace vigil::ui
