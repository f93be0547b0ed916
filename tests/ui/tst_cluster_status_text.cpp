// The reading of ovsdb-server's `cluster/status DB` text: real Open vSwitch 3.1 replies (a
// leader, a follower, a follower after a failover, a lone candidate, a server still joining),
// the member lines one by one, and edge cases (missing and extra lines, CRLF, overflowing
// numbers, garbage) that must parse as far as they can and never crash. Also the reading of
// `ovsdb-server/list-remotes` into the remote the _Server monitor connects to.
#include "services/cluster_status_text.h"
#include "services/cluster_status_trigger.h"

#include <QtTest>

using namespace vigil::ui;

namespace {

// Real replies of ovsdb-server 3.1.0 for a three-member cluster of the database "tiny".
const char* const leaderText = R"(d4fc
Name: tiny
Cluster ID: 3db7 (3db7b85c-bd4a-43c4-9d48-12e5fc6871e6)
Server ID: d4fc (d4fc6a33-c185-4c1d-97e4-7be47a088079)
Address: tcp:127.0.0.1:16641
Status: cluster member
Role: leader
Term: 1
Leader: self
Vote: self

Last Election started 3094 ms ago, reason: timeout
Last Election won: 3094 ms ago
Election timer: 1000
Log: [2, 5]
Entries not yet committed: 0
Entries not yet applied: 0
Connections: <-298c ->298c <-cd21 ->cd21
Disconnections: 0
Servers:
    cd21 (cd21 at tcp:127.0.0.1:16643) next_index=5 match_index=4 last msg 38 ms ago
    298c (298c at tcp:127.0.0.1:16642) next_index=5 match_index=4 last msg 37 ms ago
    d4fc (d4fc at tcp:127.0.0.1:16641) (self) next_index=2 match_index=4
)";

const char* const followerText = R"(298c
Name: tiny
Cluster ID: 3db7 (3db7b85c-bd4a-43c4-9d48-12e5fc6871e6)
Server ID: 298c (298ce4a6-5aaf-470a-aead-b0a6b3dd7cca)
Address: tcp:127.0.0.1:16642
Status: cluster member
Role: follower
Term: 1
Leader: d4fc
Vote: unknown

Election timer: 1000
Log: [2, 5]
Entries not yet committed: 0
Entries not yet applied: 0
Connections: ->0000 <-d4fc <-cd21 ->cd21
Disconnections: 0
Servers:
    cd21 (cd21 at tcp:127.0.0.1:16643)
    298c (298c at tcp:127.0.0.1:16642) (self)
    d4fc (d4fc at tcp:127.0.0.1:16641) last msg 42 ms ago
)";

// The same follower after the leader d4fc was killed and cd21 won term 2.
const char* const failoverText = R"(298c
Name: tiny
Cluster ID: 3db7 (3db7b85c-bd4a-43c4-9d48-12e5fc6871e6)
Server ID: 298c (298ce4a6-5aaf-470a-aead-b0a6b3dd7cca)
Address: tcp:127.0.0.1:16642
Status: cluster member
Role: follower
Term: 2
Leader: cd21
Vote: cd21

Election timer: 1000
Log: [2, 6]
Entries not yet committed: 0
Entries not yet applied: 0
Connections: (->0000) <-cd21 ->cd21
Disconnections: 1
Servers:
    cd21 (cd21 at tcp:127.0.0.1:16643) last msg 259 ms ago
    298c (298c at tcp:127.0.0.1:16642) (self)
    d4fc (d4fc at tcp:127.0.0.1:16641) last msg 4085 ms ago
)";

// The last server standing, after the second leader was killed too.
const char* const candidateText = R"(298c
Name: tiny
Cluster ID: 3db7 (3db7b85c-bd4a-43c4-9d48-12e5fc6871e6)
Server ID: 298c (298ce4a6-5aaf-470a-aead-b0a6b3dd7cca)
Address: tcp:127.0.0.1:16642
Status: disconnected from the cluster (election timeout)
Role: candidate
Term: 5
Leader: unknown
Vote: self

