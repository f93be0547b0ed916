// Reconnecting sessions over real sockets, with virtual time for probes and backoff.
#include "test_util.h"
#include "vigil/clock.h"
#include "vigil/jsonrpc.h"
#include "vigil/jsonrpc_session.h"
#include "vigil/stream.h"

#include <QtTest>
#include <thread>

using namespace vigil;

namespace {

// Runs the session (and an optional server side) until `done` holds; real sockets need real
// time to move bytes, the FSM sees only the virtual clock.
template <typename F> bool pump(jsonrpc_session& s, F done, int max_ms = 5000) {
    return test::wait_until(
        [&] {
            s.run();
            while (auto msg = s.recv()) {
            }
            s.run();
            return done();
        },
        max_ms);
}

// Accepts the session's connection attempt on `ps`, running the session meanwhile.
std::unique_ptr<stream> accept_one(pstream& ps, jsonrpc_session& session) {
    std::unique_ptr<stream> s;
    test::wait_until([&] {
        session.run();
        return ps.accept(s) == 0;
    });
    return s;
}

} // namespace

class TestJsonrpcSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void activeSessionConnectsAndAnswersEcho();
    void probeAfterIdleThenDisconnect();
    void answeredProbeKeepsConnection();
    void unixSessionsNeverProbe();
    void passiveNewPeerReplacesOld();
    void noRetryGivesUpAfterOneRound();
    void remotesRotateRoundRobin();
    void backoffGrowsWhileServerIsDown();
    void statsSnapshot();
};

void TestJsonrpcSession::activeSessionConnectsAndAnswersEcho() {
    std::unique_ptr<pstream> ps;
    QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, ps), 0);
    auto session = jsonrpc_session::open("tcp:127.0.0.1:" + std::to_string(ps->bound_port()), true);
    QVERIFY(!session->is_connected());
    auto server_stream = accept_one(*ps, *session);
    QVERIFY(server_stream);
    jsonrpc server(std::move(server_stream));
    QVERIFY(pump(*session, [&] { return session->is_connected(); }));
    QCOMPARE(session->seqno(), 1u);

    // The session answers the peer's echo requests by itself.
    QCOMPARE(server.send(jsonrpc_msg::create_request("echo", boost::json::array{"ping"})), 0);
    std::unique_ptr<jsonrpc_msg> reply;
    bool leaked = false;
    QVERIFY(test::wait_until([&] {
        session->run();
        leaked |= session->recv() != nullptr; // nothing may reach the caller
        session->run();
        server.run();
        return server.recv(reply) == 0;
    }));
    QVERIFY(!leaked);
    QCOMPARE(reply->type, jsonrpc_msg_type::reply);
    QCOMPARE(reply->result, boost::json::value(boost::json::array{"ping"}));
}

// P7: after 5 s without traffic the session probes with id "echo"; 5 s later without an
// answer it disconnects.
void TestJsonrpcSession::probeAfterIdleThenDisconnect() {
    virtual_clock clock(1000);
    std::unique_ptr<pstream> ps;
    QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, ps), 0);
    auto session = jsonrpc_session::open("tcp:127.0.0.1:" + std::to_string(ps->bound_port()), true);
    auto server_stream = accept_one(*ps, *session);
    jsonrpc server(std::move(server_stream));
    QVERIFY(pump(*session, [&] { return session->is_connected(); }));

    clock.advance(4999);
    QVERIFY(pump(*session, [] { return true; }));
    QCOMPARE(QString(reconnect_state_name(session->stats().state)), QString("ACTIVE"));
    clock.advance(1);
    std::unique_ptr<jsonrpc_msg> probe;
    QVERIFY(test::wait_until([&] {
        session->run();
        session->recv();
        session->run();
        return server.recv(probe) == 0;
    }));
    QCOMPARE(probe->method, std::string("echo"));
    QCOMPARE(probe->id, boost::json::value("echo"));
    QCOMPARE(QString(reconnect_state_name(session->stats().state)), QString("IDLE"));

    clock.advance(5000);
    QVERIFY(pump(*session, [&] { return !session->is_connected(); }));
    QCOMPARE(QString(reconnect_state_name(session->stats().state)), QString("BACKOFF"));
    QCOMPARE(session->seqno(), 2u);
}

void TestJsonrpcSession::answeredProbeKeepsConnection() {
    virtual_clock clock(1000);
    std::unique_ptr<pstream> ps;
    QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, ps), 0);
    auto session = jsonrpc_session::open("tcp:127.0.0.1:" + std::to_string(ps->bound_port()), true);
    auto server_side = jsonrpc_session::open_unreliably(
        std::make_unique<jsonrpc>(accept_one(*ps, *session)), 0, 0);
    QVERIFY(pump(*session, [&] { return session->is_connected(); }));
    for (int round = 0; round < 4; round++) {
        clock.advance(5000);
        // The server side answers the probe (sessions answer echo automatically).
        QVERIFY(test::wait_until([&] {
            session->run();
            session->recv();
            session->run();
            server_side->run();
            server_side->recv();
            server_side->run();
            return session->stats().state == reconnect_state::active &&
                   session->get_reconnect_stats().last_activity == clock.now();
        }));
    }
    QVERIFY(session->is_connected());
    QCOMPARE(session->seqno(), 1u);
}

