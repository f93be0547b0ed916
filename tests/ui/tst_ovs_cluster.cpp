// A real three-member OVSDB RAFT cluster (ovsdb-tool create-cluster / join-cluster, three
// ovsdb-servers on loopback ports picked now) seen by an in-process Console: the servers are
// discovered by their control sockets, agree on one leader and term, list three members with
// their addresses, and a standalone database beside them is left out; cluster/list answers the
// same over the console's control socket; each server's own cluster/status text parses to what
// it says through cluster/sid. Then the leader is killed (-9), with polling slowed to once in
// ten minutes: the survivors' _Server databases change, so the console asks them at once and
// shows a new leader among the other two in a higher term, and the dead one's target gone.
#include "console_test_util.h"
#include "services/cluster_status.h"
#include "services/console.h"
#include "services/control_server.h"
#include "services/target_registry.h"
#include "views/cluster_panel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace vigil::ui;
using vigil::test::bin;
using vigil::test::run_program;
using vigil::test::run_result;

namespace {

constexpr int members = 3;

} // namespace

class TestOvsCluster : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void panelWatchesWhileShown();
    void agreeOnLeader();
    void panelShowsMembers();
    void ownTextParses();
    void clusterListCommand();
    void leaderKilled();
    void panelAfterFailover();

private:
    QString control(int i) const {
        return dir_.path() + QStringLiteral("/ovsdb-server-%1.ctl").arg(i + 1);
    }
    QString target(int i) const { return QStringLiteral("ovsdb-server-%1").arg(i + 1); }
    // The console's records of the database "tiny", by target.
    QHash<QString, ClusterDatabaseStatus> tinyRecords() const;
    // The panel's member rows of the one cluster, by address: {role, target}.
    QHash<QString, QStringList> panelMembers() const;
    // True when the live servers among `alive` agree on one leader in one term (which this
    // returns through `term` and `leader`) and each lists every member.
    bool agreed(const QList<int>& alive, qint64* term, QString* leader) const;

    QTemporaryDir dir_;
    QProcessEnvironment env_;
    QStringList addresses_;
    QList<pid_t> pids_;
    std::unique_ptr<Console> console_;
    std::unique_ptr<ClusterPanel> panel_;
    int killed_ = -1;
    qint64 firstTerm_ = -1;
    QString firstLeader_;
};

void TestOvsCluster::initTestCase() {
    QVERIFY(dir_.isValid());
    qputenv("OVS_RUNDIR", dir_.path().toLocal8Bit());
    env_ = vigil::test::env_with_rundir(dir_.path());
    const QString schema = dir_.path() + QStringLiteral("/tiny.ovsschema");
    QFile f(schema);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"name": "tiny", "version": "1.0.0", "tables": {"t": {"columns": )"
            R"({"x": {"type": "integer"}}}}})");
    f.close();
    const QString plainSchema = dir_.path() + QStringLiteral("/plain.ovsschema");
    QFile p(plainSchema);
    QVERIFY(p.open(QIODevice::WriteOnly));
    p.write(R"({"name": "plain", "version": "1.0.0", "tables": {"u": {"columns": )"
            R"({"y": {"type": "string"}}}}})");
    p.close();

    const QList<int> ports = vigil::test::free_loopback_ports(members);
    QCOMPARE(ports.size(), members);
    for (int port : ports) {
        addresses_ << QStringLiteral("tcp:127.0.0.1:%1").arg(port);
    }
    auto db = [this](int i) { return dir_.path() + QStringLiteral("/db%1.db").arg(i + 1); };
    run_result r =
        run_program(QStringLiteral("ovsdb-tool"),
                    {QStringLiteral("create-cluster"), db(0), schema, addresses_[0]}, env_);
    QVERIFY2(r.exit_code == 0, r.err.constData());
    for (int i = 1; i < members; i++) {
        r = run_program(QStringLiteral("ovsdb-tool"),
                        {QStringLiteral("join-cluster"), db(i), QStringLiteral("tiny"),
                         addresses_[i], addresses_[0]},
                        env_);
        QVERIFY2(r.exit_code == 0, r.err.constData());
    }
    const QString plain = dir_.path() + QStringLiteral("/plain.db");
    r = run_program(QStringLiteral("ovsdb-tool"), {QStringLiteral("create"), plain, plainSchema},
                    env_);
    QVERIFY2(r.exit_code == 0, r.err.constData());

    for (int i = 0; i < members; i++) {
        const QString pidfile = dir_.path() + QStringLiteral("/ovsdb-server-%1.pid").arg(i + 1);
        QStringList args{db(i)};
        if (i == 0) {
            args << plain; // a standalone database beside the clustered one
        }
        args << QStringLiteral("--remote=punix:") + dir_.path() +
                    QStringLiteral("/db%1.sock").arg(i + 1)
             << QStringLiteral("--unixctl=") + control(i) << QStringLiteral("--pidfile=") + pidfile
             << QStringLiteral("--log-file=") + dir_.path() +
                    QStringLiteral("/ovsdb-server-%1.log").arg(i + 1)
             << QStringLiteral("--no-chdir") << QStringLiteral("--detach");
        r = run_program(QStringLiteral("ovsdb-server"), args, env_);
        QVERIFY2(r.exit_code == 0, r.err.constData());
        const pid_t pid = vigil::test::read_pid(pidfile);
        QVERIFY(pid > 0);
        pids_ << pid;
    }

    console_ = std::make_unique<Console>();
    console_->targets()->setRunDirectories({dir_.path()});
    console_->clusters()->setInterval(ClusterStatus::minIntervalMs);
}