Last Election started 268 ms ago, reason: timeout
Election timer: 1000
Log: [2, 6]
Entries not yet committed: 0
Entries not yet applied: 0
Connections: (->0000) (->cd21)
Disconnections: 2
Servers:
    cd21 (cd21 at tcp:127.0.0.1:16643) last msg 5139 ms ago
    298c (298c at tcp:127.0.0.1:16642) (self) (voted for 298c)
    d4fc (d4fc at tcp:127.0.0.1:16641) last msg 18985 ms ago
)";

// A server that joins through a remote nobody listens on: no cluster id, no servers yet.
const char* const joiningText = R"(c0c7
Name: tiny
Cluster ID: not yet known
Server ID: c0c7 (c0c72f8a-215f-4584-8735-3f7cf6c2a27b)
Address: tcp:127.0.0.1:16644
Status: joining cluster
Remotes for joining: tcp:127.0.0.1:16649
Role: follower
Term: 0
Leader: unknown
Vote: unknown

Election timer: 1000
Log: [1, 1]
Entries not yet committed: 0
Entries not yet applied: 0
Connections: (->0000)
Disconnections: 0
Servers:
)";

// Lines of other versions: a newer server's membership change and timer change, an unknown
// line, and no Last Election or Disconnections lines.
const char* const otherVersionText = "a1b2\n"
                                     "Name: OVN_Southbound\n"
                                     "Cluster ID: 0f0f (0f0f0000-0000-0000-0000-000000000000)\n"
                                     "Server ID: a1b2 (a1b20000-0000-0000-0000-000000000000)\n"
                                     "Address: ssl:[fd00::1]:6644\n"
                                     "Status: cluster member\n"
                                     "Adding server e5f6 (e5f6 at ssl:[fd00::3]:6644) (catchup)\n"
                                     "Role: leader\n"
                                     "Term: 18446744073709551615\n"
                                     "Leader: self\n"
                                     "Vote: self\n"
                                     "Future field: something new\n"
                                     "\n"
                                     "Election timer: 4000 (changing to 8000)\n"
                                     "Log: [100, 250]\n"
                                     "Entries not yet committed: 3\n"
                                     "Entries not yet applied: 5\n"
                                     "Connections: ->c3d4 <-c3d4\n"
                                     "Servers:\n"
                                     "    a1b2 (a1b2 at ssl:[fd00::1]:6644) (self) next_index=250 "
                                     "match_index=249\n"
                                     "    c3d4 (c3d4 at ssl:[fd00::2]:6644) (committing) "
                                     "next_index=250 match_index=248\n"
                                     "this line is not a member\n";

} // namespace

class TestClusterStatusText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void realReplies_data();
    void realReplies();
    void leaderDetails();
    void candidateDetails();
    void joiningDetails();
    void otherVersionLines();
    void memberLines_data();
    void memberLines();
    void notAClusterStatus_data();
    void notAClusterStatus();
    void partialText_data();
    void partialText();
    void roleNames();
    void clientRemote_data();
    void clientRemote();
};

void TestClusterStatusText::realReplies_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("role");
    QTest::addColumn<qint64>("term");
    QTest::addColumn<QString>("leader");
    QTest::addColumn<QString>("leaderId");
    QTest::addColumn<QString>("leaderAddress");
    QTest::addColumn<int>("members");
    QTest::addColumn<int>("self"); // index of the member marked (self), -1 none
    QTest::newRow("leader") << leaderText << "d4fc"
                            << "cluster member"
                            << "leader" << qint64(1) << "self"
                            << "d4fc"
                            << "tcp:127.0.0.1:16641" << 3 << 2;
    QTest::newRow("follower") << followerText << "298c"
                              << "cluster member"
                              << "follower" << qint64(1) << "d4fc"
                              << "d4fc"
                              << "tcp:127.0.0.1:16641" << 3 << 1;
    QTest::newRow("after failover") << failoverText << "298c"
                                    << "cluster member"
                                    << "follower" << qint64(2) << "cd21"
                                    << "cd21"
                                    << "tcp:127.0.0.1:16643" << 3 << 1;
    QTest::newRow("candidate") << candidateText << "298c"
                               << "disconnected from the cluster (election timeout)"
                               << "candidate" << qint64(5) << "unknown"
                               << ""
                               << "" << 3 << 1;
    QTest::newRow("joining") << joiningText << "c0c7"
                             << "joining cluster"
                             << "follower" << qint64(0) << "unknown"
                             << ""
                             << "" << 0 << -1;
    QTest::newRow("crlf") << QString::fromLatin1(followerText).replace("\n", "\r\n") << "298c"
                          << "cluster member"
                          << "follower" << qint64(1) << "d4fc"
                          << "d4fc"
                          << "tcp:127.0.0.1:16641" << 3 << 1;
}

