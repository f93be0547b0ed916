// The command palette (Ctrl+K) over a real window and a real daemon (vigil-testd, supervised
// by the console, whose commands the window learns from its list-commands): Ctrl+K opens it
// with the keyboard in its query, typing ranks the matches (prefix before word start, shorter
// first) with the matched characters marked, Up/Down/Page keys move the selection without
// taking the keyboard from the query, Enter triggers an action, selects a daemon in the
// sidebar, or selects a command on the Commands page with the keyboard in its arguments, and
// Ctrl+Enter runs a command that needs no arguments; a query matching nothing says so;
// Escape and a click outside close it, and Escape gives the keyboard back.
#include "models/palette_model.h"
#include "services/console.h"
#include "services/target_registry.h"
#include "test_util.h"
#include "views/argument_form.h"
#include "views/command_palette.h"
#include "views/commands_view.h"
#include "views/main_window.h"
#include "views/sidebar.h"
#include "window_test_console.h"

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QTreeWidget>
#include <QtTest>
#include <memory>

using namespace vigil::ui;
using vigil::test::bin;

namespace {

// One idle daemon without a control socket and one vigil-testd that offers its commands.
QString paletteWorkspace() {
    return QStringLiteral(R"({"version": 1, "daemons": [
        {"name": "alpha", "program": "%1", "arguments": ["--after=-1"], "controlSocket": "none",
         "autostart": false},
        {"name": "testd", "program": "%2", "arguments": ["--unixctl=palette-testd.ctl"],
         "autostart": true}], "targets": [], "sessions": []})")
        .arg(bin(QStringLiteral("vigil-test-child")), bin(QStringLiteral("vigil-testd")));
}

QString accessibleName(QWidget* widget) {
    QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(widget);
    return iface ? iface->text(QAccessible::Name).trimmed() : QString();
}

} // namespace

class TestCommandPalette : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void ctrlKOpensWithTheKeyboardInTheQuery();
    void typingRanksTheMatchesAndMarksThem();
    void arrowAndPageKeysMoveTheSelectionOnly();
    void enterTriggersAnAction();
    void enterOnADaemonSelectsItInTheSidebar();
    void enterOnACommandSelectsItWithTheKeyboardInItsArguments();
    void ctrlEnterRunsACommandThatNeedsNoArguments();
    void ctrlEnterOnACommandThatNeedsArgumentsOnlySelectsIt();
    void aQueryMatchingNothingSaysSo();
    void escapeClosesAndGivesTheKeyboardBack();
    void aClickOutsideCloses();
    void theModelKeepsQtsRules();

private:
    // Presses Ctrl+K where the keyboard is and returns the palette (null when none opened).
    CommandPalette* openPalette();
    // The titles of the palette's first `count` rows.
    QStringList titles(int count) const;

    vigil::test::WindowTestConsole console_;
    std::unique_ptr<MainWindow> window_;
};

void TestCommandPalette::initTestCase() {
    QVERIFY2(QFile::exists(bin(QStringLiteral("vigil-testd"))), "build the vigil-testd program");
    QString error;
    QVERIFY2(console_.start(paletteWorkspace(), &error), qPrintable(error));
    // The session monitor asks every target for its commands; the palette lists those.
    QTRY_VERIFY_WITH_TIMEOUT(console_.get()->targets()->commandsKnown(QStringLiteral("testd")),
                             15000);
}

void TestCommandPalette::cleanupTestCase() {
    QVERIFY(console_.stop());
}

void TestCommandPalette::init() {
    window_ = std::make_unique<MainWindow>(console_.get());
    window_->resize(1200, 800);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QApplication::setActiveWindow(window_.get());
    QTRY_COMPARE(window_->sidebar()->entries(Sidebar::EntryKind::Daemon).size(), 2);
    window_->sidebar()->tree()->setFocus();
    QCOMPARE(QApplication::focusWidget(), window_->sidebar()->tree());
}

void TestCommandPalette::cleanup() {
    window_.reset();
}

