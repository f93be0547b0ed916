// The usage grammar against a real Open vSwitch: every synopsis that ovs-vswitchd and
// ovsdb-server print in `list-commands` parses, with clean field labels and sane bounds; calls
// go out through the console whatever the synopsis says (the daemon judges arity); and the
// Commands view's form for ofproto/trace, with the bridge alternative chosen, runs a trace.
#include "console_test_util.h"
#include "ovs_fixture.h"
#include "services/console.h"
#include "services/control_server.h"
#include "services/target_registry.h"
#include "services/target_types.h"
#include "services/usage_grammar.h"
#include "views/argument_form.h"
#include "views/commands_view.h"

#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

using namespace vigil::ui;
using vigil::test::bin;
using vigil::test::run_result;

namespace {

bool cleanLabel(const QString& label) {
    static const QRegularExpression punctuation(QStringLiteral("[\\[\\]{}|<>]"));
    return !label.isEmpty() && !label.contains(punctuation) &&
           !label.endsWith(QLatin1String("..."));
}

void collectLabels(const UsageNode& node, QStringList* out) {
    if (node.kind == UsageNode::Kind::Word) {
        out->append(node.label);
    }
    for (const UsageNode& child : node.children) {
        collectLabels(child, out);
    }
}

} // namespace

class TestOvsUsage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void everyUsageParses();
    void callsReachTheDaemon();
    void commandBoundsInJson();
    void traceFromTheCommandsView();

private:
    run_result appctl(const QStringList& args);
    QString listCommands(const QString& socket);

    QTemporaryDir dir_;
    vigil::test::real_ovs ovs_;
    pid_t vswitchd_ = 0;
    std::unique_ptr<Console> console_;
    QString socket_;
};

void TestOvsUsage::initTestCase() {
    QVERIFY(dir_.isValid());
    qputenv("OVS_RUNDIR", dir_.path().toLocal8Bit());
    for (const char* program : {"ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovs-appctl"}) {
        QVERIFY2(!vigil::test::find_program(QString::fromLatin1(program)).isEmpty(),
                 qPrintable(QStringLiteral("%1 is not installed (make deps)").arg(program)));
    }
    QString error;
    QVERIFY2(ovs_.start(dir_.path(), error, false), qPrintable(error));
    QVERIFY2(ovs_.startVswitchd(error), qPrintable(error));
    vswitchd_ = ovs_.vswitchdPid();
    QVERIFY(vswitchd_ > 0);
    QVERIFY2(ovs_.vsctl({QStringLiteral("add-br"), QStringLiteral("br0"), QStringLiteral("--"),
                         QStringLiteral("set"), QStringLiteral("bridge"), QStringLiteral("br0"),
                         QStringLiteral("datapath_type=dummy")},
                        &error),
             qPrintable(error));

    const QString workspace = dir_.filePath(QStringLiteral("workspace.json"));
    QFile f(workspace);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"version": 1, "daemons": [], "targets": [], "sessions": []})");
    f.close();
    console_ = std::make_unique<Console>();
    QVERIFY2(console_->load(workspace, &error), qPrintable(error));
    QVERIFY2(console_->startControlSocket(&error), qPrintable(error));
    socket_ = console_->controlServer()->socketPath();
    QTRY_VERIFY_WITH_TIMEOUT(console_->targets()->target(QStringLiteral("ovs-vswitchd")) &&
                                 console_->targets()->target(QStringLiteral("ovsdb-server")),
                             20000);
}

void TestOvsUsage::cleanupTestCase() {
    if (console_) {
        QSignalSpy done(console_.get(), &Console::shutdownFinished);
        console_->shutdown();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 15000);
        console_.reset();
    }
    ovs_.stopVswitchd();
}

run_result TestOvsUsage::appctl(const QStringList& args) {
    return vigil::test::run_serving(bin(QStringLiteral("vigil-appctl")),
                                    QStringList{QStringLiteral("-t"), socket_} + args,
                                    vigil::test::env_with_rundir(dir_.path()), 30000);
}

