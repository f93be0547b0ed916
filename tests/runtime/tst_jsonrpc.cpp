// A JSON-RPC connection over real unix sockets: framing at any split point, many messages per
// read, size limits, OVS's backlog rule, EOF and the blocking helpers.
#include "stream_test_util.h"
#include "vigil/json.h"
#include "vigil/jsonrpc.h"
#include "vigil/poll_loop.h"
#include "vigil/stream.h"
#include "vigil/vlog.h"

#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <thread>

using namespace vigil;

namespace {

// Connects a unix stream pair through a fresh punix listener in `dir`.
void make_pair(const QTemporaryDir& dir, std::unique_ptr<stream>& client,
               std::unique_ptr<stream>& server) {
    static int counter = 0;
    std::string path = dir.filePath(QStringLiteral("s%1.sock").arg(counter++)).toStdString();
    std::unique_ptr<pstream> listener;
    QCOMPARE(pstream::open("punix:" + path, 0, listener), 0);
    QCOMPARE(stream::open("unix:" + path, 0, client), 0);
    QCOMPARE(stream::open_block(0, 10000, client), 0);
    QCOMPARE(test::accept_block(*listener, server), 0);
}

// Writes all of `data` to `s`, waiting for room as needed.
bool send_all(stream& s, std::string_view data) {
    std::size_t off = 0;
    long long deadline = time_msec() + 10000;
    while (off < data.size()) {
        ssize_t r = s.send(data.data() + off, data.size() - off);
        if (r > 0) {
            off += static_cast<std::size_t>(r);
        } else if (r != -EAGAIN || time_msec() > deadline) {
            return false;
        } else {
            s.send_wait();
            poll_timer_wait(100);
            poll_block();
        }
    }
    return true;
}

// Receives until a message or a final status arrives (up to 10 s); returns recv()'s result.
int recv_wait_block(jsonrpc& rpc, std::unique_ptr<jsonrpc_msg>& msg) {
    long long deadline = time_msec() + 10000;
    for (;;) {
        int error = rpc.recv(msg);
        if (error != EAGAIN || time_msec() > deadline) {
            return error;
        }
        rpc.run();
        rpc.wait();
        rpc.recv_wait();
        poll_timer_wait(100);
        poll_block();
    }
}

std::string notify_text(int i) {
    return "{\"method\":\"n\",\"params\":[" + std::to_string(i) + ",\"x\\\"y\"],\"id\":null}";
}

// Serves echo requests on its own thread (and its own poll loop) until EOF: "echo" is
// answered with its params, other requests with an error, notifications are ignored.
class echo_server {
public:
    explicit echo_server(std::unique_ptr<stream> s)
        : thread_([this, s = std::move(s)]() mutable { serve(std::move(s)); }) {}
    ~echo_server() { thread_.join(); }
    // The status that ended the server (EOF once the client closed); valid after destruction
    // began, i.e. read it through a pointer before reset().
    int final_status() const { return status_; }

private:
    void serve(std::unique_ptr<stream> s) {
        jsonrpc rpc(std::move(s));
        for (;;) {
            std::unique_ptr<jsonrpc_msg> msg;
            int error = rpc.recv_block(msg);
            if (error) {
                status_ = error;
                return;
            }
            if (msg->type != jsonrpc_msg_type::request) {
                continue;
            }
            if (msg->method == "echo") {
                rpc.send(jsonrpc_msg::create_reply(std::move(msg->params), std::move(msg->id)));
            } else {
                rpc.send(jsonrpc_msg::create_error(boost::json::object{{"error", "unknown method"}},
                                                   std::move(msg->id)));
            }
        }
    }
    std::atomic<int> status_{0};
    std::thread thread_;
};

std::string read_file(const QString& path) {
    std::ifstream in(path.toStdString());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

class TestJsonrpc : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QCOMPARE(vlog_set_log_file(dir_.filePath("test.log").toStdString()), 0);
    }

    void name_and_initial_state() {
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        std::string name = a->name();
        jsonrpc rpc(std::move(a));
        QCOMPARE(rpc.name(), name);
        QCOMPARE(rpc.get_status(), 0);
        QCOMPARE(rpc.get_backlog(), std::size_t(0));
        QCOMPARE(rpc.get_received_bytes(), 0u);
        std::unique_ptr<jsonrpc_msg> msg;
        QCOMPARE(rpc.recv(msg), EAGAIN);
        QVERIFY(!msg);
    }

