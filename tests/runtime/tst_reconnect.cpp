// Unit tests of the reconnect FSM (spec §4 and §12 R14-R17), driven with explicit times.

#include "vigil/reconnect.h"
#include "vigil/vlog.h"

#include <QFile>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <cstdio>

using vigil::reconnect;
using vigil::reconnect_state;
using action = vigil::reconnect::action;

Q_DECLARE_METATYPE(reconnect_state)

namespace {

// Drives one failed connection attempt through the client protocol from BACKOFF, starting at
// `now` once the backoff has elapsed; returns the time at which the attempt failed.
long long fail_attempt(reconnect& fsm, long long now) {
    now += fsm.timeout(now);
    if (fsm.run(now) != action::connect) {
        return -1;
    }
    fsm.connecting(now);
    now += fsm.timeout(now);
    if (fsm.run(now) != action::disconnect) {
        return -1;
    }
    fsm.connect_failed(now, ETIMEDOUT);
    return now;
}

// Runs `script` against a fresh FSM named "fsm" created at t=0, one command per entry, and
// returns what the FSM logged, each line as "LEVEL|text" (DBG included). The commands are the
// FSM's calls, with an errno number where one takes an error (-1 = EOF): "quiet", "passive",
// "enable", "run", "connecting", "listening", "connected", "activity",
// "receive-attempted", "connect-failed E", "listen-error E", "disconnected E",
// "backoff MIN MAX", "probe-interval MS", "advance MS".
QStringList log_of(const QStringList& script) {
    QTemporaryDir dir;
    if (!dir.isValid()) {
        return {QStringLiteral("no temporary directory")};
    }
    const std::string path = dir.filePath(QStringLiteral("reconnect.log")).toStdString();
    vigil::vlog_module* module = vigil::vlog_module_from_name("reconnect");
    const vigil::vlog_dest file = vigil::vlog_dest::file;
    vigil::vlog_set_levels(module, &file, vigil::vlog_level::dbg);
    if (vigil::vlog_set_log_file(path) != 0) {
        return {QStringLiteral("cannot open the log file")};
    }

    long long now = 0;
    reconnect fsm(now);
    fsm.set_name("fsm");
    QStringList problems;
    for (const QString& line : script) {
        const QStringList w = line.split(QLatin1Char(' '));
        const QString& cmd = w[0];
        auto arg = [&](int i) { return i < w.size() ? w[i].toInt() : 0; };
        if (cmd == QLatin1String("quiet")) {
            fsm.set_quiet(true);
        } else if (cmd == QLatin1String("passive")) {
            fsm.set_passive(true, now);
        } else if (cmd == QLatin1String("enable")) {
            fsm.enable(now);
        } else if (cmd == QLatin1String("run")) {
            fsm.run(now);
        } else if (cmd == QLatin1String("connecting")) {
            fsm.connecting(now);
        } else if (cmd == QLatin1String("listening")) {
            fsm.listening(now);
        } else if (cmd == QLatin1String("connected")) {
            fsm.connected(now);
        } else if (cmd == QLatin1String("activity")) {
            fsm.activity(now);
        } else if (cmd == QLatin1String("receive-attempted")) {
            fsm.receive_attempted(now);
        } else if (cmd == QLatin1String("connect-failed")) {
            fsm.connect_failed(now, arg(1));
        } else if (cmd == QLatin1String("listen-error")) {
            fsm.listen_error(now, arg(1));
        } else if (cmd == QLatin1String("disconnected")) {
            fsm.disconnected(now, arg(1));
        } else if (cmd == QLatin1String("backoff")) {
            fsm.set_backoff(arg(1), arg(2));
        } else if (cmd == QLatin1String("probe-interval")) {
            fsm.set_probe_interval(arg(1));
        } else if (cmd == QLatin1String("advance")) {
            now += arg(1);
        } else {
            problems << QStringLiteral("unknown command ") + line;
        }
    }
    vigil::vlog_close_log_file();
    vigil::vlog_set_levels(module, &file, vigil::vlog_level::off);
    if (!problems.isEmpty()) {
        return problems;
    }

    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) {
        return {QStringLiteral("cannot read the log file")};
    }
    QStringList lines;
    const QString marker = QStringLiteral("|reconnect|");
    for (const QString& l : QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'))) {
        if (qsizetype at = l.indexOf(marker); at >= 0) {
            lines << l.mid(at + marker.size());
        }
    }
    return lines;
}

} // namespace

class tst_reconnect : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void defaults();
    void state_names();
    void set_name();
    void set_backoff_clamps_data();
    void set_backoff_clamps();
    void set_probe_interval_clamps_data();
    void set_probe_interval_clamps();
    void backoff_sequence();
    void backoff_sequence_with_custom_range();
    void connecting_timeout_is_at_least_one_second();
    void long_connection_resets_backoff();
    void short_or_silent_connection_keeps_doubling();
    void probe_then_idle_disconnect();
    void activity_returns_idle_to_active();
    void probe_interval_zero_never_probes();
    void receive_attempted_rule();
    void receive_attempted_rule_in_idle();
    void enable_disable_force_reconnect();
    void passive_mode();
    void set_passive_restarts_attempts();
    void max_tries();
    void max_tries_zero();
    void backoff_free_tries();
    void stats_fields();
    void r14_set_backoff_zero_in_backoff();
    void r15_activity_in_reconnect();
    void r16_connected_and_connect_failed_from_void();
    void r17_set_active_from_listening_consumes_a_try();
    void logging_and_quiet();
    void log_lines_data();
    void log_lines();
    void idle_disconnect_reports_elapsed_time_data();
    void idle_disconnect_reports_elapsed_time();
};

