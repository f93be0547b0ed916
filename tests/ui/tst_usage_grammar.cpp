// The usage grammar (services/usage_grammar.h) on real Open vSwitch synopses: trees, bounds,
// labels, fitting argument words to a tree, the argument line's quoting, and the argument form
// built from the tree (choices, flags, repeated fields, the line mirroring the form).
#include "services/target_types.h"
#include "services/usage_grammar.h"
#include "views/argument_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QToolButton>
#include <QtTest>

using namespace vigil::ui;

namespace {

// Every command OVS 3.1 (ovs-vswitchd, ovsdb-server, the test and DPDK builds) registers:
// name, synopsis, and the argument counts it really accepts (-1: any number). Read from the
// unixctl_command_register() calls of OVS v3.1.0 and lib/dpctl.c's command table.
struct Registration {
    const char* name;
    const char* usage;
    int min;
    int max;
};
const Registration ovsCommands[] = {
    {"autoattach/show-isid", "[bridge]", 0, 1},
    {"autoattach/statistics", "[bridge]", 0, 1},
    {"autoattach/status", "[bridge]", 0, 1},
    {"bfd/set-forwarding", "[interface] normal|false|true", 1, 2},
    {"bfd/show", "[interface]", 0, 1},
    {"bond/disable-member", "port member", 2, 2},
    {"bond/enable-member", "port member", 2, 2},
    {"bond/hash", "mac [vlan] [basis]", 1, 3},
    {"bond/list", "", 0, 0},
    {"bond/migrate", "port hash member", 3, 3},
    {"bond/set-active-member", "port member", 2, 2},
    {"bond/show", "[port]", 0, 1},
    {"bridge/dump-flows", "[--offload-stats] bridge", 1, 2},
    {"bridge/reconnect", "[bridge]", 0, 1},
    {"cfm/set-fault", "[interface] normal|false|true", 1, 2},
    {"cfm/show", "[interface]", 0, 1},
    {"cluster/change-election-timer", "DB TIME", 2, 2},
    {"cluster/cid", "DB", 1, 1},
    {"cluster/failure-test", "FAILURE SCENARIO", 1, 1},
    {"cluster/kick", "DB SERVER", 2, 2},
    {"cluster/leave", "DB", 1, 1},
    {"cluster/set-backlog-threshold", "DB N_MSGS N_BYTES", 3, 3},
    {"cluster/sid", "DB", 1, 1},
    {"cluster/status", "DB", 1, 1},
    {"coverage/read-counter", "COUNTER", 1, 1},
    {"coverage/show", "", 0, 0},
    {"dpctl/add-dp", "dp [iface...]", 1, -1},
    {"dpctl/add-flow", "[dp] flow actions", 2, 3},
    {"dpctl/add-flows", "[dp] file", 1, 2},
    {"dpctl/add-if", "dp iface...", 2, -1},
    {"dpctl/cache-get-size", "[dp]", 0, 1},
    {"dpctl/cache-set-size", "dp cache <size>", 3, 3},
    {"dpctl/ct-bkts", "[dp] [gt=N]", 0, 2},
    {"dpctl/ct-del-limits", "[dp] zone=N1[,N2]...", 1, 2},
    {"dpctl/ct-disable-tcp-seq-chk", "[dp]", 0, 1},
    {"dpctl/ct-enable-tcp-seq-chk", "[dp]", 0, 1},
    {"dpctl/ct-get-limits", "[dp] [zone=N1[,N2]...]", 0, 2},
    {"dpctl/ct-get-maxconns", "[dp]", 0, 1},
    {"dpctl/ct-get-nconns", "[dp]", 0, 1},
    {"dpctl/ct-get-tcp-seq-chk", "[dp]", 0, 1},
    {"dpctl/ct-set-limits", "[dp] [default=L] [zone=N,limit=L]...", 1, -1},
    {"dpctl/ct-set-maxconns", "[dp] maxconns", 1, 2},
    {"dpctl/ct-stats-show", "[dp] [zone=N]", 0, 3},
    {"dpctl/del-dp", "dp", 1, 1},
    {"dpctl/del-flow", "[dp] flow", 1, 2},
    {"dpctl/del-flows", "[dp] [file]", 0, 2},
    {"dpctl/del-if", "dp iface...", 2, -1},
    {"dpctl/dump-conntrack", "[-m] [-s] [dp] [zone=N]", 0, 4},
    {"dpctl/dump-dps", "", 0, 0},
    {"dpctl/dump-flows", "[-m] [--names] [dp] [filter=..] [type=..] [pmd=..]", 0, 6},
    {"dpctl/flush-conntrack", "[dp] [zone=N] [ct-orig-tuple] [ct-reply-tuple]", 0, 4},
    {"dpctl/get-flow", "[dp] ufid", 1, 2},
    {"dpctl/ipf-get-status", "[dp]", 0, 1},
    {"dpctl/ipf-set-disabled", "[dp] v4|v6", 1, 2},
    {"dpctl/ipf-set-enabled", "[dp] v4|v6", 1, 2},
    {"dpctl/ipf-set-max-nfrags", "[dp] maxfrags", 1, 2},
    {"dpctl/ipf-set-min-frag", "[dp] v4|v6 minfragment", 2, 3},
    {"dpctl/list-commands", "", 0, -1},
    {"dpctl/mod-flow", "[dp] flow actions", 2, 3},
    {"dpctl/mod-flows", "[dp] file", 1, 2},
    {"dpctl/normalize-actions", "actions", 2, -1},
    {"dpctl/offload-stats-show", "[dp]", 0, 1},
    {"dpctl/parse-actions", "actions", 1, -1},
    {"dpctl/set-if", "dp iface...", 2, -1},
    {"dpctl/show", "[-s] [dp...]", 0, -1},
    {"dpdk/get-malloc-stats", "", 0, 0},
    {"dpdk/lcore-list", "", 0, 0},
    {"dpdk/log-list", "", 0, 0},
    {"dpdk/log-set", "{level | pattern:level}", 0, -1},
    {"dpif-dummy/change-port-number", "dp port new-number", 3, 3},
    {"dpif-netdev/bond-show", "[dp]", 0, 1},
    {"dpif-netdev/dpif-impl-get", "", 0, 0},
    {"dpif-netdev/dpif-impl-set", "dpif_implementation_name", 1, 1},
    {"dpif-netdev/miniflow-parser-get", "", 0, 0},
    {"dpif-netdev/miniflow-parser-set", "[-pmd core] miniflow_implementation_name [study_pkt_cnt]",
     1, 5},
    {"dpif-netdev/pmd-perf-log-set", "on|off [-b before] [-a after] [-e|-ne] [-us usec] [-q qlen]",
     0, 10},
    {"dpif-netdev/pmd-perf-show",
     "[-nh] [-it iter-history-len] [-ms ms-history-len] [-pmd core] [dp]", 0, 8},
    {"dpif-netdev/pmd-rxq-rebalance", "[dp]", 0, 1},
    {"dpif-netdev/pmd-rxq-show", "[-pmd core] [-secs secs] [dp]", 0, 5},
    {"dpif-netdev/pmd-stats-clear", "[-pmd core] [dp]", 0, 3},
    {"dpif-netdev/pmd-stats-show", "[-pmd core] [dp]", 0, 3},
    {"dpif-netdev/subtable-lookup-info-get", "", 0, 0},
    {"dpif-netdev/subtable-lookup-prio-set", "[lookup_func] [prio]", 2, 2},
    {"dpif-netlink/dispatch-mode", "", 0, 0},
    {"dpif/dump-dps", "", 0, 0},
    {"dpif/dump-flows", "[-m] [--names | --no-names] bridge", 1, -1},
    {"dpif/set-dp-features", "bridge", 1, 3},
    {"dpif/show", "", 0, 0},
    {"dpif/show-dp-features", "bridge", 1, 1},
    {"exit", "[--cleanup]", 0, 1},
    {"exit", "", 0, 0}, // ovsdb-server's
    {"fdb/add", "bridge port vlan mac", 4, 4},
    {"fdb/del", "bridge vlan mac", 3, 3},
    {"fdb/flush", "[bridge]", 0, 1},
    {"fdb/show", "bridge", 1, 1},
    {"fdb/stats-clear", "[bridge]", 0, 1},
    {"fdb/stats-show", "bridge", 1, 1},
    {"lacp/show", "[port]", 0, 1},
    {"lacp/show-stats", "[port]", 0, 1},
    {"list-commands", "", 0, 0},
    {"lock", "LOCK", 1, 1},
    {"mdb/flush", "[bridge]", 0, 1},
    {"mdb/show", "bridge", 1, 1},
    {"memory/show", "", 0, 0},
    {"netdev-dpdk/detach", "pci address of device", 1, 1},
    {"netdev-dpdk/get-mempool-info", "[netdev]", 0, 1},
    {"netdev-dpdk/set-admin-state", "[netdev] up|down", 1, 2},
    {"netdev-dummy/conn-state", "[netdev]", 0, 1},
    {"netdev-dummy/ip4addr", "[netdev] ipaddr/mask-prefix-len", 2, 2},
    {"netdev-dummy/ip6addr", "[netdev] ip6addr", 2, 2},
    {"netdev-dummy/receive", "name [--qid queue_id] packet|flow [--len packet_len]", 2, -1},
    {"netdev-dummy/set-admin-state", "[netdev] up|down", 1, 2},
    {"odp-execute/action-impl-set", "name", 1, 1},
    {"odp-execute/action-impl-show", "", 0, 0},
    {"ofproto/list", "", 0, 0},
    {"ofproto/list-tunnels", "", 0, 0},
    {"ofproto/trace", "{[dp_name] odp_flow | bridge br_flow} [OPTIONS...] [-generate|packet]", 1,
     -1},
    {"ofproto/trace-packet-out",
     "[-consistent] {[dp_name] odp_flow | bridge br_flow} [OPTIONS...] [-generate|packet] actions",
     2, -1},
    {"ovs/route/add", "ip_addr/prefix_len out_br_name [gw] [pkt_mark=mark]", 2, 4},
    {"ovs/route/del", "ip_addr/prefix_len [pkt_mark=mark]", 1, 2},
    {"ovs/route/lookup", "ip_addr [pkt_mark=mark]", 1, 2},
    {"ovs/route/show", "", 0, 0},
    {"ovsdb-client/block", "", 0, 0},
    {"ovsdb-client/cond_change", "TABLE COND", 2, 2},
    {"ovsdb-client/unblock", "", 0, 0},
    {"ovsdb-server/add-db", "DB", 1, 1},
    {"ovsdb-server/add-remote", "REMOTE", 1, 1},
    {"ovsdb-server/compact", "", 0, 1},
    {"ovsdb-server/connect-active-ovsdb-server", "", 0, 0},
    {"ovsdb-server/disable-monitor-cond", "", 0, 0},
    {"ovsdb-server/disconnect-active-ovsdb-server", "", 0, 0},
    {"ovsdb-server/get-active-ovsdb-server", "", 0, 0},
    {"ovsdb-server/get-db-storage-status", "DB", 1, 1},
    {"ovsdb-server/get-sync-exclude-tables", "", 0, 0},
    {"ovsdb-server/list-dbs", "", 0, 0},
    {"ovsdb-server/list-remotes", "", 0, 0},
    {"ovsdb-server/memory-trim-on-compaction", "on|off", 1, 1},
    {"ovsdb-server/perf-counters-clear", "", 0, 0},
    {"ovsdb-server/perf-counters-show", "", 0, 0},
    {"ovsdb-server/reconnect", "", 0, 0},
    {"ovsdb-server/remove-db", "DB", 1, 1},
    {"ovsdb-server/remove-remote", "REMOTE", 1, 1},
    {"ovsdb-server/set-active-ovsdb-server", "", 1, 1},
    {"ovsdb-server/set-active-ovsdb-server-probe-interval", "", 1, 1},
    {"ovsdb-server/set-sync-exclude-tables", "", 0, 1},
    {"ovsdb-server/sync-status", "", 0, 0},
    {"ovsdb-server/tlog-list", "", 0, 0},
    {"ovsdb-server/tlog-set", "DB:TABLE on|off", 2, 2},
    {"ovsdb/file/column-diff-enable", "", 0, 0},
    {"qos/show", "interface", 1, 1},
    {"qos/show-types", "interface", 1, 1},
    {"revalidator/purge", "", 0, 0},
    {"revalidator/wait", "", 0, 0},
    {"rstp/show", "[bridge]", 0, 1},
    {"rstp/tcn", "[bridge]", 0, 1},
    {"steal", "LOCK", 1, 1},
    {"stopwatch/reset", "[NAME]", 0, 1},
    {"stopwatch/show", "[NAME]", 0, 1},
    {"stp/show", "[bridge]", 0, 1},
    {"stp/tcn", "[bridge]", 0, 1},
    {"time/stop", "", 0, 0},
    {"time/warp", "[large_msecs] msecs", 1, 2},
    {"tnl/arp/aging", "[SECS]", 0, 1},
    {"tnl/arp/flush", "", 0, 0},
    {"tnl/arp/set", "BRIDGE IP MAC", 3, 3},
    {"tnl/arp/show", "", 0, 0},
    {"tnl/egress_port_range", "min max", 0, 2},
    {"tnl/neigh/aging", "[SECS]", 0, 1},
    {"tnl/neigh/flush", "", 0, 0},
    {"tnl/neigh/set", "BRIDGE IP MAC", 3, 3},
    {"tnl/neigh/show", "", 0, 0},
    {"tnl/ports/show", "-v", 0, 1},
    {"unlock", "LOCK", 1, 1},
    {"upcall/disable-megaflows", "", 0, 0},
    {"upcall/disable-ufid", "", 0, 0},
    {"upcall/enable-megaflows", "", 0, 0},
    {"upcall/enable-ufid", "", 0, 0},
    {"upcall/set-flow-limit", "flow-limit-number", 1, 1},
    {"upcall/show", "", 0, 0},
    {"version", "", 0, 0},
    {"vlog/close", "", 0, 0},
    {"vlog/disable-rate-limit", "[module]...", 0, -1},
    {"vlog/enable-rate-limit", "[module]...", 0, -1},
    {"vlog/list", "", 0, 0},
    {"vlog/list-pattern", "", 0, 0},
    {"vlog/reopen", "", 0, 0},
    {"vlog/set", "{spec | PATTERN:destination:pattern}", 0, -1},
};

// Synopses whose commands require fewer words than the synopsis names (see usage_grammar.h).
bool knownOverstated(const QString& name) {
    return name == QLatin1String("tnl/egress_port_range") ||
           name == QLatin1String("netdev-dpdk/detach") ||
           name == QLatin1String("cluster/failure-test");
}

void collectLabels(const UsageNode& node, QStringList* out) {
    if (node.kind == UsageNode::Kind::Word) {
        out->append(node.label);
    }
    for (const UsageNode& child : node.children) {
        collectLabels(child, out);
    }
}

// A label carries no grammar punctuation: no brackets, braces or bars, no trailing "...".
bool cleanLabel(const QString& label) {
    static const QRegularExpression punctuation(QStringLiteral("[\\[\\]{}|<>]"));
    return !label.isEmpty() && !label.contains(punctuation) &&
           !label.endsWith(QLatin1String("..."));
}

CommandInfo command(const QString& name, const QString& usage) {
    return commandFromUsage(name, usage);
}

// The field of `form` shown with `label` (the n-th when several share it).
QWidget* field(ArgumentForm& form, const QString& label, int n = 0) {
    QCoreApplication::processEvents(); // a layout shows the widgets it was given later
    const QList<QWidget*> all = form.findChildren<QWidget*>();
    for (QWidget* w : all) {
        if (w->property("usageLabel").toString() == label && !w->isHidden() &&
            w->isVisibleTo(&form) && n-- == 0) {
            return w;
        }
    }
    return nullptr;
}

QLineEdit* edit(ArgumentForm& form, const QString& label, int n = 0) {
    return qobject_cast<QLineEdit*>(field(form, label, n));
}

QComboBox* choice(ArgumentForm& form, int n) {
    return form.findChild<QComboBox*>(QStringLiteral("choice%1").arg(n));
}

QLineEdit* line(ArgumentForm& form) {
    return form.findChild<QLineEdit*>(QStringLiteral("argumentLine"));
}

} // namespace

