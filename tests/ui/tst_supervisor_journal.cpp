// The supervisor's journal on disk: every field survives a round trip, a burst of changes costs
// one write, bad and oversized files are refused and kept aside as .bad, history and the file
// are bounded (oldest history dropped first), and a failed save leaves the old file intact.
#include "services/process_identity.h"
#include "services/supervisor_journal.h"
#include "without_file_override.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

using namespace vigil::ui;

class TestSupervisorJournal : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void missingFileIsEmpty();
    void roundTripOfEveryField();
    void burstOfChangesIsOneWrite();
    void badFileIsKeptAside_data();
    void badFileIsKeptAside();
    void earlierBadFileIsNeverReplaced();
    void badFileLeftInPlaceIsNotOverwritten();
    void oversizeFileIsRefused();
    void historyAndTextAreBounded();
    void fileStaysUnderItsLimit();
    void putRefusesWhatCannotBeWritten();
    void failedSaveKeepsOldFile_data();
    void failedSaveKeepsOldFile();
};

namespace {

const QDateTime base =
    QDateTime::fromString(QStringLiteral("2026-11-27T09:11:13.096Z"), Qt::ISODateWithMs);

JournalDaemon fullRecord() {
    JournalDaemon d;
    d.name = QStringLiteral("ovs-vswitchd");
    d.process = readProcessIdentity(getpid());
    d.pgid = getpgrp();
    d.startedAt = base.addSecs(-60);
    d.controlSocket = QStringLiteral("/tmp/x/run/ovs-vswitchd.1234.ctl");
    d.stdoutOffset = 4096;
    d.stderrOffset = 17;
    d.state = daemonStateName(DaemonState::Backoff);
    d.desired = desiredStateName(DesiredState::Up);
    d.reason = QStringLiteral("exited: killed (Segmentation fault)");
    d.lastExit = QStringLiteral("killed (Segmentation fault)");
    d.restarts = 3;
    d.failureTimes = {base.toMSecsSinceEpoch() - 2000, base.toMSecsSinceEpoch() - 500};
    d.backoffLevel = 2;
    d.nextRestartAt = base.addMSecs(1500);
    d.restartAfterStop = true;
    const QList<HistoryEvent> events{
        HistoryEvent::Started,    HistoryEvent::Ready,  HistoryEvent::Exited,
        HistoryEvent::Restarting, HistoryEvent::GaveUp, HistoryEvent::StartFailed,
        HistoryEvent::Stopped,    HistoryEvent::Killed, HistoryEvent::Survivors,
        HistoryEvent::Adopted,    HistoryEvent::Reset};
    for (int i = 0; i < events.size(); ++i) {
        d.history << HistoryEntry{base.addMSecs(i * 7), events[i],
                                  QStringLiteral("détail %1 \"quoted\"\n").arg(i)};
    }
    return d;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& data) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(data), data.size());
}

JournalLimits fastLimits() {
    JournalLimits limits;
    limits.saveDelayMs = 20;
    return limits;
}

} // namespace

void TestSupervisorJournal::missingFileIsEmpty() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SupervisorJournal journal(dir.filePath(QStringLiteral("supervisor.json")));
    QVERIFY(journal.load());
    QVERIFY(journal.errorString().isEmpty());
    QVERIFY(journal.daemons().isEmpty());
    QVERIFY(!journal.daemon(QStringLiteral("any")));
    QCOMPARE(journal.previousSupervisorPid(), qint64(0));
    // Nothing pending: nothing is written.
    QVERIFY(journal.flush());
    QVERIFY(!QFile::exists(journal.path()));
}