void TestOvsCluster::cleanupTestCase() {
    panel_.reset();
    console_.reset();
    for (pid_t pid : pids_) {
        if (pid > 0 && !vigil::test::process_gone(pid)) {
            ::kill(pid, SIGKILL);
            vigil::test::wait_until([pid] { return vigil::test::process_gone(pid); }, 10000);
        }
    }
}

QHash<QString, ClusterDatabaseStatus> TestOvsCluster::tinyRecords() const {
    QHash<QString, ClusterDatabaseStatus> records;
    for (const ClusterDatabaseStatus& db : console_->clusters()->databases()) {
        if (db.database == QLatin1String("tiny")) {
            records.insert(db.target, db);
        }
    }
    return records;
}

bool TestOvsCluster::agreed(const QList<int>& alive, qint64* term, QString* leader) const {
    const QHash<QString, ClusterDatabaseStatus> records = tinyRecords();
    QSet<QString> leaders;
    QSet<qint64> terms;
    int leading = 0;
    QString leaderOwnId;
    for (int i : alive) {
        const auto it = records.constFind(target(i));
        if (it == records.cend() || !it->ok || it->raft.members.size() != members) {
            return false;
        }
        const ClusterRaftStatus& r = it->raft;
        QStringList listed;
        for (const ClusterMember& m : r.members) {
            listed << m.address;
        }
        listed.sort();
        QStringList expected = addresses_;
        expected.sort();
        if (listed != expected || r.address != addresses_[i]) {
            return false;
        }
        leaders.insert(r.leaderId());
        terms.insert(r.term);
        if (r.role == ClusterRole::Leader) {
            leading++;
            leaderOwnId = r.serverId;
        }
    }
    if (leaders.size() != 1 || terms.size() != 1 || leading != 1 ||
        *leaders.begin() != leaderOwnId || leaderOwnId.isEmpty()) {
        return false;
    }
    *term = *terms.begin();
    *leader = leaderOwnId;
    return true;
}

// Nothing is asked while nobody looks; the shown panel keeps the service polling.
void TestOvsCluster::panelWatchesWhileShown() {
    panel_ = std::make_unique<ClusterPanel>(console_->clusters());
    QVERIFY(!console_->clusters()->isWatched());
    panel_->resize(1200, 600);
    panel_->show();
    QVERIFY(console_->clusters()->isWatched());
    panel_->hide();
    QVERIFY(!console_->clusters()->isWatched());
    panel_->show();
    QVERIFY(console_->clusters()->isWatched());
}