    // P9: every byte on its own, with whitespace between messages.
    void one_byte_at_a_time() {
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        jsonrpc rpc(std::move(b));
        std::string text;
        for (int i = 0; i < 5; i++) {
            text += notify_text(i) + (i % 2 ? "\n " : "");
        }
        std::vector<int> got;
        for (std::size_t k = 0; k < text.size(); k++) {
            QVERIFY(send_all(*a, std::string_view(text).substr(k, 1)));
            std::unique_ptr<jsonrpc_msg> msg;
            long long deadline = time_msec() + 10000;
            // Drain whatever is complete; the byte may take a moment to arrive.
            for (;;) {
                int error = rpc.recv(msg);
                if (error == 0) {
                    got.push_back(static_cast<int>(msg->params.as_array()[0].as_int64()));
                    continue;
                }
                QCOMPARE(error, EAGAIN);
                if (rpc.get_received_bytes() >= static_cast<unsigned>(k + 1) ||
                    time_msec() > deadline) {
                    break;
                }
                rpc.recv_wait();
                poll_timer_wait(100);
                poll_block();
            }
        }
        QCOMPARE(got, (std::vector<int>{0, 1, 2, 3, 4}));
        QCOMPARE(rpc.get_received_bytes(), static_cast<unsigned>(text.size()));
    }

    // P9: a stream of messages written in two pieces, split at every position.
    void split_points() {
        std::string text = notify_text(1) + " \t" + notify_text(2) + "\r\n" + notify_text(3);
        for (std::size_t split = 1; split < text.size(); split += 3) {
            std::unique_ptr<stream> a, b;
            make_pair(dir_, a, b);
            jsonrpc rpc(std::move(b));
            QVERIFY(send_all(*a, std::string_view(text).substr(0, split)));
            // Give the first piece time to be read on its own when it is incomplete.
            std::unique_ptr<jsonrpc_msg> msg;
            int n = 0;
            while (rpc.recv(msg) == 0) {
                n++;
            }
            QVERIFY(send_all(*a, std::string_view(text).substr(split)));
            while (n < 3) {
                QCOMPARE(recv_wait_block(rpc, msg), 0);
                n++;
                QCOMPARE(msg->params.as_array()[0].as_int64(), n);
                QCOMPARE(msg->params.as_array()[1].as_string(), "x\"y");
            }
        }
    }

    // P9: 1000 messages in one write are all delivered, in order.
    void thousand_in_one_write() {
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        jsonrpc rpc(std::move(b));
        std::string text;
        for (int i = 0; i < 1000; i++) {
            text += notify_text(i);
        }
        QVERIFY(send_all(*a, text));
        for (int i = 0; i < 1000; i++) {
            std::unique_ptr<jsonrpc_msg> msg;
            QCOMPARE(recv_wait_block(rpc, msg), 0);
            QCOMPARE(msg->params.as_array()[0].as_int64(), i);
        }
        std::unique_ptr<jsonrpc_msg> msg;
        QCOMPARE(rpc.recv(msg), EAGAIN);
    }

    void large_message_round_trip() {
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        echo_server server(std::move(b));
        jsonrpc rpc(std::move(a));
        std::string big(3 << 20, 'z');
        big[12345] = '\n'; // escaped on the wire
        auto request = jsonrpc_msg::create_request("echo", boost::json::array{big});
        std::unique_ptr<jsonrpc_msg> reply;
        QCOMPARE(rpc.transact_block(std::move(request), reply), 0);
        QCOMPARE(int(reply->type), int(jsonrpc_msg_type::reply));
        QCOMPARE(reply->result.as_array()[0].as_string().size(), big.size());
        QVERIFY(reply->result.as_array()[0].as_string() == big);
    }