void TestSupervisorJournal::roundTripOfEveryField() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("supervisor.json"));
    const JournalDaemon full = fullRecord();
    QVERIFY(full.process);
    JournalDaemon empty;
    empty.name = QStringLiteral("stopped one");
    {
        SupervisorJournal journal(path, nullptr, fastLimits());
        QVERIFY(journal.load());
        QVERIFY(journal.put(full));
        QVERIFY(journal.put(empty));
        QVERIFY(journal.hasPendingChanges());
        QVERIFY2(journal.flush(), qPrintable(journal.errorString()));
        QVERIFY(!journal.hasPendingChanges());
    }

    // The documented layout, member by member.
    const QJsonObject root = QJsonDocument::fromJson(readAll(path)).object();
    QCOMPARE(root.value(QLatin1String("version")).toInt(), 1);
    QCOMPARE(root.value(QLatin1String("supervisor_pid")).toInteger(),
             QCoreApplication::applicationPid());
    QVERIFY(
        QDateTime::fromString(root.value(QLatin1String("written_at")).toString(), Qt::ISODateWithMs)
            .isValid());
    const QJsonObject record =
        root.value(QLatin1String("daemons")).toObject().value(full.name).toObject();
    const QStringList members{
        "backoff_level", "control_socket",     "desired",         "failure_times", "history",
        "last_exit",     "log_offsets",        "next_restart_at", "pgid",          "process",
        "reason",        "restart_after_stop", "restarts",        "started_at",    "state"};
    QCOMPARE(record.keys(), members);
    QCOMPARE(record.value(QLatin1String("state")).toString(), QStringLiteral("backoff"));
    QCOMPARE(record.value(QLatin1String("history")).toArray().at(4).toObject().value("event"),
             QStringLiteral("gave up"));
    QCOMPARE(record.value(QLatin1String("log_offsets")).toObject().value("stdout").toInteger(),
             4096);
    const QJsonObject emptyRecord =
        root.value(QLatin1String("daemons")).toObject().value(empty.name).toObject();
    QVERIFY(emptyRecord.value(QLatin1String("process")).isNull());
    QVERIFY(emptyRecord.value(QLatin1String("started_at")).isNull());
    QVERIFY(emptyRecord.value(QLatin1String("next_restart_at")).isNull());

    SupervisorJournal again(path);
    QVERIFY2(again.load(), qPrintable(again.errorString()));
    QCOMPARE(again.previousSupervisorPid(), QCoreApplication::applicationPid());
    QVERIFY(again.previousWrittenAt().isValid());
    QCOMPARE(again.daemons().size(), 2);
    const auto back = again.daemon(full.name);
    QVERIFY(back);
    QVERIFY(*back == full);
    QCOMPARE(back->history.size(), full.history.size());
    QCOMPARE(back->history.last().event, HistoryEvent::Reset);
    QCOMPARE(back->nextRestartAt, full.nextRestartAt);
    const auto backEmpty = again.daemon(empty.name);
    QVERIFY(backEmpty);
    QVERIFY(*backEmpty == empty);
    QVERIFY(!backEmpty->process);
    QCOMPARE(backEmpty->stdoutOffset, qint64(-1));
}

void TestSupervisorJournal::burstOfChangesIsOneWrite() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("supervisor.json"));
    SupervisorJournal journal(path, nullptr, fastLimits());
    QSignalSpy saved(&journal, &SupervisorJournal::saved);
    JournalDaemon d = fullRecord();
    JournalDaemon other;
    other.name = QStringLiteral("other");
    for (int i = 0; i < 200; ++i) {
        d.restarts = i;
        QVERIFY(journal.put(d));
        QVERIFY(journal.put(other));
        journal.remove(other.name);
    }
    // Nothing is written from within put(): the timer does it.
    QCOMPARE(saved.count(), 0);
    QVERIFY(!QFile::exists(path));
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 10000);
    QVERIFY(!journal.hasPendingChanges());
    QVERIFY(journal.flush());
    QCOMPARE(saved.count(), 1);
    {
        SupervisorJournal reader(path);
        QVERIFY(reader.load());
        QCOMPARE(reader.daemons().size(), 1);
        QCOMPARE(reader.daemon(d.name)->restarts, 199);
    }

    // An unchanged record schedules nothing; a change after the save is saved again.
    QVERIFY(journal.put(d));
    QVERIFY(!journal.hasPendingChanges());
    d.state = daemonStateName(DaemonState::Running);
    QVERIFY(journal.put(d));
    QVERIFY(journal.hasPendingChanges());
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 2, 10000);
    SupervisorJournal reader(path);
    QVERIFY(reader.load());
    QCOMPARE(reader.daemon(d.name)->state, QStringLiteral("running"));
}