QHash<QString, QStringList> TestOvsCluster::panelMembers() const {
    QHash<QString, QStringList> rows;
    QTreeWidget* tree = panel_->clusterTree();
    if (tree->topLevelItemCount() != 1) {
        return rows;
    }
    QTreeWidgetItem* cluster = tree->topLevelItem(0);
    for (int i = 0; i < cluster->childCount(); i++) {
        QTreeWidgetItem* m = cluster->child(i);
        rows.insert(m->text(ClusterPanel::AddressColumn),
                    {m->text(ClusterPanel::RoleColumn), m->text(ClusterPanel::TargetColumn)});
    }
    return rows;
}

void TestOvsCluster::agreeOnLeader() {
    const QList<int> all{0, 1, 2};
    QTRY_VERIFY_WITH_TIMEOUT(agreed(all, &firstTerm_, &firstLeader_), 60000);
    QVERIFY(firstTerm_ >= 1);
    const QHash<QString, ClusterDatabaseStatus> records = tinyRecords();
    QCOMPARE(records.size(), members);
    QSet<QString> clusterIds;
    for (const ClusterDatabaseStatus& db : records) {
        QCOMPARE(db.raft.status, QStringLiteral("cluster member"));
        QCOMPARE(db.raft.database, QStringLiteral("tiny"));
        clusterIds.insert(db.raft.clusterUuid);
        int self = 0;
        for (const ClusterMember& m : db.raft.members) {
            self += m.self ? 1 : 0;
        }
        QCOMPARE(self, 1);
    }
    QCOMPARE(clusterIds.size(), 1);
    QVERIFY(!clusterIds.begin()->isEmpty());
    // Only clustered databases: the standalone "plain" and _Server are left out.
    for (const ClusterDatabaseStatus& db : console_->clusters()->databases()) {
        QVERIFY2(db.database == QLatin1String("tiny"), qPrintable(db.database));
    }
}

