// The command invoker's history bounds the bytes of reply text it keeps, not only the number
// of invocations: the oldest go first, and a reply larger than the whole bound is kept cut,
// with a note, while the caller still receives all of it.
#include "bridge/runtime_bridge.h"
#include "console_test_util.h"
#include "models/invocation_history_model.h"
#include "services/command_invoker.h"
#include "services/invocation_history_feed.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace vigil::ui;
using vigil::test::bin;

class TestInvocationHistory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void boundedByBytes();
    void hugeReplyIsTruncated();
    void modelFedFromTheInvoker();

private:
    // Runs `echo WORD` on the daemon and waits for it to finish; returns what the caller got.
    Invocation echo(CommandInvoker& invoker, const QString& word);

    QTemporaryDir dir_;
    QProcess testd_;
    QString socket_;
};

void TestInvocationHistory::initTestCase() {
    QVERIFY(dir_.isValid());
    socket_ = dir_.path() + QStringLiteral("/testd.ctl");
    testd_.start(bin(QStringLiteral("vigil-testd")), {QStringLiteral("--unixctl=") + socket_});
    QVERIFY(testd_.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(socket_), 10000);
}

void TestInvocationHistory::cleanupTestCase() {
    testd_.kill();
    testd_.waitForFinished();
}

Invocation TestInvocationHistory::echo(CommandInvoker& invoker, const QString& word) {
    QSignalSpy finished(&invoker, &CommandInvoker::invocationFinished);
    invoker.invoke(socket_, QStringLiteral("echo"), {word});
    if (!finished.wait(10000) && finished.isEmpty()) {
        return Invocation();
    }
    return finished.first().first().value<Invocation>();
}

void TestInvocationHistory::boundedByBytes() {
    RuntimeBridge bridge;
    CommandInvoker invoker(nullptr);
    InvocationHistoryModel historyModel;
    feedHistoryModel(invoker, historyModel);
    QAbstractItemModelTester tester((&historyModel),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(invoker.maxHistoryBytes(), CommandInvoker::defaultMaxHistoryBytes);
    const qsizetype bound = 64 * 1024;
    invoker.setMaxHistoryBytes(bound);
    // Each reply is 8001 characters ("xxx...\n"), 16002 bytes: four fit in 64 KiB, five not.
    quint64 lastId = 0;
    for (int i = 0; i < 10; i++) {
        Invocation inv = echo(invoker, QString(8000, QLatin1Char('a' + i)));
        QVERIFY2(inv.ok, qPrintable(inv.error));
        QCOMPARE(inv.output.size(), 8001);
        lastId = inv.id;
        QVERIFY(invoker.historyBytes() <= bound);
    }
    QList<Invocation> history = invoker.history();
    QCOMPARE(history.size(), 4);
    QCOMPARE((&historyModel)->rowCount(), 4);
    QCOMPARE(history.last().id, lastId);
    QCOMPARE(history.first().output.at(0), QLatin1Char('g')); // the oldest kept is the 7th
    QCOMPARE(invoker.historyBytes(), 4 * 8001 * qsizetype(sizeof(QChar)));
    for (const Invocation& inv : history) {
        QVERIFY(!inv.truncated);
    }
    invoker.clearHistory();
    QCOMPARE(invoker.historyBytes(), qsizetype(0));
}

void TestInvocationHistory::hugeReplyIsTruncated() {
    RuntimeBridge bridge;
    CommandInvoker invoker(nullptr);
    InvocationHistoryModel historyModel;
    feedHistoryModel(invoker, historyModel);
    QAbstractItemModelTester tester((&historyModel),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    const qsizetype bound = 64 * 1024;
    invoker.setMaxHistoryBytes(bound);
    QVERIFY(echo(invoker, QStringLiteral("small")).ok);
    // 200 KB of reply: more than the whole bound.
    Invocation got = echo(invoker, QString(100000, QLatin1Char('z')));
    QVERIFY2(got.ok, qPrintable(got.error));
    QCOMPARE(got.output.size(), 100001); // the caller receives all of it
    QVERIFY(!got.truncated);

    QList<Invocation> history = invoker.history();
    // Cut to the bound (with room left for the note), it fits beside the small reply.
    QCOMPARE(history.size(), 2);
    const Invocation& kept = history.last();
    QCOMPARE(kept.id, got.id);
    QVERIFY(kept.truncated);
    QVERIFY(kept.output.startsWith(QString(1000, QLatin1Char('z'))));
    QVERIFY2(kept.output.contains(QStringLiteral("[reply truncated: the history keeps only the "
                                                 "first ")),
             qPrintable(kept.output.right(200)));
    QVERIFY(kept.output.endsWith(QStringLiteral(" of 100001 characters]")));
    QVERIFY(invoker.historyBytes() <= bound);
    QCOMPARE(invoker.historyBytes(),
             (history.first().output.size() + kept.output.size()) * qsizetype(sizeof(QChar)));

    InvocationHistoryModel* model = (&historyModel);
    QVERIFY(!model->index(0, 0).data(InvocationHistoryModel::TruncatedRole).toBool());
    QModelIndex index = model->index(1, InvocationHistoryModel::ResultColumn);
    QVERIFY(model->data(index, InvocationHistoryModel::TruncatedRole).toBool());
    QCOMPARE(model->data(index, InvocationHistoryModel::OutputRole).toString(), kept.output);
}

// The model knows nothing of the invoker and the invoker builds no model: feedHistoryModel()
// joins them, taking the history as it is when joined and every change after it, and ends
// when the model goes.
void TestInvocationHistory::modelFedFromTheInvoker() {
    RuntimeBridge bridge;
    CommandInvoker invoker(nullptr);
    QSignalSpy finished(&invoker, &CommandInvoker::invocationFinished);
    invoker.invoke(QStringLiteral("nobody"), QStringLiteral("version"), {});
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);

    auto model = std::make_unique<InvocationHistoryModel>();
    QAbstractItemModelTester tester(model.get(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    feedHistoryModel(invoker, *model);
    QCOMPARE(model->rowCount(), 1); // what was there before
    invoker.invoke(QStringLiteral("nobody"), QStringLiteral("list-commands"), {});
    QCOMPARE(model->rowCount(), 2); // appended while running
    QVERIFY(!model->invocation(1).finished);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
    QVERIFY(model->invocation(1).finished); // replaced by its finished form
    QCOMPARE(model->invocation(1).command, QStringLiteral("list-commands"));
    invoker.clearHistory();
    QCOMPARE(model->rowCount(), 0);

    model.reset(); // the invoker goes on without it
    invoker.invoke(QStringLiteral("nobody"), QStringLiteral("version"), {});
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 10000);
    QCOMPARE(invoker.history().size(), 1);
}

QTEST_MAIN(TestInvocationHistory)
#include "tst_invocation_history.moc"