void TestSupervisorJournal::badFileIsKeptAside_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << QByteArray("{\n  \"version\": 1,\n  oops\n}\n")
                              << QStringLiteral(": line 3, column ");
    QTest::newRow("empty") << QByteArray() << QStringLiteral(": line 1, column 1: ");
    QTest::newRow("not an object")
        << QByteArray("[1, 2]") << QStringLiteral(": the journal must be a JSON object");
    QTest::newRow("other version") << QByteArray(R"({"version": 2, "daemons": {}})")
                                   << QStringLiteral(": \"version\" must be 1");
    QTest::newRow("daemons not an object") << QByteArray(R"({"version": 1, "daemons": []})")
                                           << QStringLiteral(": \"daemons\" must be an object");
    QTest::newRow("bad member") << QByteArray(
                                       R"({"version": 1, "daemons": {"a": {"restarts": "x"}}})")
                                << QStringLiteral(": daemons.a: \"restarts\" must be an integer");
    QTest::newRow("bad offset")
        << QByteArray(R"({"version": 1, "daemons": {"a": {"log_offsets": {"stderr": 1.5}}}})")
        << QStringLiteral(": daemons.a: \"log_offsets.stderr\" must be an integer");
    QTest::newRow("bad identity")
        << QByteArray(R"({"version": 1, "daemons": {"a": {"process": {"pid": 0}}}})")
        << QStringLiteral(": daemons.a: \"process\": \"pid\" must be a positive integer");
    QTest::newRow("unknown state")
        << QByteArray(R"({"version": 1, "daemons": {"a": {"state": "sleeping"}}})")
        << QStringLiteral(": daemons.a: \"state\": unknown state \"sleeping\"");
    QTest::newRow("bad time")
        << QByteArray(R"({"version": 1, "daemons": {"a": {"started_at": "yesterday"}}})")
        << QStringLiteral(": daemons.a: \"started_at\" must be an ISO 8601 time or null");
    QTest::newRow("unknown event")
        << QByteArray(R"({"version": 1, "daemons": {"a": {"history": [{"event": "exploded"}]}}})")
        << QStringLiteral(": daemons.a: \"history[0].event\": unknown event \"exploded\"");
}

void TestSupervisorJournal::badFileIsKeptAside() {
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("supervisor.json"));
    writeAll(path, content);

    SupervisorJournal journal(path, nullptr, fastLimits());
    QVERIFY(!journal.load());
    QVERIFY2(journal.errorString().startsWith(path + expected), qPrintable(journal.errorString()));
    QVERIFY2(journal.errorString().contains(path + QStringLiteral(".bad")),
             qPrintable(journal.errorString()));
    QCOMPARE(journal.badFilePath(), path + QStringLiteral(".bad"));
    QVERIFY(journal.daemons().isEmpty());
    QVERIFY(!QFile::exists(path));
    QCOMPARE(readAll(path + QStringLiteral(".bad")), content);

    // The next save starts clean, and the bad file is still there.
    QVERIFY(journal.put(fullRecord()));
    QVERIFY2(journal.flush(), qPrintable(journal.errorString()));
    QCOMPARE(readAll(path + QStringLiteral(".bad")), content);
    SupervisorJournal reader(path);
    QVERIFY2(reader.load(), qPrintable(reader.errorString()));
    QCOMPARE(reader.daemons().size(), 1);
}