void TestClusterStatusText::realReplies() {
    QFETCH(QString, text);
    QFETCH(QString, server);
    QFETCH(QString, status);
    QFETCH(QString, role);
    QFETCH(qint64, term);
    QFETCH(QString, leader);
    QFETCH(QString, leaderId);
    QFETCH(QString, leaderAddress);
    QFETCH(int, members);
    QFETCH(int, self);
    QString error;
    const std::optional<ClusterRaftStatus> s = parseClusterStatus(text, &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(s->nickname, server);
    QCOMPARE(s->serverId, server);
    QCOMPARE(s->database, QStringLiteral("tiny"));
    QCOMPARE(s->status, status);
    QCOMPARE(clusterRoleName(s->role), role);
    QCOMPARE(s->term, term);
    QCOMPARE(s->leader, leader);
    QCOMPARE(s->leaderId(), leaderId);
    QCOMPARE(s->leaderAddress(), leaderAddress);
    QCOMPARE(s->electionTimerMs, qint64(1000));
    QCOMPARE(s->members.size(), members);
    for (int i = 0; i < s->members.size(); i++) {
        QCOMPARE(s->members[i].self, i == self);
        QVERIFY(s->members[i].address.startsWith(QLatin1String("tcp:127.0.0.1:1664")));
        QCOMPARE(s->members[i].id.size(), 4);
    }
    if (self >= 0) {
        QCOMPARE(s->members[self].address, s->address);
        QCOMPARE(s->members[self].id, s->serverId);
    }
}

void TestClusterStatusText::leaderDetails() {
    const std::optional<ClusterRaftStatus> s = parseClusterStatus(QString::fromLatin1(leaderText));
    QVERIFY(s);
    QCOMPARE(s->clusterId, QStringLiteral("3db7"));
    QCOMPARE(s->clusterUuid, QStringLiteral("3db7b85c-bd4a-43c4-9d48-12e5fc6871e6"));
    QCOMPARE(s->serverUuid, QStringLiteral("d4fc6a33-c185-4c1d-97e4-7be47a088079"));
    QCOMPARE(s->address, QStringLiteral("tcp:127.0.0.1:16641"));
    QCOMPARE(s->vote, QStringLiteral("self"));
    QCOMPARE(s->lastElectionStartedMs, qint64(3094));
    QCOMPARE(s->lastElectionReason, QStringLiteral("timeout"));
    QCOMPARE(s->lastElectionWonMs, qint64(3094));
    QCOMPARE(s->logStart, qint64(2));
    QCOMPARE(s->logEnd, qint64(5));
    QCOMPARE(s->uncommitted, qint64(0));
    QCOMPARE(s->unapplied, qint64(0));
    QCOMPARE(s->connections, (QStringList{"<-298c", "->298c", "<-cd21", "->cd21"}));
    QCOMPARE(s->disconnections, qint64(0));
    QCOMPARE(s->electionTimerChangingToMs, qint64(-1));
    const ClusterMember& cd21 = s->members[0];
    QCOMPARE(cd21.id, QStringLiteral("cd21"));
    QCOMPARE(cd21.nickname, QStringLiteral("cd21"));
    QCOMPARE(cd21.address, QStringLiteral("tcp:127.0.0.1:16643"));
    QCOMPARE(cd21.nextIndex, qint64(5));
    QCOMPARE(cd21.matchIndex, qint64(4));
    QCOMPARE(cd21.lastMsgMs, qint64(38));
    QVERIFY(cd21.phase.isEmpty());
    const ClusterMember& self = s->members[2];
    QCOMPARE(self.nextIndex, qint64(2));
    QCOMPARE(self.matchIndex, qint64(4));
    QCOMPARE(self.lastMsgMs, qint64(-1));
}

void TestClusterStatusText::candidateDetails() {
    const std::optional<ClusterRaftStatus> s =
        parseClusterStatus(QString::fromLatin1(candidateText));
    QVERIFY(s);
    QCOMPARE(s->role, ClusterRole::Candidate);
    QCOMPARE(s->vote, QStringLiteral("self"));
    QCOMPARE(s->lastElectionStartedMs, qint64(268));
    QCOMPARE(s->lastElectionWonMs, qint64(-1));
    QCOMPARE(s->disconnections, qint64(2));
    QCOMPARE(s->connections, (QStringList{"(->0000)", "(->cd21)"}));
    QCOMPARE(s->members[1].votedFor, QStringLiteral("298c"));
    QVERIFY(s->members[1].phase.isEmpty()); // "(voted for ...)" is no phase
    QCOMPARE(s->members[2].lastMsgMs, qint64(18985));
    QCOMPARE(s->members[0].nextIndex, qint64(-1));
}

void TestClusterStatusText::joiningDetails() {
    const std::optional<ClusterRaftStatus> s = parseClusterStatus(QString::fromLatin1(joiningText));
    QVERIFY(s);
    QVERIFY(s->clusterId.isEmpty());
    QVERIFY(s->clusterUuid.isEmpty());
    QCOMPARE(s->joinRemotes, QStringList{QStringLiteral("tcp:127.0.0.1:16649")});
    QCOMPARE(s->logStart, qint64(1));
    QCOMPARE(s->logEnd, qint64(1));
}

void TestClusterStatusText::otherVersionLines() {
    const std::optional<ClusterRaftStatus> s =
        parseClusterStatus(QString::fromLatin1(otherVersionText));
    QVERIFY(s);
    QCOMPARE(s->database, QStringLiteral("OVN_Southbound"));
    QCOMPARE(s->address, QStringLiteral("ssl:[fd00::1]:6644"));
    QCOMPARE(s->role, ClusterRole::Leader);
    QCOMPARE(s->term, qint64(-1)); // past qint64: not read, not wrapped
    QCOMPARE(s->electionTimerMs, qint64(4000));
    QCOMPARE(s->electionTimerChangingToMs, qint64(8000));
    QCOMPARE(s->logStart, qint64(100));
    QCOMPARE(s->logEnd, qint64(250));
    QCOMPARE(s->uncommitted, qint64(3));
    QCOMPARE(s->unapplied, qint64(5));
    QCOMPARE(s->disconnections, qint64(-1));
    QCOMPARE(s->lastElectionStartedMs, qint64(-1));
    QCOMPARE(s->membershipChanges.size(), 1);
    QVERIFY(s->membershipChanges[0].startsWith(QLatin1String("Adding server e5f6")));
    QCOMPARE(s->members.size(), 2);
    QCOMPARE(s->members[1].phase, QStringLiteral("committing"));
    QCOMPARE(s->members[1].matchIndex, qint64(248));
    QCOMPARE(s->leaderAddress(), QStringLiteral("ssl:[fd00::1]:6644"));
}

void TestClusterStatusText::memberLines_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("self");
    QTest::addColumn<QString>("phase");
    QTest::addColumn<qint64>("next");
    QTest::addColumn<qint64>("match");
    QTest::addColumn<qint64>("lastMsg");
    QTest::newRow("bare") << "    cd21 (cd21 at tcp:127.0.0.1:16643)" << true << "cd21"
                          << "tcp:127.0.0.1:16643" << false << "" << qint64(-1) << qint64(-1)
                          << qint64(-1);
    QTest::newRow("leader's view")
        << "    cd21 (cd21 at tcp:127.0.0.1:16643) next_index=5 match_index=4 last msg 38 ms ago"
        << true << "cd21"
        << "tcp:127.0.0.1:16643" << false << "" << qint64(5) << qint64(4) << qint64(38);
    QTest::newRow("self") << "    d4fc (d4fc at unix:/run/db.raft) (self) next_index=2 "
                             "match_index=4"
                          << true << "d4fc"
                          << "unix:/run/db.raft" << true << "" << qint64(2) << qint64(4)
                          << qint64(-1);
    QTest::newRow("phase") << "  e5f6 (e5f6 at ssl:10.0.0.3:6644) (caught up)" << true << "e5f6"
                           << "ssl:10.0.0.3:6644" << false << "caught up" << qint64(-1)
                           << qint64(-1) << qint64(-1);
    QTest::newRow("nickname differs")
        << "    east (a1b2 at tcp:10.0.0.1:6644)" << true << "a1b2"
        << "tcp:10.0.0.1:6644" << false << "" << qint64(-1) << qint64(-1) << qint64(-1);
    QTest::newRow("overflowing index")
        << "    cd21 (cd21 at tcp:1.2.3.4:1) next_index=99999999999999999999 match_index=1" << true
        << "cd21"
        << "tcp:1.2.3.4:1" << false << "" << qint64(-1) << qint64(1) << qint64(-1);
    QTest::newRow("no parenthesis") << "    cd21 cd21 at tcp:1.2.3.4:1" << false << ""
                                    << "" << false << "" << qint64(-1) << qint64(-1) << qint64(-1);
    QTest::newRow("no address") << "    cd21 (cd21)" << false << ""
                                << "" << false << "" << qint64(-1) << qint64(-1) << qint64(-1);
    QTest::newRow("unclosed") << "    cd21 (cd21 at tcp:1.2.3.4:1" << false << ""
                              << "" << false << "" << qint64(-1) << qint64(-1) << qint64(-1);
    QTest::newRow("empty") << "" << false << ""
                           << "" << false << "" << qint64(-1) << qint64(-1) << qint64(-1);
}