// Keep the console quiet; logging_and_quiet() checks the log through the file destination.
void tst_reconnect::initTestCase() {
    const vigil::vlog_dest console = vigil::vlog_dest::console;
    vigil::vlog_set_levels(vigil::vlog_module_from_name("reconnect"), &console,
                           vigil::vlog_level::off);
}

void tst_reconnect::defaults() {
    reconnect fsm(1000);
    QCOMPARE(fsm.name(), std::string("void"));
    QCOMPARE(fsm.min_backoff(), 1000);
    QCOMPARE(fsm.max_backoff(), 8000);
    QCOMPARE(fsm.probe_interval(), 5000);
    QCOMPARE(fsm.max_tries(), UINT_MAX);
    QVERIFY(!fsm.is_passive());
    QVERIFY(!fsm.is_enabled());
    QVERIFY(!fsm.is_connected());
    QCOMPARE(fsm.state(), reconnect_state::void_);
    QCOMPARE(fsm.timeout(1000), -1);
    QCOMPARE(fsm.run(999999), action::none);
    QCOMPARE(fsm.last_connect_elapsed(5000), UINT_MAX);
    QCOMPARE(fsm.last_disconnect_elapsed(5000), UINT_MAX);

    vigil::reconnect_stats s = fsm.stats(1500);
    QCOMPARE(s.creation_time, 1000LL);
    QCOMPARE(s.last_activity, 1000LL);
    QCOMPARE(s.last_connected, LLONG_MAX);
    QCOMPARE(s.last_disconnected, LLONG_MAX);
    QCOMPARE(s.backoff, 0);
    QCOMPARE(s.seqno, 0u);
    QCOMPARE(s.msec_since_connect, UINT_MAX);
    QCOMPARE(s.msec_since_disconnect, UINT_MAX);
    QCOMPARE(s.total_connected_duration, 0u);
    QCOMPARE(s.n_attempted_connections, 0u);
    QCOMPARE(s.n_successful_connections, 0u);
    QCOMPARE(QByteArray(s.state), QByteArray("VOID"));
    QCOMPARE(s.state_elapsed, 500u);
}

void tst_reconnect::state_names() {
    QCOMPARE(QByteArray(vigil::reconnect_state_name(reconnect_state::void_)), "VOID");
    QCOMPARE(QByteArray(vigil::reconnect_state_name(reconnect_state::backoff)), "BACKOFF");
    QCOMPARE(QByteArray(vigil::reconnect_state_name(reconnect_state::connecting)), "CONNECTING");
    QCOMPARE(QByteArray(vigil::reconnect_state_name(reconnect_state::active)), "ACTIVE");
    QCOMPARE(QByteArray(vigil::reconnect_state_name(reconnect_state::idle)), "IDLE");
    QCOMPARE(QByteArray(vigil::reconnect_state_name(reconnect_state::reconnect)), "RECONNECT");
    QCOMPARE(QByteArray(vigil::reconnect_state_name(reconnect_state::listening)), "LISTENING");
}

void tst_reconnect::set_name() {
    reconnect fsm(0);
    fsm.set_name("tcp:127.0.0.1:6640");
    QCOMPARE(fsm.name(), std::string("tcp:127.0.0.1:6640"));
    fsm.set_name("");
    QCOMPARE(fsm.name(), std::string("void"));
}

void tst_reconnect::set_backoff_clamps_data() {
    QTest::addColumn<int>("min");
    QTest::addColumn<int>("max");
    QTest::addColumn<int>("want_min");
    QTest::addColumn<int>("want_max");
    QTest::newRow("zeros mean defaults") << 0 << 0 << 1000 << 8000;
    QTest::newRow("small values raised") << 500 << 500 << 1000 << 1000;
    QTest::newRow("max below min") << 2000 << 1500 << 2000 << 2000;
    QTest::newRow("max 0 is 8000") << 3000 << 0 << 3000 << 8000;
    QTest::newRow("min above default max") << 10000 << 0 << 10000 << 10000;
    QTest::newRow("ordinary") << 1500 << 20000 << 1500 << 20000;
    QTest::newRow("negative") << -5 << -5 << 1000 << 1000;
}

void tst_reconnect::set_backoff_clamps() {
    QFETCH(int, min);
    QFETCH(int, max);
    QFETCH(int, want_min);
    QFETCH(int, want_max);
    reconnect fsm(0);
    fsm.set_backoff(min, max);
    QCOMPARE(fsm.min_backoff(), want_min);
    QCOMPARE(fsm.max_backoff(), want_max);
}

void tst_reconnect::set_probe_interval_clamps_data() {
    QTest::addColumn<int>("value");
    QTest::addColumn<int>("want");
    QTest::newRow("0 disables") << 0 << 0;
    QTest::newRow("1 raised") << 1 << 1000;
    QTest::newRow("999 raised") << 999 << 1000;
    QTest::newRow("1000 kept") << 1000 << 1000;
    QTest::newRow("7000 kept") << 7000 << 7000;
}

void tst_reconnect::set_probe_interval_clamps() {
    QFETCH(int, value);
    QFETCH(int, want);
    reconnect fsm(0);
    fsm.set_probe_interval(value);
    QCOMPARE(fsm.probe_interval(), want);
}