    void max_message_size_drops_peer() {
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        jsonrpc rpc(std::move(b));
        rpc.set_max_message_size(1000);
        std::string ok = "{\"method\":\"n\",\"params\":[\"" + std::string(900, 'a') + "\"]}";
        std::string too_big = "{\"method\":\"n\",\"params\":[\"" + std::string(5000, 'b') + "\"]}";
        QVERIFY(send_all(*a, ok + too_big));
        std::unique_ptr<jsonrpc_msg> msg;
        QCOMPARE(recv_wait_block(rpc, msg), 0);
        QCOMPARE(recv_wait_block(rpc, msg), EMSGSIZE);
        QCOMPARE(rpc.get_status(), EMSGSIZE);
        QVERIFY(read_file(dir_.filePath("test.log")).find("exceeds maximum size of 1000 bytes") !=
                std::string::npos);
    }

    void syntax_error_is_eproto_after_good_messages() {
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        jsonrpc rpc(std::move(b));
        std::string name = rpc.name();
        QVERIFY(send_all(*a, notify_text(7) + "{\"method\":tru}" + notify_text(8)));
        std::unique_ptr<jsonrpc_msg> msg;
        QCOMPARE(recv_wait_block(rpc, msg), 0);
        QCOMPARE(msg->params.as_array()[0].as_int64(), 7);
        QCOMPARE(rpc.recv(msg), EPROTO);
        QCOMPARE(rpc.get_status(), EPROTO);
        QCOMPARE(rpc.recv(msg), EPROTO);
        QCOMPARE(rpc.send(jsonrpc_msg::create_notify("x", boost::json::array())), EPROTO);
        std::string log = read_file(dir_.filePath("test.log"));
        QVERIFY2(log.find(name + ": error parsing stream: line 0, column 10, byte 10: invalid "
                                 "keyword 'tru'") != std::string::npos,
                 log.c_str());
    }

    // P4: an invalid message is logged with OVS's text and ends the connection with EPROTO.
    void bad_message_is_eproto() {
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        jsonrpc rpc(std::move(b));
        std::string name = rpc.name();
        QVERIFY(send_all(*a, "{\"id\":1,\"result\":null,\"error\":null}"));
        std::unique_ptr<jsonrpc_msg> msg;
        QCOMPARE(recv_wait_block(rpc, msg), EPROTO);
        std::string log = read_file(dir_.filePath("test.log"));
        QVERIFY2(log.find(name + ": received bad JSON-RPC message: request must have \"method\"") !=
                     std::string::npos,
                 log.c_str());
        // The peer sees the connection close.
        char c;
        QVERIFY(test::wait_until([&] { return a->recv(&c, 1) == 0; }));
    }

    void tls_hello_is_reported() {
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        jsonrpc rpc(std::move(b));
        std::string name = rpc.name();
        QVERIFY(send_all(*a, std::string("\x16\x03\x01\x02\x00", 5)));
        std::unique_ptr<jsonrpc_msg> msg;
        QCOMPARE(recv_wait_block(rpc, msg), EPROTO);
        std::string log = read_file(dir_.filePath("test.log"));
        QVERIFY2(log.find(name + ": received SSL data on JSON-RPC channel") != std::string::npos,
                 log.c_str());
    }

    void eof() {
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        jsonrpc rpc(std::move(b));
        QVERIFY(send_all(*a, notify_text(1)));
        a.reset();
        std::unique_ptr<jsonrpc_msg> msg;
        QCOMPARE(recv_wait_block(rpc, msg), 0);
        QCOMPARE(recv_wait_block(rpc, msg), EOF);
        QVERIFY(!msg);
        QCOMPARE(rpc.get_status(), EOF);
        QCOMPARE(rpc.send(jsonrpc_msg::create_notify("x", boost::json::array())), EOF);
        QCOMPARE(rpc.get_backlog(), std::size_t(0));
    }

    // P5 and beyond: from 50 queued messages on, OVS's rule (the whole backlog against the
    // limit); below that, which OVS lets pass whatever their size, a message queued onto a
    // backlog already beyond the limit ends the connection as well. A single message larger
    // than the limit, or one that takes a backlog within the limit beyond it, is allowed.
    void backlog_bytes_data() {
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("n_small");
        QTest::addColumn<int>("last_size");
        QTest::addColumn<int>("expected");
        QTest::addColumn<bool>("excessive_logged");
        QTest::newRow("one message over the limit") << 1000 << 0 << 0 << 0 << false;
        QTest::newRow("a message behind it") << 1000 << 1 << 0 << int(E2BIG) << false;
        QTest::newRow("49th message crosses the limit")
            << (16 << 20) << 47 << (9 << 20) << 0 << false;
        QTest::newRow("50th message crosses the limit")
            << (16 << 20) << 48 << (9 << 20) << int(E2BIG) << true;
    }