class TestUsageGrammar : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void trees_data();
    void trees();
    void labels_data();
    void labels();
    void malformed_data();
    void malformed();
    void ovsArity_data();
    void ovsArity();
    void commandInfo();
    void match_data();
    void match();
    void argumentLine_data();
    void argumentLine();
    void ofprotoTraceForm();
    void lineRefillsForm();
    void switchingAlternativeKeepsWords();
    void lineThatDoesNotFitWins();
    void flagsAndOptions();
    void repeatedFields();
    void formRoundTrip_data();
    void formRoundTrip();
    void formLabelsAreClean();
    void freeFormUsage();
};

void TestUsageGrammar::trees_data() {
    QTest::addColumn<QString>("usage");
    QTest::addColumn<QString>("tree");
    QTest::addColumn<int>("min");
    QTest::addColumn<int>("max");
    QTest::newRow("memory/show") << ""
                                 << "" << 0 << 0;
    QTest::newRow("ofproto/trace")
        << "{[dp_name] odp_flow | bridge br_flow} [OPTIONS...] [-generate|packet]"
        << "{[dp_name] odp_flow | bridge br_flow} [OPTIONS...] [{'-generate' | packet}]" << 1 << -1;
    QTest::newRow("ofproto/trace-packet-out")
        << "[-consistent] {[dp_name] odp_flow | bridge br_flow} [OPTIONS...] [-generate|packet] "
           "actions"
        << "['-consistent'] {[dp_name] odp_flow | bridge br_flow} [OPTIONS...] "
           "[{'-generate' | packet}] actions"
        << 2 << -1;
    QTest::newRow("vlog/set") << "{spec | PATTERN:destination:pattern}"
                              << "{spec | PATTERN:destination:pattern}" << 0 << -1;
    QTest::newRow("dpdk/log-set") << "{level | pattern:level}"
                                  << "{level | pattern:level}" << 0 << -1;
    QTest::newRow("vlog/list-pattern") << ""
                                       << "" << 0 << 0;
    QTest::newRow("vlog/disable-rate-limit") << "[module]..."
                                             << "[module]..." << 0 << -1;
    QTest::newRow("dpctl/ct-set-limits") << "[dp] [default=L] [zone=N,limit=L]..."
                                         << "[dp] [default=L] [zone=N,limit=L]..." << 0 << -1;
    QTest::newRow("dpctl/ct-del-limits") << "[dp] zone=N1[,N2]..."
                                         << "[dp] zone=N1,N2..." << 1 << -1;
    QTest::newRow("dpctl/ct-get-limits") << "[dp] [zone=N1[,N2]...]"
                                         << "[dp] [zone=N1,N2...]" << 0 << -1;
    QTest::newRow("pmd-perf-log-set")
        << "on|off [-b before] [-a after] [-e|-ne] [-us usec] [-q qlen]"
        << "{'on' | 'off'} ['-b' before] ['-a' after] [{'-e' | '-ne'}] ['-us' usec] ['-q' qlen]"
        << 0 << 10;
    QTest::newRow("bond/hash") << "mac [vlan] [basis]"
                               << "mac [vlan] [basis]" << 1 << 3;
    QTest::newRow("dpctl/dump-flows")
        << "[-m] [--names] [dp] [filter=..] [type=..] [pmd=..]"
        << "['-m'] ['--names'] [dp] [filter=..] [type=..] [pmd=..]" << 0 << 6;
    QTest::newRow("dpif/dump-flows") << "[-m] [--names | --no-names] bridge"
                                     << "['-m'] [{'--names' | '--no-names'}] bridge" << 1 << 3;
    QTest::newRow("exit") << "[--cleanup]"
                          << "['--cleanup']" << 0 << 1;
    QTest::newRow("tnl/ports/show") << "-v"
                                    << "'-v'" << 0 << 1;
    QTest::newRow("bfd/set-forwarding") << "[interface] normal|false|true"
                                        << "[interface] {'normal' | 'false' | 'true'}" << 0 << 2;
    QTest::newRow("cache-set-size") << "dp cache <size>"
                                    << "dp cache size" << 3 << 3;
    QTest::newRow("dpctl/add-if") << "dp iface..."
                                  << "dp iface..." << 2 << -1;
    QTest::newRow("dpctl/show") << "[-s] [dp...]"
                                << "['-s'] [dp...]" << 0 << -1;
    QTest::newRow("netdev-dummy/receive")
        << "name [--qid queue_id] packet|flow [--len packet_len]"
        << "name ['--qid' queue_id] {'packet' | 'flow'} ['--len' packet_len]" << 1 << 6;
    QTest::newRow("flush-conntrack nested")
        << "[dp] [zone=N] [mark=X[/M]] [labels=Y[/N]] [ct-orig-tuple [ct-reply-tuple]]"
        << "[dp] [zone=N] [mark=X/M] [labels=Y/N] [ct-orig-tuple [ct-reply-tuple]]" << 0 << 6;
    QTest::newRow("tlog-set") << "DB:TABLE on|off"
                              << "DB:TABLE {'on' | 'off'}" << 1 << 2;
    QTest::newRow("daemon/add") << "NAME PROGRAM [ARG...]"
                                << "NAME PROGRAM [ARG...]" << 2 << -1;
    QTest::newRow("spaced ellipsis") << "ARG ..."
                                     << "ARG..." << 1 << -1;
    QTest::newRow("top-level bar") << "a | b c"
                                   << "{a | b c}" << 1 << 2;
    QTest::newRow("deep nesting") << "[[[[x]]]]"
                                  << "[[[[x]]]]" << 0 << 1;
    QTest::newRow("surrounding space") << "  [SEQNO]  "
                                       << "[SEQNO]" << 0 << 1;
}