void tst_reconnect::backoff_sequence() {
    long long now = 1000;
    reconnect fsm(now);
    fsm.enable(now);
    QCOMPARE(fsm.state(), reconnect_state::backoff);
    QCOMPARE(fsm.timeout(now), 0);
    const int want[] = {1000, 2000, 4000, 8000, 8000, 8000};
    for (int expected : want) {
        now = fail_attempt(fsm, now);
        QVERIFY(now > 0);
        QCOMPARE(fsm.state(), reconnect_state::backoff);
        QCOMPARE(fsm.stats(now).backoff, expected);
        QCOMPARE(fsm.timeout(now), expected);
        QCOMPARE(fsm.run(now + expected - 1), action::none);
        QCOMPARE(fsm.run(now + expected), action::connect);
        // CONNECT repeats until the client reports progress.
        QCOMPARE(fsm.run(now + expected + 5), action::connect);
    }
    QCOMPARE(fsm.stats(now).n_attempted_connections, 6u);
    QCOMPARE(fsm.stats(now).n_successful_connections, 0u);
    QCOMPARE(fsm.stats(now).seqno, 0u);
}

// The doubling stops at max/2 (integer division): 4000 < 5000 doubles to 8000, and 8000
// then jumps to the maximum 10000 instead of doubling to 16000.
void tst_reconnect::backoff_sequence_with_custom_range() {
    long long now = 0;
    reconnect fsm(now);
    fsm.set_backoff(2000, 10000);
    fsm.enable(now);
    const int want[] = {2000, 4000, 8000, 10000, 10000};
    for (int expected : want) {
        now = fail_attempt(fsm, now);
        QVERIFY(now >= 0);
        QCOMPARE(fsm.stats(now).backoff, expected);
    }
}

void tst_reconnect::connecting_timeout_is_at_least_one_second() {
    reconnect fsm(0);
    fsm.enable(0);
    QCOMPARE(fsm.run(0), action::connect);
    fsm.connecting(0);
    QCOMPARE(fsm.stats(0).backoff, 0);
    QCOMPARE(fsm.timeout(0), 1000);
    QCOMPARE(fsm.run(999), action::none);
    QCOMPARE(fsm.run(1000), action::disconnect);
    // connecting() again while CONNECTING does not restart the timer.
    fsm.connecting(500);
    QCOMPARE(fsm.timeout(500), 500);
}

void tst_reconnect::long_connection_resets_backoff() {
    long long now = 0;
    reconnect fsm(now);
    fsm.enable(now);
    for (int i = 0; i < 3; i++) {
        now = fail_attempt(fsm, now);
    }
    QCOMPARE(fsm.stats(now).backoff, 4000);
    now += 4000;
    QCOMPARE(fsm.run(now), action::connect);
    fsm.connected(now);
    // Traffic 4000 ms after connecting: as long as the backoff, so the link was healthy.
    now += 4000;
    fsm.activity(now);
    fsm.disconnected(now, EOF);
    QCOMPARE(fsm.state(), reconnect_state::backoff);
    QCOMPARE(fsm.stats(now).backoff, 1000);
}

void tst_reconnect::short_or_silent_connection_keeps_doubling() {
    long long now = 0;
    reconnect fsm(now);
    fsm.enable(now);
    now = fail_attempt(fsm, now);
    now = fail_attempt(fsm, now);
    QCOMPARE(fsm.stats(now).backoff, 2000);

    // Traffic 1999 ms after connecting is not enough with a 2000 ms backoff.
    now += 2000;
    fsm.connected(now);
    fsm.activity(now + 1999);
    now += 1999;
    fsm.disconnected(now, 0);
    QCOMPARE(fsm.stats(now).backoff, 4000);

    // A connection that lasts long but never sees traffic doesn't count either.
    now += 4000;
    fsm.connected(now);
    now += 4900;
    fsm.disconnected(now, ECONNRESET);
    QCOMPARE(fsm.stats(now).backoff, 8000);
}

void tst_reconnect::probe_then_idle_disconnect() {
    reconnect fsm(0);
    fsm.receive_attempted(LLONG_MAX);
    fsm.enable(0);
    fsm.connected(0);
    QCOMPARE(fsm.state(), reconnect_state::active);
    QCOMPARE(fsm.timeout(0), 5000);
    QCOMPARE(fsm.run(4999), action::none);
    QCOMPARE(fsm.run(5000), action::probe);
    QCOMPARE(fsm.state(), reconnect_state::idle);
    QVERIFY(fsm.is_connected());
    QCOMPARE(fsm.timeout(5000), 5000);
    QCOMPARE(fsm.run(9999), action::none);
    QCOMPARE(fsm.run(10000), action::disconnect);
    // DISCONNECT repeats until the client reports it.
    QCOMPARE(fsm.run(10001), action::disconnect);
    fsm.disconnected(10001, 0);
    QCOMPARE(fsm.state(), reconnect_state::backoff);
    QCOMPARE(fsm.stats(10001).backoff, 1000);
}

void tst_reconnect::activity_returns_idle_to_active() {
    reconnect fsm(0);
    fsm.receive_attempted(LLONG_MAX);
    fsm.connected(0);
    QCOMPARE(fsm.run(5000), action::probe);
    fsm.activity(6000);
    QCOMPARE(fsm.state(), reconnect_state::active);
    QCOMPARE(fsm.stats(6000).state_elapsed, 0u);
    QCOMPARE(fsm.timeout(6000), 5000);
    // Activity in ACTIVE moves the probe time without a transition.
    fsm.activity(8000);
    QCOMPARE(fsm.timeout(8000), 5000);
    QCOMPARE(fsm.stats(8000).state_elapsed, 2000u);
}