    void backlog_bytes() {
        QFETCH(int, limit);
        QFETCH(int, n_small);
        QFETCH(int, last_size);
        QFETCH(int, expected);
        QFETCH(bool, excessive_logged);
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        jsonrpc rpc(std::move(a));
        rpc.set_backlog_threshold(0, static_cast<std::size_t>(limit));
        const std::size_t log_start = read_file(dir_.filePath("test.log")).size();
        // A message far bigger than the socket buffer stays queued while the peer sleeps.
        std::string big(8 << 20, 'q');
        QCOMPARE(rpc.send(jsonrpc_msg::create_notify("big", boost::json::array{big})), 0);
        QVERIFY(rpc.get_backlog() > 1000);
        QCOMPARE(rpc.get_queued_messages(), std::size_t(1));
        int status = 0;
        for (int i = 0; i < n_small && !status; i++) {
            status = rpc.send(jsonrpc_msg::create_notify("small", boost::json::array{i}));
        }
        if (last_size && !status) {
            std::string last(static_cast<std::size_t>(last_size), 'l');
            status = rpc.send(jsonrpc_msg::create_notify("last", boost::json::array{last}));
        }
        QCOMPARE(status, expected);
        QCOMPARE(rpc.get_status(), expected);
        std::string log = read_file(dir_.filePath("test.log")).substr(log_start);
        if (!expected) {
            QCOMPARE(rpc.get_queued_messages(), std::size_t(1 + n_small + (last_size ? 1 : 0)));
            QVERIFY(log.find("sending backlog exceeded") == std::string::npos);
        } else {
            QCOMPARE(rpc.get_backlog(), std::size_t(0));
            QVERIFY(log.find("sending backlog exceeded maximum size (") != std::string::npos);
            QVERIFY(log.find(" > " + std::to_string(limit) + " bytes), disconnecting, jsonrpc: " +
                             rpc.name() + ".") != std::string::npos);
        }
        QCOMPARE(log.find("excessive sending backlog, jsonrpc: " + rpc.name() +
                          ", num of msgs: 50, backlog: ") != std::string::npos,
                 excessive_logged);
    }

    // While the backlog exceeds the byte limit, nothing more is handed out or read (and no
    // read wake-up is registered, which would spin): the peer's requests wait until it has
    // taken our output, and then they are all served.
    void backlog_over_limit_pauses_reading() {
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        jsonrpc rpc(std::move(b));
        rpc.set_backlog_threshold(0, 1 << 20);
        std::string big(4 << 20, 'q');
        QCOMPARE(rpc.send(jsonrpc_msg::create_notify("big", boost::json::array{big})), 0);
        QVERIFY(rpc.read_paused());
        QVERIFY(send_all(*a, "{\"method\":\"echo\",\"params\":[1],\"id\":1}"));
        std::unique_ptr<jsonrpc_msg> msg;
        for (int i = 0; i < 5; i++) {
            QCOMPARE(rpc.recv(msg), EAGAIN);
            QVERIFY(!msg);
            rpc.run();
            rpc.wait();
            rpc.recv_wait();
            poll_timer_wait(20);
            poll_block();
        }
        QCOMPARE(rpc.get_received_bytes(), 0u);
        // The peer reads: the big message arrives whole and the request is served.
        jsonrpc peer(std::move(a));
        std::string got;
        std::jthread reader([&peer, &got] {
            std::unique_ptr<jsonrpc_msg> m;
            if (recv_wait_block(peer, m) == 0) {
                got = m->method;
            }
        });
        QCOMPARE(recv_wait_block(rpc, msg), 0);
        QCOMPARE(rpc.send_block(jsonrpc_msg::create_reply(std::move(msg->params), msg->id)), 0);
        reader.join();
        QCOMPARE(got, std::string("big"));
        QVERIFY(!rpc.read_paused());
        QCOMPARE(msg->method, std::string("echo"));
        QCOMPARE(rpc.get_status(), 0);
    }

