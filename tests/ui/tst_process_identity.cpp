// Process identity across pid reuse (pid + start ticks + boot id, read from real processes),
// and the supervisor's state directory rule: systemd-style escaping, the XDG state home and a
// private (0700) directory.
#include "services/process_identity.h"
#include "services/state_directory.h"
#include "without_file_override.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <ctime>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace vigil::ui;

class TestProcessIdentity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void identityOfSelf();
    void identityOfChild();
    void recycledPidIsDetected();
    void anotherBootNeverMatches();
    void zombieHasExited();
    void commWithSpacesAndParentheses_data();
    void commWithSpacesAndParentheses();
    void jsonRoundTripAndErrors();
    void escaping_data();
    void escaping();
    void defaultStateDirectoryFollowsXdg();
    void prepareMakesPrivateDirectories();
    void prepareReportsFailures();
};

namespace {

// Clock ticks since boot now, in the unit of field 22 of /proc/PID/stat.
quint64 bootTicksNow() {
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    const quint64 hz = quint64(sysconf(_SC_CLK_TCK));
    return quint64(ts.tv_sec) * hz + quint64(ts.tv_nsec) * hz / 1000000000ULL;
}

// Starts `program` with one argument, long enough to outlive the test.
bool startSleeper(QProcess& process, const QString& program = QStringLiteral("/bin/sleep")) {
    process.start(program, {QStringLiteral("300")});
    return process.waitForStarted();
}

QString readComm(qint64 pid) {
    QFile file(QStringLiteral("/proc/%1/comm").arg(pid));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).chopped(1)
                                          : QString();
}

} // namespace

void TestProcessIdentity::identityOfSelf() {
    const auto self = readProcessIdentity(getpid());
    QVERIFY(self.has_value());
    QVERIFY(self->isValid());
    QCOMPARE(self->pid, qint64(getpid()));
    QCOMPARE(self->bootId, currentBootId());
    // A boot id is a UUID: 36 characters with four dashes.
    QCOMPARE(self->bootId.size(), 36);
    QCOMPARE(self->bootId.count(QLatin1Char('-')), 4);
    QVERIFY(self->startTicks <= bootTicksNow());
    QCOMPARE(readProcessIdentity(getpid()), self);
    QVERIFY(processStillRunning(*self));
    QVERIFY(!readProcessIdentity(0));
    QVERIFY(!readProcessIdentity(-1));
    QVERIFY(!processStillRunning(ProcessIdentity{}));
}

void TestProcessIdentity::identityOfChild() {
    const auto self = readProcessIdentity(getpid());
    QVERIFY(self);
    QProcess child;
    QVERIFY(startSleeper(child));
    const auto recorded = readProcessIdentity(child.processId());
    QVERIFY(recorded);
    QCOMPARE(recorded->pid, child.processId());
    QVERIFY(recorded->startTicks >= self->startTicks);
    QVERIFY(processStillRunning(*recorded));

    child.kill();
    QVERIFY(child.waitForFinished());
    // Reaped: the pid is gone (or, should it already be reused, names a later process).
    QVERIFY(!processStillRunning(*recorded));
    const auto after = readProcessIdentity(recorded->pid);
    QVERIFY(!after || after->startTicks != recorded->startTicks);
}

void TestProcessIdentity::recycledPidIsDetected() {
    QProcess first;
    QVERIFY(startSleeper(first));
    const auto dead = readProcessIdentity(first.processId());
    QVERIFY(dead);
    first.kill();
    QVERIFY(first.waitForFinished());

    // The next process must start at a later tick than the dead one, as a process that reuses
    // a pid always does.
    QTRY_VERIFY_WITH_TIMEOUT(bootTicksNow() > dead->startTicks + 1, 10000);
    QProcess second;
    QVERIFY(startSleeper(second));
    const auto live = readProcessIdentity(second.processId());
    QVERIFY(live);
    QVERIFY(live->startTicks != dead->startTicks);

    // A record of the dead process, as if its pid now belonged to the live one.
    ProcessIdentity recycled = *dead;
    recycled.pid = live->pid;
    QVERIFY(!processStillRunning(recycled));
    QVERIFY(processStillRunning(*live));
    second.kill();
    QVERIFY(second.waitForFinished());
}

