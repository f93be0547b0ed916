// The watch's reply analysis on real Open vSwitch 3.1 output (memory/show, coverage/show,
// dpif/show and dpctl/show captured from ovs-vswitchd on the userspace datapath): the numbers
// extracted per key, the line diff between two coverage/show replies, and the JSON path diff.
#include "services/reply_analysis.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <cmath>

using namespace vigil::ui;

namespace {

// ovs-vswitchd 3.1's coverage/show, 6 s apart, a port added in between.
const char* const coverageBefore =
    R"ovs(Event coverage, avg rate over last: 5 seconds, last minute, last hour,  hash=6e17dd7a:
bridge_reconfigure         0.0/sec     0.083/sec        0.0014/sec   total: 5
ofproto_flush              0.0/sec     0.017/sec        0.0003/sec   total: 1
ofproto_update_port        0.0/sec     0.067/sec        0.0011/sec   total: 4
rev_reconfigure            0.0/sec     0.083/sec        0.0014/sec   total: 5
rev_flow_table             0.0/sec     0.017/sec        0.0003/sec   total: 1
ccmap_shrink               0.0/sec     0.400/sec        0.0067/sec   total: 24
cmap_expand                0.0/sec     0.817/sec        0.0136/sec   total: 49
cmap_shrink                0.0/sec     0.583/sec        0.0097/sec   total: 35
dpif_port_add              0.0/sec     0.033/sec        0.0006/sec   total: 2
dpif_flow_flush            0.0/sec     0.017/sec        0.0003/sec   total: 1
dpif_flow_get              0.0/sec     0.400/sec        0.0067/sec   total: 24
dpif_flow_put              0.0/sec     0.417/sec        0.0069/sec   total: 25
dpif_flow_del              0.0/sec     0.400/sec        0.0067/sec   total: 24
dpif_execute               0.0/sec     0.100/sec        0.0017/sec   total: 6
flow_extract               0.0/sec     0.067/sec        0.0011/sec   total: 4
miniflow_malloc            0.0/sec     0.450/sec        0.0075/sec   total: 27
hmap_pathological          0.0/sec     0.017/sec        0.0003/sec   total: 1
hmap_expand               34.2/sec    16.650/sec        0.2775/sec   total: 1021
hmap_shrink                0.0/sec     0.017/sec        0.0003/sec   total: 1
netdev_get_stats           0.4/sec     0.067/sec        0.0011/sec   total: 6
txn_unchanged              0.2/sec     0.100/sec        0.0017/sec   total: 7
txn_incomplete             0.0/sec     0.117/sec        0.0019/sec   total: 7
txn_success                0.0/sec     0.067/sec        0.0011/sec   total: 4
poll_create_node         202.0/sec    37.483/sec        0.6247/sec   total: 2360
poll_zero_timeout          0.0/sec     0.083/sec        0.0014/sec   total: 5
seq_change               1039.2/sec   201.967/sec        3.3661/sec   total: 12121
pstream_open               0.0/sec     0.050/sec        0.0008/sec   total: 3
stream_open                0.0/sec     0.017/sec        0.0003/sec   total: 1
unixctl_received           1.4/sec     0.183/sec        0.0031/sec   total: 11
unixctl_replied            1.4/sec     0.183/sec        0.0031/sec   total: 11
util_xalloc              377.4/sec   266.450/sec        4.4408/sec   total: 16237
netdev_set_policing        0.0/sec     0.067/sec        0.0011/sec   total: 4
netdev_set_hwaddr          0.0/sec     0.017/sec        0.0003/sec   total: 1
netdev_get_ethtool         0.0/sec     0.100/sec        0.0017/sec   total: 6
netlink_received           0.4/sec     1.417/sec        0.0236/sec   total: 87
netlink_recv_jumbo         0.4/sec     0.883/sec        0.0147/sec   total: 55
netlink_sent               0.4/sec     1.133/sec        0.0189/sec   total: 70
nln_changed                0.0/sec     0.117/sec        0.0019/sec   total: 7
113 events never hit
)ovs";
const char* const coverageAfter =
    R"ovs(Event coverage, avg rate over last: 5 seconds, last minute, last hour,  hash=b5adecf2:
bridge_reconfigure         0.0/sec     0.083/sec        0.0014/sec   total: 7
ofproto_flush              0.0/sec     0.017/sec        0.0003/sec   total: 1
ofproto_update_port        0.0/sec     0.067/sec        0.0011/sec   total: 6
rev_reconfigure            0.0/sec     0.083/sec        0.0014/sec   total: 8
rev_flow_table             0.0/sec     0.017/sec        0.0003/sec   total: 1
ccmap_shrink               0.0/sec     0.400/sec        0.0067/sec   total: 24
cmap_expand                0.0/sec     0.817/sec        0.0136/sec   total: 53
cmap_shrink                0.0/sec     0.583/sec        0.0097/sec   total: 39
dpif_port_add              0.0/sec     0.033/sec        0.0006/sec   total: 3
dpif_flow_flush            0.0/sec     0.017/sec        0.0003/sec   total: 1
dpif_flow_get              0.0/sec     0.400/sec        0.0067/sec   total: 24
dpif_flow_put              0.0/sec     0.417/sec        0.0069/sec   total: 25
dpif_flow_del              0.0/sec     0.400/sec        0.0067/sec   total: 24
dpif_execute               0.0/sec     0.100/sec        0.0017/sec   total: 6
flow_extract               0.0/sec     0.067/sec        0.0011/sec   total: 4
miniflow_malloc            0.0/sec     0.450/sec        0.0075/sec   total: 33
hmap_pathological          0.0/sec     0.017/sec        0.0003/sec   total: 1
hmap_expand               16.8/sec    18.050/sec        0.3008/sec   total: 1239
hmap_shrink                0.0/sec     0.017/sec        0.0003/sec   total: 2
netdev_get_stats           0.4/sec     0.100/sec        0.0017/sec   total: 9
txn_unchanged              0.2/sec     0.117/sec        0.0019/sec   total: 9
txn_incomplete             0.0/sec     0.117/sec        0.0019/sec   total: 12
txn_success                0.0/sec     0.067/sec        0.0011/sec   total: 5
poll_create_node         104.4/sec    46.183/sec        0.7697/sec   total: 3304
poll_zero_timeout          0.0/sec     0.083/sec        0.0014/sec   total: 8
seq_change               1036.6/sec   288.350/sec        4.8058/sec   total: 19983
pstream_open               0.0/sec     0.050/sec        0.0008/sec   total: 3
stream_open                0.0/sec     0.017/sec        0.0003/sec   total: 1
unixctl_received           0.2/sec     0.200/sec        0.0033/sec   total: 12
unixctl_replied            0.2/sec     0.200/sec        0.0033/sec   total: 12
util_xalloc              184.6/sec   281.833/sec        4.6972/sec   total: 19735
netdev_set_policing        0.0/sec     0.067/sec        0.0011/sec   total: 6
netdev_set_hwaddr          0.0/sec     0.017/sec        0.0003/sec   total: 1
netdev_get_ethtool         0.0/sec     0.100/sec        0.0017/sec   total: 9
netlink_received           0.4/sec     1.450/sec        0.0242/sec   total: 130
netlink_recv_jumbo         0.4/sec     0.917/sec        0.0153/sec   total: 88
netlink_sent               0.4/sec     1.167/sec        0.0194/sec   total: 108
nln_changed                0.0/sec     0.117/sec        0.0019/sec   total: 9
113 events never hit
)ovs";

QList<ReplyNumber> numbers(std::initializer_list<std::pair<const char*, double>> list) {
    QList<ReplyNumber> out;
    for (const auto& [k, v] : list) {
        out << ReplyNumber{QString::fromUtf8(k), v};
    }
    return out;
}

} // namespace