    void backlog_messages() {
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        jsonrpc rpc(std::move(a));
        rpc.set_backlog_threshold(50, 0);
        std::string big(8 << 20, 'q');
        QCOMPARE(rpc.send(jsonrpc_msg::create_notify("big", boost::json::array{big})), 0);
        for (int i = 0; i < 49; i++) {
            QCOMPARE(rpc.send(jsonrpc_msg::create_notify("small", boost::json::array{i})), 0);
        }
        QCOMPARE(rpc.get_queued_messages(), std::size_t(50));
        QCOMPARE(rpc.send(jsonrpc_msg::create_notify("small", boost::json::array{50})), E2BIG);
        std::string log = read_file(dir_.filePath("test.log"));
        QVERIFY(log.find("sending backlog exceeded maximum number of messages (51 > 50), "
                         "disconnecting, jsonrpc: " +
                         rpc.name() + ".") != std::string::npos);
    }

    // Large strings leave from the message itself instead of being copied into the output;
    // the bytes on the wire are still exactly the serialized message.
    void large_strings_are_sent_in_place() {
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        jsonrpc rpc(std::move(a));
        auto make = [] {
            std::string plain(100000, 'a');
            std::string escaped(70000, 'b');
            escaped[123] = '"';
            escaped[456] = '\n';
            boost::json::object inner;
            inner["k"] = std::string(65536, 'c');
            inner["e"] = escaped;
            return jsonrpc_msg::create_request(
                "m", boost::json::array{plain, "small", inner, 1.5, nullptr, plain});
        };
        auto msg = make();
        msg->id = 7;
        std::string expected;
        msg->serialize(expected);
        auto sent = make();
        sent->id = 7;
        QCOMPARE(rpc.send(std::move(sent)), 0);
        std::string got;
        long long deadline = time_msec() + 10000;
        while (got.size() < expected.size() && time_msec() < deadline) {
            rpc.run();
            char buf[65536];
            ssize_t r = b->recv(buf, sizeof buf);
            if (r > 0) {
                got.append(buf, static_cast<std::size_t>(r));
            } else {
                rpc.wait();
                b->recv_wait();
                poll_timer_wait(100);
                poll_block();
            }
        }
        QCOMPARE(got.size(), expected.size());
        QVERIFY(got == expected);
        QCOMPARE(rpc.get_backlog(), std::size_t(0));
        QCOMPARE(rpc.get_queued_messages(), std::size_t(0));
    }

    // P5 with pipelining: the replies to a received batch are queued until the batch is
    // worked through, and only what the peer then leaves unread counts against the limits.
    void backlog_counts_only_unwritten_replies() {
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        jsonrpc rpc(std::move(b));
        std::string name = rpc.name();
        rpc.set_backlog_threshold(50, 0);
        const int n = 200;
        std::string requests;
        for (int i = 0; i < n; i++) {
            requests += "{\"method\":\"echo\",\"params\":[" + std::to_string(i) +
                        "],\"id\":" + std::to_string(i) + "}";
        }
        QVERIFY(send_all(*a, requests));
        int answered = 0;
        while (answered < n) {
            std::unique_ptr<jsonrpc_msg> msg;
            QCOMPARE(recv_wait_block(rpc, msg), 0);
            QCOMPARE(rpc.send(jsonrpc_msg::create_reply(std::move(msg->params), msg->id)), 0);
            answered++;
        }
        rpc.run();
        QCOMPARE(rpc.get_status(), 0);
        QCOMPARE(rpc.get_queued_messages(), std::size_t(0));
        std::string log = read_file(dir_.filePath("test.log"));
        QVERIFY2(log.find("excessive sending backlog, jsonrpc: " + name + ",") == std::string::npos,
                 log.c_str());
        // Every reply arrived, in order.
        jsonrpc peer(std::move(a));
        for (int i = 0; i < n; i++) {
            std::unique_ptr<jsonrpc_msg> msg;
            QCOMPARE(recv_wait_block(peer, msg), 0);
            QCOMPARE(msg->id.as_int64(), i);
        }
    }