void TestProcessIdentity::anotherBootNeverMatches() {
    QProcess child;
    QVERIFY(startSleeper(child));
    auto identity = readProcessIdentity(child.processId());
    QVERIFY(identity);
    QVERIFY(processStillRunning(*identity));
    ProcessIdentity otherBoot = *identity;
    otherBoot.bootId = QStringLiteral("00000000-0000-4000-8000-000000000000");
    QVERIFY(otherBoot.bootId != identity->bootId);
    QVERIFY(!processStillRunning(otherBoot));
    ProcessIdentity noBoot = *identity;
    noBoot.bootId.clear();
    QVERIFY(!noBoot.isValid());
    QVERIFY(!processStillRunning(noBoot));
    child.kill();
    QVERIFY(child.waitForFinished());
}

void TestProcessIdentity::zombieHasExited() {
    const pid_t pid = ::fork();
    QVERIFY(pid >= 0);
    if (pid == 0) {
        ::_exit(0);
    }
    // Until reaped, the exited child is a zombie: /proc still lists it, in state Z.
    auto stateOf = [pid] {
        QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!file.open(QIODevice::ReadOnly)) {
            return '?';
        }
        const QByteArray stat = file.readAll();
        const qsizetype close = stat.lastIndexOf(')');
        return close >= 0 && close + 2 < stat.size() ? stat.at(close + 2) : '?';
    };
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(), 'Z', 10000);
    QVERIFY(!readProcessIdentity(pid));
    int status = 0;
    QCOMPARE(::waitpid(pid, &status, 0), pid);
}

void TestProcessIdentity::commWithSpacesAndParentheses_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("paren and space") << QStringLiteral("a) b");
    QTest::newRow("fake fields") << QStringLiteral("x) S 1 2 3 (y");
    QTest::newRow("only a paren") << QStringLiteral(")");
    QTest::newRow("many words") << QStringLiteral("a b c d e f g");
}

void TestProcessIdentity::commWithSpacesAndParentheses() {
    QFETCH(QString, name);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString link = dir.filePath(name);
    QVERIFY(QFile::link(QStringLiteral("/bin/sleep"), link));
    const quint64 before = bootTicksNow();
    QProcess child;
    QVERIFY(startSleeper(child, link));
    // The kernel names the process after the file it executed (at most 15 bytes).
    QTRY_COMPARE_WITH_TIMEOUT(readComm(child.processId()), name.left(15), 10000);
    const auto identity = readProcessIdentity(child.processId());
    QVERIFY(identity);
    // Read from the wrong field, the start time would not fall between these two reads.
    QVERIFY2(identity->startTicks + 1 >= before && identity->startTicks <= bootTicksNow(),
             qPrintable(QString::number(identity->startTicks)));
    QVERIFY(processStillRunning(*identity));
    child.kill();
    QVERIFY(child.waitForFinished());
}

void TestProcessIdentity::jsonRoundTripAndErrors() {
    const auto self = readProcessIdentity(getpid());
    QVERIFY(self);
    QCOMPARE(ProcessIdentity::fromJson(self->toJson()), self);
    const QJsonObject json = self->toJson();
    QCOMPARE(json.value(QLatin1String("pid")).toInteger(), self->pid);
    QCOMPARE(quint64(json.value(QLatin1String("start_ticks")).toInteger()), self->startTicks);
    QCOMPARE(json.value(QLatin1String("boot_id")).toString(), self->bootId);

    struct Bad {
        const char* member;
        QJsonValue value;
    };
    const QList<Bad> bad{{"pid", 0},      {"pid", -3},         {"pid", 1.5},
                         {"pid", "12"},   {"start_ticks", -1}, {"start_ticks", "7"},
                         {"boot_id", ""}, {"boot_id", 7}};
    for (const Bad& b : bad) {
        QJsonObject broken = json;
        broken.insert(QLatin1String(b.member), b.value);
        QString error;
        QVERIFY(!ProcessIdentity::fromJson(broken, &error));
        QVERIFY2(error.contains(QLatin1String(b.member)), qPrintable(error));
    }
    QString error;
    QVERIFY(!ProcessIdentity::fromJson(QJsonObject{}, &error));
    QVERIFY(!error.isEmpty());
}