CommandPalette* TestCommandPalette::openPalette() {
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_K, Qt::ControlModifier);
    CommandPalette* palette = window_->commandPalette();
    return palette && palette->isVisible() ? palette : nullptr;
}

QStringList TestCommandPalette::titles(int count) const {
    QStringList out;
    const QAbstractItemModel* model = window_->commandPalette()->resultView()->model();
    for (int row = 0; row < std::min(count, model->rowCount()); ++row) {
        out << model->index(row, 0).data().toString();
    }
    return out;
}

void TestCommandPalette::ctrlKOpensWithTheKeyboardInTheQuery() {
    QVERIFY(!window_->commandPalette()); // nothing is made before it is wanted
    CommandPalette* palette = openPalette();
    QVERIFY(palette);
    QCOMPARE(QApplication::focusWidget(), palette->lineEdit());
    QCOMPARE(palette->lineEdit()->placeholderText(),
             QStringLiteral("Type to jump to a host, target, daemon or command, or run an action"));
    QVERIFY(window_->paletteModel()->isActive());
    // Over the top centre of the window, and above the pages.
    const QRect area = palette->geometry();
    QVERIFY2(
        qAbs(area.center().x() - window_->width() / 2) <= 1,
        qPrintable(QStringLiteral("centre %1 of %2").arg(area.center().x()).arg(window_->width())));
    QVERIFY(area.top() < window_->height() / 4);
    QVERIFY(area.width() < window_->width());
    // With no query every entry is offered, the window's actions among them.
    QVERIFY(palette->resultView()->model()->rowCount() > 20);
    QCOMPARE(palette->currentRow(), 0);
    // Its controls have names for a screen reader.
    for (QWidget* w : {static_cast<QWidget*>(palette), static_cast<QWidget*>(palette->lineEdit()),
                       static_cast<QWidget*>(palette->resultView())}) {
        QVERIFY2(!accessibleName(w).isEmpty(), w->metaObject()->className());
    }
    // The palette's own action is not one of its entries.
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("command palette"));
    QVERIFY(!titles(50).contains(QStringLiteral("Command Palette…")));
}

void TestCommandPalette::typingRanksTheMatchesAndMarksThem() {
    CommandPalette* palette = openPalette();
    QVERIFY(palette);
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("vlog/list"));
    // The prefix match first, the shorter before the longer; both are testd's commands.
    QCOMPARE(titles(2),
             (QStringList{QStringLiteral("vlog/list"), QStringLiteral("vlog/list-pattern")}));
    const QModelIndex first = palette->resultView()->model()->index(0, 0);
    QCOMPARE(PaletteKind(first.data(PaletteModel::KindRole).toInt()), PaletteKind::Command);
    QVERIFY2(first.data(PaletteModel::DetailRole).toString().startsWith(QStringLiteral("testd")),
             qPrintable(first.data(PaletteModel::DetailRole).toString()));
    QCOMPARE(first.data(PaletteModel::MatchPositionsRole).value<QList<int>>(),
             (QList<int>{0, 1, 2, 3, 4, 5, 6, 7, 8}));
    // A scattered query still finds it, words in any field: "ts vlgl" is testd's vlog/list.
    palette->lineEdit()->clear();
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("testd vlgl"));
    QVERIFY(palette->resultView()->model()->rowCount() >= 1);
    QCOMPARE(titles(1), QStringList{QStringLiteral("vlog/list")});
    // Equal matches keep the menus' order: the Daemon menu's Logs, then the View menu's.
    palette->lineEdit()->clear();
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("logs"));
    QCOMPARE(titles(2), (QStringList{QStringLiteral("Logs"), QStringLiteral("Logs")}));
    const QAbstractItemModel* results = palette->resultView()->model();
    QCOMPARE(results->index(0, 0).data(PaletteModel::DetailRole).toString(),
             QStringLiteral("Daemon"));
    QCOMPARE(results->index(1, 0).data(PaletteModel::DetailRole).toString(),
             QStringLiteral("View"));
    // A second word narrows by the menu: the View menu's Logs alone, with its shortcut.
    palette->lineEdit()->clear();
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("view logs"));
    QCOMPARE(titles(2).value(0), QStringLiteral("Logs"));
    const QModelIndex action = palette->resultView()->model()->index(0, 0);
    QCOMPARE(PaletteKind(action.data(PaletteModel::KindRole).toInt()), PaletteKind::Action);
    QCOMPARE(action.data(PaletteModel::DetailRole).toString(), QStringLiteral("View"));
    QCOMPARE(action.data(PaletteModel::ShortcutRole).toString(),
             QKeySequence(QStringLiteral("Ctrl+4")).toString(QKeySequence::NativeText));
}

