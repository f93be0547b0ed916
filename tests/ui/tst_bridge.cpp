// The runtime driven by Qt's event loop through the bridge.
#include "bridge/runtime_bridge.h"
#include "vigil/clock.h"
#include "vigil/poll_loop.h"

#include <QtTest>
#include <sys/socket.h>
#include <unistd.h>

using namespace vigil;

class TestBridge : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fdReadinessReachesOwner();
    void timersFireUnderQt();
    void scheduleFromQtCodeWakesRuntime();
    void idleBridgeDoesNotSpin();
};

void TestBridge::fdReadinessReachesOwner() {
    ui::RuntimeBridge bridge;
    int sp[2];
    QCOMPARE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sp), 0);
    QByteArray got;
    fd_watch watch(sp[0], POLLIN, [&](short) {
        char buf[64];
        ssize_t n;
        while ((n = read(sp[0], buf, sizeof buf)) > 0) {
            got.append(buf, n);
        }
    });
    QTest::qWait(10);
    QCOMPARE(write(sp[1], "hello", 5), 5);
    QTRY_COMPARE(got, QByteArray("hello"));
    close(sp[0]);
    close(sp[1]);
}

void TestBridge::timersFireUnderQt() {
    ui::RuntimeBridge bridge;
    QList<int> order;
    loop_timer a([&] { order << 1; });
    loop_timer b([&] { order << 2; });
    long long start = time_msec();
    b.arm_in(60);
    a.arm_in(20);
    QTRY_COMPARE(order.size(), 2);
    QCOMPARE(order, (QList<int>{1, 2}));
    QVERIFY(time_msec() - start >= 60);
}

void TestBridge::scheduleFromQtCodeWakesRuntime() {
    ui::RuntimeBridge bridge;
    int runs = 0;
    poll_owner owner([&] { runs++; });
    QTimer::singleShot(10, [&] { owner.schedule(); });
    QTRY_COMPARE(runs, 1);
    poll_loop::current().post([&] { runs += 10; });
    QTRY_COMPARE(runs, 11);
}

// With nothing registered but an idle fd, the bridge does not dispatch at all.
void TestBridge::idleBridgeDoesNotSpin() {
    ui::RuntimeBridge bridge;
    int sp[2];
    QCOMPARE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sp), 0);
    fd_watch watch(sp[0], POLLIN, [](short) {});
    QTest::qWait(50);
    quint64 before = bridge.dispatchCount();
    QTest::qWait(500);
    QCOMPARE(bridge.dispatchCount(), before);
    close(sp[0]);
    close(sp[1]);
}

QTEST_GUILESS_MAIN(TestBridge)
#include "tst_bridge.moc"