Q_DECLARE_METATYPE(QList<ReplyNumber>)

class TestReplyAnalysis : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void textNumbers_data();
    void textNumbers();
    void coverageTotals();
    void jsonNumbers();
    void lineDiff_data();
    void lineDiff();
    void coverageDiff();
    void largeDiffIsBounded();
    void jsonDiff();
};

void TestReplyAnalysis::textNumbers_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<ReplyNumber>>("expected");
    QTest::newRow("memory/show, bridge and ports")
        << "handlers:1 idl-cells-Open_vSwitch:153 ports:2 revalidators:1 rules:5\n"
        << numbers({{"handlers", 1},
                    {"idl-cells-Open_vSwitch", 153},
                    {"ports", 2},
                    {"revalidators", 1},
                    {"rules", 5}});
    QTest::newRow("memory/show, no bridge") << "idl-cells-Open_vSwitch:96\n"
                                            << numbers({{"idl-cells-Open_vSwitch", 96}});
    QTest::newRow("memory/show, the brief's form")
        << "handlers:2 idl-cells:123 ports:1 revalidators:1 rules:9"
        << numbers({{"handlers", 2},
                    {"idl-cells", 123},
                    {"ports", 1},
                    {"revalidators", 1},
                    {"rules", 9}});
    QTest::newRow("Vigil memory/show")
        << "owners:7 rss-kB:10240 watched-fds:3\n"
        << numbers({{"owners", 7}, {"rss-kB", 10240}, {"watched-fds", 3}});
    QTest::newRow("coverage/show lines")
        << "Event coverage, avg rate over last: 5 seconds, last minute, last hour,  "
           "hash=64e29de4:\n"
           "bridge_reconfigure         0.0/sec     0.083/sec        0.0014/sec   total: 5\n"
           "hmap_expand               34.2/sec    16.650/sec        0.2775/sec   total: 1021\n"
           "115 events never hit\n"
        << numbers({{"bridge_reconfigure", 5}, {"hmap_expand", 1021}});
    QTest::newRow("Vigil coverage/show")
        << "Event coverage (totals since start):\n"
           "poll_iterations          total: 1234\n"
           "poll_owner_runs          total: 99\n"
        << numbers({{"poll_iterations", 1234}, {"poll_owner_runs", 99}});
    QTest::newRow("dpif/show") << "netdev@ovs-netdev: hit:0 missed:12\n  br0:\n    br0 65534/1: "
                                  "(tap)\n    p1 1/2: (tap)\n"
                               << numbers({{"hit", 0}, {"missed", 12}});
    QTest::newRow("dpctl/show, repeated keys")
        << "netdev@ovs-netdev:\n  lookups: hit:3 missed:4 lost:0\n  flows: 2\n  port 0: ovs-netdev "
           "(tap)\nnetdev@other:\n  lookups: hit:5 missed:6 lost:1\n  flows: 7\n"
        << numbers({{"hit", 3},
                    {"missed", 4},
                    {"lost", 0},
                    {"flows", 2},
                    {"hit #2", 5},
                    {"missed #2", 6},
                    {"lost #2", 1},
                    {"flows #2", 7}});
    QTest::newRow("key=value, decimals, punctuation")
        << "n_packets=10, n_bytes=1500, duration=3.25s idle_age=4 load=0.75)"
        << numbers({{"n_packets", 10}, {"n_bytes", 1500}, {"idle_age", 4}, {"load", 0.75}});
    QTest::newRow("not numbers") << "hash=63852afc: version=3.1.0 name:br0 ratio:1/2\n"
                                 << QList<ReplyNumber>{};
    QTest::newRow("empty") << "" << QList<ReplyNumber>{};
}