void tst_reconnect::probe_interval_zero_never_probes() {
    reconnect fsm(0);
    fsm.set_probe_interval(0);
    fsm.connected(0);
    QCOMPARE(fsm.timeout(0), -1);
    QCOMPARE(fsm.run(1000000), action::none);
    QCOMPARE(fsm.state(), reconnect_state::active);
}

// Once the probe time has passed, the FSM waits for a receive attempt made after it before
// probing, and meanwhile asks to be woken 1 ms later.
void tst_reconnect::receive_attempted_rule() {
    reconnect fsm(0);
    fsm.connected(0);
    fsm.receive_attempted(4000);
    QCOMPARE(fsm.timeout(0), 5000);
    QCOMPARE(fsm.run(5000), action::none);
    QCOMPARE(fsm.timeout(5000), 1);
    QCOMPARE(fsm.run(5001), action::none);
    QCOMPARE(fsm.timeout(7000), 1);
    fsm.receive_attempted(7000);
    QCOMPARE(fsm.timeout(7000), 0);
    QCOMPARE(fsm.run(7000), action::probe);
}

void tst_reconnect::receive_attempted_rule_in_idle() {
    reconnect fsm(0);
    fsm.connected(0);
    fsm.receive_attempted(5000);
    QCOMPARE(fsm.run(5000), action::probe);
    QCOMPARE(fsm.timeout(5000), 5000);
    QCOMPARE(fsm.run(10000), action::none);
    QCOMPARE(fsm.timeout(10000), 1);
    fsm.receive_attempted(10002);
    QCOMPARE(fsm.run(10002), action::disconnect);
}

void tst_reconnect::enable_disable_force_reconnect() {
    reconnect fsm(0);
    fsm.force_reconnect(0);
    QCOMPARE(fsm.state(), reconnect_state::void_);
    fsm.enable(0);
    QVERIFY(fsm.is_enabled());
    fsm.force_reconnect(0);
    QCOMPARE(fsm.state(), reconnect_state::backoff);

    fsm.connecting(10);
    fsm.force_reconnect(20);
    QCOMPARE(fsm.state(), reconnect_state::reconnect);
    QCOMPARE(fsm.timeout(20), 0);
    QCOMPARE(fsm.run(20), action::disconnect);
    // A second enable() while enabled changes nothing.
    fsm.enable(30);
    QCOMPARE(fsm.state(), reconnect_state::reconnect);

    fsm.disable(40);
    QCOMPARE(fsm.state(), reconnect_state::void_);
    QVERIFY(!fsm.is_enabled());
    QCOMPARE(fsm.timeout(40), -1);
    // disconnected() in VOID is a no-op.
    fsm.disconnected(50, ECONNRESET);
    QCOMPARE(fsm.state(), reconnect_state::void_);

    // force_reconnect() from ACTIVE and IDLE.
    fsm.connected(100);
    fsm.force_reconnect(100);
    QCOMPARE(fsm.state(), reconnect_state::reconnect);
    QVERIFY(!fsm.is_connected());
    fsm.disable(100);
    fsm.receive_attempted(LLONG_MAX);
    fsm.connected(200);
    QCOMPARE(fsm.run(5200), action::probe);
    fsm.force_reconnect(5200);
    QCOMPARE(fsm.state(), reconnect_state::reconnect);
}

void tst_reconnect::passive_mode() {
    long long now = 1000;
    reconnect fsm(now);
    fsm.set_passive(true, now);
    QVERIFY(fsm.is_passive());
    fsm.enable(now);
    QCOMPARE(fsm.run(now), action::connect);
    fsm.listening(now);
    QCOMPARE(fsm.state(), reconnect_state::listening);
    QCOMPARE(fsm.timeout(now), -1);
    QCOMPARE(fsm.run(now + 100000), action::none);

    // listen_error acts only in LISTENING.
    fsm.listen_error(now, EADDRINUSE);
    QCOMPARE(fsm.state(), reconnect_state::backoff);
    QCOMPARE(fsm.stats(now).backoff, 1000);
    fsm.listen_error(now, EADDRINUSE);
    QCOMPARE(fsm.stats(now).backoff, 1000);

    now += 1000;
    QCOMPARE(fsm.run(now), action::connect);
    fsm.listening(now);
    fsm.connected(now);
    QCOMPARE(fsm.state(), reconnect_state::active);
    // A passive disconnect resets the backoff to 0, however short the connection.
    fsm.disconnected(now + 10, EOF);
    QCOMPARE(fsm.stats(now + 10).backoff, 0);
    QCOMPARE(fsm.run(now + 10), action::connect);

    // A passive connection attempt failure logs "listen" and still backs off.
    fsm.connect_failed(now + 10, ECONNREFUSED);
    QCOMPARE(fsm.stats(now + 10).backoff, 1000);
}

