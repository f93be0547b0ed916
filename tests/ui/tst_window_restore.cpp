// What the window keeps between two starts, as KDE programs do: every splitter's position, every
// table's column widths and sort order, the page, and the sidebar entry last selected — which
// comes back once it exists (an entry that appears later, as a remote target does when its
// host connects, is selected then), unless the user chose another entry meanwhile.
#include "services/console.h"
#include "services/daemon_definition.h"
#include "services/supervisor.h"
#include "test_util.h"
#include "views/daemons_view.h"
#include "views/main_window.h"
#include "views/sessions_view.h"
#include "views/sidebar.h"
#include "views/widget_state.h"
#include "window_test_console.h"

#include <QHeaderView>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace vigil::ui;
using vigil::test::bin;

class TestWindowRestore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void keysNameTheWayDown();
    void layoutIsRestored();
    void selectionIsRestored();
    void selectionWaitsForItsEntry();
    void userChoiceWinsOverAWaitingRestore();

private:
    QSettings settings() const {
        return QSettings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("vigil"),
                         QStringLiteral("console"));
    }
    DaemonDefinition talker(const QString& name) const {
        DaemonDefinition d;
        d.name = name;
        d.program = bin(QStringLiteral("vigil-test-child"));
        d.arguments = QStringList{QStringLiteral("--after=-1")};
        d.autostart = false;
        return d;
    }

    vigil::test::WindowTestConsole console_;
};

void TestWindowRestore::init() {
    QString error;
    QVERIFY2(console_.start(vigil::test::idle_daemons_workspace(
                                {QStringLiteral("alpha"), QStringLiteral("beta")}),
                            &error),
             qPrintable(error));
}

void TestWindowRestore::cleanup() {
    QVERIFY(console_.stop());
}

void TestWindowRestore::keysNameTheWayDown() {
    MainWindow window(console_.get());
    auto* table = window.daemonsView()->findChild<QTableView*>(QStringLiteral("daemonTable"));
    QVERIFY(table);
    const QString key = widgetStateKey(&window, table);
    QVERIFY2(key.startsWith(QStringLiteral("mainSplit.")), qPrintable(key));
    QVERIFY2(key.contains(QStringLiteral(".daemonsView.")), qPrintable(key));
    QVERIFY2(key.endsWith(QStringLiteral(".daemonTable")), qPrintable(key));
    // Every splitter and table has a key of its own.
    QSet<QString> keys;
    int widgets = 0;
    for (QWidget* w : window.findChildren<QWidget*>()) {
        if (qobject_cast<QSplitter*>(w) || qobject_cast<QAbstractItemView*>(w)) {
            keys.insert(widgetStateKey(&window, w));
            widgets++;
        }
    }
    QCOMPARE(keys.size(), widgets);
}

void TestWindowRestore::layoutIsRestored() {
    QList<int> mainSizes;
    QList<int> commandSizes;
    int alphaColumn = -1;
    {
        MainWindow window(console_.get());
        window.resize(1300, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* main = window.findChild<QSplitter*>(QStringLiteral("mainSplit"));
        auto* commands = window.findChild<QSplitter*>(QStringLiteral("commandsSplit"));
        QVERIFY(main && commands);
        main->setSizes({333, 967});
        commands->setSizes({500, 500});
        mainSizes = main->sizes();
        commandSizes = commands->sizes();
        auto* daemons = window.findChild<QTableView*>(QStringLiteral("daemonTable"));
        daemons->horizontalHeader()->resizeSection(0, 211);
        alphaColumn = daemons->horizontalHeader()->sectionSize(0);
        daemons->sortByColumn(0, Qt::DescendingOrder);
        auto* sessions = window.findChild<QTableView*>(QStringLiteral("sessionTable"));
        sessions->horizontalHeader()->hideSection(1);
        window.showPage(MainWindow::Page::Logs);
    }
    MainWindow again(console_.get());
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.size(), QSize(1300, 800));
    QCOMPARE(again.currentPage(), MainWindow::Page::Logs);
    QCOMPARE(again.findChild<QSplitter*>(QStringLiteral("mainSplit"))->sizes(), mainSizes);
    QCOMPARE(again.findChild<QSplitter*>(QStringLiteral("commandsSplit"))->sizes(), commandSizes);
    auto* daemons = again.findChild<QTableView*>(QStringLiteral("daemonTable"));
    QCOMPARE(daemons->horizontalHeader()->sectionSize(0), alphaColumn);
    QCOMPARE(daemons->horizontalHeader()->sortIndicatorSection(), 0);
    QCOMPARE(daemons->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
    // The model is sorted that way too, not only the arrow: beta comes first.
    QTRY_COMPARE(daemons->model()->rowCount(), 2);
    QCOMPARE(daemons->model()->index(0, 0).data().toString(), QStringLiteral("beta"));
    auto* sessions = again.findChild<QTableView*>(QStringLiteral("sessionTable"));
    QVERIFY(sessions->horizontalHeader()->isSectionHidden(1));
    again.showPage(MainWindow::Page::Daemons);
}

void TestWindowRestore::selectionIsRestored() {
    {
        MainWindow window(console_.get());
        window.show();
        QTRY_COMPARE(window.sidebar()->entries(Sidebar::EntryKind::Daemon).size(), 2);
        QVERIFY(window.selectTarget(QStringLiteral("beta")));
        QCOMPARE(window.sidebar()->currentTarget(), QStringLiteral("beta"));
    }
    MainWindow again(console_.get());
    again.show();
    QTRY_COMPARE(again.sidebar()->currentTarget(), QStringLiteral("beta"));
}

void TestWindowRestore::selectionWaitsForItsEntry() {
    {
        MainWindow window(console_.get());
        window.show();
        QTRY_COMPARE(window.sidebar()->entries(Sidebar::EntryKind::Daemon).size(), 2);
    }
    // As a later run would find it: the entry selected last is not there yet.
    settings().setValue(QStringLiteral("window/selection"), QStringLiteral("late"));
    MainWindow window(console_.get());
    window.show();
    QTRY_COMPARE(window.sidebar()->currentTarget(), QStringLiteral("alpha"));
    // Closing now keeps the restore that is still waiting, not the automatic choice.
    { MainWindow other(console_.get()); }
    QCOMPARE(settings().value(QStringLiteral("window/selection")).toString(),
             QStringLiteral("late"));
    QString error;
    QVERIFY2(console_.get()->supervisor()->add(talker(QStringLiteral("late")), &error),
             qPrintable(error));
    QTRY_COMPARE(window.sidebar()->currentTarget(), QStringLiteral("late"));
}

void TestWindowRestore::userChoiceWinsOverAWaitingRestore() {
    settings().setValue(QStringLiteral("window/selection"), QStringLiteral("late"));
    MainWindow window(console_.get());
    window.show();
    QTRY_COMPARE(window.sidebar()->entries(Sidebar::EntryKind::Daemon).size(), 2);
    QVERIFY(window.selectTarget(QStringLiteral("beta")));
    QString error;
    QVERIFY2(console_.get()->supervisor()->add(talker(QStringLiteral("late")), &error),
             qPrintable(error));
    QTRY_VERIFY(
        window.sidebar()->entries(Sidebar::EntryKind::Daemon).contains(QStringLiteral("late")));
    QTest::qWait(100);
    QCOMPARE(window.sidebar()->currentTarget(), QStringLiteral("beta"));
}

QTEST_MAIN(TestWindowRestore)
#include "tst_window_restore.moc"