void TestReplyAnalysis::textNumbers() {
    QFETCH(QString, text);
    QFETCH(QList<ReplyNumber>, expected);
    const QList<ReplyNumber> got = extractTextNumbers(text);
    QStringList gotText;
    for (const ReplyNumber& n : got) {
        gotText << QStringLiteral("%1=%2").arg(n.key).arg(n.value);
    }
    QStringList expectedText;
    for (const ReplyNumber& n : expected) {
        expectedText << QStringLiteral("%1=%2").arg(n.key).arg(n.value);
    }
    QCOMPARE(gotText, expectedText);
}

void TestReplyAnalysis::coverageTotals() {
    // Every counter line of the real reply gives its total, nothing else does.
    const QList<ReplyNumber> before = extractTextNumbers(QString::fromUtf8(coverageBefore));
    QCOMPARE(before.size(), 38); // 40 lines: the header, 38 counters, "N events never hit"
    QCOMPARE(before.first(), (ReplyNumber{QStringLiteral("bridge_reconfigure"), 5}));
    const QList<ReplyNumber> after = extractTextNumbers(QString::fromUtf8(coverageAfter));
    auto find = [](const QList<ReplyNumber>& list, const QString& key) {
        for (const ReplyNumber& n : list) {
            if (n.key == key) {
                return n.value;
            }
        }
        return std::nan("");
    };
    QCOMPARE(find(after, QStringLiteral("bridge_reconfigure")), 7.0);
    QCOMPARE(find(after, QStringLiteral("dpif_port_add")), 3.0);
    QCOMPARE(find(before, QStringLiteral("dpif_port_add")), 2.0);
    for (const ReplyNumber& n : after) {
        QVERIFY2(!n.key.contains(QLatin1Char('#')), qPrintable(n.key)); // counters are unique
    }
}

void TestReplyAnalysis::jsonNumbers() {
    const QJsonObject reply{
        {QStringLiteral("owners"), 7},
        {QStringLiteral("name"), QStringLiteral("x")},
        {QStringLiteral("ok"), true},
        {QStringLiteral("sessions"),
         QJsonArray{QJsonObject{{QStringLiteral("attempts"), 3}, {QStringLiteral("a/b"), 1.5}}}}};
    const QList<ReplyNumber> got = extractJsonNumbers(reply);
    QCOMPARE(got, (QList<ReplyNumber>{{QStringLiteral("/owners"), 7},
                                      {QStringLiteral("/sessions/0/a~1b"), 1.5},
                                      {QStringLiteral("/sessions/0/attempts"), 3}}));
    QCOMPARE(extractJsonNumbers(QJsonValue(42)), (QList<ReplyNumber>{{QStringLiteral("/"), 42}}));
    QVERIFY(extractJsonNumbers(QJsonValue(QStringLiteral("12"))).isEmpty());
}

void TestReplyAnalysis::lineDiff_data() {
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QList<int>>("changed");
    QTest::addColumn<int>("removed");
    QTest::newRow("same") << "a\nb\nc\n"
                          << "a\nb\nc\n"
                          << QList<int>{} << 0;
    QTest::newRow("one changed") << "a\nb\nc\n"
                                 << "a\nB\nc\n"
                                 << QList<int>{1} << 0;
    QTest::newRow("inserted") << "a\nc\n"
                              << "a\nb\nc\n"
                              << QList<int>{1} << 0;
    QTest::newRow("appended") << "a\n"
                              << "a\nb\nc\n"
                              << QList<int>{1, 2} << 0;
    QTest::newRow("removed") << "a\nb\nc\n"
                             << "a\nc\n"
                             << QList<int>{} << 1;
    QTest::newRow("replaced two by one") << "a\nb\nc\nd\n"
                                         << "a\nX\nd\n"
                                         << QList<int>{1} << 1;
    QTest::newRow("from nothing") << ""
                                  << "a\nb\n"
                                  << QList<int>{0, 1} << 0;
    QTest::newRow("to nothing") << "a\nb\n"
                                << "" << QList<int>{} << 2;
    QTest::newRow("trailing newline ignored") << "a\nb"
                                              << "a\nb\n"
                                              << QList<int>{} << 0;
    QTest::newRow("memory/show")
        << "handlers:1 idl-cells-Open_vSwitch:153 ports:2 revalidators:1 rules:5\n"
        << "handlers:1 idl-cells-Open_vSwitch:210 ports:3 revalidators:1 rules:5\n"
        << QList<int>{0} << 0;
    QTest::newRow("moved line") << "a\nb\nc\n"
                                << "b\nc\na\n"
                                << QList<int>{2} << 1;
}