void TestUsageGrammar::trees() {
    QFETCH(QString, usage);
    QFETCH(QString, tree);
    QFETCH(int, min);
    QFETCH(int, max);
    const UsageGrammar g = parseUsage(usage);
    QVERIFY2(!g.freeForm, qPrintable(g.error));
    QCOMPARE(describeUsageTree(g.root), tree);
    QCOMPARE(g.minArgs, min);
    QCOMPARE(g.maxArgs, max);
    QCOMPARE(g.usage, usage.trimmed());
}

void TestUsageGrammar::labels_data() {
    QTest::addColumn<QString>("usage");
    QTest::addColumn<QStringList>("labels");
    QTest::newRow("ofproto/trace")
        << "{[dp_name] odp_flow | bridge br_flow} [OPTIONS...] [-generate|packet]"
        << QStringList{"dp_name", "odp_flow",  "bridge", "br_flow",
                       "OPTIONS", "-generate", "packet"};
    QTest::newRow("vlog/set") << "{spec | PATTERN:destination:pattern}"
                              << QStringList{"spec", "PATTERN:destination:pattern"};
    QTest::newRow("ct-get-limits") << "[dp] [zone=N1[,N2]...]" << QStringList{"dp", "zone=N1,N2"};
    QTest::newRow("angle") << "dp cache <size>" << QStringList{"dp", "cache", "size"};
    QTest::newRow("long flag") << "[--offload-stats] bridge"
                               << QStringList{"--offload-stats", "bridge"};
    QTest::newRow("dump-flows") << "[-m] [--names] [dp] [filter=..] [type=..] [pmd=..]"
                                << QStringList{"-m",        "--names", "dp",
                                               "filter=..", "type=..", "pmd=.."};
    QTest::newRow("in-word braces") << "x{y}z" << QStringList{"xyz"};
}