void tst_reconnect::set_passive_restarts_attempts() {
    reconnect fsm(0);
    fsm.enable(0);
    fsm.connecting(0);
    fsm.set_passive(true, 100);
    QCOMPARE(fsm.state(), reconnect_state::backoff);
    QCOMPARE(fsm.stats(100).backoff, 0);
    QCOMPARE(fsm.stats(100).n_attempted_connections, 1u);

    // Switching to the mode already in force changes nothing.
    fsm.listening(200);
    fsm.set_passive(true, 300);
    QCOMPARE(fsm.state(), reconnect_state::listening);

    // To passive from RECONNECT.
    reconnect fsm2(0);
    fsm2.connected(0);
    fsm2.force_reconnect(0);
    fsm2.set_passive(true, 10);
    QCOMPARE(fsm2.state(), reconnect_state::backoff);

    // To passive from ACTIVE keeps the connection.
    reconnect fsm3(0);
    fsm3.connected(0);
    fsm3.set_passive(true, 10);
    QCOMPARE(fsm3.state(), reconnect_state::active);
}

void tst_reconnect::max_tries() {
    long long now = 0;
    reconnect fsm(now);
    fsm.set_max_tries(2);
    QCOMPARE(fsm.max_tries(), 2u);
    fsm.enable(now);
    QCOMPARE(fsm.max_tries(), 1u);
    now = fail_attempt(fsm, now);
    QCOMPARE(fsm.max_tries(), 0u);
    QCOMPARE(fsm.state(), reconnect_state::backoff);
    now = fail_attempt(fsm, now);
    QCOMPARE(fsm.state(), reconnect_state::void_);
    QCOMPARE(fsm.max_tries(), 0u);
    // No try left: enable() is a no-op.
    fsm.enable(now);
    QCOMPARE(fsm.state(), reconnect_state::void_);
    // Unlimited tries are never consumed.
    fsm.set_max_tries(UINT_MAX);
    fsm.enable(now);
    QCOMPARE(fsm.state(), reconnect_state::backoff);
    fail_attempt(fsm, now);
    QCOMPARE(fsm.max_tries(), UINT_MAX);
}

void tst_reconnect::max_tries_zero() {
    reconnect fsm(0);
    fsm.set_max_tries(0);
    fsm.enable(0);
    QVERIFY(!fsm.is_enabled());
    QCOMPARE(fsm.timeout(0), -1);
}

void tst_reconnect::backoff_free_tries() {
    long long now = 0;
    reconnect fsm(now);
    fsm.set_backoff_free_tries(3);
    fsm.enable(now);
    fsm.connect_failed(now, ECONNREFUSED);
    QCOMPARE(fsm.stats(now).backoff, 0);
    fsm.connect_failed(now, ECONNREFUSED);
    QCOMPARE(fsm.stats(now).backoff, 0);
    fsm.connect_failed(now, ECONNREFUSED);
    QCOMPARE(fsm.stats(now).backoff, 1000);
    fsm.connect_failed(now, ECONNREFUSED);
    QCOMPARE(fsm.stats(now).backoff, 2000);

    // 1 means no free retries, as does 0.
    reconnect one(0);
    one.set_backoff_free_tries(1);
    one.enable(0);
    one.connect_failed(0, ECONNREFUSED);
    QCOMPARE(one.stats(0).backoff, 1000);
}

void tst_reconnect::stats_fields() {
    reconnect fsm(1000);
    fsm.enable(1000);
    fsm.connecting(1000);
    fsm.connected(1500);
    fsm.activity(1700);
    vigil::reconnect_stats s = fsm.stats(2000);
    QCOMPARE(s.last_connected, 1500LL);
    QCOMPARE(s.last_activity, 1700LL);
    QVERIFY(s.is_connected);
    QCOMPARE(s.seqno, 1u);
    QCOMPARE(s.msec_since_connect, 500u);
    QCOMPARE(s.total_connected_duration, 500u);
    QCOMPARE(s.n_attempted_connections, 1u);
    QCOMPARE(s.n_successful_connections, 1u);
    QCOMPARE(QByteArray(s.state), QByteArray("ACTIVE"));
    QCOMPARE(s.state_id, reconnect_state::active);
    QCOMPARE(s.state_elapsed, 500u);

    fsm.disconnected(3000, EOF);
    s = fsm.stats(3500);
    QCOMPARE(s.last_disconnected, 3000LL);
    QCOMPARE(s.msec_since_disconnect, 500u);
    QCOMPARE(s.msec_since_connect, 2000u);
    QCOMPARE(s.total_connected_duration, 1500u);
    QVERIFY(!s.is_connected);
    QCOMPARE(s.seqno, 2u);
    QCOMPARE(fsm.last_connect_elapsed(3500), 2000u);
    QCOMPARE(fsm.last_disconnect_elapsed(3500), 500u);

    // A second connection adds to the total; a failed attempt does not set last_disconnected.
    fsm.connected(5000);
    s = fsm.stats(5250);
    QCOMPARE(s.total_connected_duration, 1750u);
    QCOMPARE(s.seqno, 3u);
    QCOMPARE(s.n_attempted_connections, 2u);
    fsm.force_reconnect(6000);
    QCOMPARE(fsm.stats(6000).seqno, 4u);
    fsm.disconnected(6100, 0);
    s = fsm.stats(6100);
    QCOMPARE(s.last_disconnected, 3000LL);
    QCOMPARE(s.total_connected_duration, 2500u);
    QCOMPARE(s.n_attempted_connections, 2u);
}

