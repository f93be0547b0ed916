// The supervisor's systemd units (resources/systemd/{user,system}/vigil.service.in) pass
// `systemd-analyze verify`: the build tree's copies (naming build/bin/vigil) and the copies
// `cmake --install --prefix P` writes (naming P/bin/vigil). A unit with a relative ExecStart
// fails the same check, so the check can fail. systemd-analyze comes with the systemd package
// (make deps); without it the test fails rather than skips.
#include "process_util.h"
#include "test_util.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace vigil::test;

namespace {

QByteArray read_file(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool write_file(const QString& path, const QByteArray& data) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

// The value of the unit's one `KEY=` line, empty when it has none.
QByteArray setting(const QByteArray& unit, const QByteArray& key) {
    for (const QByteArray& line : unit.split('\n')) {
        if (line.startsWith(key + '=')) {
            return line.mid(key.size() + 1);
        }
    }
    return {};
}

} // namespace

class tst_systemd_units : public QObject {
    Q_OBJECT

    QString analyze_;
    QTemporaryDir scratch_;

    // Runs `systemd-analyze verify` on `unit` for the user manager (`kind` "user") or the
    // system manager. The user manager wants a runtime directory of its own; a private one
    // keeps the run apart from the host's and from other tests.
    run_result verify(const QString& kind, const QString& unit) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        QStringList args;
        if (kind == QLatin1String("user")) {
            QTemporaryDir xdg(scratch_.filePath(QStringLiteral("xdg-XXXXXX")));
            xdg.setAutoRemove(false);
            QFile::setPermissions(xdg.path(),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            env.insert(QStringLiteral("XDG_RUNTIME_DIR"), xdg.path());
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), xdg.path() + QStringLiteral("/config"));
            args << QStringLiteral("--user");
        }
        // Documentation=man:vigil(1) is not installed where man looks while testing.
        args << QStringLiteral("--man=no") << QStringLiteral("verify") << unit;
        return run(analyze_, args, env, 60000);
    }

    static QByteArray describe(const run_result& r) {
        return "exit " + QByteArray::number(r.exit_code) + "\nstdout:\n" + r.out + "\nstderr:\n" +
               r.err;
    }

private Q_SLOTS:
    void initTestCase() {
        analyze_ = QStandardPaths::findExecutable(QStringLiteral("systemd-analyze"));
        QVERIFY2(!analyze_.isEmpty(),
                 "systemd-analyze is missing: install the systemd package (make deps)");
        QVERIFY(scratch_.isValid());
    }

    void build_tree_unit_verifies_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("user") << QStringLiteral("user");
        QTest::newRow("system") << QStringLiteral("system");
    }

    // The build tree's copy names build/bin/vigil, in the foreground under systemd, and
    // systemd-analyze finds nothing wrong with it.
    void build_tree_unit_verifies() {
        QFETCH(QString, kind);
        const QString unit = QStringLiteral(VIGIL_BUILD_DIR "/systemd-test/") + kind +
                             QStringLiteral("/vigil.service");
        const QByteArray text = read_file(unit);
        QVERIFY2(!text.isEmpty(), qPrintable(unit));
        const QByteArray exec = setting(text, "ExecStart");
        QVERIFY2(exec.startsWith(bin(QStringLiteral("vigil")).toUtf8() + " --headless "), exec);
        QVERIFY2(!exec.contains("--detach") && !exec.contains("--monitor"), exec);
        QCOMPARE(setting(text, "Type"), QByteArray("simple"));
        QCOMPARE(setting(text, "KillMode"), QByteArray("process"));
        QCOMPARE(setting(text, "Restart"), QByteArray("on-failure"));
        QCOMPARE(setting(text, "Documentation"), QByteArray("man:vigil(1)"));
        QCOMPARE(setting(text, "WantedBy"), kind == QLatin1String("user")
                                                ? QByteArray("default.target")
                                                : QByteArray("multi-user.target"));
        const run_result r = verify(kind, unit);
        QVERIFY2(r.exit_code == 0, describe(r).constData());
    }

    void broken_unit_fails_data() { build_tree_unit_verifies_data(); }

    // The same unit with a relative ExecStart, which systemd refuses to load, fails the check.
    void broken_unit_fails() {
        QFETCH(QString, kind);
        QByteArray text = read_file(QStringLiteral(VIGIL_BUILD_DIR "/systemd-test/") + kind +
                                    QStringLiteral("/vigil.service"));
        QVERIFY(!text.isEmpty());
        text = QString::fromUtf8(text)
                   .replace(QRegularExpression(QStringLiteral("\nExecStart=\\S*/vigil ")),
                            QStringLiteral("\nExecStart=relative/vigil "))
                   .toUtf8();
        QVERIFY(text.contains("\nExecStart=relative/vigil --headless"));
        const QString unit =
            scratch_.filePath(QStringLiteral("broken-") + kind + QStringLiteral("/vigil.service"));
        QVERIFY(write_file(unit, text));
        const run_result r = verify(kind, unit);
        QVERIFY2(r.exit_code != 0 && r.exit_code != -1, describe(r).constData());
        QVERIFY2(r.err.contains("relative/vigil"), describe(r).constData());
    }

    // `cmake --install --prefix P` writes both units under P/lib/systemd, naming P/bin/vigil,
    // which it installs too, and they verify there.
    void installed_units_verify() {
        const QString prefix = scratch_.filePath(QStringLiteral("prefix"));
        const run_result install =
            run(QStringLiteral("cmake"),
                {QStringLiteral("--install"), QStringLiteral(VIGIL_BUILD_DIR),
                 QStringLiteral("--prefix"), prefix, QStringLiteral("--component"),
                 QStringLiteral("Runtime")},
                QProcessEnvironment::systemEnvironment(), 120000);
        QVERIFY2(install.exit_code == 0, describe(install).constData());
        for (const QString& kind : {QStringLiteral("user"), QStringLiteral("system")}) {
            const QString unit =
                prefix + QStringLiteral("/lib/systemd/") + kind + QStringLiteral("/vigil.service");
            const QByteArray text = read_file(unit);
            QVERIFY2(!text.isEmpty(), qPrintable(unit));
            const QByteArray exec = setting(text, "ExecStart");
            const QString vigil = prefix + QStringLiteral("/bin/vigil");
            QVERIFY2(exec.startsWith(vigil.toUtf8() + " --headless "), exec);
            QVERIFY(QFileInfo(vigil).isExecutable());
            const run_result r = verify(kind, unit);
            QVERIFY2(r.exit_code == 0, (kind.toUtf8() + ": " + describe(r)).constData());
        }
    }
};

QTEST_GUILESS_MAIN(tst_systemd_units)
#include "tst_systemd_units.moc"