void TestSupervisorJournal::earlierBadFileIsNeverReplaced() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("supervisor.json"));
    writeAll(path + QStringLiteral(".bad"), "first");
    writeAll(path + QStringLiteral(".bad.1"), "second");
    writeAll(path, "third");
    SupervisorJournal journal(path);
    QVERIFY(!journal.load());
    QCOMPARE(journal.badFilePath(), path + QStringLiteral(".bad.2"));
    QCOMPARE(readAll(path + QStringLiteral(".bad")), QByteArray("first"));
    QCOMPARE(readAll(path + QStringLiteral(".bad.1")), QByteArray("second"));
    QCOMPARE(readAll(path + QStringLiteral(".bad.2")), QByteArray("third"));
    QVERIFY(!QFile::exists(path));
}

void TestSupervisorJournal::badFileLeftInPlaceIsNotOverwritten() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("supervisor.json"));
    // Every name a bad file could be moved to is taken, so it must stay where it is.
    writeAll(path + QStringLiteral(".bad"), "kept");
    for (int i = 1; i < 100; ++i) {
        writeAll(path + QStringLiteral(".bad.%1").arg(i), "kept");
    }
    writeAll(path, "not a journal");
    SupervisorJournal journal(path, nullptr, fastLimits());
    QVERIFY(!journal.load());
    QVERIFY2(journal.errorString().contains(QStringLiteral("left in place")),
             qPrintable(journal.errorString()));
    QVERIFY(journal.badFilePath().isEmpty());
    QVERIFY(journal.put(fullRecord()));
    QVERIFY(!journal.flush());
    QVERIFY2(journal.errorString().endsWith(QStringLiteral("it is not overwritten")),
             qPrintable(journal.errorString()));
    QCOMPARE(readAll(path), QByteArray("not a journal"));
    QVERIFY(journal.hasPendingChanges());
    // Once the user has taken it away, the journal is written again.
    QVERIFY(QFile::remove(path));
    QVERIFY2(journal.flush(), qPrintable(journal.errorString()));
    SupervisorJournal reader(path);
    QVERIFY(reader.load());
    QCOMPARE(reader.daemons().size(), 1);
}

void TestSupervisorJournal::oversizeFileIsRefused() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("supervisor.json"));
    JournalLimits limits = fastLimits();
    limits.maxFileBytes = 4096;
    // A valid journal exactly at the limit is read; one byte more is refused.
    QByteArray atLimit = R"({"version": 1, "daemons": {"a": {"restarts": 4}}})";
    atLimit += QByteArray(limits.maxFileBytes - atLimit.size(), ' ');
    writeAll(path, atLimit);
    {
        SupervisorJournal journal(path, nullptr, limits);
        QVERIFY2(journal.load(), qPrintable(journal.errorString()));
        QCOMPARE(journal.daemon(QStringLiteral("a"))->restarts, 4);
    }
    writeAll(path, atLimit + ' ');
    SupervisorJournal journal(path, nullptr, limits);
    QVERIFY(!journal.load());
    QVERIFY2(journal.errorString().startsWith(
                 path + QStringLiteral(": 4097 bytes, over the limit of 4096 bytes")),
             qPrintable(journal.errorString()));
    QVERIFY(journal.daemons().isEmpty());
    QCOMPARE(readAll(path + QStringLiteral(".bad")).size(), 4097);
    QVERIFY(!QFile::exists(path));
}

