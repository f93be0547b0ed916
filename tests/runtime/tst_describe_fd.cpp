// describe_fd(): the fd description OVS's poll loop puts in its wakeup lines (lib/socket-util.c
// describe_fd), for every kind of descriptor it tells apart.
#include "fd_fixture.h"
#include "vigil/describe_fd.h"

#include <QTemporaryDir>
#include <QTest>

#include <cerrno>

class tst_describe_fd : public QObject {
    Q_OBJECT

private slots:
    void describes_like_ovs_data();
    void describes_like_ovs();
    void leaves_errno_alone();
};

void tst_describe_fd::describes_like_ovs_data() {
    QTest::addColumn<QString>("kind");
    for (const char* kind :
         {"unix socketpair", "unix named server", "unix named client", "tcp client", "tcp server",
          "tcp listener", "pipe", "file", "directory", "character device", "eventfd", "closed"}) {
        QTest::newRow(kind) << QString::fromLatin1(kind);
    }
}

void tst_describe_fd::describes_like_ovs() {
    QFETCH(QString, kind);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    vigil::test::fd_fixture fx;
    vigil::test::make_fd_fixture(kind, dir.path(), fx);
    QVERIFY2(fx.error.empty(), fx.error.c_str());
    QCOMPARE(QString::fromStdString(vigil::describe_fd(fx.fd)),
             QString::fromStdString(fx.expected));
}

// Callers describe fds while reporting an error; the description must not replace it.
void tst_describe_fd::leaves_errno_alone() {
    errno = EPIPE;
    vigil::describe_fd(-1); // fstat fails with EBADF inside
    QCOMPARE(errno, EPIPE);
}

QTEST_GUILESS_MAIN(tst_describe_fd)
#include "tst_describe_fd.moc"