QString TestOvsUsage::listCommands(const QString& socket) {
    const run_result r = vigil::test::run_program(
        QStringLiteral("ovs-appctl"),
        {QStringLiteral("-t"), socket, QStringLiteral("list-commands")}, ovs_.env());
    return r.exit_code == 0 ? QString::fromUtf8(r.out) : QString();
}

// Every synopsis both daemons print today parses; no field label (of the tree or of the form
// built from it, in every alternative) carries grammar punctuation; the bounds are ordered.
void TestOvsUsage::everyUsageParses() {
    int total = 0;
    ArgumentForm form;
    form.show();
    for (const QString& socket : {ovs_.vswitchdControl(), ovs_.ovsdbControl()}) {
        const QString text = listCommands(socket);
        QVERIFY2(text.startsWith(QStringLiteral("The available commands are:")),
                 qPrintable(socket));
        const QList<CommandInfo> commands = parseCommandList(text);
        QVERIFY2(commands.size() > 20, qPrintable(text));
        for (const CommandInfo& c : commands) {
            ++total;
            const QString what = c.name + QLatin1Char(' ') + c.usage;
            const UsageGrammar g = parseUsage(c.usage);
            QVERIFY2(!g.freeForm, qPrintable(what + QStringLiteral(": ") + g.error));
            QVERIFY2(g.maxArgs == -1 || g.minArgs <= g.maxArgs, qPrintable(what));
            QCOMPARE(c.minArgs, g.minArgs);
            QCOMPARE(c.maxArgs, g.maxArgs);
            QStringList labels;
            collectLabels(g.root, &labels);
            for (const QString& label : labels) {
                QVERIFY2(cleanLabel(label), qPrintable(what + QStringLiteral(": ") + label));
            }
            form.setCommand(c);
            QCoreApplication::processEvents();
            const QList<QComboBox*> combos = form.findChildren<QComboBox*>();
            for (QComboBox* combo : combos) {
                for (int i = 0; i < combo->count(); ++i) {
                    combo->setCurrentIndex(i);
                    for (const QString& label : form.fieldLabels()) {
                        QVERIFY2(cleanLabel(label),
                                 qPrintable(what + QStringLiteral(": ") + label));
                    }
                }
            }
        }
    }
    QVERIFY(total > 150); // ovs-vswitchd alone lists about 130
}

// Through the console's control socket: a trace (the synopsis' bridge form), a bare vlog/set
// (0 words, which the synopsis' one required choice would not show), and a call the daemon
// refuses for its arity, with the daemon's own words.
void TestOvsUsage::callsReachTheDaemon() {
    run_result r = appctl({QStringLiteral("target/call"), QStringLiteral("ovs-vswitchd"),
                           QStringLiteral("ofproto/trace"), QStringLiteral("br0"),
                           QStringLiteral("in_port=1")});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY2(r.out.contains("Flow: in_port=1") && r.out.contains("bridge(\"br0\")"),
             r.out.constData());
    QVERIFY(r.out.contains("Datapath actions:"));

    // OVS 3.1's vlog/set with no argument sets every module and destination to dbg and
    // replies with an empty success.
    r = appctl({QStringLiteral("target/call"), QStringLiteral("ovs-vswitchd"),
                QStringLiteral("vlog/set")});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QCOMPARE(r.out.trimmed(), QByteArray());
    r = appctl({QStringLiteral("target/call"), QStringLiteral("ovs-vswitchd"),
                QStringLiteral("vlog/list")});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY2(QString::fromUtf8(r.out).contains(
                 QRegularExpression(QStringLiteral("\\nbridge\\s+DBG\\s+DBG\\s+DBG"))),
             r.out.constData());
    r = appctl({QStringLiteral("target/call"), QStringLiteral("ovs-vswitchd"),
                QStringLiteral("vlog/set"), QStringLiteral("ANY:ANY:info")});
    QVERIFY2(r.exit_code == 0, r.err.constData());

    // No words for ofproto/trace: the call goes out and OVS says what it needs.
    r = appctl({QStringLiteral("target/call"), QStringLiteral("ovs-vswitchd"),
                QStringLiteral("ofproto/trace")});
    QVERIFY(r.exit_code != 0);
    QVERIFY2(r.err.contains("\"ofproto/trace\" command requires at least 1 arguments"),
             r.err.constData());
}