void TestSupervisorJournal::historyAndTextAreBounded() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("supervisor.json"));
    SupervisorJournal journal(path, nullptr, fastLimits());
    JournalDaemon d;
    d.name = QStringLiteral("chatty");
    const QString longText = QString(2000, QChar(0x00e9)); // 4000 bytes of UTF-8
    for (int i = 0; i < maxDaemonHistory + 100; ++i) {
        d.history << HistoryEntry{base.addSecs(i), HistoryEvent::Exited, longText};
    }
    for (int i = 0; i < 150; ++i) {
        d.failureTimes << i;
    }
    d.reason = longText;
    d.lastExit = longText;
    QVERIFY(journal.put(d));

    auto check = [&](const JournalDaemon& got) {
        QCOMPARE(got.history.size(), maxDaemonHistory);
        // The newest are kept.
        QCOMPARE(got.history.first().time, base.addSecs(100));
        QCOMPARE(got.history.last().time, base.addSecs(maxDaemonHistory + 99));
        for (const QString& text : {got.history.first().detail, got.reason, got.lastExit}) {
            QVERIFY(text.toUtf8().size() <= journal.limits().maxTextBytes);
            QVERIFY(text.toUtf8().size() > journal.limits().maxTextBytes - 4);
            QVERIFY(text.endsWith(QStringLiteral("…")));
            QVERIFY(text.startsWith(QString(10, QChar(0x00e9))));
        }
        QCOMPARE(got.failureTimes.size(), journal.limits().maxFailureTimes);
        QCOMPARE(got.failureTimes.first(), 150 - journal.limits().maxFailureTimes);
    };
    check(*journal.daemon(d.name));
    QVERIFY(journal.flush());
    SupervisorJournal reader(path);
    QVERIFY(reader.load());
    check(*reader.daemon(d.name));
}

void TestSupervisorJournal::fileStaysUnderItsLimit() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("supervisor.json"));
    JournalLimits limits = fastLimits();
    limits.maxFileBytes = 64 * 1024;
    SupervisorJournal journal(path, nullptr, limits);
    // Five daemons whose histories interleave in time, 600 KB of history in all.
    constexpr int daemonCount = 5;
    QList<qint64> allTimes;
    for (int d = 0; d < daemonCount; ++d) {
        JournalDaemon daemon;
        daemon.name = QStringLiteral("d%1").arg(d);
        for (int i = 0; i < 500; ++i) {
            const QDateTime time = base.addMSecs(qint64(i) * daemonCount + d);
            daemon.history << HistoryEntry{time, HistoryEvent::Started, QString(200, 'x')};
            allTimes << time.toMSecsSinceEpoch();
        }
        QVERIFY(journal.put(daemon));
    }
    QVERIFY2(journal.flush(), qPrintable(journal.errorString()));
    const qint64 size = QFileInfo(path).size();
    QVERIFY2(size <= limits.maxFileBytes, qPrintable(QString::number(size)));
    // Not more dropped than needed: the file is more than half full.
    QVERIFY2(size > limits.maxFileBytes / 2, qPrintable(QString::number(size)));

    SupervisorJournal reader(path, nullptr, limits);
    QVERIFY2(reader.load(), qPrintable(reader.errorString()));
    QCOMPARE(reader.daemons().size(), daemonCount);
    qint64 oldestKept = std::numeric_limits<qint64>::max();
    qsizetype kept = 0;
    for (const JournalDaemon& daemon : reader.daemons()) {
        QVERIFY(!daemon.history.isEmpty());
        kept += daemon.history.size();
        oldestKept = qMin(oldestKept, daemon.history.first().time.toMSecsSinceEpoch());
    }
    QVERIFY(kept < allTimes.size());
    // What was dropped is exactly everything older than what was kept, across daemons.
    const auto newer =
        std::count_if(allTimes.begin(), allTimes.end(), [&](qint64 t) { return t >= oldestKept; });
    QCOMPARE(qsizetype(newer), kept);
}

