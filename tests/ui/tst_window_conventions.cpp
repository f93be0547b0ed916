// What users of desktop programs expect of every view, checked over the whole window: every table
// and tree copies its selected rows (Ctrl+C, tab-separated) and exports to CSV and JSON; every
// control a screen reader reaches has a name, including those that show only an icon, a badge or
// a painted strip; every menu action can be reached from the keyboard (a mnemonic or a
// shortcut), and no shortcut is given twice in one window; Ctrl+F puts the keyboard in each
// page's filter, Tab goes on from there to the page's table, Ctrl+0 to the target list.
#include "services/console.h"
#include "test_util.h"
#include "views/daemons_view.h"
#include "views/main_window.h"
#include "views/sidebar.h"
#include "views/table_export_actions.h"
#include "window_test_console.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>
#include <memory>

using namespace vigil::ui;
using vigil::test::bin;

namespace {

// What a screen reader reads as the name of `widget`.
QString accessibleName(QWidget* widget) {
    QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(widget);
    return iface ? iface->text(QAccessible::Name).trimmed() : QString();
}

QString describe(QWidget* w) {
    QStringList path;
    for (QObject* o = w; o; o = o->parent()) {
        path.prepend(o->objectName().isEmpty() ? QString::fromLatin1(o->metaObject()->className())
                                               : o->objectName());
    }
    return path.join(QLatin1Char('/'));
}

QAction* copyAction(QAbstractItemView* view) {
    for (QAction* a : view->actions()) {
        if (a->shortcut() == QKeySequence(QKeySequence::Copy)) {
            return a;
        }
    }
    return nullptr;
}

} // namespace

class TestWindowConventions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void everyTableCopiesAndExports();
    void copyGivesTabSeparatedRows();
    void exportMenuCopiesJsonAndCsv();
    void everyControlHasAnAccessibleName();
    void menusAreReachableFromTheKeyboard();
    void findFocusesEachPagesFilterAndTabReachesItsTable();
    void daemonsFilterNarrowsTheTable();

private:
    vigil::test::WindowTestConsole console_;
};

void TestWindowConventions::init() {
    QString error;
    QVERIFY2(console_.start(vigil::test::idle_daemons_workspace(
                                {QStringLiteral("alpha"), QStringLiteral("beta")}),
                            &error),
             qPrintable(error));
}

void TestWindowConventions::cleanup() {
    QVERIFY(console_.stop());
}

void TestWindowConventions::everyTableCopiesAndExports() {
    MainWindow window(console_.get());
    window.show();
    // The sidebar is a list of places, not a table of records; the fan-out's target picker
    // is a checklist, and so is the watch panel's list of numbers; the reply tree is part of
    // the reply pane, which has its own Copy (the whole reply or the selection).
    const QStringList notTables{QStringLiteral("targetTree"), QStringLiteral("fanoutTargets"),
                                QStringLiteral("watchSeries"), QStringLiteral("replyTree")};
    QStringList missing;
    for (QAbstractItemView* view : window.findChildren<QAbstractItemView*>()) {
        if (qobject_cast<QHeaderView*>(view) || view->inherits("QComboBoxListView") ||
            notTables.contains(view->objectName())) {
            continue;
        }
        if (!copyAction(view)) {
            missing << describe(view);
        }
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
}

void TestWindowConventions::copyGivesTabSeparatedRows() {
    MainWindow window(console_.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* table = window.findChild<QTableView*>(QStringLiteral("daemonTable"));
    QTRY_COMPARE(table->model()->rowCount(), 2);
    QVERIFY(window.daemonsView()->selectDaemon(QStringLiteral("beta")));
    table->setFocus();
    QApplication::clipboard()->clear();
    QTest::keySequence(table, QKeySequence::Copy);
    const QString text = QApplication::clipboard()->text();
    QVERIFY2(text.startsWith(QStringLiteral("beta\t")), qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("alpha")));
}

void TestWindowConventions::exportMenuCopiesJsonAndCsv() {
    MainWindow window(console_.get());
    window.show();
    auto* table = window.findChild<QTableView*>(QStringLiteral("daemonTable"));
    QTRY_COMPARE(table->model()->rowCount(), 2);
    auto* button = window.findChild<QToolButton*>(QStringLiteral("daemons-export"));
    QVERIFY(button && button->menu());
    auto trigger = [button](const QString& text) {
        for (QAction* a : button->menu()->actions()) {
            if (a->text() == text) {
                a->trigger();
                return true;
            }
        }
        return false;
    };
    QVERIFY(trigger(QStringLiteral("Copy as JSON")));
    const QJsonArray rows =
        QJsonDocument::fromJson(QApplication::clipboard()->text().toUtf8()).array();
    QCOMPARE(rows.size(), 2);
    QStringList names;
    for (const QJsonValue& row : rows) {
        QVERIFY(row.isObject());
        names << row.toObject().value(QStringLiteral("Name")).toString();
    }
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("alpha"), QStringLiteral("beta")}));
    QVERIFY(trigger(QStringLiteral("Copy as CSV")));
    const QStringList lines =
        QApplication::clipboard()->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines[0].startsWith(QStringLiteral("Name,")), qPrintable(lines[0]));
    // And to a file, read back.
    const QString path = console_.path(QStringLiteral("daemons.csv"));
    QString error;
    QVERIFY2(exportTableToFile(*table->model(), path, {}, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    // The running daemons' uptime is computed when it is read ("up 31 ms", then "up 32 ms"),
    // so the two exports may differ in that column only; every other cell must match.
    const int uptime = lines[0].split(QLatin1Char(',')).indexOf(QStringLiteral("Uptime"));
    QVERIFY2(uptime > 0, qPrintable(lines[0]));
    const auto withoutUptime = [uptime](QStringList rows) {
        for (QString& row : rows) {
            QStringList cells = row.split(QLatin1Char(','));
            cells.removeAt(uptime);
            row = cells.join(QLatin1Char(','));
        }
        return rows;
    };
    QCOMPARE(withoutUptime(
                 QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts)),
             withoutUptime(lines));
}