void TestUsageGrammar::labels() {
    QFETCH(QString, usage);
    QFETCH(QStringList, labels);
    QStringList got;
    collectLabels(parseUsage(usage).root, &got);
    QCOMPARE(got, labels);
    for (const QString& label : got) {
        QVERIFY2(cleanLabel(label), qPrintable(label));
    }
}

void TestUsageGrammar::malformed_data() {
    QTest::addColumn<QString>("usage");
    QTest::addColumn<QString>("error");
    QTest::newRow("open bracket") << "[a"
                                  << "missing ']'";
    QTest::newRow("close bracket") << "a]"
                                   << "unexpected ']'";
    QTest::newRow("open brace") << "{a | b"
                                << "missing '}'";
    QTest::newRow("mismatched") << "[a}"
                                << "unexpected '}'";
    QTest::newRow("double bar") << "a||b"
                                << "unexpected '|'";
    QTest::newRow("leading bar") << "| a"
                                 << "an empty alternative";
    QTest::newRow("trailing bar") << "[a |]"
                                  << "an empty alternative";
    QTest::newRow("leading ellipsis") << "... x"
                                      << "unexpected '...'";
    QTest::newRow("word bracket") << "zone=N1[,N2"
                                  << "unbalanced brackets";
    QTest::newRow("too deep") << QString(40, QLatin1Char('[')) + "x" + QString(40, QLatin1Char(']'))
                              << "nested more than 32";
    QTest::newRow("too long") << QString(5000, QLatin1Char('a')) << "longer than 4096";
}

void TestUsageGrammar::malformed() {
    QFETCH(QString, usage);
    QFETCH(QString, error);
    const UsageGrammar g = parseUsage(usage);
    QVERIFY(g.freeForm);
    QVERIFY2(g.error.contains(error), qPrintable(g.error));
    QCOMPARE(g.minArgs, 0);
    QCOMPARE(g.maxArgs, -1);
    QStringList labels;
    collectLabels(g.root, &labels);
    QCOMPARE(labels, QStringList{QStringLiteral("arguments")});
    // Any words fit a free-form tree.
    UsageValue v;
    const QStringList words{QStringLiteral("x"), QStringLiteral("y z")};
    QVERIFY(matchUsage(g.root, words, &v));
    QCOMPARE(usageWords(g.root, v), words);
}