void TestCommandPalette::arrowAndPageKeysMoveTheSelectionOnly() {
    CommandPalette* palette = openPalette();
    QVERIFY(palette);
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("vlog"));
    const int rows = palette->resultView()->model()->rowCount();
    QVERIFY2(rows >= 5, qPrintable(QString::number(rows)));
    QCOMPARE(palette->currentRow(), 0);
    QTest::keyClick(palette->lineEdit(), Qt::Key_Down);
    QTest::keyClick(palette->lineEdit(), Qt::Key_Down);
    QCOMPARE(palette->currentRow(), 2);
    QTest::keyClick(palette->lineEdit(), Qt::Key_Up);
    QCOMPARE(palette->currentRow(), 1);
    QTest::keyClick(palette->lineEdit(), Qt::Key_Up);
    QTest::keyClick(palette->lineEdit(), Qt::Key_Up); // stops at the top
    QCOMPARE(palette->currentRow(), 0);
    QTest::keyClick(palette->lineEdit(), Qt::Key_PageDown);
    QVERIFY(palette->currentRow() > 1);
    QTest::keyClick(palette->lineEdit(), Qt::Key_PageDown);
    QTest::keyClick(palette->lineEdit(), Qt::Key_PageDown);
    QTest::keyClick(palette->lineEdit(), Qt::Key_PageDown);
    QCOMPARE(palette->currentRow(), rows - 1); // stops at the bottom
    QTest::keyClick(palette->lineEdit(), Qt::Key_PageUp);
    QVERIFY(palette->currentRow() < rows - 1);
    // Tab does not leave the palette, and none of it edited the query.
    QTest::keyClick(palette->lineEdit(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), palette->lineEdit());
    QCOMPARE(palette->lineEdit()->text(), QStringLiteral("vlog"));
    QVERIFY(palette->isVisible());
}

void TestCommandPalette::enterTriggersAnAction() {
    window_->showPage(MainWindow::Page::Daemons);
    CommandPalette* palette = openPalette();
    QVERIFY(palette);
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("view logs"));
    QCOMPARE(titles(1), QStringList{QStringLiteral("Logs")});
    QTest::keyClick(palette->lineEdit(), Qt::Key_Return);
    QVERIFY(!palette->isVisible());
    QVERIFY(!window_->paletteModel()->isActive());
    QCOMPARE(window_->currentPage(), MainWindow::Page::Logs);
    // And a checkable one toggles: Show Targets hides the sidebar.
    palette = openPalette();
    QVERIFY(palette);
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("show targets"));
    QCOMPARE(titles(1), QStringList{QStringLiteral("Show Targets")});
    QTest::keyClick(palette->lineEdit(), Qt::Key_Enter);
    QVERIFY(!window_->sidebar()->isVisible());
    palette = openPalette();
    QVERIFY(palette);
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("show targets"));
    QTest::keyClick(palette->lineEdit(), Qt::Key_Enter);
    QVERIFY(window_->sidebar()->isVisible());
}