void TestClusterStatusText::memberLines() {
    QFETCH(QString, line);
    QFETCH(bool, valid);
    const std::optional<ClusterMember> m = parseClusterMember(line);
    QCOMPARE(m.has_value(), valid);
    if (!valid) {
        return;
    }
    QFETCH(QString, id);
    QFETCH(QString, address);
    QFETCH(bool, self);
    QFETCH(QString, phase);
    QFETCH(qint64, next);
    QFETCH(qint64, match);
    QFETCH(qint64, lastMsg);
    QCOMPARE(m->id, id);
    QCOMPARE(m->address, address);
    QCOMPARE(m->self, self);
    QCOMPARE(m->phase, phase);
    QCOMPARE(m->nextIndex, next);
    QCOMPARE(m->matchIndex, match);
    QCOMPARE(m->lastMsgMs, lastMsg);
}

void TestClusterStatusText::notAClusterStatus_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("blank lines") << "\n\n\r\n   \n";
    QTest::newRow("standalone error") << "unknown cluster";
    QTest::newRow("list-commands") << "The available commands are:\n  exit\n  list-commands\n";
    QTest::newRow("servers only") << "Servers:\n    cd21 (cd21 at tcp:1.2.3.4:1)\n";
    QTest::newRow("binary") << QString::fromLatin1("\x01\x02:\x03\xff\n\t:\n(:)\n");
    QTest::newRow("colons") << ":::\n: : :\nName\nRole\n";
}