void TestUsageGrammar::ovsArity_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("usage");
    QTest::addColumn<int>("min");
    QTest::addColumn<int>("max");
    for (const Registration& r : ovsCommands) {
        QTest::addRow("%s %s", r.name, r.usage)
            << QString::fromLatin1(r.name) << QString::fromLatin1(r.usage) << r.min << r.max;
    }
}

// The lower bound is never above what OVS really requires, but for the three synopses no rule
// can see through; every synopsis parses, and its labels are clean.
void TestUsageGrammar::ovsArity() {
    QFETCH(QString, name);
    QFETCH(QString, usage);
    QFETCH(int, min);
    QFETCH(int, max);
    const UsageGrammar g = parseUsage(usage);
    QVERIFY2(!g.freeForm, qPrintable(g.error));
    if (knownOverstated(name)) {
        QVERIFY(g.minArgs > min); // if this fails, the header's note is out of date
    } else {
        QVERIFY2(g.minArgs <= min,
                 qPrintable(QStringLiteral("min %1 > %2").arg(g.minArgs).arg(min)));
    }
    QVERIFY(g.maxArgs == -1 || g.maxArgs >= g.minArgs);
    if (max == -1 && g.maxArgs != -1) {
        // A synopsis may show fewer words than the command takes; it must at least show some
        // way to call it.
        QVERIFY(g.maxArgs >= 0);
    }
    QStringList labels;
    collectLabels(g.root, &labels);
    for (const QString& label : labels) {
        QVERIFY2(cleanLabel(label), qPrintable(label));
    }
    // The synopsis' own minimal call fits its tree.
    UsageValue v;
    QVERIFY(matchUsage(g.root, QStringList(g.minArgs, QStringLiteral("x")), &v));
}

void TestUsageGrammar::commandInfo() {
    const CommandInfo trace = command(
        QStringLiteral("ofproto/trace"),
        QStringLiteral("  {[dp_name] odp_flow | bridge br_flow} [OPTIONS...] [-generate|packet] "));
    QCOMPARE(trace.name, QStringLiteral("ofproto/trace"));
    QCOMPARE(
        trace.usage,
        QStringLiteral("{[dp_name] odp_flow | bridge br_flow} [OPTIONS...] [-generate|packet]"));
    QCOMPARE(trace.minArgs, 1);
    QCOMPARE(trace.maxArgs, -1);
    const QList<CommandInfo> list = parseCommandList(
        QStringLiteral("The available commands are:\n"
                       "  vlog/set                {spec | PATTERN:destination:pattern}\n"
                       "  vlog/list-pattern       \n"
                       "  dpctl/ct-set-limits     [dp] [default=L] [zone=N,limit=L]...\n"));
    QCOMPARE(list.size(), 3);
    QCOMPARE(list[0].minArgs, 0);
    QCOMPARE(list[0].maxArgs, -1);
    QCOMPARE(list[1].minArgs, 0);
    QCOMPARE(list[1].maxArgs, 0);
    QCOMPARE(list[2].minArgs, 0);
    QCOMPARE(list[2].maxArgs, -1);
}

void TestUsageGrammar::match_data() {
    QTest::addColumn<QString>("usage");
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<bool>("fits");
    const QString trace =
        QStringLiteral("{[dp_name] odp_flow | bridge br_flow} [OPTIONS...] [-generate|packet]");
    QTest::newRow("trace bridge") << trace << QStringList{"br0", "in_port=1"} << true;
    QTest::newRow("trace odp") << trace << QStringList{"in_port(1)"} << true;
    QTest::newRow("trace options")
        << trace << QStringList{"br0", "in_port=1", "--names", "-generate"} << true;
    QTest::newRow("trace empty, missing at the end") << trace << QStringList{} << true;
    QTest::newRow("optional first") << "[dp] flow actions" << QStringList{"f", "a"} << true;
    QTest::newRow("optional taken") << "[dp] flow actions" << QStringList{"d", "f", "a"} << true;
    QTest::newRow("too many") << "[dp] flow actions" << QStringList{"d", "f", "a", "x"} << false;
    QTest::newRow("keyword") << "on|off [-b before]" << QStringList{"off", "-b", "10"} << true;
    QTest::newRow("not a keyword") << "on|off" << QStringList{"maybe"} << false;
    QTest::newRow("flag value") << "[-pmd core] [dp]" << QStringList{"-pmd", "3", "netdev@x"}
                                << true;
    QTest::newRow("repeat") << "dp iface..." << QStringList{"d", "a", "b", "c"} << true;
    QTest::newRow("repeat of groups")
        << "[dp] [default=L] [zone=N,limit=L]..."
        << QStringList{"default=5", "zone=1,limit=3", "zone=2,limit=4"} << true;
    QTest::newRow("no arguments taken") << "" << QStringList{"x"} << false;
    QTest::newRow("empty word") << "NAME [LINES]" << QStringList{"", "3"} << true;
}

void TestUsageGrammar::match() {
    QFETCH(QString, usage);
    QFETCH(QStringList, words);
    QFETCH(bool, fits);
    const UsageGrammar g = parseUsage(usage);
    UsageValue v;
    QCOMPARE(matchUsage(g.root, words, &v), fits);
    if (fits) {
        QCOMPARE(usageWords(g.root, v), words);
    }
}

void TestUsageGrammar::argumentLine_data() {
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QString>("line");
    QTest::newRow("plain") << QStringList{"br0", "in_port=1"} << "br0 in_port=1";
    QTest::newRow("space") << QStringList{"a b", "c"} << "\"a b\" c";
    QTest::newRow("empty") << QStringList{"", "x"} << "\"\" x";
    QTest::newRow("only empty") << QStringList{""} << "\"\"";
    QTest::newRow("backslashes") << QStringList{"a\\b", "c:\\d\\"} << "a\\b c:\\d\\";
    QTest::newRow("backslash space") << QStringList{"a\\ b"} << "\"a\\ b\"";
    QTest::newRow("quote") << QStringList{"say\"hi"} << "say\"\"\"hi";
    QTest::newRow("quote and space") << QStringList{"\"a b\""} << "\"\"\"\"a b\"\"\"\"";
    QTest::newRow("tab") << QStringList{"a\tb"} << "\"a\tb\"";
    QTest::newRow("none") << QStringList{} << "";
}

void TestUsageGrammar::argumentLine() {
    QFETCH(QStringList, words);
    QFETCH(QString, line);
    QCOMPARE(joinArgumentLine(words), line);
    QCOMPARE(splitArgumentLine(line), words);
    // Without empty words it reads as QProcess does.
    if (!words.contains(QString())) {
        QCOMPARE(QProcess::splitCommand(line), words);
    }
}

