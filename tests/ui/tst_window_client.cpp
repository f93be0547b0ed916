// The main window as a client of a real supervisor service (`vigil --headless`, another
// process): the sidebar, the Daemons view and the Logs view show the service's daemon and its
// output; a stop from the window reaches the service and comes back pushed; File > Quit and
// Stop Daemons stops the daemon, then the service, then closes the window; and a window that
// is simply destroyed leaves the service and its daemon running.
#include "console_test_util.h"
#include "private_settings.h"
#include "services/console.h"
#include "services/supervisor.h"
#include "services/supervisor_locator.h"
#include "views/console_status_bar.h"
#include "views/daemons_view.h"
#include "views/logs_view.h"
#include "views/main_window.h"
#include "views/sidebar.h"

#include <QAction>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace vigil::ui;
using vigil::test::bin;

class TestWindowClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void windowShowsAndDrivesTheService();
    void quitAndStopDaemonsEndsEverything();

private:
    std::unique_ptr<Console> attach();
    QAction* findAction(MainWindow& window, const QString& text);

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<QProcess> service_;
};

void TestWindowClient::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    qputenv("OVS_RUNDIR", dir_->path().toLocal8Bit());
    vigil::test::use_private_settings(dir_->filePath(QStringLiteral("config")));
    const QString workspace = dir_->filePath(QStringLiteral("workspace.json"));
    QFile f(workspace);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral(R"({"version": 1, "daemons": [{"name": "talker", "program": "%1",
        "arguments": ["--print=hello service", "--after=-1"], "controlSocket": "none",
        "startGraceMs": 200, "autostart": true}], "targets": [], "sessions": []})")
                .arg(bin(QStringLiteral("vigil-test-child")))
                .toUtf8());
    f.close();
    service_ = std::make_unique<QProcess>();
    service_->setProcessEnvironment(vigil::test::env_with_rundir(dir_->path()));
    service_->setProcessChannelMode(QProcess::ForwardedChannels);
    service_->start(bin(QStringLiteral("vigil")),
                    {QStringLiteral("--headless"), QStringLiteral("--workspace"), workspace,
                     QStringLiteral("--state-dir"), dir_->filePath(QStringLiteral("state"))});
    QVERIFY(service_->waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(!findSupervisorSocket(dir_->path()).isEmpty(), 20000);
}

void TestWindowClient::cleanup() {
    if (service_ && service_->state() != QProcess::NotRunning) {
        service_->terminate(); // without --keep-daemons its daemons go with it
        if (!service_->waitForFinished(15000)) {
            service_->kill();
            service_->waitForFinished(5000);
        }
    }
    service_.reset();
    dir_.reset();
}

std::unique_ptr<Console> TestWindowClient::attach() {
    const QString dir = dir_->path();
    return Console::createClient([dir] { return findSupervisorSocket(dir); });
}

QAction* TestWindowClient::findAction(MainWindow& window, const QString& text) {
    for (QAction* menu : window.menuBar()->actions()) {
        if (!menu->menu()) {
            continue;
        }
        for (QAction* action : menu->menu()->actions()) {
            if (action->text() == text) {
                return action;
            }
        }
    }
    return nullptr;
}

void TestWindowClient::windowShowsAndDrivesTheService() {
    qint64 pid = 0;
    {
        auto console = attach();
        QVERIFY(console->isClient());
        MainWindow window(console.get());
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.sidebar()->entries(Sidebar::EntryKind::Daemon),
                                  QStringList{QStringLiteral("talker")}, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(window.sidebar()->badge(QStringLiteral("talker")),
                                  QStringLiteral("running"), 20000);
        // The status bar names the socket scripts reach the daemons through: the service's.
        QTRY_COMPARE_WITH_TIMEOUT(
            window.consoleStatusBar()->socketText(),
            QStringLiteral("Supervisor service: ") + findSupervisorSocket(dir_->path()), 10000);
        QVERIFY(window.selectTarget(QStringLiteral("talker")));
        QCOMPARE(window.logsView()->daemon(), QStringLiteral("talker"));
        QTRY_COMPARE_WITH_TIMEOUT(window.logsView()->visibleLineCount(), 1, 10000);
        QCOMPARE(window.logsView()->lineText(0), QStringLiteral("hello service"));
        pid = console->supervisor()->status(QStringLiteral("talker"))->pid;
        QVERIFY(pid > 0);
        QVERIFY(qint64(service_->processId()) != pid);

        // A stop from the window: the service stops the process, the change comes back.
        QVERIFY(console->supervisor()->stop(QStringLiteral("talker")));
        QTRY_COMPARE_WITH_TIMEOUT(window.sidebar()->badge(QStringLiteral("talker")),
                                  QStringLiteral("stopped"), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(vigil::test::process_gone(pid_t(pid)), 10000);
        QVERIFY(console->supervisor()->start(QStringLiteral("talker")));
        QTRY_COMPARE_WITH_TIMEOUT(window.sidebar()->badge(QStringLiteral("talker")),
                                  QStringLiteral("running"), 15000);
        pid = console->supervisor()->status(QStringLiteral("talker"))->pid;
        // The window and its console go away here, as when the user closes it.
    }
    QTest::qWait(300);
    QCOMPARE(service_->state(), QProcess::Running);
    QVERIFY(!vigil::test::process_gone(pid_t(pid)));

    // A new window finds the same daemon, pid and history.
    auto console = attach();
    QTRY_VERIFY_WITH_TIMEOUT(console->supervisor()->status(QStringLiteral("talker")).has_value(),
                             20000);
    QCOMPARE(console->supervisor()->status(QStringLiteral("talker"))->pid, pid);
    QVERIFY(console->supervisor()->history(QStringLiteral("talker")).size() >= 4);
}

void TestWindowClient::quitAndStopDaemonsEndsEverything() {
    auto console = attach();
    MainWindow window(console.get());
    window.show();
    QTRY_COMPARE_WITH_TIMEOUT(window.sidebar()->badge(QStringLiteral("talker")),
                              QStringLiteral("running"), 20000);
    const qint64 pid = console->supervisor()->status(QStringLiteral("talker"))->pid;
    QAction* quit = findAction(window, QStringLiteral("Quit and Stop &Daemons"));
    QVERIFY(quit);
    QCOMPARE(quit->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+Q")));
    quit->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(vigil::test::process_gone(pid_t(pid)), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 15000);
    // (QProcess may have seen the exit already while the loop above ran.)
    QTRY_COMPARE_WITH_TIMEOUT(service_->state(), QProcess::NotRunning, 15000);
}

QTEST_MAIN(TestWindowClient)
#include "tst_window_client.moc"
