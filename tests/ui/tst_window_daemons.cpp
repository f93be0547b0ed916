// The Daemons view, the launch dialog, the give-up banner and the status bar on a real
// Supervisor with real child processes (vigil-test-child).
#include "bridge/runtime_bridge.h"
#include "models/daemon_model.h"
#include "services/local_supervisor.h"
#include "test_util.h"
#include "views/console_status_bar.h"
#include "views/daemon_detail.h"
#include "views/daemons_view.h"
#include "views/failure_banner.h"
#include "views/launch_dialog.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolBar>
#include <QToolButton>
#include <QtTest>
#include <memory>

using namespace vigil::ui;
using vigil::test::bin;

class TestWindowDaemons : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void launchDialogAddsDaemon();
    void launchDialogKeepsInputOnError_data();
    void launchDialogKeepsInputOnError();
    void editDialogUpdatesDefinition();
    void stopAndStartButtons();
    void tableShowsStateAndLastExit();
    void giveUpShowsBannerAndCounts();

private:
    DaemonDefinition child(const QString& name, const QStringList& args) const;
    QToolButton* buttonFor(DaemonsView& view, QAction* action) const;
    QString cell(DaemonsView& view, const QString& name, int column) const;

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<RuntimeBridge> bridge_;
    std::unique_ptr<LocalSupervisor> supervisor_;
};

void TestWindowDaemons::initTestCase() {
    QVERIFY2(QFile::exists(bin("vigil-test-child")), "build the vigil-test-child program");
}

void TestWindowDaemons::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    qputenv("OVS_RUNDIR", dir_->path().toLocal8Bit());
    bridge_ = std::make_unique<RuntimeBridge>();
    supervisor_ = std::make_unique<LocalSupervisor>();
}

void TestWindowDaemons::cleanup() {
    QSignalSpy stopped(supervisor_.get(), &Supervisor::allStopped);
    supervisor_->stopAll();
    QTRY_VERIFY_WITH_TIMEOUT(stopped.size() == 1, 10000);
    supervisor_.reset();
    bridge_.reset();
    dir_.reset();
}

DaemonDefinition TestWindowDaemons::child(const QString& name, const QStringList& args) const {
    DaemonDefinition def;
    def.name = name;
    def.program = bin("vigil-test-child");
    def.arguments = args;
    def.backoffMinMs = def.backoffMaxMs = 100;
    def.backoffJitter = 0;
    def.startGraceMs = 20;
    def.stopTimeoutMs = 3000;
    def.controlSocket = QStringLiteral("none");
    return def;
}

QToolButton* TestWindowDaemons::buttonFor(DaemonsView& view, QAction* action) const {
    auto* toolbar = view.findChild<QToolBar*>(QStringLiteral("daemonToolbar"));
    return toolbar ? qobject_cast<QToolButton*>(toolbar->widgetForAction(action)) : nullptr;
}

QString TestWindowDaemons::cell(DaemonsView& view, const QString& name, int column) const {
    int row = view.model()->rowOf(name);
    return row < 0 ? QString() : view.model()->index(row, column).data().toString();
}

void TestWindowDaemons::launchDialogAddsDaemon() {
    DaemonsView view(supervisor_.get());
    view.show();
    LaunchDialog dialog(supervisor_.get());
    dialog.findChild<QLineEdit*>(QStringLiteral("nameEdit"))->setText(QStringLiteral("sleeper"));
    dialog.findChild<QComboBox*>(QStringLiteral("programEdit"))
        ->setCurrentText(bin("vigil-test-child"));
    dialog.findChild<QLineEdit*>(QStringLiteral("argumentsEdit"))
        ->setText(QStringLiteral("--after=-1 \"--print=two words\""));
    dialog.findChild<QLineEdit*>(QStringLiteral("controlSocketEdit"))
        ->setText(QStringLiteral("none"));
    QVERIFY(dialog.findChild<QCheckBox*>(QStringLiteral("startNow"))->isChecked());
    dialog.accept();

    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(supervisor_->contains(QStringLiteral("sleeper")));
    QCOMPARE(supervisor_->definition(QStringLiteral("sleeper"))->arguments,
             QStringList({QStringLiteral("--after=-1"), QStringLiteral("--print=two words")}));
    QTRY_COMPARE_WITH_TIMEOUT(cell(view, QStringLiteral("sleeper"), DaemonModel::StateColumn),
                              QStringLiteral("running"), 10000);
    QVERIFY(cell(view, QStringLiteral("sleeper"), DaemonModel::PidColumn).toLongLong() > 0);
    QCOMPARE(cell(view, QStringLiteral("sleeper"), DaemonModel::DesiredColumn),
             QStringLiteral("up"));
}