void TestCommandPalette::enterOnADaemonSelectsItInTheSidebar() {
    QVERIFY(window_->selectTarget(QStringLiteral("alpha")));
    window_->showPage(MainWindow::Page::Logs);
    CommandPalette* palette = openPalette();
    QVERIFY(palette);
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("testd"));
    const QModelIndex first = palette->resultView()->model()->index(0, 0);
    QCOMPARE(first.data().toString(), QStringLiteral("testd"));
    QCOMPARE(PaletteKind(first.data(PaletteModel::KindRole).toInt()), PaletteKind::Daemon);
    QTest::keyClick(palette->lineEdit(), Qt::Key_Return);
    QVERIFY(!palette->isVisible());
    QCOMPARE(window_->sidebar()->tree()->currentItem()->text(0), QStringLiteral("testd"));
    QCOMPARE(window_->sidebar()->currentTarget(), QStringLiteral("testd"));
    QCOMPARE(window_->currentPage(), MainWindow::Page::Daemons);
    QCOMPARE(window_->commandsView()->target(), QStringLiteral("testd"));
    QCOMPARE(QApplication::focusWidget(), window_->sidebar()->tree());
}

void TestCommandPalette::enterOnACommandSelectsItWithTheKeyboardInItsArguments() {
    QVERIFY(window_->selectTarget(QStringLiteral("alpha")));
    CommandPalette* palette = openPalette();
    QVERIFY(palette);
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("vlog/list"));
    QTest::keyClick(palette->lineEdit(), Qt::Key_Down);
    QCOMPARE(palette->currentRow(), 1);
    QTest::keyClick(palette->lineEdit(), Qt::Key_Return);
    QVERIFY(!palette->isVisible());
    QCOMPARE(window_->currentPage(), MainWindow::Page::Commands);
    QCOMPARE(window_->sidebar()->currentTarget(), QStringLiteral("testd"));
    QCOMPARE(window_->commandsView()->target(), QStringLiteral("testd"));
    QCOMPARE(window_->commandsView()->currentCommand(), QStringLiteral("vlog/list-pattern"));
    ArgumentForm* form = window_->commandsView()->argumentForm();
    QTRY_VERIFY(form->isAncestorOf(QApplication::focusWidget()));
    // Nothing ran: Enter in the palette only chose the command.
    QVERIFY(window_->commandsView()->outputText().isEmpty());
}

void TestCommandPalette::ctrlEnterRunsACommandThatNeedsNoArguments() {
    CommandPalette* palette = openPalette();
    QVERIFY(palette);
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("testd version"));
    QCOMPARE(titles(1), QStringList{QStringLiteral("version")});
    QSignalSpy finished(window_->commandsView(), &CommandsView::invocationFinished);
    QTest::keyClick(palette->lineEdit(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(!palette->isVisible());
    QCOMPARE(window_->currentPage(), MainWindow::Page::Commands);
    QCOMPARE(window_->commandsView()->currentCommand(), QStringLiteral("version"));
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY2(!window_->commandsView()->outputText().trimmed().isEmpty(),
             qPrintable(window_->commandsView()->statusText()));
}

void TestCommandPalette::ctrlEnterOnACommandThatNeedsArgumentsOnlySelectsIt() {
    CommandPalette* palette = openPalette();
    QVERIFY(palette);
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("testd echo"));
    QCOMPARE(titles(1), QStringList{QStringLiteral("echo")});
    QSignalSpy finished(window_->commandsView(), &CommandsView::invocationFinished);
    QTest::keyClick(palette->lineEdit(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(window_->commandsView()->currentCommand(), QStringLiteral("echo"));
    ArgumentForm* form = window_->commandsView()->argumentForm();
    QTRY_VERIFY(form->isAncestorOf(QApplication::focusWidget()));
    // The keyboard is in the argument's own field, not the argument line below the fields.
    QWidget* focus = QApplication::focusWidget();
    QVERIFY(focus->objectName() != QLatin1String("argumentLine"));
    // Typing the argument and Enter there runs it.
    QTest::keyClicks(focus, QStringLiteral("hello"));
    QVERIFY(finished.isEmpty());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QVERIFY(finished.wait(10000));
    QTRY_VERIFY2(window_->commandsView()->outputText().contains(QStringLiteral("hello")),
                 qPrintable(window_->commandsView()->outputText()));
}

void TestCommandPalette::aQueryMatchingNothingSaysSo() {
    CommandPalette* palette = openPalette();
    QVERIFY(palette);
    QVERIFY(!palette->noMatchLabel()->isVisible());
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("qqzzxqj"));
    QCOMPARE(palette->resultView()->model()->rowCount(), 0);
    QCOMPARE(palette->currentRow(), -1);
    QVERIFY(palette->noMatchLabel()->isVisible());
    QVERIFY2(palette->noMatchLabel()->text().startsWith(QStringLiteral("No match")),
             qPrintable(palette->noMatchLabel()->text()));
    // Enter has nothing to take and leaves the palette open; a shorter query matches again.
    QTest::keyClick(palette->lineEdit(), Qt::Key_Return);
    QVERIFY(palette->isVisible());
    palette->lineEdit()->setText(QStringLiteral("vlog"));
    QVERIFY(palette->resultView()->model()->rowCount() > 0);
    QVERIFY(!palette->noMatchLabel()->isVisible());
    QCOMPARE(palette->currentRow(), 0);
}

void TestCommandPalette::escapeClosesAndGivesTheKeyboardBack() {
    window_->showPage(MainWindow::Page::Commands);
    CommandPalette* palette = openPalette();
    QVERIFY(palette);
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("vlog"));
    QTest::keyClick(palette->lineEdit(), Qt::Key_Escape);
    QVERIFY(!palette->isVisible());
    QVERIFY(!window_->paletteModel()->isActive());
    QCOMPARE(QApplication::focusWidget(), window_->sidebar()->tree());
    QCOMPARE(window_->currentPage(), MainWindow::Page::Commands);
    // Opened again, it starts from an empty query.
    palette = openPalette();
    QVERIFY(palette);
    QVERIFY(palette->lineEdit()->text().isEmpty());
    QVERIFY(window_->paletteModel()->isActive());
}