void TestWindowConventions::everyControlHasAnAccessibleName() {
    MainWindow window(console_.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE(window.sidebar()->entries(Sidebar::EntryKind::Daemon).size(), 2);
    // Widgets that paint what they show (strips, charts, legends): nothing for a screen reader
    // unless they say it.
    const QStringList paintedParts{QStringLiteral("historyStrip"), QStringLiteral("watchChart"),
                                   QStringLiteral("stateLegend")};
    for (const QString& name : paintedParts) {
        QVERIFY2(window.findChild<QWidget*>(name), qPrintable(name));
    }
    QStringList unnamed;
    for (QWidget* w : window.findChildren<QWidget*>()) {
        const bool control = qobject_cast<QAbstractButton*>(w) || qobject_cast<QLineEdit*>(w) ||
                             qobject_cast<QComboBox*>(w) || qobject_cast<QAbstractItemView*>(w) ||
                             paintedParts.contains(w->objectName());
        // Qt's own parts (a header, a combo box's list, a toolbar's overflow button) are named
        // by Qt's accessibility bridge through their owners.
        if (!control || qobject_cast<QHeaderView*>(w) || w->inherits("QComboBoxListView") ||
            w->inherits("QTableCornerButton") || w->inherits("QLineEditIconButton") ||
            qobject_cast<QComboBox*>(w->parent()) ||
            w->objectName().startsWith(QLatin1String("qt_"))) {
            continue;
        }
        if (accessibleName(w).isEmpty()) {
            unnamed << describe(w);
        }
    }
    if (!unnamed.isEmpty()) {
        qWarning().noquote() << unnamed.join(QLatin1Char('\n'));
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(QString::number(unnamed.size()) + " unnamed"));
    // The daemon's state strip says in words what its colours show.
    QVERIFY(window.selectTarget(QStringLiteral("alpha")));
    auto* strip = window.findChild<QWidget*>(QStringLiteral("historyStrip"));
    QTRY_VERIFY2(strip->accessibleDescription().contains(QStringLiteral("running since")),
                 qPrintable(strip->accessibleDescription()));
    // So does a sidebar entry its painted badge, through the accessible cell of its row.
    QTreeWidget* tree = window.sidebar()->tree();
    const QModelIndexList found =
        tree->model()->match(tree->model()->index(0, 0), Qt::DisplayRole, QStringLiteral("alpha"),
                             1, Qt::MatchExactly | Qt::MatchRecursive);
    QCOMPARE(found.size(), 1);
    QTRY_COMPARE(found.first().data(Qt::AccessibleTextRole).toString(),
                 QStringLiteral("alpha: running"));
    QAccessibleInterface* treeIface = QAccessible::queryAccessibleInterface(tree);
    QVERIFY(treeIface);
    QStringList spoken;
    for (int i = 0; i < treeIface->childCount(); ++i) {
        if (QAccessibleInterface* cell = treeIface->child(i)) {
            spoken << cell->text(QAccessible::Name);
        }
    }
    QVERIFY2(spoken.contains(QStringLiteral("alpha: running")),
             qPrintable(spoken.join(QStringLiteral(" | "))));
}

void TestWindowConventions::menusAreReachableFromTheKeyboard() {
    MainWindow window(console_.get());
    QStringList unreachable;
    QHash<QString, QString> shortcuts;
    QStringList twice;
    std::function<void(QMenu*, const QString&)> walk = [&](QMenu* menu, const QString& path) {
        for (QAction* a : menu->actions()) {
            if (a->isSeparator()) {
                continue;
            }
            const QString where = path + QStringLiteral(" > ") + a->text();
            if (!a->text().contains(QLatin1Char('&')) && a->shortcut().isEmpty()) {
                unreachable << where;
            }
            // A shortcut of one view (Del in a table) may be given again in another view.
            if (!a->shortcut().isEmpty() && a->shortcutContext() == Qt::WindowShortcut) {
                const QString key = a->shortcut().toString();
                if (shortcuts.contains(key) && shortcuts.value(key) != where) {
                    twice << key + QStringLiteral(": ") + shortcuts.value(key) +
                                 QStringLiteral(", ") + where;
                }
                shortcuts.insert(key, where);
            }
            if (a->menu()) {
                walk(a->menu(), where);
            }
        }
    };
    for (QAction* top : window.menuBar()->actions()) {
        QVERIFY2(top->text().contains(QLatin1Char('&')), qPrintable(top->text()));
        walk(top->menu(), top->text());
    }
    QVERIFY2(unreachable.isEmpty(), qPrintable(unreachable.join(QLatin1Char('\n'))));
    QVERIFY2(twice.isEmpty(), qPrintable(twice.join(QLatin1Char('\n'))));
}

void TestWindowConventions::findFocusesEachPagesFilterAndTabReachesItsTable() {
    MainWindow window(console_.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QApplication::setActiveWindow(&window);
    const struct {
        MainWindow::Page page;
        const char* filter;
    } pages[] = {{MainWindow::Page::Daemons, "daemonFilter"},
                 {MainWindow::Page::Commands, "commandFilter"},
                 {MainWindow::Page::Sessions, "sessionFilter"},
                 {MainWindow::Page::Logs, "logSearch"},
                 {MainWindow::Page::Clusters, "clusterFilter"},
                 {MainWindow::Page::Hosts, "hostFilter"},
                 {MainWindow::Page::Fanout, "fanoutPattern"}};
    for (const auto& p : pages) {
        window.showPage(p.page);
        QTest::keySequence(&window, QKeySequence::Find);
        QWidget* focus = QApplication::focusWidget();
        QVERIFY2(focus && focus->objectName() == QLatin1String(p.filter),
                 qPrintable(QStringLiteral("%1: focus on %2")
                                .arg(QLatin1String(p.filter),
                                     focus ? describe(focus) : QStringLiteral("nothing"))));
        // From the filter, Tab reaches a table or list of the same page without leaving it.
        QWidget* pageWidget =
            window.findChild<QTabWidget*>(QStringLiteral("pages"))->currentWidget();
        bool reached = false;
        for (int i = 0; i < 12 && !reached; i++) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            QWidget* now = QApplication::focusWidget();
            QVERIFY(now);
            reached = qobject_cast<QAbstractItemView*>(now) && pageWidget->isAncestorOf(now);
        }
        QVERIFY2(reached, p.filter);
    }
    // Ctrl+0 puts the keyboard in the target list.
    QTest::keySequence(&window, QKeySequence(QStringLiteral("Ctrl+0")));
    QCOMPARE(QApplication::focusWidget(), window.sidebar()->tree());
}

void TestWindowConventions::daemonsFilterNarrowsTheTable() {
    MainWindow window(console_.get());
    window.show();
    auto* table = window.findChild<QTableView*>(QStringLiteral("daemonTable"));
    QTRY_COMPARE(table->model()->rowCount(), 2);
    auto* filter = window.findChild<QLineEdit*>(QStringLiteral("daemonFilter"));
    QTest::keyClicks(filter, QStringLiteral("BET"));
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("beta"));
    filter->clear();
    QCOMPARE(table->model()->rowCount(), 2);
}

QTEST_MAIN(TestWindowConventions)
#include "tst_window_conventions.moc"
