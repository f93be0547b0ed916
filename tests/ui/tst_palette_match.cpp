// The palette's matcher: case-insensitive subsequences, every word required, and the order of
// prefix, word-start, substring and scattered matches, title before detail, shorter first.
#include "models/palette_match.h"

#include <QtTest>

using namespace vigil::ui;

class TestPaletteMatch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matches_data();
    void matches();
    void orders_data();
    void orders();
    void highlights();
};

void TestPaletteMatch::matches_data() {
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<bool>("matched");
    QTest::newRow("empty") << ""
                           << "dpif/show"
                           << "" << true;
    QTest::newRow("prefix") << "dpif"
                            << "dpif/show"
                            << "" << true;
    QTest::newRow("case") << "DPIF"
                          << "dpif/show"
                          << "" << true;
    QTest::newRow("subsequence") << "dpsh"
                                 << "dpif/show"
                                 << "" << true;
    QTest::newRow("out of order") << "hsdp"
                                  << "dpif/show"
                                  << "" << false;
    QTest::newRow("two words, host in detail") << "h1 dpif"
                                               << "dpif/show"
                                               << "h1/ovs-vswitchd" << true;
    QTest::newRow("second word missing") << "h2 dpif"
                                         << "dpif/show"
                                         << "h1/ovs-vswitchd" << false;
    QTest::newRow("blank words") << "  save   "
                                 << "Save Workspace"
                                 << "File" << true;
    QTest::newRow("no match") << "zzz"
                              << "Save Workspace"
                              << "File" << false;
}

void TestPaletteMatch::matches() {
    QFETCH(QString, query);
    QFETCH(QString, title);
    QFETCH(QString, detail);
    QFETCH(bool, matched);
    QCOMPARE(PaletteQuery(query).score(title.toLower(), detail.toLower()).has_value(), matched);
}

void TestPaletteMatch::orders_data() {
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("better");
    QTest::addColumn<QString>("worse");
    QTest::newRow("prefix before word start") << "show"
                                              << "show-stats"
                                              << "dpif/show";
    QTest::newRow("word start before substring") << "show"
                                                 << "dpif/show"
                                                 << "reshow";
    QTest::newRow("substring before subsequence") << "vlog"
                                                  << "xvlog"
                                                  << "v-l-o-g";
    QTest::newRow("shorter first") << "vlog"
                                   << "vlog/list"
                                   << "vlog/list-pattern";
    QTest::newRow("word starts in subsequence") << "dpsh"
                                                << "dpif/show"
                                                << "dumpshash";
}

void TestPaletteMatch::orders() {
    QFETCH(QString, query);
    QFETCH(QString, better);
    QFETCH(QString, worse);
    const PaletteQuery q(query);
    const auto a = q.score(better.toLower(), QString());
    const auto b = q.score(worse.toLower(), QString());
    QVERIFY(a && b);
    QVERIFY2(*a > *b, qPrintable(QStringLiteral("%1 vs %2").arg(*a).arg(*b)));
    // A title match outranks the same match in the detail only.
    QVERIFY(*q.score(better.toLower(), QString()) >
            *q.score(QStringLiteral("zz"), better.toLower()));
}

void TestPaletteMatch::highlights() {
    QCOMPARE(paletteMatchPositions(PaletteQuery(QStringLiteral("show")), u"dpif/show"),
             (QList<int>{5, 6, 7, 8}));
    QCOMPARE(paletteMatchPositions(PaletteQuery(QStringLiteral("DPsh")), u"dpif/show"),
             (QList<int>{0, 1, 5, 6}));
    QCOMPARE(paletteMatchPositions(PaletteQuery(QStringLiteral("h1")), u"dpif/show"), QList<int>{});
}

QTEST_GUILESS_MAIN(TestPaletteMatch)
#include "tst_palette_match.moc"