void TestReplyAnalysis::lineDiff() {
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(QList<int>, changed);
    QFETCH(int, removed);
    const LineDiff diff = diffLines(before, after);
    QCOMPARE(diff.changedLines, changed);
    QCOMPARE(diff.removedLines, removed);
    QVERIFY(diff.exact);
}

void TestReplyAnalysis::coverageDiff() {
    // The lines GNU diff reports changed between the two real replies (1,2c1,2 4,5c4,5 8,10c8,10
    // 17c17 19,27c19,27 30,33c30,33 35,39c35,39), 0-based.
    QList<int> expected{0, 1, 3, 4, 7, 8, 9, 16};
    for (int i = 18; i <= 26; i++) {
        expected << i;
    }
    for (int i = 29; i <= 32; i++) {
        expected << i;
    }
    for (int i = 34; i <= 38; i++) {
        expected << i;
    }
    const LineDiff diff =
        diffLines(QString::fromUtf8(coverageBefore), QString::fromUtf8(coverageAfter));
    QCOMPARE(diff.changedLines, expected);
    QCOMPARE(diff.removedLines, 0);
    QVERIFY(diff.exact);
}

void TestReplyAnalysis::largeDiffIsBounded() {
    // Two wholly different 20000-line replies: no minimal diff (it would need gigabytes), a
    // line-by-line compare instead, still right about which lines differ.
    QStringList a;
    QStringList b;
    for (int i = 0; i < 20000; i++) {
        a << QStringLiteral("old %1").arg(i);
        b << (i % 2 ? QStringLiteral("old %1").arg(i) : QStringLiteral("new %1").arg(i));
    }
    const LineDiff diff = diffLines(a.join(QLatin1Char('\n')), b.join(QLatin1Char('\n')));
    QVERIFY(!diff.exact);
    QCOMPARE(diff.changedLines.size(), 10000);
    QCOMPARE(diff.changedLines.first(), 0);
    QCOMPARE(diff.changedLines.last(), 19998);
}

void TestReplyAnalysis::jsonDiff() {
    const QJsonObject before{{QStringLiteral("owners"), 7},
                             {QStringLiteral("gone"), 1},
                             {QStringLiteral("list"), QJsonArray{1, 2}},
                             {QStringLiteral("empty"), QJsonObject{}},
                             {QStringLiteral("same"), QStringLiteral("x")}};
    const QJsonObject after{{QStringLiteral("owners"), 8},
                            {QStringLiteral("list"), QJsonArray{1, 2, 3}},
                            {QStringLiteral("empty"), QJsonObject{{QStringLiteral("k~"), true}}},
                            {QStringLiteral("same"), QStringLiteral("x")}};
    const JsonDiff diff = diffJson(before, after);
    QCOMPARE(diff.changed, QStringList{QStringLiteral("/owners")});
    QCOMPARE(diff.added, (QStringList{QStringLiteral("/empty/k~0"), QStringLiteral("/list/2")}));
    QCOMPARE(diff.removed, (QStringList{QStringLiteral("/empty"), QStringLiteral("/gone")}));
    QVERIFY(diffJson(after, after).isEmpty());
    // A scalar document has the root path.
    QCOMPARE(diffJson(QJsonValue(1), QJsonValue(2)).changed, QStringList{QString()});
}

QTEST_MAIN(TestReplyAnalysis)
#include "tst_reply_analysis.moc"
