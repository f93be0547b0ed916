// changedRowRanges(): one range per run of changed rows, one range over all rows when most
// changed, none when nothing did.
#include "models/changed_rows.h"

#include <QtTest>

using vigil::ui::changedRowRanges;
using Ranges = QList<std::pair<int, int>>;

class TestChangedRows : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ranges_data() {
        QTest::addColumn<QList<bool>>("changed");
        QTest::addColumn<Ranges>("expected");
        QTest::newRow("no rows") << QList<bool>{} << Ranges{};
        QTest::newRow("none changed") << QList<bool>{false, false, false} << Ranges{};
        QTest::newRow("one of five")
            << QList<bool>{false, false, true, false, false} << Ranges{{2, 2}};
        QTest::newRow("two runs of seven")
            << QList<bool>{true, true, false, false, false, true, false} << Ranges{{0, 1}, {5, 5}};
        QTest::newRow("half is not most")
            << QList<bool>{true, false, true, false} << Ranges{{0, 0}, {2, 2}};
        QTest::newRow("most changed: every row")
            << QList<bool>{true, false, true, true} << Ranges{{0, 3}};
        QTest::newRow("all changed") << QList<bool>{true, true} << Ranges{{0, 1}};
    }

    void ranges() {
        QFETCH(QList<bool>, changed);
        QFETCH(Ranges, expected);
        QCOMPARE(changedRowRanges(changed), expected);
    }
};

QTEST_APPLESS_MAIN(TestChangedRows)
#include "tst_changed_rows.moc"
