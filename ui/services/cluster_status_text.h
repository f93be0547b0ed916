// The text of ovsdb-server's `cluster/status DB` read into a record: who this server is in the
// RAFT cluster (its ids and address), its role, term, leader and vote, the election timer, the
// log's state, and the members as this server sees them. OVS prints it for people, not
// programs, and its lines vary by version and role ("Last Election ..." and "last msg" since
// 2.14, next_index/match_index only on the leader, "voted for" only on a candidate), so the
// parser takes every line it knows, skips the rest, and never fails on a line it cannot read.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <optional>

namespace vigil::ui {

// A server's part in its RAFT cluster, as `cluster/status` names it in its "Role:" line.
enum class ClusterRole {
    Unknown, // not said, not readable, or the server could not be asked
    Leader,
    Follower,
    Candidate,
};

// Returns "unknown", "leader", "follower" or "candidate".
QString clusterRoleName(ClusterRole role);
// The role named `name` (as clusterRoleName() spells it, case-insensitively); Unknown for any
// other text.
ClusterRole clusterRoleFromName(const QString& name);

// One line of the "Servers:" list: a member of the cluster as the answering server knows it.
struct ClusterMember {
    QString id;             // the short server id (the first four hex digits of its UUID)
    QString nickname;       // the name OVS prints first; the short id unless the server named it
    QString address;        // its RAFT address, e.g. "tcp:127.0.0.1:6643"
    bool self = false;      // the answering server itself
    QString phase;          // a membership change under way ("catchup", "committing", ...); empty
    QString votedFor;       // on a candidate: whom this member voted for, when known
    qint64 nextIndex = -1;  // on the leader: the next log index it sends this member; -1 unknown
    qint64 matchIndex = -1; // on the leader: the last index known replicated; -1 unknown
    qint64 lastMsgMs = -1;  // how long ago a message came from this member; -1 unknown

    friend bool operator==(const ClusterMember&, const ClusterMember&) = default;
};

// Everything `cluster/status DB` says. Numbers the text does not give stay -1.
struct ClusterRaftStatus {
    QString nickname;        // the first line: the local server's name in log messages
    QString database;        // "Name:", the schema's name
    QString clusterId;       // "Cluster ID:" short form; empty while not yet known
    QString clusterUuid;     // ... and the full UUID
    QString serverId;        // "Server ID:" short form
    QString serverUuid;      // ... and the full UUID
    QString address;         // "Address:", this server's RAFT address
    QString status;          // "Status:", e.g. "cluster member", "joining cluster"
    QStringList joinRemotes; // "Remotes for joining:" while joining
    ClusterRole role = ClusterRole::Unknown;
    qint64 term = -1;
    QString leader; // "Leader:": a server's nickname, "self" or "unknown"; empty when absent
    QString vote;   // "Vote:", likewise
    qint64 lastElectionStartedMs = -1; // "Last Election started N ms ago"
    QString lastElectionReason;        // "..., reason: timeout"
    qint64 lastElectionWonMs = -1;     // "Last Election won: N ms ago"
    qint64 electionTimerMs = -1;
    qint64 electionTimerChangingToMs = -1; // "(changing to N)" while a new timer is proposed
    qint64 logStart = -1;                  // "Log: [START, END]"
    qint64 logEnd = -1;
    qint64 uncommitted = -1; // "Entries not yet committed:"
    qint64 unapplied = -1;   // "Entries not yet applied:"
    QStringList connections; // "Connections:" words, e.g. "<-298c", "->0000", "(->cd21)"
    qint64 disconnections = -1;
    QStringList membershipChanges; // "Adding server ..." / "Removing server ..." lines
    QList<ClusterMember> members;

    // The leader's short server id: this server's own for "self", empty when unknown.
    QString leaderId() const;
    // The leader's address from the member list (or this server's for "self"); empty when
    // the leader is unknown or not among the members.
    QString leaderAddress() const;

    friend bool operator==(const ClusterRaftStatus&, const ClusterRaftStatus&) = default;
};

// The most members a reply may list; lines past it are ignored (RAFT clusters have a handful).
inline constexpr int maxClusterMembers = 256;

// Parses the text of `cluster/status DB`. Lines it does not know, and fields it cannot read,
// are skipped. Returns std::nullopt and sets `*error` when the text is not a cluster status at
// all (none of the "Name:", "Server ID:" and "Role:" lines is there).
std::optional<ClusterRaftStatus> parseClusterStatus(const QString& text, QString* error = nullptr);

// Parses one line of the "Servers:" list ("    298c (298c at tcp:127.0.0.1:6642) (self)
// next_index=5 match_index=4 last msg 37 ms ago"). Returns std::nullopt for a line that does
// not have the "NICK (SID at ADDRESS)" head.
std::optional<ClusterMember> parseClusterMember(const QString& line);

} // namespace vigil::ui

Q_DECLARE_METATYPE(vigil::ui::ClusterRaftStatus)