void TestJsonrpcSession::unixSessionsNeverProbe() {
    virtual_clock clock(1000);
    QTemporaryDir dir;
    std::string path = dir.filePath("s.sock").toStdString();
    std::unique_ptr<pstream> ps;
    QCOMPARE(pstream::open("punix:" + path, 0, ps), 0);
    auto session = jsonrpc_session::open("unix:" + path, true);
    jsonrpc server(accept_one(*ps, *session));
    QVERIFY(pump(*session, [&] { return session->is_connected(); }));
    QCOMPARE(session->get_reconnect_stats().state, "ACTIVE");
    for (int i = 0; i < 10; i++) {
        clock.advance(10000);
        pump(*session, [] { return true; });
    }
    std::unique_ptr<jsonrpc_msg> msg;
    QCOMPARE(server.recv(msg), EAGAIN);
    QVERIFY(session->is_connected());
    QCOMPARE(QString(reconnect_state_name(session->stats().state)), QString("ACTIVE"));
}

// P6: a passive session replaces its peer with a newer one; the old peer reads EOF.
void TestJsonrpcSession::passiveNewPeerReplacesOld() {
    QTemporaryDir dir;
    std::string path = dir.filePath("p.sock").toStdString();
    auto session = jsonrpc_session::open("punix:" + path, true);
    QVERIFY(pump(*session, [&] { return QFile::exists(QString::fromStdString(path)); }));
    QCOMPARE(session->get_reconnect_stats().state, "LISTENING");

    std::unique_ptr<stream> first;
    QCOMPARE(stream::open_block(stream::open("unix:" + path, 0, first), 5000, first), 0);
    QVERIFY(pump(*session, [&] { return session->is_connected(); }));
    unsigned seqno = session->seqno();

    std::unique_ptr<stream> second;
    QCOMPARE(stream::open_block(stream::open("unix:" + path, 0, second), 5000, second), 0);
    QVERIFY(pump(*session, [&] { return session->seqno() == seqno + 2; }));
    QVERIFY(session->is_connected());
    char c;
    QVERIFY(test::wait_until([&] { return first->recv(&c, 1) == 0; })); // EOF
    jsonrpc peer(std::move(second));
    QCOMPARE(session->send(jsonrpc_msg::create_notify("hello", boost::json::array{})), 0);
    std::unique_ptr<jsonrpc_msg> msg;
    QVERIFY(test::wait_until([&] {
        session->run();
        return peer.recv(msg) == 0;
    }));
    QCOMPARE(msg->method, std::string("hello"));
}

// P8: without retry, one refused attempt ends the session's life.
void TestJsonrpcSession::noRetryGivesUpAfterOneRound() {
    std::unique_ptr<pstream> ps;
    QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, ps), 0);
    std::string name = "tcp:127.0.0.1:" + std::to_string(ps->bound_port());
    ps.reset(); // nothing listens there now
    auto session = jsonrpc_session::open(name, false);
    QVERIFY(session->is_alive());
    QVERIFY(pump(*session, [&] { return !session->is_alive(); }));
    QCOMPARE(session->get_reconnect_stats().n_attempted_connections, 1u);
    QCOMPARE(session->last_error(), ECONNREFUSED);
    QCOMPARE(session->send(jsonrpc_msg::create_notify("x", boost::json::array{})), ENOTCONN);
}

void TestJsonrpcSession::remotesRotateRoundRobin() {
    std::unique_ptr<pstream> dead, live;
    QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, dead), 0);
    QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, live), 0);
    std::string dead_name = "tcp:127.0.0.1:" + std::to_string(dead->bound_port());
    std::string live_name = "tcp:127.0.0.1:" + std::to_string(live->bound_port());
    dead.reset();
    auto session = jsonrpc_session::open_multiple({dead_name, live_name}, true);
    QCOMPARE(session->name(), dead_name);
    QCOMPARE(session->n_remotes(), std::size_t(2));
    // Both remotes are free tries: the second is attempted right after the first fails.
    QVERIFY(pump(*session, [&] { return session->is_connected(); }));
    QCOMPARE(session->name(), live_name);
    QCOMPARE(session->last_error(), ECONNREFUSED);
}

void TestJsonrpcSession::backoffGrowsWhileServerIsDown() {
    virtual_clock clock(1000);
    std::unique_ptr<pstream> ps;
    QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, ps), 0);
    std::string name = "tcp:127.0.0.1:" + std::to_string(ps->bound_port());
    ps.reset();
    auto session = jsonrpc_session::open(name, true);
    std::vector<int> backoffs;
    for (int attempt = 0; attempt < 5; attempt++) {
        unsigned before = session->get_reconnect_stats().n_attempted_connections;
        QVERIFY(pump(*session, [&] {
            return session->get_reconnect_stats().n_attempted_connections > before;
        }));
        backoffs.push_back(session->get_reconnect_stats().backoff);
        clock.advance(session->get_reconnect_stats().backoff);
    }
    QCOMPARE(backoffs, (std::vector<int>{1000, 2000, 4000, 8000, 8000}));
}

void TestJsonrpcSession::statsSnapshot() {
    std::unique_ptr<pstream> ps;
    QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, ps), 0);
    std::string name = "tcp:127.0.0.1:" + std::to_string(ps->bound_port());
    auto session = jsonrpc_session::open(name, true);
    auto server_stream = accept_one(*ps, *session);
    QVERIFY(pump(*session, [&] { return session->is_connected(); }));
    session_stats st = session->stats();
    QCOMPARE(st.name, name);
    QCOMPARE(st.state, reconnect_state::active);
    QCOMPARE(st.attempts, 1u);
    QCOMPARE(st.successes, 1u);
    QVERIFY(st.connected);
    boost::json::object o = to_json(st).as_object();
    for (const char* key :
         {"name", "state", "state_elapsed", "backoff", "attempts", "successes", "connected_total",
          "seqno", "connected", "last_error", "backlog", "peer_id"}) {
        QVERIFY2(o.contains(key), key);
    }
    QCOMPARE(o["last_error"], boost::json::value(""));
}

QTEST_GUILESS_MAIN(TestJsonrpcSession)
#include "tst_jsonrpc_session.moc"