void TestOvsUsage::commandBoundsInJson() {
    const run_result r =
        appctl({QStringLiteral("--format"), QStringLiteral("json"),
                QStringLiteral("target/commands"), QStringLiteral("ovs-vswitchd")});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    const QJsonArray commands = QJsonDocument::fromJson(r.out).array();
    QVERIFY(commands.size() > 100);
    QHash<QString, QJsonObject> byName;
    for (const QJsonValue& v : commands) {
        byName.insert(v.toObject().value(QLatin1String("name")).toString(), v.toObject());
    }
    const QJsonObject trace = byName.value(QStringLiteral("ofproto/trace"));
    QCOMPARE(
        trace.value(QLatin1String("usage")).toString(),
        QStringLiteral("{[dp_name] odp_flow | bridge br_flow} [OPTIONS...] [-generate|packet]"));
    QCOMPARE(trace.value(QLatin1String("min_args")).toInt(-1), 1);
    QVERIFY(trace.contains(QLatin1String("max_args")));
    QVERIFY(trace.value(QLatin1String("max_args")).isNull());
    const QJsonObject set = byName.value(QStringLiteral("vlog/set"));
    QCOMPARE(set.value(QLatin1String("min_args")).toInt(-1), 0);
    QVERIFY(set.value(QLatin1String("max_args")).isNull());
    const QJsonObject show = byName.value(QStringLiteral("memory/show"));
    QCOMPARE(show.value(QLatin1String("min_args")).toInt(-1), 0);
    QCOMPARE(show.value(QLatin1String("max_args")).toInt(-1), 0);
}

// The form in the Commands view: ofproto/trace, the "bridge br_flow" alternative, Run.
void TestOvsUsage::traceFromTheCommandsView() {
    CommandsView view(console_->targets(), console_->invoker(), console_->historyModel());
    view.resize(1200, 800);
    view.show();
    view.setTarget(QStringLiteral("ovs-vswitchd"));
    QTRY_VERIFY_WITH_TIMEOUT(view.visibleCommandCount() > 100, 20000);
    QVERIFY(view.selectCommand(QStringLiteral("ofproto/trace")));
    QCoreApplication::processEvents();
    auto* alternatives = view.findChild<QComboBox*>(QStringLiteral("choice0"));
    QVERIFY(alternatives);
    QCOMPARE(alternatives->itemText(1), QStringLiteral("bridge br_flow"));
    alternatives->setCurrentIndex(1);
    QCoreApplication::processEvents();
    ArgumentForm* form = view.argumentForm();
    QCOMPARE(form->fieldLabels().mid(0, 2), (QStringList{"bridge", "br_flow"}));
    QLineEdit* bridge = nullptr;
    QLineEdit* flow = nullptr;
    for (QLineEdit* e : form->findChildren<QLineEdit*>()) {
        if (!e->isVisibleTo(form)) {
            continue;
        }
        const QString label = e->property("usageLabel").toString();
        if (label == QLatin1String("bridge")) {
            bridge = e;
        } else if (label == QLatin1String("br_flow")) {
            flow = e;
        }
    }
    QVERIFY(bridge && flow);
    QTest::keyClicks(bridge, QStringLiteral("br0"));
    QTest::keyClicks(flow, QStringLiteral("in_port=1,dl_type=0x0800"));
    QCOMPARE(form->arguments(), (QStringList{"br0", "in_port=1,dl_type=0x0800"}));
    QSignalSpy finished(&view, &CommandsView::invocationFinished);
    QTest::mouseClick(view.findChild<QPushButton*>(QStringLiteral("runButton")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QVERIFY2(finished.first().first().toBool(), qPrintable(view.statusText()));
    QVERIFY2(view.outputText().contains(QStringLiteral("bridge(\"br0\")")),
             qPrintable(view.outputText()));
    QVERIFY(view.outputText().contains(QStringLiteral("Flow: ip,in_port=1")));
}

QTEST_MAIN(TestOvsUsage)
#include "tst_ovs_usage.moc"