void TestOvsCluster::panelShowsMembers() {
    auto shown = [this] {
        const QHash<QString, QStringList> rows = panelMembers();
        int leaders = 0;
        int followers = 0;
        for (const QStringList& r : rows) {
            leaders += r[0] == QLatin1String("leader");
            followers += r[0] == QLatin1String("follower");
        }
        return rows.size() == members && leaders == 1 && followers == members - 1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(shown(), 30000);
    QTreeWidgetItem* cluster = panel_->clusterTree()->topLevelItem(0);
    QCOMPARE(cluster->text(ClusterPanel::MemberColumn), QStringLiteral("tiny"));
    QVERIFY(cluster->text(ClusterPanel::LeaderColumn).startsWith(firstLeader_));
    const QHash<QString, QStringList> rows = panelMembers();
    for (int i = 0; i < members; i++) {
        QVERIFY2(rows.contains(addresses_[i]), qPrintable(addresses_[i]));
        QCOMPARE(rows.value(addresses_[i])[1], target(i));
    }
}

// Each server's own reply, asked with the real ovs-appctl, parses to the server id that
// cluster/sid gives and to the members of the console's record.
void TestOvsCluster::ownTextParses() {
    for (int i = 0; i < members; i++) {
        const run_result status = run_program(
            QStringLiteral("ovs-appctl"),
            {QStringLiteral("-t"), control(i), QStringLiteral("cluster/status"), "tiny"}, env_);
        QVERIFY2(status.exit_code == 0, status.err.constData());
        const run_result sid = run_program(
            QStringLiteral("ovs-appctl"),
            {QStringLiteral("-t"), control(i), QStringLiteral("cluster/sid"), "tiny"}, env_);
        QVERIFY2(sid.exit_code == 0, sid.err.constData());
        QString error;
        const std::optional<ClusterRaftStatus> s =
            parseClusterStatus(QString::fromUtf8(status.out), &error);
        QVERIFY2(s, qPrintable(error));
        QCOMPARE(s->serverUuid, QString::fromUtf8(sid.out).trimmed());
        QCOMPARE(s->serverId, s->serverUuid.left(4));
        QCOMPARE(s->address, addresses_[i]);
        QCOMPARE(s->members.size(), members);
        QVERIFY(s->term >= firstTerm_);
        QVERIFY(s->role != ClusterRole::Unknown);
        QVERIFY(s->electionTimerMs > 0);
        QVERIFY(s->logEnd >= s->logStart && s->logStart > 0);
        // The unparsed standalone database answers as OVS says it does.
        const run_result plain = run_program(
            QStringLiteral("ovs-appctl"),
            {QStringLiteral("-t"), control(i), QStringLiteral("cluster/status"), "plain"}, env_);
        QCOMPARE(plain.exit_code, 2);
        QVERIFY2(plain.err.contains("unknown cluster"), plain.err.constData());
    }
}

void TestOvsCluster::clusterListCommand() {
    QString error;
    QVERIFY2(console_->startControlSocket(&error), qPrintable(error));
    const QString socket = console_->controlServer()->socketPath();
    const run_result json = vigil::test::run_serving(
        bin(QStringLiteral("vigil-appctl")),
        {QStringLiteral("-t"), socket, QStringLiteral("--format"), QStringLiteral("json"),
         QStringLiteral("cluster/list"), QStringLiteral("tiny")},
        env_);
    QVERIFY2(json.exit_code == 0, json.err.constData());
    const QJsonArray rows = QJsonDocument::fromJson(json.out).array();
    QCOMPARE(rows.size(), members);
    QSet<QString> targets;
    int leaders = 0;
    for (const QJsonValue& v : rows) {
        const QJsonObject o = v.toObject();
        targets.insert(o.value(QLatin1String("target")).toString());
        QCOMPARE(o.value(QLatin1String("database")).toString(), QStringLiteral("tiny"));
        QVERIFY(o.value(QLatin1String("ok")).toBool());
        QVERIFY(o.value(QLatin1String("term")).toInteger() >= firstTerm_);
        leaders += o.value(QLatin1String("role")).toString() == QLatin1String("leader");
        QVERIFY(!o.value(QLatin1String("leader_id")).toString().isEmpty());
        QVERIFY(addresses_.contains(o.value(QLatin1String("leader_address")).toString()));
        const QJsonArray listed = o.value(QLatin1String("members")).toArray();
        QCOMPARE(listed.size(), members);
        for (const QJsonValue& m : listed) {
            QVERIFY(addresses_.contains(m.toObject().value(QLatin1String("address")).toString()));
        }
    }
    QCOMPARE(leaders, 1);
    QCOMPARE(targets, (QSet<QString>{target(0), target(1), target(2)}));

    const run_result text = vigil::test::run_serving(
        bin(QStringLiteral("vigil-appctl")),
        {QStringLiteral("-t"), socket, QStringLiteral("cluster/list")}, env_);
    QVERIFY2(text.exit_code == 0, text.err.constData());
    const QStringList lines = QString::fromUtf8(text.out).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), members + 1);
    QVERIFY(lines[0].startsWith(QLatin1String("TARGET")));
    QVERIFY(lines[0].contains(QLatin1String("LEADER")));
    for (int i = 1; i < lines.size(); i++) {
        QVERIFY2(lines[i].contains(QLatin1String(" tiny ")), qPrintable(lines[i]));
    }

    const run_result unknown = vigil::test::run_serving(
        bin(QStringLiteral("vigil-appctl")),
        {QStringLiteral("-t"), socket, QStringLiteral("cluster/list"), QStringLiteral("plain")},
        env_);
    QCOMPARE(unknown.exit_code, 2);
    QVERIFY2(unknown.err.contains("no clustered database \"plain\""), unknown.err.constData());

    // Nothing of this test is an ovn-controller.
    const run_result ovn =
        vigil::test::run_serving(bin(QStringLiteral("vigil-appctl")),
                                 {QStringLiteral("-t"), socket, QStringLiteral("--format"),
                                  QStringLiteral("json"), QStringLiteral("ovn/list")},
                                 env_);
    QVERIFY2(ovn.exit_code == 0, ovn.err.constData());
    QCOMPARE(QJsonDocument::fromJson(ovn.out).array().size(), 0);
}