void TestUsageGrammar::ofprotoTraceForm() {
    ArgumentForm form;
    form.setCommand(command(
        QStringLiteral("ofproto/trace"),
        QStringLiteral("{[dp_name] odp_flow | bridge br_flow} [OPTIONS...] [-generate|packet]")));
    form.show();
    QComboBox* alternatives = choice(form, 0);
    QVERIFY(alternatives);
    QCOMPARE(alternatives->count(), 2);
    QCOMPARE(alternatives->itemText(0), QStringLiteral("dp_name odp_flow"));
    QCOMPARE(alternatives->itemText(1), QStringLiteral("bridge br_flow"));
    QCOMPARE(form.fieldLabels(), (QStringList{"dp_name", "odp_flow", "OPTIONS"}));
    // The packet choice: leave out, -generate, or a packet.
    QComboBox* packet = choice(form, 1);
    QVERIFY(packet);
    QCOMPARE(packet->count(), 3);
    QCOMPARE(packet->itemText(1), QStringLiteral("-generate"));

    alternatives->setCurrentIndex(1);
    QCOMPARE(form.fieldLabels(), (QStringList{"bridge", "br_flow", "OPTIONS"}));
    QVERIFY(!edit(form, QStringLiteral("odp_flow")));
    QCOMPARE(form.missingArgument(), QStringLiteral("bridge is required."));
    QTest::keyClicks(edit(form, QStringLiteral("bridge")), QStringLiteral("br0"));
    QCOMPARE(form.missingArgument(), QStringLiteral("br_flow is required."));
    QTest::keyClicks(edit(form, QStringLiteral("br_flow")), QStringLiteral("in_port=1"));
    QCOMPARE(form.arguments(), (QStringList{"br0", "in_port=1"}));
    QCOMPARE(form.argumentLine(), QStringLiteral("br0 in_port=1"));
    QVERIFY(form.missingArgument().isEmpty());

    packet->setCurrentIndex(1);
    QCOMPARE(form.arguments(), (QStringList{"br0", "in_port=1", "-generate"}));
    packet->setCurrentIndex(2);
    QCOMPARE(form.fieldLabels(), (QStringList{"bridge", "br_flow", "OPTIONS", "packet"}));
    edit(form, QStringLiteral("packet"))->setText(QStringLiteral("50540000000a"));
    QCOMPARE(form.arguments(), (QStringList{"br0", "in_port=1", "50540000000a"}));
    packet->setCurrentIndex(0);
    QCOMPARE(form.arguments(), (QStringList{"br0", "in_port=1"}));
}

void TestUsageGrammar::lineRefillsForm() {
    ArgumentForm form;
    form.setCommand(command(
        QStringLiteral("ofproto/trace"),
        QStringLiteral("{[dp_name] odp_flow | bridge br_flow} [OPTIONS...] [-generate|packet]")));
    form.show();
    choice(form, 0)->setCurrentIndex(1);
    // Typed on the line: the chosen alternative is kept when the words fit it.
    form.setArgumentLine(QStringLiteral("br0 \"in_port=1,dl_vlan=5\" --names -generate"));
    QVERIFY(form.lineFitsForm());
    QCOMPARE(choice(form, 0)->currentIndex(), 1);
    QCOMPARE(edit(form, QStringLiteral("bridge"))->text(), QStringLiteral("br0"));
    QCOMPARE(edit(form, QStringLiteral("br_flow"))->text(), QStringLiteral("in_port=1,dl_vlan=5"));
    QCOMPARE(edit(form, QStringLiteral("OPTIONS"))->text(), QStringLiteral("--names"));
    QCOMPARE(choice(form, 1)->currentIndex(), 1);
    QCOMPARE(form.arguments(), (QStringList{"br0", "in_port=1,dl_vlan=5", "--names", "-generate"}));
    // The line is not rewritten by its own refill.
    QCOMPARE(form.argumentLine(), QStringLiteral("br0 \"in_port=1,dl_vlan=5\" --names -generate"));
    // A form edit rewrites it, quoting as needed.
    edit(form, QStringLiteral("br_flow"))->setText(QStringLiteral("in_port=1, dl_vlan=5"));
    QCOMPARE(form.argumentLine(), QStringLiteral("br0 \"in_port=1, dl_vlan=5\" --names -generate"));
    // setArguments() (a past invocation) goes through the line.
    form.setArguments({QStringLiteral("in_port(1),eth(src=50:54:00:00:00:01)")});
    QCOMPARE(choice(form, 0)->currentIndex(), 0);
    QCOMPARE(edit(form, QStringLiteral("odp_flow"))->text(),
             QStringLiteral("in_port(1),eth(src=50:54:00:00:00:01)"));
    QCOMPARE(form.arguments(), QStringList{"in_port(1),eth(src=50:54:00:00:00:01)"});
}

// Words typed in one alternative move to the next one chosen when they fit it; when they do not,
// the user's choice stands and the words of the fields no longer shown are gone.
void TestUsageGrammar::switchingAlternativeKeepsWords() {
    const QString usage =
        QStringLiteral("{[dp_name] odp_flow | bridge br_flow} [OPTIONS...] [-generate|packet]");
    ArgumentForm form;
    form.setCommand(command(QStringLiteral("ofproto/trace"), usage));
    form.show();
    QCOMPARE(choice(form, 0)->currentIndex(), 0);
    QTest::keyClicks(edit(form, QStringLiteral("dp_name")), QStringLiteral("br0"));
    QTest::keyClicks(edit(form, QStringLiteral("odp_flow")), QStringLiteral("in_port=1"));
    QCOMPARE(form.arguments(), (QStringList{"br0", "in_port=1"}));
    choice(form, 0)->setCurrentIndex(1);
    QCOMPARE(choice(form, 0)->currentIndex(), 1);
    QCOMPARE(edit(form, QStringLiteral("bridge"))->text(), QStringLiteral("br0"));
    QCOMPARE(edit(form, QStringLiteral("br_flow"))->text(), QStringLiteral("in_port=1"));
    QCOMPARE(form.arguments(), (QStringList{"br0", "in_port=1"}));
    QVERIFY(form.lineFitsForm());
    // A flag chosen in another choice is kept, not fitted away.
    choice(form, 1)->setCurrentIndex(1);
    QCOMPARE(choice(form, 1)->currentIndex(), 1);
    QCOMPARE(form.arguments(), (QStringList{"br0", "in_port=1", "-generate"}));
    // And back to the first alternative.
    choice(form, 0)->setCurrentIndex(0);
    QCOMPARE(choice(form, 0)->currentIndex(), 0);
    QCOMPARE(edit(form, QStringLiteral("dp_name"))->text(), QStringLiteral("br0"));
    QCOMPARE(edit(form, QStringLiteral("odp_flow"))->text(), QStringLiteral("in_port=1"));
    QCOMPARE(form.arguments(), (QStringList{"br0", "in_port=1", "-generate"}));

    // One word (an odp_flow alone) does not fill bridge and br_flow as well as it fills the
    // first alternative: the choice stays where the user put it, and the line follows the form.
    ArgumentForm fresh;
    fresh.setCommand(command(QStringLiteral("ofproto/trace"), usage));
    fresh.show();
    fresh.setArgumentLine(QStringLiteral("in_port(1)"));
    QCOMPARE(edit(fresh, QStringLiteral("odp_flow"))->text(), QStringLiteral("in_port(1)"));
    choice(fresh, 0)->setCurrentIndex(1);
    QCOMPARE(choice(fresh, 0)->currentIndex(), 1);
    QCOMPARE(fresh.argumentLine(), joinArgumentLine(fresh.arguments()));
    QVERIFY(fresh.lineFitsForm());
}