void TestWindowDaemons::launchDialogKeepsInputOnError_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing program") << "ghost"
                                     << "/nonexistent/program"
                                     << "nonexistent";
    QTest::newRow("empty name") << "" << bin("vigil-test-child") << "name";
    QTest::newRow("duplicate name") << "taken" << bin("vigil-test-child") << "taken";
}

void TestWindowDaemons::launchDialogKeepsInputOnError() {
    QFETCH(QString, name);
    QFETCH(QString, program);
    QFETCH(QString, expected);
    QVERIFY(supervisor_->add(child(QStringLiteral("taken"), {})));
    LaunchDialog dialog(supervisor_.get());
    dialog.show();
    dialog.findChild<QLineEdit*>(QStringLiteral("nameEdit"))->setText(name);
    dialog.findChild<QComboBox*>(QStringLiteral("programEdit"))->setCurrentText(program);
    dialog.findChild<QLineEdit*>(QStringLiteral("argumentsEdit"))->setText(QStringLiteral("--x"));
    dialog.accept();

    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.errorText().contains(expected, Qt::CaseInsensitive),
             qPrintable(dialog.errorText()));
    // Nothing typed is lost.
    QCOMPARE(dialog.definition().program, program);
    QCOMPARE(dialog.definition().arguments, QStringList{QStringLiteral("--x")});
    QCOMPARE(supervisor_->names(), QStringList{QStringLiteral("taken")});
}

void TestWindowDaemons::editDialogUpdatesDefinition() {
    QVERIFY(supervisor_->add(child(QStringLiteral("edited"), {QStringLiteral("--after=-1")})));
    LaunchDialog dialog(supervisor_.get());
    dialog.editDefinition(*supervisor_->definition(QStringLiteral("edited")));
    QVERIFY(dialog.findChild<QLineEdit*>(QStringLiteral("nameEdit"))->isReadOnly());
    QCOMPARE(dialog.findChild<QLineEdit*>(QStringLiteral("argumentsEdit"))->text(),
             QStringLiteral("--after=-1"));
    dialog.findChild<QLineEdit*>(QStringLiteral("argumentsEdit"))
        ->setText(QStringLiteral("--after=-1 --exit=3"));
    auto* policy = dialog.findChild<QComboBox*>(QStringLiteral("restartPolicy"));
    policy->setCurrentIndex(policy->findData(QStringLiteral("never")));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    auto def = supervisor_->definition(QStringLiteral("edited"));
    QCOMPARE(def->arguments,
             QStringList({QStringLiteral("--after=-1"), QStringLiteral("--exit=3")}));
    QCOMPARE(def->restart, RestartPolicy::Never);
    QCOMPARE(def->stopTimeoutMs, 3000); // fields the form shows survive unchanged
    QCOMPARE(def->startGraceMs, 20);    // and so do fields it does not show
}