void TestSupervisorJournal::putRefusesWhatCannotBeWritten() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    JournalLimits limits = fastLimits();
    limits.maxDaemons = 3;
    SupervisorJournal journal(dir.filePath(QStringLiteral("supervisor.json")), nullptr, limits);
    JournalDaemon d;
    QVERIFY(!journal.put(d));
    QVERIFY(journal.errorString().contains(QStringLiteral("must not be empty")));
    d.name = QString(limits.maxNameBytes + 1, 'n');
    QVERIFY(!journal.put(d));
    d.name = QStringLiteral("a");
    d.state = QStringLiteral("sleeping");
    QVERIFY(!journal.put(d));
    QVERIFY(journal.errorString().contains(QStringLiteral("unknown state \"sleeping\"")));
    d.state.clear();
    d.desired = QStringLiteral("sideways");
    QVERIFY(!journal.put(d));
    d.desired.clear();
    d.controlSocket = QString(limits.maxSocketBytes + 1, 's');
    QVERIFY(!journal.put(d));
    QVERIFY(journal.daemons().isEmpty());
    QVERIFY(!journal.hasPendingChanges());

    d.controlSocket.clear();
    for (const char* name : {"a", "b", "c"}) {
        d.name = QLatin1String(name);
        QVERIFY(journal.put(d));
    }
    d.name = QStringLiteral("d");
    QVERIFY(!journal.put(d));
    QVERIFY(journal.errorString().contains(QStringLiteral("3 daemons")));
    // Replacing one of the three is still fine, and so is a new one after a removal.
    d.name = QStringLiteral("b");
    d.restarts = 9;
    QVERIFY(journal.put(d));
    journal.remove(QStringLiteral("a"));
    d.name = QStringLiteral("d");
    QVERIFY(journal.put(d));
    QCOMPARE(journal.daemons().size(), 3);

    // An identity that cannot be checked later is not kept.
    d.process = ProcessIdentity{qint64(getpid()), 5, QString()};
    QVERIFY(journal.put(d));
    QVERIFY(!journal.daemon(d.name)->process);
}

void TestSupervisorJournal::failedSaveKeepsOldFile_data() {
    QTest::addColumn<bool>("readOnlyDirectory");
    QTest::newRow("read-only directory") << true;
    QTest::newRow("file size limit") << false;
}

void TestSupervisorJournal::failedSaveKeepsOldFile() {
    QFETCH(bool, readOnlyDirectory);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dir = tmp.filePath(QStringLiteral("state"));
    QVERIFY(QDir().mkdir(dir));
    const QString path = dir + QStringLiteral("/supervisor.json");
    SupervisorJournal journal(path, nullptr, fastLimits());
    QSignalSpy failed(&journal, &SupervisorJournal::saveFailed);
    JournalDaemon d = fullRecord();
    QVERIFY(journal.put(d));
    QVERIFY(journal.flush());
    const QByteArray old = readAll(path);
    QVERIFY(!old.isEmpty());

    // The new file is bigger than the old one, so it cannot be written under the size limit.
    d.reason = QString(900, 'r');
    d.restarts = 42;
    QVERIFY(journal.put(d));
    bool ok = true;
    if (readOnlyDirectory) {
        QVERIFY(QFile::setPermissions(dir, QFile::ReadOwner | QFile::ExeOwner));
        const vigil::test::WithoutFileOverride modesApply;
        QVERIFY2(modesApply.error().isEmpty(), qPrintable(modesApply.error()));
        ok = journal.flush();
        QVERIFY(QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    } else {
        // Writing past RLIMIT_FSIZE fails with EFBIG (once SIGXFSZ is ignored), also for root.
        rlimit saved{};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
        auto previous = std::signal(SIGXFSZ, SIG_IGN);
        rlimit small = saved;
        small.rlim_cur = rlim_t(old.size());
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
        ok = journal.flush();
        setrlimit(RLIMIT_FSIZE, &saved);
        std::signal(SIGXFSZ, previous);
    }
    QVERIFY(!ok);
    QVERIFY2(journal.errorString().startsWith(path + QStringLiteral(": cannot write (")),
             qPrintable(journal.errorString()));
    QCOMPARE(readAll(path), old);
    QVERIFY(journal.hasPendingChanges());
    // Nothing but the journal was left behind.
    QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("supervisor.json")});

    // The changes stay pending: the next save writes them, also when the timer does it.
    d.restarts = 43;
    QVERIFY(journal.put(d));
    QTRY_VERIFY_WITH_TIMEOUT(!journal.hasPendingChanges(), 10000);
    QCOMPARE(failed.count(), 0);
    SupervisorJournal reader(path);
    QVERIFY(reader.load());
    QCOMPARE(reader.daemon(d.name)->restarts, 43);
}

QTEST_GUILESS_MAIN(TestSupervisorJournal)
#include "tst_supervisor_journal.moc"