void TestUsageGrammar::lineThatDoesNotFitWins() {
    ArgumentForm form;
    form.setCommand(command(QStringLiteral("bond/hash"), QStringLiteral("mac [vlan] [basis]")));
    form.show();
    form.setArgumentLine(QStringLiteral("aa:bb 5 7 extra \"\""));
    QVERIFY(!form.lineFitsForm());
    auto* note = form.findChild<QLabel*>(QStringLiteral("argumentNote"));
    QVERIFY(note && note->isVisibleTo(&form));
    QVERIFY(note->text().contains(QStringLiteral("sent as typed")));
    QCOMPARE(form.arguments(), (QStringList{"aa:bb", "5", "7", "extra", ""}));
    QVERIFY(form.missingArgument().isEmpty()); // the form is not what is sent
    // Back to words that fit: the form follows again.
    form.setArgumentLine(QStringLiteral("aa:bb \"\" 7"));
    QVERIFY(form.lineFitsForm());
    QVERIFY(!note->isVisibleTo(&form));
    QCOMPARE(edit(form, QStringLiteral("mac"))->text(), QStringLiteral("aa:bb"));
    QCOMPARE(edit(form, QStringLiteral("basis"))->text(), QStringLiteral("7"));
    // The empty word survives as long as the line is not rewritten from the form.
    QCOMPARE(form.arguments(), (QStringList{"aa:bb", "", "7"}));
}

void TestUsageGrammar::flagsAndOptions() {
    ArgumentForm form;
    form.setCommand(command(QStringLiteral("exit"), QStringLiteral("[--cleanup]")));
    form.show();
    auto* cleanup = qobject_cast<QCheckBox*>(field(form, QStringLiteral("--cleanup")));
    QVERIFY(cleanup);
    QVERIFY(!cleanup->isChecked());
    QCOMPARE(form.arguments(), QStringList{});
    cleanup->setChecked(true);
    QCOMPARE(form.arguments(), QStringList{"--cleanup"});
    form.setArgumentLine(QString());
    QVERIFY(!cleanup->isChecked());

    form.setCommand(command(QStringLiteral("dpif-netdev/pmd-perf-log-set"),
                            QStringLiteral("on|off [-b before] [-a after] [-e|-ne] [-us usec] "
                                           "[-q qlen]")));
    QComboBox* onOff = choice(form, 0);
    QVERIFY(onOff);
    QCOMPARE(onOff->count(), 2);
    QCOMPARE(form.fieldLabels(),
             (QStringList{"-b", "before", "-a", "after", "-us", "usec", "-q", "qlen"}));
    onOff->setCurrentIndex(1);
    QCOMPARE(form.arguments(), QStringList{"off"});
    // Filling a flag's value checks the flag.
    edit(form, QStringLiteral("before"))->setText(QStringLiteral("5"));
    auto* b = qobject_cast<QCheckBox*>(field(form, QStringLiteral("-b")));
    QVERIFY(b && b->isChecked());
    choice(form, 1)->setCurrentIndex(2); // -ne
    QCOMPARE(form.arguments(), (QStringList{"off", "-b", "5", "-ne"}));
    b->setChecked(false);
    QCOMPARE(form.arguments(), (QStringList{"off", "-ne"}));
    // A checked flag whose value is empty is named, as a hint.
    qobject_cast<QCheckBox*>(field(form, QStringLiteral("-q")))->setChecked(true);
    QCOMPARE(form.missingArgument(), QStringLiteral("qlen (after -q) is required."));

    form.setCommand(command(QStringLiteral("dpctl/dump-flows"),
                            QStringLiteral("[-m] [--names] [dp] [filter=..] [type=..] [pmd=..]")));
    QCOMPARE(form.fieldLabels(),
             (QStringList{"-m", "--names", "dp", "filter=..", "type=..", "pmd=.."}));
    QCOMPARE(form.fieldCount(), 6);
    QVERIFY(form.missingArgument().isEmpty());
    form.setArgumentLine(QStringLiteral("-m netdev@ovs-netdev type=ovs"));
    QVERIFY(form.lineFitsForm());
    QVERIFY(qobject_cast<QCheckBox*>(field(form, QStringLiteral("-m")))->isChecked());
    QCOMPARE(edit(form, QStringLiteral("dp"))->text(), QStringLiteral("netdev@ovs-netdev"));
    // A key=value word goes to the placeholder with its key.
    QCOMPARE(edit(form, QStringLiteral("type=.."))->text(), QStringLiteral("type=ovs"));
    QVERIFY(edit(form, QStringLiteral("filter=.."))->text().isEmpty());
    QCOMPARE(form.arguments(), (QStringList{"-m", "netdev@ovs-netdev", "type=ovs"}));
}

