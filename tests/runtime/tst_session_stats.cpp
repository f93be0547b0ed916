// The one session record: to_json() and from_json() round-trip every member, the state names
// come from reconnect's one table, and from_json() refuses what is not a session with a reason.

#include "vigil/session_stats.h"

#include <QTest>
#include <boost/json.hpp>

using namespace vigil;

class TestSessionStats : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void everyStateName();
    void roleOptional();
    void rejects_data();
    void rejects();
};

namespace {

session_stats sample() {
    session_stats s;
    s.name = "tcp:127.0.0.1:6640";
    s.state = reconnect_state::idle;
    s.state_elapsed = 1234;
    s.backoff = 2000;
    s.attempts = 7;
    s.successes = 3;
    s.connected_total = 99000;
    s.seqno = 11;
    s.connected = true;
    s.last_error = "Connection refused";
    s.backlog = 4096;
    s.peer_id = "ovsdb";
    s.role = "client";
    return s;
}

} // namespace

void TestSessionStats::roundTrip() {
    const session_stats s = sample();
    const boost::json::value v = to_json(s);
    QCOMPARE(v.as_object().at("state"), boost::json::value("IDLE"));
    // Through text, as a daemon's reply travels.
    const boost::json::value parsed = boost::json::parse(boost::json::serialize(v));
    session_stats back;
    std::string error;
    QVERIFY2(from_json(parsed, back, &error), error.c_str());
    QCOMPARE(back.name, s.name);
    QCOMPARE(back.state, s.state);
    QCOMPARE(back.state_elapsed, s.state_elapsed);
    QCOMPARE(back.backoff, s.backoff);
    QCOMPARE(back.attempts, s.attempts);
    QCOMPARE(back.successes, s.successes);
    QCOMPARE(back.connected_total, s.connected_total);
    QCOMPARE(back.seqno, s.seqno);
    QCOMPARE(back.connected, s.connected);
    QCOMPARE(back.last_error, s.last_error);
    QCOMPARE(back.backlog, s.backlog);
    QCOMPARE(back.peer_id, s.peer_id);
    QCOMPARE(back.role, s.role);
    QCOMPARE(to_json(back), v);
}

void TestSessionStats::everyStateName() {
    for (reconnect_state state :
         {reconnect_state::void_, reconnect_state::backoff, reconnect_state::connecting,
          reconnect_state::active, reconnect_state::idle, reconnect_state::reconnect,
          reconnect_state::listening}) {
        reconnect_state back = reconnect_state::void_;
        QVERIFY2(reconnect_state_from_name(reconnect_state_name(state), back),
                 reconnect_state_name(state));
        QCOMPARE(back, state);
    }
    reconnect_state out;
    QVERIFY(!reconnect_state_from_name("active", out)); // spelled as OVS does, exactly
    QVERIFY(!reconnect_state_from_name("", out));
}

void TestSessionStats::roleOptional() {
    session_stats s = sample();
    s.role.clear();
    boost::json::value v = to_json(s);
    QVERIFY(!v.as_object().contains("role"));
    session_stats back = sample();
    QVERIFY(from_json(v, back));
    QVERIFY(back.role.empty());
}

void TestSessionStats::rejects_data() {
    QTest::addColumn<QString>("change"); // a member to drop ("-name") or a JSON text to use
    QTest::addColumn<QString>("reason");
    QTest::newRow("not an object") << "[]"
                                   << "not a JSON object";
    QTest::newRow("missing name") << "-name"
                                  << "missing member \"name\"";
    QTest::newRow("missing connected") << "-connected"
                                       << "missing member \"connected\"";
    QTest::newRow("missing backlog") << "-backlog"
                                     << "missing member \"backlog\"";
    QTest::newRow("unknown state") << "state=\"DANCING\""
                                   << "unknown state \"DANCING\"";
    QTest::newRow("negative attempts") << "attempts=-1"
                                       << "\"attempts\" is not a number";
    QTest::newRow("string seqno") << "seqno=\"3\""
                                  << "\"seqno\" is not a number";
    QTest::newRow("numeric role") << "role=1"
                                  << "\"role\" is not a string";
    QTest::newRow("numeric connected") << "connected=1"
                                       << "\"connected\" is not a boolean";
}

void TestSessionStats::rejects() {
    QFETCH(QString, change);
    QFETCH(QString, reason);
    boost::json::value v = to_json(sample());
    const std::string c = change.toStdString();
    if (c[0] == '-') {
        v.as_object().erase(c.substr(1));
    } else if (auto eq = c.find('='); eq != std::string::npos) {
        v.as_object()[c.substr(0, eq)] = boost::json::parse(c.substr(eq + 1));
    } else {
        v = boost::json::parse(c);
    }
    session_stats out;
    std::string error;
    QVERIFY(!from_json(v, out, &error));
    QVERIFY2(QString::fromStdString(error).contains(reason), error.c_str());
    QVERIFY(!from_json(v, out)); // a null error pointer is allowed
}

QTEST_GUILESS_MAIN(TestSessionStats)
#include "tst_session_stats.moc"