void TestOvsCluster::leaderKilled() {
    int killed = -1;
    const QHash<QString, ClusterDatabaseStatus> before = tinyRecords();
    for (int i = 0; i < members; i++) {
        if (before.value(target(i)).raft.role == ClusterRole::Leader) {
            killed = i;
        }
    }
    QVERIFY(killed >= 0);
    killed_ = killed;
    QCOMPARE(before.value(target(killed)).raft.serverId, firstLeader_);
    // From now on the poll would come only in ten minutes: what follows is seen because each
    // server's _Server database changes (the monitor asks its server again at once).
    console_->clusters()->setInterval(10 * 60 * 1000);
    QVERIFY(::kill(pids_[killed], SIGKILL) == 0);
    QTRY_VERIFY_WITH_TIMEOUT(vigil::test::process_gone(pids_[killed]), 10000);

    QList<int> alive;
    for (int i = 0; i < members; i++) {
        if (i != killed) {
            alive << i;
        }
    }
    qint64 term = -1;
    QString leader;
    // The survivors elect one of themselves in a later term (the dead member stays configured,
    // so each still lists three members).
    const bool elected = QTest::qWaitFor(
        [&] {
            return agreed(alive, &term, &leader) && term > firstTerm_ && leader != firstLeader_;
        },
        60000);
    if (!elected) {
        for (int i : alive) {
            const ClusterDatabaseStatus db = tinyRecords().value(target(i));
            const run_result now = run_program(
                QStringLiteral("ovs-appctl"),
                {QStringLiteral("-t"), control(i), QStringLiteral("cluster/status"), "tiny"}, env_);
            qWarning("%s: ok %d error '%s' role %s term %lld leader %s; the server says now:\n%s",
                     qPrintable(target(i)), db.ok, qPrintable(db.error),
                     qPrintable(clusterRoleName(db.raft.role)), db.raft.term,
                     qPrintable(db.raft.leader), now.out.constData());
        }
    }
    QVERIFY(elected);
    qInfo("leader %s (term %lld) killed; %s leads in term %lld", qPrintable(firstLeader_),
          firstTerm_, qPrintable(leader), term);
    // The dead server is no longer reported as anything: its target is gone or its status is
    // unknown.
    auto deadUnknown = [&] {
        const auto records = tinyRecords();
        const auto it = records.constFind(target(killed));
        return it == records.cend() || (!it->ok && it->raft.role == ClusterRole::Unknown &&
                                        it->raft.term < 0 && it->raft.members.isEmpty());
    };
    QTRY_VERIFY_WITH_TIMEOUT(deadUnknown(), 30000);
    // And the registry drops its stale socket.
    QTRY_VERIFY_WITH_TIMEOUT(!console_->targets()->target(target(killed)), 30000);
    QVERIFY(!tinyRecords().contains(target(killed)));
}

// The dead member stays in the cluster's configuration, so the panel keeps its row, now
// without a role of its own; the survivors show the new leader.
void TestOvsCluster::panelAfterFailover() {
    QVERIFY(killed_ >= 0);
    auto shown = [this] {
        const QHash<QString, QStringList> rows = panelMembers();
        int leaders = 0;
        for (int i = 0; i < members; i++) {
            if (i != killed_) {
                leaders += rows.value(addresses_[i]).value(0) == QLatin1String("leader");
            }
        }
        const QString dead = rows.value(addresses_[killed_]).value(0);
        return rows.size() == members && leaders == 1 &&
               (dead == QLatin1String("not reached") || dead == QLatin1String("unreachable"));
    };
    QTRY_VERIFY_WITH_TIMEOUT(shown(), 30000);
    QVERIFY(!panel_->clusterTree()
                 ->topLevelItem(0)
                 ->text(ClusterPanel::LeaderColumn)
                 .startsWith(firstLeader_));
    panel_->hide();
    QVERIFY(!console_->clusters()->isWatched());
}

QTEST_MAIN(TestOvsCluster)
#include "tst_ovs_cluster.moc"
