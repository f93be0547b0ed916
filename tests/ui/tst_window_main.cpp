// The main window over a real Console: the sidebar lists the workspace's daemon, selecting it
// drives the other views, menus carry the shortcuts, the About box names the versions, and the
// window's state survives a restart through QSettings, and so does the appearance chosen in
// View > Appearance (a dark palette applied at once, the platform's restored by Follow System).
// A give-up reaches the desktop through notify-send when there is no tray.
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
#include "window_test_console.h"

#include <QAction>
#include <QApplication>
#include <QMenuBar>
#include <QSystemTrayIcon>
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
    void giveUpNotifiesTheDesktop();

private:
    vigil::test::WindowTestConsole console_;
};

void TestWindowMain::init() {
    QString error;
    QVERIFY2(console_.start(
                 QStringLiteral(R"({"version": 1, "daemons": [{"name": "talker", "program": "%1",
        "arguments": ["--print=hello window", "--after=-1"], "controlSocket": "none",
        "autostart": true}], "targets": [], "sessions": []})")
                     .arg(bin(QStringLiteral("vigil-test-child"))),
                 &error),
             qPrintable(error));
}

void TestWindowMain::cleanup() {
    QVERIFY(console_.stop());
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
    // A key may be bound once per scope: window-wide, or once in each view that binds it only
    // while it has the focus (Del removes a daemon in Daemons and a host in Hosts).
    QSet<QPair<QString, const QObject*>> scoped;
    for (QAction* menu : window.menuBar()->actions()) {
        for (QAction* action : menu->menu()->actions()) {
            if (!action->shortcut().isEmpty()) {
                const QObject* scope = action->shortcutContext() == Qt::WidgetWithChildrenShortcut
                                           ? action->parent()
                                           : nullptr;
                const QPair<QString, const QObject*> key{action->shortcut().toString(), scope};
                QVERIFY2(!scoped.contains(key), qPrintable(action->shortcut().toString()));
                QVERIFY2(!scoped.contains({key.first, nullptr}), qPrintable(key.first));
                scoped.insert(key);
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

// Without a system tray (the offscreen platform has none), a daemon that gives up is announced
// with the freedesktop notify-send helper. The helper here is a script on PATH that records its
// arguments, standing in for the desktop's.
void TestWindowMain::giveUpNotifiesTheDesktop() {
    QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable());
    const QString helperDir = console_.path(QStringLiteral("helpers"));
    QVERIFY(QDir().mkpath(helperDir));
    const QString record = console_.path(QStringLiteral("notified.txt"));
    QFile script(helperDir + QStringLiteral("/notify-send"));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write(QStringLiteral("#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done > \"%1.tmp\" && "
                                "mv \"%1.tmp\" \"%1\"\n")
                     .arg(record)
                     .toUtf8());
    script.close();
    QVERIFY(script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                  QFileDevice::ExeOwner));
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", helperDir.toLocal8Bit() + ':' + path);

    DaemonDefinition def;
    def.name = QStringLiteral("crasher");
    def.program = bin(QStringLiteral("vigil-test-child"));
    def.arguments = {QStringLiteral("--exit=1")};
    def.backoffMinMs = def.backoffMaxMs = 100;
    def.backoffJitter = 0;
    def.startGraceMs = 20;
    def.maxFailures = 2;
    def.controlSocket = QStringLiteral("none");
    QVERIFY(console_.get()->supervisor()->add(def));
    MainWindow window(console_.get());
    window.show();
    QVERIFY(console_.get()->supervisor()->start(QStringLiteral("crasher")));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(record), 10000);
    qputenv("PATH", path);
    QFile f(record);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList args = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
    QVERIFY2(args.contains(QStringLiteral("--app-name=Vigil")), qPrintable(args.join('|')));
    QVERIFY(args.contains(QStringLiteral("Vigil gave up on crasher")));
    QVERIFY(args.filter(QStringLiteral("crasher failed too often")).size() == 1);
}

QTEST_MAIN(TestWindowMain)
#include "tst_window_main.moc"