void TestClusterStatusText::notAClusterStatus() {
    QFETCH(QString, text);
    QString error;
    QVERIFY(!parseClusterStatus(text, &error));
    QVERIFY(!error.isEmpty());
}

void TestClusterStatusText::partialText_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("role");
    QTest::addColumn<qint64>("term");
    QTest::addColumn<int>("members");
    QTest::newRow("role only") << "Role: follower"
                               << "follower" << qint64(-1) << 0;
    QTest::newRow("odd role") << "Role: observer\nTerm: 7"
                              << "unknown" << qint64(7) << 0;
    QTest::newRow("negative term") << "Role: leader\nTerm: -3"
                                   << "leader" << qint64(-1) << 0;
    QTest::newRow("junk term") << "Role: leader\nTerm: 12abc"
                               << "leader" << qint64(-1) << 0;
    QTest::newRow("cut mid-member")
        << "Role: leader\nServers:\n    cd21 (cd21 at tcp:1.2.3.4:1) next_ind"
        << "leader" << qint64(-1) << 1;
    QTest::newRow("members before Servers") << "    cd21 (cd21 at tcp:1.2.3.4:1)\nRole: leader\n"
                                            << "leader" << qint64(-1) << 0;
    QTest::newRow("section ends")
        << "Role: leader\nServers:\n    a (a at tcp:1:1)\nTerm: 4\n    b (b at tcp:2:2)\n"
        << "leader" << qint64(4) << 1;
    QTest::newRow("bad log") << "Name: x\nLog: [2,\nElection timer: soon"
                             << "unknown" << qint64(-1) << 0;
    QString many = QStringLiteral("Role: leader\nServers:\n");
    for (int i = 0; i < maxClusterMembers + 50; i++) {
        many += QStringLiteral("    m%1 (m%1 at tcp:10.0.0.1:%1)\n").arg(i);
    }
    QTest::newRow("too many members") << many << "leader" << qint64(-1) << maxClusterMembers;
}