void TestCommandPalette::aClickOutsideCloses() {
    CommandPalette* palette = openPalette();
    QVERIFY(palette);
    // A click inside (on a row) is not outside: it activates that row.
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("testd"));
    QCOMPARE(titles(1), QStringList{QStringLiteral("testd")});
    palette = openPalette(); // already open: stays open
    QVERIFY(palette);
    QWidget* tabs = window_->findChild<QWidget*>(QStringLiteral("pages"));
    QVERIFY(tabs);
    const QPoint outside =
        tabs->mapFrom(window_.get(), QPoint(window_->width() / 2, window_->height() - 60));
    QVERIFY(!palette->geometry().contains(tabs->mapTo(window_.get(), outside)));
    QWidget* target = tabs->childAt(outside) ? tabs->childAt(outside) : tabs;
    QTest::mouseClick(target, Qt::LeftButton, {}, target->mapFrom(tabs, outside));
    QVERIFY(!palette->isVisible());
    QVERIFY(!window_->paletteModel()->isActive());
    // A click on a row activates it.
    palette = openPalette();
    QVERIFY(palette);
    QTest::keyClicks(palette->lineEdit(), QStringLiteral("testd"));
    QListView* list = palette->resultView();
    const QRect row = list->visualRect(list->model()->index(0, 0));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, row.center());
    QVERIFY(!palette->isVisible());
    QCOMPARE(window_->sidebar()->currentTarget(), QStringLiteral("testd"));
}

void TestCommandPalette::theModelKeepsQtsRules() {
    CommandPalette* palette = openPalette();
    QVERIFY(palette);
    QAbstractItemModelTester tester(window_->paletteModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const QString& query : {QStringLiteral("v"), QStringLiteral("vl"), QStringLiteral("zzq"),
                                 QString(), QStringLiteral("testd show")}) {
        palette->lineEdit()->setText(query);
        QVERIFY(!QTest::currentTestFailed());
    }
    // Closed and opened again: the model rebuilds what changed meanwhile.
    QTest::keyClick(palette->lineEdit(), Qt::Key_Escape);
    QVERIFY(openPalette());
    QVERIFY(window_->paletteModel()->rowCount() > 0);
}

QTEST_MAIN(TestCommandPalette)
#include "tst_command_palette.moc"
