// The fan-out view's line-difference rule (line_diff.h), table-driven: lines every reply holds
// are plain, the others are flagged, repeated lines are shared as multisets, a single reply has
// no differences; and replyLines()'s splitting of replies into lines.
#include "services/line_diff.h"

#include <QtTest>

using namespace vigil::ui;

using Replies = QList<QStringList>;
using Flags = QList<QList<bool>>;

class TestFanoutDiff : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void differing_data();
    void differing();
    void lines_data();
    void lines();
};

void TestFanoutDiff::differing_data() {
    QTest::addColumn<Replies>("replies");
    QTest::addColumn<Flags>("expected");
    const QString v1 = QStringLiteral("ovs-vswitchd (Open vSwitch) 3.1.0");
    const QString v2 = QStringLiteral("ovs-vswitchd (Open vSwitch) 3.3.0");
    QTest::newRow("no replies") << Replies{} << Flags{};
    QTest::newRow("one reply: nothing differs")
        << Replies{{QStringLiteral("a"), QStringLiteral("b")}} << Flags{{false, false}};
    QTest::newRow("all the same") << Replies{{v1}, {v1}, {v1}} << Flags{{false}, {false}, {false}};
    QTest::newRow("one host differs") << Replies{{v1}, {v1}, {v2}} << Flags{{true}, {true}, {true}};
    QTest::newRow("shared lines stay plain")
        << Replies{{QStringLiteral("role: leader"), QStringLiteral("term: 4")},
                   {QStringLiteral("role: follower"), QStringLiteral("term: 4")}}
        << Flags{{true, false}, {true, false}};
    QTest::newRow("order does not matter") << Replies{{QStringLiteral("a"), QStringLiteral("b")},
                                                      {QStringLiteral("b"), QStringLiteral("a")}}
                                           << Flags{{false, false}, {false, false}};
    QTest::newRow("a line missing from one reply")
        << Replies{{QStringLiteral("a"), QStringLiteral("b")},
                   {QStringLiteral("a"), QStringLiteral("b")},
                   {QStringLiteral("a")}}
        << Flags{{false, true}, {false, true}, {false}};
    QTest::newRow("repeats are shared as often as every reply has them")
        << Replies{{QStringLiteral("x"), QStringLiteral("x")}, {QStringLiteral("x")}}
        << Flags{{false, true}, {false}};
    QTest::newRow("an empty reply makes every other line differ")
        << Replies{{QStringLiteral("a")}, {}} << Flags{{true}, {}};
    QTest::newRow("whitespace counts")
        << Replies{{QStringLiteral("a ")}, {QStringLiteral("a")}} << Flags{{true}, {true}};
}

void TestFanoutDiff::differing() {
    QFETCH(Replies, replies);
    QFETCH(Flags, expected);
    QCOMPARE(differingLines(replies), expected);
}

void TestFanoutDiff::lines_data() {
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("empty") << QString() << QStringList{};
    QTest::newRow("one line, no newline") << QStringLiteral("a") << QStringList{"a"};
    QTest::newRow("final newline") << QStringLiteral("a\nb\n") << QStringList{"a", "b"};
    QTest::newRow("blank line kept") << QStringLiteral("a\n\nb") << QStringList{"a", "", "b"};
    QTest::newRow("crlf") << QStringLiteral("a\r\nb\r\n") << QStringList{"a", "b"};
    QTest::newRow("only a newline") << QStringLiteral("\n") << QStringList{""};
}

void TestFanoutDiff::lines() {
    QFETCH(QString, reply);
    QFETCH(QStringList, expected);
    QCOMPARE(replyLines(reply), expected);
}

QTEST_GUILESS_MAIN(TestFanoutDiff)
#include "tst_fanout_diff.moc"
