// The main window over a real Console: the sidebar lists the workspace's daemon, selecting it
// drives the other views, menus carry the shortcuts, the About box names the versions, and the
// window's state survives a restart through QSettings, and so does the appearance chosen in
// View > Appearance (a dark palette applied at once, the platform's restored by Follow System).
#include "services/console.h"
#include "services/supervisor.h"
#include "test_util.h"
#include "views/about_dialog.h"
#include "views/appearance.h"
#include "views/commands_view.h"
#include "views/console_status_bar.h"
#include "views/daemons_view.h"
#include "views/logs_view.h"
#include "views/main_window.h"
#include "views/sidebar.h"

#include <QAction>
#include <QApplication>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace vigil::ui;
using vigil::test::bin;

class TestWindowMain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void sidebarDrivesViews();
    void menusHaveShortcuts();
    void aboutNamesVersions();
    void pageIsRestored();
    void appearanceIsAppliedAndRestored();

private:
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<Console> console_;
};

void TestWindowMain::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    qputenv("OVS_RUNDIR", dir_->path().toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", dir_->filePath(QStringLiteral("config")).toLocal8Bit());
    const QString workspace = dir_->filePath(QStringLiteral("workspace.json"));
    QFile f(workspace);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral(R"({"version": 1, "daemons": [{"name": "talker", "program": "%1",
        "arguments": ["--print=hello window", "--after=-1"], "controlSocket": "none",
        "autostart": true}], "targets": [], "sessions": []})")
                .arg(bin(QStringLiteral("vigil-test-child")))
                .toUtf8());
    f.close();
    console_ = std::make_unique<Console>();
    QString error;
    QVERIFY2(console_->load(workspace, &error), qPrintable(error));
}

void TestWindowMain::cleanup() {
    QSignalSpy done(console_.get(), &Console::shutdownFinished);
    console_->shutdown();
    QTRY_VERIFY_WITH_TIMEOUT(done.size() == 1, 10000);
    console_.reset();
    dir_.reset();
}

void TestWindowMain::sidebarDrivesViews() {
    MainWindow window(console_.get());
    window.show();
    QTRY_COMPARE(window.sidebar()->entries(Sidebar::EntryKind::Daemon),
                 QStringList{QStringLiteral("talker")});
    QTRY_COMPARE_WITH_TIMEOUT(window.sidebar()->badge(QStringLiteral("talker")),
                              QStringLiteral("running"), 10000);
    QVERIFY(window.selectTarget(QStringLiteral("talker")));
    QCOMPARE(window.daemonsView()->currentDaemon(), QStringLiteral("talker"));
    QCOMPARE(window.logsView()->daemon(), QStringLiteral("talker"));
    QTRY_COMPARE_WITH_TIMEOUT(window.logsView()->visibleLineCount(), 1, 10000);
    QCOMPARE(window.logsView()->lineText(0), QStringLiteral("hello window"));
    QTRY_VERIFY(window.consoleStatusBar()->countsText().contains(QStringLiteral("1 running")));
}

void TestWindowMain::menusHaveShortcuts() {
    MainWindow window(console_.get());
    QHash<QString, QKeySequence> shortcuts;
    for (QAction* menu : window.menuBar()->actions()) {
        for (QAction* action : menu->menu()->actions()) {
            if (!action->shortcut().isEmpty()) {
                QVERIFY2(!shortcuts.values().contains(action->shortcut()),
                         qPrintable(action->shortcut().toString()));
                shortcuts.insert(action->text(), action->shortcut());
            }
        }
    }
    QVERIFY(shortcuts.values().contains(QKeySequence(QKeySequence::New)));
    QVERIFY(shortcuts.values().contains(QKeySequence(QStringLiteral("Ctrl+2"))));
    QVERIFY(shortcuts.values().contains(QKeySequence(QStringLiteral("Ctrl+R"))));
    QVERIFY(shortcuts.values().contains(QKeySequence(QStringLiteral("Ctrl+Q"))) ||
            shortcuts.values().contains(QKeySequence(QKeySequence::Quit)));
}

void TestWindowMain::aboutNamesVersions() {
    const QString text = AboutDialog::versionText();
    QVERIFY(text.contains(QStringLiteral("Vigil ")));
    QVERIFY(text.contains(QStringLiteral("Qt ") + QString::fromLatin1(qVersion())));
    QVERIFY(text.contains(QStringLiteral("OpenSSL 3")));
}

void TestWindowMain::pageIsRestored() {
    {
        MainWindow window(console_.get());
        window.show();
        window.showPage(MainWindow::Page::Sessions);
    }
    MainWindow again(console_.get());
    QCOMPARE(again.currentPage(), MainWindow::Page::Sessions);
    again.showPage(MainWindow::Page::Daemons);
}

void TestWindowMain::appearanceIsAppliedAndRestored() {
    const QColor platformWindow = QApplication::palette().color(QPalette::Window);
    {
        MainWindow window(console_.get());
        window.show();
        auto* dark = window.findChild<QAction*>(QStringLiteral("appearance-dark"));
        QVERIFY(dark);
        QVERIFY(window.findChild<QAction*>(QStringLiteral("appearance-system"))->isChecked());
        dark->trigger();
        QVERIFY(dark->isChecked());
        QCOMPARE(currentAppearance(), Appearance::Dark);
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
        QVERIFY(QApplication::palette().color(QPalette::Text).lightness() > 180);
        // The views follow (the change reaches widgets through the event loop).
        QTRY_VERIFY(window.daemonsView()->palette().color(QPalette::Base).lightness() < 80);
    }
    // A new window (a later run) comes back dark, with Dark checked.
    applyAppearance(Appearance::System);
    {
        MainWindow again(console_.get());
        QCOMPARE(currentAppearance(), Appearance::Dark);
        auto* dark = again.findChild<QAction*>(QStringLiteral("appearance-dark"));
        QVERIFY(dark && dark->isChecked());
        again.findChild<QAction*>(QStringLiteral("appearance-system"))->trigger();
        QCOMPARE(QApplication::palette().color(QPalette::Window), platformWindow);
    }
    MainWindow third(console_.get());
    QCOMPARE(currentAppearance(), Appearance::System);
}

QTEST_MAIN(TestWindowMain)
#include "tst_window_main.moc"