void TestUsageGrammar::repeatedFields() {
    ArgumentForm form;
    form.setCommand(command(QStringLiteral("dpctl/add-if"), QStringLiteral("dp iface...")));
    form.show();
    QCOMPARE(form.fieldLabels(), (QStringList{"dp", "iface"}));
    const QList<QPushButton*> buttons =
        form.findChildren<QPushButton*>(QRegularExpression(QStringLiteral("^add")));
    QCOMPARE(buttons.size(), 1);
    QPushButton* add = buttons.first();
    QVERIFY(add);
    QCOMPARE(add->text(), QStringLiteral("Add iface"));
    edit(form, QStringLiteral("dp"))->setText(QStringLiteral("netdev@dp0"));
    edit(form, QStringLiteral("iface"))->setText(QStringLiteral("p0"));
    QTest::mouseClick(add, Qt::LeftButton);
    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(form.fieldLabels(), (QStringList{"dp", "iface", "iface", "iface"}));
    edit(form, QStringLiteral("iface"), 1)->setText(QStringLiteral("p1"));
    edit(form, QStringLiteral("iface"), 2)->setText(QStringLiteral("p2"));
    QCOMPARE(form.arguments(), (QStringList{"netdev@dp0", "p0", "p1", "p2"}));
    // Remove the middle entry with its own button.
    QList<QToolButton*> removes;
    for (QToolButton* b : form.findChildren<QToolButton*>()) {
        if (b->isVisibleTo(&form)) {
            removes << b;
        }
    }
    QCOMPARE(removes.size(), 3);
    QTest::mouseClick(removes[1], Qt::LeftButton);
    QTRY_COMPARE(form.fieldLabels(), (QStringList{"dp", "iface", "iface"}));
    QCOMPARE(form.arguments(), (QStringList{"netdev@dp0", "p0", "p2"}));
    // The line grows and shrinks the list.
    form.setArgumentLine(QStringLiteral("netdev@dp0 a b c d"));
    QCOMPARE(form.fieldLabels().count(QStringLiteral("iface")), 4);
    QCOMPARE(edit(form, QStringLiteral("iface"), 3)->text(), QStringLiteral("d"));
    form.setArgumentLine(QStringLiteral("netdev@dp0"));
    QCOMPARE(form.fieldLabels(), (QStringList{"dp", "iface"}));
    QCOMPARE(form.missingArgument(), QStringLiteral("iface is required."));

    // A repeated word with brackets in it is one field per entry.
    form.setCommand(
        command(QStringLiteral("dpctl/ct-del-limits"), QStringLiteral("[dp] zone=N1[,N2]...")));
    QCOMPARE(form.fieldLabels(), (QStringList{"dp", "zone=N1,N2"}));
    form.setArgumentLine(QStringLiteral("zone=1,2 zone=3"));
    QCOMPARE(form.fieldLabels(), (QStringList{"dp", "zone=N1,N2", "zone=N1,N2"}));
    QCOMPARE(edit(form, QStringLiteral("zone=N1,N2"), 1)->text(), QStringLiteral("zone=3"));
}

void TestUsageGrammar::formRoundTrip_data() {
    QTest::addColumn<QString>("usage");
    QTest::addColumn<QStringList>("words");
    QTest::newRow("vlog/set pattern")
        << "{spec | PATTERN:destination:pattern}" << QStringList{"PATTERN:console:%d %m"};
    QTest::newRow("vlog/set spec")
        << "{spec | PATTERN:destination:pattern}" << QStringList{"dpif:file:dbg"};
    QTest::newRow("ct-set-limits") << "[dp] [default=L] [zone=N,limit=L]..."
                                   << QStringList{"default=10", "zone=1,limit=5", "zone=2,limit=6"};
    QTest::newRow("pmd-perf-show") << "[-nh] [-it iter-history-len] [-ms ms-history-len] "
                                      "[-pmd core] [dp]"
                                   << QStringList{"-nh", "-pmd", "1", "netdev@ovs-netdev"};
    QTest::newRow("route add") << "ip_addr/prefix_len out_br_name [gw] [pkt_mark=mark]"
                               << QStringList{"10.0.0.0/24", "br0", "10.0.0.1"};
    QTest::newRow("backslash and quote")
        << "NAME PROGRAM [ARG...]" << QStringList{"x", "C:\\bin\\p", "say \"hi\"", ""};
}

// Words put on the line refill the form; the form, rewriting the line, gives the same words.
void TestUsageGrammar::formRoundTrip() {
    QFETCH(QString, usage);
    QFETCH(QStringList, words);
    ArgumentForm form;
    form.setCommand(command(QStringLiteral("cmd"), usage));
    form.show();
    form.setArguments(words);
    QVERIFY(form.lineFitsForm());
    QCOMPARE(form.arguments(), words);
    // Touch every line edit so the form rewrites the line from its own state.
    for (QLineEdit* e : form.findChildren<QLineEdit*>()) {
        if (e != line(form) && e->isVisibleTo(&form) && !e->text().isEmpty()) {
            const QString text = e->text();
            e->setText(text + QLatin1Char('~'));
            e->setText(text);
        }
    }
    QStringList expected = words;
    expected.removeAll(QString()); // an empty field is not a word
    QCOMPARE(form.arguments(), expected);
}

void TestUsageGrammar::formLabelsAreClean() {
    ArgumentForm form;
    form.show();
    for (const Registration& r : ovsCommands) {
        form.setCommand(command(QString::fromLatin1(r.name), QString::fromLatin1(r.usage)));
        for (QComboBox* combo : form.findChildren<QComboBox*>()) {
            for (int i = 0; i < combo->count(); ++i) {
                combo->setCurrentIndex(i); // show every alternative's fields
                for (const QString& label : form.fieldLabels()) {
                    QVERIFY2(cleanLabel(label), qPrintable(label));
                }
            }
        }
        for (const QLabel* caption : form.findChildren<QLabel*>()) {
            if (caption->objectName() != QLatin1String("argumentNote")) {
                QVERIFY2(
                    !caption->text().contains(QRegularExpression(QStringLiteral("[\\[\\]{}|]"))),
                    qPrintable(caption->text()));
            }
        }
        QVERIFY(form.fieldCount() >= 0);
    }
}

void TestUsageGrammar::freeFormUsage() {
    ArgumentForm form;
    form.setCommand(command(QStringLiteral("odd"), QStringLiteral("NAME [unclosed")));
    form.show();
    QVERIFY(form.grammar().freeForm);
    QCOMPARE(form.fieldCount(), 1);
    auto* note = form.findChild<QLabel*>(QStringLiteral("argumentNote"));
    QVERIFY(note->isVisibleTo(&form));
    QVERIFY(note->text().contains(QStringLiteral("missing ']'")));
    form.setArgumentLine(QStringLiteral("one \"two three\""));
    QCOMPARE(form.arguments(), (QStringList{"one", "two three"}));
    QVERIFY(form.missingArgument().isEmpty());
    // A command without arguments has no fields, and the line still takes words.
    form.setCommand(command(QStringLiteral("memory/show"), QString()));
    QCOMPARE(form.fieldCount(), 0);
    form.setArgumentLine(QStringLiteral("unexpected"));
    QVERIFY(!form.lineFitsForm());
    QCOMPARE(form.arguments(), QStringList{"unexpected"});
}

QTEST_MAIN(TestUsageGrammar)
#include "tst_usage_grammar.moc"