    // ... while a peer that sends requests but never reads their replies is still dropped.
    void backlog_limit_drops_peer_that_does_not_read() {
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        jsonrpc rpc(std::move(b));
        std::string name = rpc.name();
        rpc.set_backlog_threshold(50, 0);
        const int n = 200;
        std::string payload(16 << 10, 'p');
        std::atomic<bool> stop{false};
        std::thread writer([&] {
            for (int i = 0; i < n && !stop; i++) {
                std::string request = "{\"method\":\"echo\",\"params\":[\"" + payload +
                                      "\"],\"id\":" + std::to_string(i) + "}";
                if (!send_all(*a, request)) {
                    break; // the server hung up
                }
            }
        });
        int status = 0;
        long long deadline = time_msec() + 10000;
        while (!status && time_msec() < deadline) {
            std::unique_ptr<jsonrpc_msg> msg;
            status = recv_wait_block(rpc, msg);
            if (!status) {
                status = rpc.send(jsonrpc_msg::create_reply(std::move(msg->params), msg->id));
            }
        }
        stop = true;
        writer.join();
        QCOMPARE(status, int(E2BIG));
        std::string log = read_file(dir_.filePath("test.log"));
        QVERIFY2(log.find(" > 50), disconnecting, jsonrpc: " + name + ".") != std::string::npos,
                 log.c_str());
    }

    void transact_block_skips_other_messages() {
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        jsonrpc peer(std::move(b));
        jsonrpc rpc(std::move(a));
        boost::json::value id;
        auto request = jsonrpc_msg::create_request("ping", boost::json::array{1}, &id);
        // The answers are already on their way before the request is sent.
        peer.send(jsonrpc_msg::create_notify("noise", boost::json::array()));
        peer.send(jsonrpc_msg::create_reply("not yours", 123456));
        peer.send(jsonrpc_msg::create_request("also-noise", boost::json::array()));
        peer.send(jsonrpc_msg::create_reply("yours", id));
        QCOMPARE(peer.send_block(jsonrpc_msg::create_notify("tail", boost::json::array())), 0);
        std::unique_ptr<jsonrpc_msg> reply;
        QCOMPARE(rpc.transact_block(std::move(request), reply), 0);
        QCOMPARE(reply->result, boost::json::value("yours"));
        QCOMPARE(reply->id, id);
        std::unique_ptr<jsonrpc_msg> msg;
        QCOMPARE(recv_wait_block(peer, msg), 0);
        QCOMPARE(msg->method, std::string("ping"));
        QCOMPARE(recv_wait_block(rpc, msg), 0);
        QCOMPARE(msg->method, std::string("tail"));
    }

    // Pipelined requests: replies to a whole batch are all delivered, in order.
    void pipelined_echo() {
        std::unique_ptr<stream> a, b;
        make_pair(dir_, a, b);
        auto server = std::make_unique<echo_server>(std::move(b));
        auto rpc = std::make_unique<jsonrpc>(std::move(a));
        const int n = 20000;
        std::vector<boost::json::value> ids;
        for (int i = 0; i < n; i++) {
            boost::json::value id;
            QCOMPARE(rpc->send(jsonrpc_msg::create_request("echo", boost::json::array{i}, &id)), 0);
            ids.push_back(id);
        }
        for (int i = 0; i < n; i++) {
            std::unique_ptr<jsonrpc_msg> msg;
            QCOMPARE(recv_wait_block(*rpc, msg), 0);
            QCOMPARE(msg->id, ids[i]);
            QCOMPARE(msg->result.as_array()[0].as_int64(), i);
        }
        auto bad = jsonrpc_msg::create_request("nope", boost::json::array());
        std::unique_ptr<jsonrpc_msg> reply;
        QCOMPARE(rpc->transact_block(std::move(bad), reply), 0);
        QCOMPARE(int(reply->type), int(jsonrpc_msg_type::error));
        QCOMPARE(
            QString::fromStdString(reply->to_string()),
            QStringLiteral("{\"error\":{\"error\":\"unknown method\"},\"id\":%1,\"result\":null}")
                .arg(reply->id.as_int64()));
        QCOMPARE(rpc->get_status(), 0);
        // Closing our side ends the server with EOF.
        rpc.reset();
        server.reset();
    }
};

QTEST_GUILESS_MAIN(TestJsonrpc)
#include "tst_jsonrpc.moc"