void TestClusterStatusText::partialText() {
    QFETCH(QString, text);
    QFETCH(QString, role);
    QFETCH(qint64, term);
    QFETCH(int, members);
    QString error;
    const std::optional<ClusterRaftStatus> s = parseClusterStatus(text, &error);
    QVERIFY2(s, qPrintable(error));
    QCOMPARE(clusterRoleName(s->role), role);
    QCOMPARE(s->term, term);
    QCOMPARE(s->members.size(), members);
    QVERIFY(s->leaderId().isEmpty());
}

void TestClusterStatusText::roleNames() {
    for (ClusterRole r : {ClusterRole::Unknown, ClusterRole::Leader, ClusterRole::Follower,
                          ClusterRole::Candidate}) {
        QCOMPARE(clusterRoleFromName(clusterRoleName(r)), r);
        QCOMPARE(clusterRoleFromName(clusterRoleName(r).toUpper()), r);
    }
    QCOMPARE(clusterRoleFromName(QStringLiteral("<error>")), ClusterRole::Unknown);
}

void TestClusterStatusText::clientRemote_data() {
    QTest::addColumn<QString>("remotes");
    QTest::addColumn<QString>("remote");
    QTest::newRow("unix first") << "ptcp:6641:10.0.0.1\npunix:/run/ovn/ovnsb_db.sock\n"
                                << "unix:/run/ovn/ovnsb_db.sock";
    QTest::newRow("tcp on an address") << "ptcp:6642:10.0.0.1\n"
                                       << "tcp:10.0.0.1:6642";
    QTest::newRow("tcp wildcard") << "ptcp:6642:0.0.0.0"
                                  << "tcp:127.0.0.1:6642";
    QTest::newRow("tcp port only") << "ptcp:6642"
                                   << "tcp:127.0.0.1:6642";
    QTest::newRow("ipv6") << "ptcp:6642:[fd00::1]"
                          << "tcp:[fd00::1]:6642";
    QTest::newRow("ipv6 wildcard") << "ptcp:6642:[::]"
                                   << "tcp:[::1]:6642";
    QTest::newRow("ephemeral") << "ptcp:0:127.0.0.1"
                               << "";
    QTest::newRow("ssl and db only") << "pssl:6643\ndb:Open_vSwitch,Open_vSwitch,manager_options\n"
                                     << "";
    QTest::newRow("none") << ""
                          << "";
    QTest::newRow("empty punix") << "punix:\nptcp:1:127.0.0.1"
                                 << "tcp:127.0.0.1:1";
}

void TestClusterStatusText::clientRemote() {
    QFETCH(QString, remotes);
    QFETCH(QString, remote);
    QCOMPARE(ServerDatabaseMonitor::clientRemote(remotes), remote);
}

QTEST_GUILESS_MAIN(TestClusterStatusText)
#include "tst_cluster_status_text.moc"