// R14 (decided: keep OVS's quirk, documented in reconnect.h): in BACKOFF, set_backoff()
// lowers the current backoff to the raw max argument, so (0, 0) cancels the pending wait.
void tst_reconnect::r14_set_backoff_zero_in_backoff() {
    long long now = 0;
    reconnect fsm(now);
    fsm.enable(now);
    now = fail_attempt(fsm, now);
    now = fail_attempt(fsm, now);
    QCOMPARE(fsm.stats(now).backoff, 2000);
    QCOMPARE(fsm.run(now), action::none);
    fsm.set_backoff(0, 0);
    QCOMPARE(fsm.min_backoff(), 1000);
    QCOMPARE(fsm.max_backoff(), 8000);
    QCOMPARE(fsm.stats(now).backoff, 0);
    QCOMPARE(fsm.timeout(now), 0);
    QCOMPARE(fsm.run(now), action::connect);
    // The next failure starts over from the minimum.
    fsm.connect_failed(now, ECONNREFUSED);
    QCOMPARE(fsm.stats(now).backoff, 1000);

    // A raw max above the current backoff leaves it alone; a lower one cuts it down.
    fsm.set_backoff(1000, 5000);
    QCOMPARE(fsm.stats(now).backoff, 1000);
    now = fail_attempt(fsm, now);
    QCOMPARE(fsm.stats(now).backoff, 2000);
    fsm.set_backoff(1000, 1500);
    QCOMPARE(fsm.stats(now).backoff, 1500);

    // Outside BACKOFF the current backoff is untouched.
    fsm.connecting(now);
    fsm.set_backoff(0, 0);
    QCOMPARE(fsm.stats(now).backoff, 1500);
}

// R15: activity() does not take RECONNECT back to ACTIVE, and a disconnect reached through
// force_reconnect() never resets the backoff, however busy the connection was.
void tst_reconnect::r15_activity_in_reconnect() {
    long long now = 0;
    reconnect fsm(now);
    fsm.enable(now);
    now = fail_attempt(fsm, now);
    QCOMPARE(fsm.stats(now).backoff, 1000);
    now += 1000;
    fsm.connected(now);
    now += 10000;
    fsm.activity(now);
    fsm.force_reconnect(now);
    fsm.activity(now);
    QCOMPARE(fsm.state(), reconnect_state::reconnect);
    QCOMPARE(fsm.stats(now).last_activity, now);
    QCOMPARE(fsm.run(now), action::disconnect);
    fsm.disconnected(now, 0);
    QCOMPARE(fsm.stats(now).backoff, 2000);
    // Only disconnected() from ACTIVE or IDLE records a disconnection time.
    QCOMPARE(fsm.stats(now).last_disconnected, LLONG_MAX);
}

// R16: connected() works from VOID, counting an attempt and enabling the FSM;
// connect_failed() from VOID lands in BACKOFF with the minimum backoff.
void tst_reconnect::r16_connected_and_connect_failed_from_void() {
    reconnect fsm(0);
    fsm.connected(100);
    QVERIFY(fsm.is_enabled());
    QCOMPARE(fsm.state(), reconnect_state::active);
    vigil::reconnect_stats s = fsm.stats(100);
    QCOMPARE(s.n_attempted_connections, 1u);
    QCOMPARE(s.n_successful_connections, 1u);
    QCOMPARE(s.seqno, 1u);
    QCOMPARE(s.last_connected, 100LL);

    reconnect failed(0);
    failed.connect_failed(100, ECONNREFUSED);
    QCOMPARE(failed.state(), reconnect_state::backoff);
    QCOMPARE(failed.stats(100).backoff, 1000);
    QCOMPARE(failed.stats(100).n_attempted_connections, 1u);
    QCOMPARE(failed.stats(100).n_successful_connections, 0u);
}

// R17: leaving passive mode while LISTENING restarts from BACKOFF and consumes a try; with
// no try left the FSM keeps listening (but is now in active mode).
void tst_reconnect::r17_set_active_from_listening_consumes_a_try() {
    reconnect fsm(0);
    fsm.set_passive(true, 0);
    fsm.set_max_tries(2);
    fsm.enable(0);
    QCOMPARE(fsm.max_tries(), 1u);
    fsm.listening(0);
    fsm.set_passive(false, 10);
    QCOMPARE(fsm.state(), reconnect_state::backoff);
    QCOMPARE(fsm.stats(10).backoff, 0);
    QCOMPARE(fsm.max_tries(), 0u);

    fsm.set_passive(true, 20);
    fsm.listening(20);
    fsm.set_passive(false, 30);
    QVERIFY(!fsm.is_passive());
    QCOMPARE(fsm.state(), reconnect_state::listening);
}