void TestProcessIdentity::escaping_data() {
    // Each row checked against systemd-escape --path.
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("escaped");
    QTest::newRow("root") << "/"
                          << "-";
    QTest::newRow("plain") << "/tmp/x/run"
                           << "tmp-x-run";
    QTest::newRow("trailing slash") << "/tmp/x/run/"
                                    << "tmp-x-run";
    QTest::newRow("dash and space") << "/tmp/a-b c"
                                    << "tmp-a\\x2db\\x20c";
    QTest::newRow("doubled slash and dot") << "/var//run/./ovs/"
                                           << "var-run-ovs";
    QTest::newRow("leading dot") << "/.hidden/x"
                                 << "\\x2ehidden-x";
    QTest::newRow("inner dot") << "/x/.y"
                               << "x-.y";
    QTest::newRow("utf-8") << QStringLiteral("/tmp/ü") << "tmp-\\xc3\\xbc";
    QTest::newRow("backslash") << "/a\\b"
                               << "a\\x5cb";
    QTest::newRow("kept punctuation") << "/a:b_c.d"
                                      << "a:b_c.d";
}

void TestProcessIdentity::escaping() {
    QFETCH(QString, path);
    QFETCH(QString, escaped);
    QCOMPARE(escapeStatePath(path), escaped);
}

void TestProcessIdentity::defaultStateDirectoryFollowsXdg() {
    const QByteArray saved = qgetenv("XDG_STATE_HOME");
    const bool wasSet = qEnvironmentVariableIsSet("XDG_STATE_HOME");
    const QString home = QDir::homePath() + QStringLiteral("/.local/state/vigil/tmp-x-run");

    qputenv("XDG_STATE_HOME", "/srv/state");
    QCOMPARE(defaultStateDirectory(QStringLiteral("/tmp/x/run")),
             QStringLiteral("/srv/state/vigil/tmp-x-run"));
    QCOMPARE(defaultStateDirectory(QStringLiteral("/")), QStringLiteral("/srv/state/vigil/-"));
    qputenv("XDG_STATE_HOME", "relative/state");
    QCOMPARE(defaultStateDirectory(QStringLiteral("/tmp/x/run")), home);
    qputenv("XDG_STATE_HOME", "");
    QCOMPARE(defaultStateDirectory(QStringLiteral("/tmp/x/run")), home);
    qunsetenv("XDG_STATE_HOME");
    QCOMPARE(defaultStateDirectory(QStringLiteral("/tmp/x/run")), home);
    // A relative run directory is taken from the current directory.
    QCOMPARE(defaultStateDirectory(QStringLiteral("run")),
             QDir::homePath() + QStringLiteral("/.local/state/vigil/") +
                 escapeStatePath(QDir::current().absoluteFilePath(QStringLiteral("run"))));

    if (wasSet) {
        qputenv("XDG_STATE_HOME", saved);
    } else {
        qunsetenv("XDG_STATE_HOME");
    }
}

void TestProcessIdentity::prepareMakesPrivateDirectories() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dir = tmp.filePath(QStringLiteral("state/vigil/tmp-x-run"));
    QString error;
    QVERIFY2(prepareStateDirectory(dir, &error), qPrintable(error));
    for (const QString& made : {tmp.filePath(QStringLiteral("state")),
                                tmp.filePath(QStringLiteral("state/vigil")), dir}) {
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(made).constData(), &st), 0);
        QVERIFY(S_ISDIR(st.st_mode));
        QCOMPARE(st.st_mode & 07777, mode_t(0700));
    }
    // Again: an existing directory is fine.
    QVERIFY2(prepareStateDirectory(dir, &error), qPrintable(error));
}

void TestProcessIdentity::prepareReportsFailures() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString file = tmp.filePath(QStringLiteral("plain"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    QString error;
    QVERIFY(!prepareStateDirectory(file + QStringLiteral("/below"), &error));
    QVERIFY2(error.startsWith(file + QStringLiteral("/below: cannot create")), qPrintable(error));
    QVERIFY(!prepareStateDirectory(file, &error));
    QCOMPARE(error, file + QStringLiteral(": not a directory"));
    QVERIFY(!prepareStateDirectory(QString(), &error));
    QVERIFY(!error.isEmpty());

    const QString readOnly = tmp.filePath(QStringLiteral("ro"));
    QVERIFY(QDir().mkdir(readOnly));
    QVERIFY(QFile::setPermissions(readOnly, QFile::ReadOwner | QFile::ExeOwner));
    {
        const vigil::test::WithoutFileOverride modesApply;
        QVERIFY2(modesApply.error().isEmpty(), qPrintable(modesApply.error()));
        QVERIFY(!prepareStateDirectory(readOnly, &error));
    }
    QVERIFY2(error.startsWith(readOnly + QStringLiteral(": not writable")), qPrintable(error));
    QVERIFY(
        QFile::setPermissions(readOnly, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
}

QTEST_GUILESS_MAIN(TestProcessIdentity)
#include "tst_process_identity.moc"
