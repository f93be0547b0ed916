// The console program's command-line behaviour that needs no window.
#include "test_util.h"

#include <QtTest>

class TestConsoleCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void noDisplayIsAClearError();
};

// Without a display Qt would abort with a core dump; the console says why and exits 1.
void TestConsoleCli::noDisplayIsAClearError() {
    QProcess vigil;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("DISPLAY");
    env.remove("WAYLAND_DISPLAY");
    env.remove("QT_QPA_PLATFORM");
    vigil.setProcessEnvironment(env);
    vigil.start(vigil::test::bin("vigil"), {});
    QVERIFY(vigil.waitForFinished(20000));
    QCOMPARE(vigil.exitStatus(), QProcess::NormalExit);
    QCOMPARE(vigil.exitCode(), 1);
    QByteArray err = vigil.readAllStandardError();
    QVERIFY2(err.startsWith("vigil: no display"), err.constData());
    QCOMPARE(err.count('\n'), 1);
}

QTEST_GUILESS_MAIN(TestConsoleCli)
#include "tst_console_cli.moc"