// INFO messages reach the log at INFO, or only at DBG once the FSM is quiet; WARN messages
// (a connection dropped with an error) stay WARN, and a failed attempt's reason stays INFO.
void tst_reconnect::logging_and_quiet() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("reconnect.log").toStdString();
    vigil::vlog_module* module = vigil::vlog_module_from_name("reconnect");
    QVERIFY(module);
    const vigil::vlog_dest file = vigil::vlog_dest::file;
    vigil::vlog_set_levels(module, &file, vigil::vlog_level::info);
    QCOMPARE(vigil::vlog_set_log_file(path), 0);

    reconnect loud(0);
    loud.set_name("loud");
    loud.enable(0);
    loud.connecting(0);
    loud.connected(10);
    loud.disconnected(20, ECONNRESET);

    reconnect quiet(0);
    quiet.set_name("quiet");
    quiet.set_quiet(true);
    quiet.enable(0);
    quiet.connecting(0);
    quiet.connected(10);
    quiet.disconnected(20, ECONNRESET);
    quiet.connect_failed(30, ECONNREFUSED);

    reconnect idle(0);
    idle.set_name("idle");
    idle.receive_attempted(LLONG_MAX);
    idle.connected(0);
    idle.run(5000);
    idle.run(10000);

    // Once the backoff reaches its maximum, attempts and failures are no longer logged.
    reconnect capped(0);
    capped.set_name("capped");
    capped.set_backoff(1000, 2000);
    capped.enable(0);
    long long now = 0;
    for (int i = 0; i < 4; i++) {
        now = fail_attempt(capped, now);
    }
    QCOMPARE(capped.stats(now).backoff, 2000);

    vigil::vlog_close_log_file();
    vigil::vlog_set_levels(module, &file, vigil::vlog_level::off);

    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray log = f.readAll();
    QVERIFY2(log.contains("|reconnect|INFO|loud: connecting..."), log.constData());
    QVERIFY2(log.contains("|reconnect|INFO|loud: connected"), log.constData());
    QVERIFY2(log.contains("|reconnect|WARN|loud: connection dropped (Connection reset by peer)"),
             log.constData());
    QVERIFY2(log.contains("|reconnect|WARN|quiet: connection dropped (Connection reset by peer)"),
             log.constData());
    QVERIFY2(!log.contains("quiet: connecting..."), log.constData());
    QVERIFY2(!log.contains("quiet: connected"), log.constData());
    QVERIFY2(log.contains("|reconnect|INFO|quiet: connection attempt failed (Connection refused)"),
             log.constData());
    QVERIFY2(log.contains("|reconnect|ERR|idle: no response to inactivity probe after 5 "
                          "seconds, disconnecting"),
             log.constData());
    QCOMPARE(log.count("capped: connecting..."), 2);
    QCOMPARE(log.count("capped: connection attempt failed (Connection timed out)"), 2);
    QCOMPARE(log.count("capped: continuing to reconnect in the background but suppressing "
                       "further logging"),
             1);
}