void TestWindowDaemons::stopAndStartButtons() {
    QVERIFY(supervisor_->add(child(QStringLiteral("worker"), {QStringLiteral("--after=-1")})));
    QVERIFY(supervisor_->start(QStringLiteral("worker")));
    DaemonsView view(supervisor_.get());
    view.resize(1000, 600);
    view.show();
    QVERIFY(view.selectDaemon(QStringLiteral("worker")));
    QTRY_COMPARE_WITH_TIMEOUT(supervisor_->status(QStringLiteral("worker"))->state,
                              DaemonState::Running, 10000);
    QTRY_VERIFY(view.stopAction()->isEnabled());
    QVERIFY(!view.startAction()->isEnabled());
    const qint64 firstPid = supervisor_->status(QStringLiteral("worker"))->pid;

    QToolButton* stop = buttonFor(view, view.stopAction());
    QVERIFY(stop);
    QTest::mouseClick(stop, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(cell(view, QStringLiteral("worker"), DaemonModel::StateColumn),
                              QStringLiteral("stopped"), 10000);
    QCOMPARE(cell(view, QStringLiteral("worker"), DaemonModel::DesiredColumn),
             QStringLiteral("down"));
    QCOMPARE(cell(view, QStringLiteral("worker"), DaemonModel::PidColumn), QString());
    QTRY_VERIFY(view.startAction()->isEnabled());
    QVERIFY(!view.stopAction()->isEnabled());
    QVERIFY(view.detail()->historyCount() >= 3); // started, ready, stopped

    QTest::mouseClick(buttonFor(view, view.startAction()), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(cell(view, QStringLiteral("worker"), DaemonModel::StateColumn),
                              QStringLiteral("running"), 10000);
    QCOMPARE(cell(view, QStringLiteral("worker"), DaemonModel::DesiredColumn),
             QStringLiteral("up"));
    QVERIFY(supervisor_->status(QStringLiteral("worker"))->pid != firstPid);
}

void TestWindowDaemons::tableShowsStateAndLastExit() {
    DaemonDefinition def = child(QStringLiteral("quitter"), {QStringLiteral("--exit=3")});
    def.restart = RestartPolicy::Never;
    QVERIFY(supervisor_->add(def));
    DaemonsView view(supervisor_.get());
    view.show();
    QVERIFY(supervisor_->start(QStringLiteral("quitter")));
    QTRY_COMPARE_WITH_TIMEOUT(cell(view, QStringLiteral("quitter"), DaemonModel::LastExitColumn),
                              QStringLiteral("exit status 3"), 10000);
    QCOMPARE(cell(view, QStringLiteral("quitter"), DaemonModel::StateColumn),
             QStringLiteral("stopped"));
    QCOMPARE(cell(view, QStringLiteral("quitter"), DaemonModel::UptimeColumn), QString());
}

void TestWindowDaemons::giveUpShowsBannerAndCounts() {
    DaemonDefinition def = child(QStringLiteral("crasher"), {QStringLiteral("--exit=1")});
    def.maxFailures = 2;
    def.failureWindowMs = 60000;
    QVERIFY(supervisor_->add(def));
    QVERIFY(supervisor_->add(child(QStringLiteral("steady"), {QStringLiteral("--after=-1")})));
    QWidget window;
    FailureBanner banner(supervisor_.get(), &window);
    ConsoleStatusBar status(supervisor_.get(), &window);
    window.show();
    QVERIFY(!banner.isVisible());

    QVERIFY(supervisor_->start(QStringLiteral("steady")));
    QVERIFY(supervisor_->start(QStringLiteral("crasher")));
    QTRY_VERIFY_WITH_TIMEOUT(banner.isVisible(), 10000);
    QCOMPARE(banner.failedDaemons(), QStringList{QStringLiteral("crasher")});
    QVERIFY(banner.findChild<QLabel*>(QStringLiteral("failureText"))
                ->text()
                .contains(QStringLiteral("crasher")));
    QTRY_VERIFY(status.countsText().contains(QStringLiteral("1 failed")));
    QTRY_VERIFY(status.countsText().contains(QStringLiteral("1 running")));

    // Dismiss hides it; a later give-up is news again and shows it again.
    QTest::mouseClick(banner.findChild<QPushButton*>(QStringLiteral("bannerDismiss")),
                      Qt::LeftButton);
    QVERIFY(!banner.isVisible());
    QSignalSpy failed(supervisor_.get(), &Supervisor::daemonFailed);
    QTest::mouseClick(banner.findChild<QPushButton*>(QStringLiteral("bannerReset")),
                      Qt::LeftButton);
    QVERIFY(supervisor_->resetFailures(QStringLiteral("crasher")));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QTRY_VERIFY(banner.isVisible());
}

QTEST_MAIN(TestWindowDaemons)
#include "tst_window_daemons.moc"