// Every line the FSM logs, at OVS's level, for the paths through disconnected() (spec §4.7;
// OVS lib/reconnect.c). A quiet FSM demotes only the messages OVS logs at its "info" level;
// the ones OVS logs with VLOG_INFO or above keep their level.
void tst_reconnect::log_lines_data() {
    QTest::addColumn<QStringList>("script");
    QTest::addColumn<QStringList>("expected");

    const QStringList listen_fails = {
        "passive",      "enable",          "run",
        "listening",    "listen-error 98",                   // backoff 1000
        "advance 1000", "listening",       "listen-error 0", // 2000
        "advance 2000", "listening",       "listen-error 0", // 4000
        "advance 4000", "listening",       "listen-error 0", // 8000 (max)
        "advance 8000", "listening",       "listen-error 0", // still 8000
    };
    QTest::newRow("passive listen errors back off")
        << listen_fails
        << QStringList{
               "INFO|fsm: listening...",
               "WARN|fsm: error listening for connections (Address already in use)",
               "INFO|fsm: listening...",
               "INFO|fsm: error listening for connections",
               "INFO|fsm: waiting 2 seconds before trying to listen again",
               "INFO|fsm: listening...",
               "INFO|fsm: error listening for connections",
               "INFO|fsm: waiting 4 seconds before trying to listen again",
               "INFO|fsm: listening...",
               "INFO|fsm: error listening for connections",
               "INFO|fsm: continuing to try to listen in the background but suppressing "
               "further logging",
               "INFO|fsm: listening...",
               "INFO|fsm: error listening for connections",
           };
    QTest::newRow("passive listen errors back off, quiet")
        << (QStringList{"quiet"} + listen_fails)
        << QStringList{
               "DBG|fsm: listening...",
               "WARN|fsm: error listening for connections (Address already in use)",
               "DBG|fsm: listening...",
               "DBG|fsm: error listening for connections",
               "DBG|fsm: waiting 2 seconds before trying to listen again",
               "DBG|fsm: listening...",
               "DBG|fsm: error listening for connections",
               "DBG|fsm: waiting 4 seconds before trying to listen again",
               "DBG|fsm: listening...",
               "DBG|fsm: error listening for connections",
               "INFO|fsm: continuing to try to listen in the background but suppressing "
               "further logging",
               "DBG|fsm: listening...",
               "DBG|fsm: error listening for connections",
           };

    const QStringList connect_times_out = {
        "enable",       "run", "connecting", "advance 1000", "run", "connect-failed 0", // 1000
        "advance 1000", "run", "connecting", "advance 1000", "run", "connect-failed 0", // 2000
        "advance 2000", "run", "connecting", "advance 2000", "run", "connect-failed 0", // 4000
        "advance 4000", "run", "connecting", "advance 4000", "run", "connect-failed 0", // 8000
        "advance 8000", "run", "connecting", "advance 8000", "run", "connect-failed 0",
    };
    const QStringList connect_refused = {
        "enable",       "run", "connect-failed 111", // 1000
        "advance 1000", "run", "connect-failed 111", // 2000
        "advance 2000", "run", "connect-failed 111", // 4000
        "advance 4000", "run", "connect-failed 111", // 8000
        "advance 8000", "run", "connect-failed 111",
    };
    QTest::newRow("active attempts refused")
        << connect_refused
        << QStringList{
               "INFO|fsm: connecting...",
               "INFO|fsm: connection attempt failed (Connection refused)",
               "INFO|fsm: connecting...",
               "INFO|fsm: connection attempt failed (Connection refused)",
               "INFO|fsm: waiting 2 seconds before reconnect",
               "INFO|fsm: connecting...",
               "INFO|fsm: connection attempt failed (Connection refused)",
               "INFO|fsm: waiting 4 seconds before reconnect",
               "INFO|fsm: connecting...",
               "INFO|fsm: connection attempt failed (Connection refused)",
               "INFO|fsm: continuing to reconnect in the background but suppressing further "
               "logging",
           };
    QTest::newRow("active attempts refused, quiet")
        << (QStringList{"quiet"} + connect_refused)
        << QStringList{
               "DBG|fsm: connecting...",
               "INFO|fsm: connection attempt failed (Connection refused)",
               "DBG|fsm: connecting...",
               "INFO|fsm: connection attempt failed (Connection refused)",
               "DBG|fsm: waiting 2 seconds before reconnect",
               "DBG|fsm: connecting...",
               "INFO|fsm: connection attempt failed (Connection refused)",
               "DBG|fsm: waiting 4 seconds before reconnect",
               "DBG|fsm: connecting...",
               "INFO|fsm: connection attempt failed (Connection refused)",
               "INFO|fsm: continuing to reconnect in the background but suppressing further "
               "logging",
           };
    // A passive FSM whose listener could not be opened (the client calls connect_failed).
    QTest::newRow("passive listen attempt fails, quiet")
        << QStringList{"quiet",        "passive", "enable",          "run", "connect-failed 98",
                       "advance 1000", "run",     "connect-failed 0"}
        << QStringList{
               "DBG|fsm: listening...",
               "INFO|fsm: listen attempt failed (Address already in use)",
               "DBG|fsm: listening...",
               "DBG|fsm: listen attempt timed out",
               "DBG|fsm: waiting 2 seconds before trying to listen again",
           };
    // Connected, then dropped: with a reason (WARN whatever the quietness), by the peer (EOF),
    // or without a reason. Connections that carried no traffic keep doubling the backoff.
    QTest::newRow("connection dropped, quiet")
        << QStringList{"quiet",        "connected", "disconnected 104",
                       "advance 1000", "connected", "disconnected -1",
                       "advance 1000", "connected", "disconnected 0"}
        << QStringList{
               "DBG|fsm: connecting...",
               "DBG|fsm: connected",
               "WARN|fsm: connection dropped (Connection reset by peer)",
               "DBG|fsm: connecting...",
               "DBG|fsm: connected",
               "DBG|fsm: connection closed by peer",
               "DBG|fsm: waiting 2 seconds before reconnect",
               "DBG|fsm: connecting...",
               "DBG|fsm: connected",
               "DBG|fsm: connection dropped",
               "DBG|fsm: waiting 4 seconds before reconnect",
           };
    QTest::newRow("active attempts time out, quiet")
        << (QStringList{"quiet"} + connect_times_out)
        << QStringList{
               "DBG|fsm: connecting...",
               "DBG|fsm: connection attempt timed out",
               "DBG|fsm: connecting...",
               "DBG|fsm: connection attempt timed out",
               "DBG|fsm: waiting 2 seconds before reconnect",
               "DBG|fsm: connecting...",
               "DBG|fsm: connection attempt timed out",
               "DBG|fsm: waiting 4 seconds before reconnect",
               "DBG|fsm: connecting...",
               "DBG|fsm: connection attempt timed out",
               "INFO|fsm: continuing to reconnect in the background but suppressing further "
               "logging",
           };
}

void tst_reconnect::log_lines() {
    QFETCH(QStringList, script);
    QFETCH(QStringList, expected);
    const QStringList got = log_of(script);
    QCOMPARE(got, expected);
}

// The idle disconnect reports how long the probe went unanswered (OVS: now - state_entered in
// IDLE), which exceeds the probe interval whenever run() comes late: after a long poll
// interval, or because the receive-attempted rule held the deadline until the client read.
void tst_reconnect::idle_disconnect_reports_elapsed_time_data() {
    QTest::addColumn<int>("probe_interval");
    QTest::addColumn<int>("late_by");
    QTest::addColumn<QString>("seconds");
    QTest::newRow("on time") << 5000 << 0 << "5";
    QTest::newRow("late run") << 5000 << 2500 << "7.5";
    QTest::newRow("short interval, late") << 1000 << 234 << "1.23";
    QTest::newRow("long wait, three digits") << 30000 << 93456 << "123";
}

void tst_reconnect::idle_disconnect_reports_elapsed_time() {
    QFETCH(int, probe_interval);
    QFETCH(int, late_by);
    QFETCH(QString, seconds);
    const QString interval = QString::number(probe_interval);
    const QStringList got = log_of({
        "probe-interval " + interval, "connected", "advance " + interval, "receive-attempted",
        "run", // ACTIVE -> IDLE, probe
        "advance " + QString::number(probe_interval + late_by), "receive-attempted",
        "run", // IDLE deadline passed -> disconnect
    });
    QCOMPARE(got, (QStringList{
                      "INFO|fsm: connecting...",
                      "INFO|fsm: connected",
                      "DBG|fsm: idle " + interval + " ms, sending inactivity probe",
                      "ERR|fsm: no response to inactivity probe after " + seconds +
                          " seconds, disconnecting",
                  }));
}

QTEST_GUILESS_MAIN(tst_reconnect)
#include "tst_reconnect.moc"
