// Host names in "tcp:" names are resolved by the asynchronous resolver on the poll loop: a
// pending name makes stream::open() return EAGAIN while everything else on the loop keeps
// running, an answered name connects (a jsonrpc_session counts the lookup as part of its
// connection attempt), /etc/hosts names resolve without DNS, NXDOMAIN is a logged failure,
// and numeric addresses never involve the resolver.
#include "fake_dns_server.h"
#include "vigil/clock.h"
#include "vigil/dns_resolve.h"
#include "vigil/fatal_signal.h"
#include "vigil/jsonrpc.h"
#include "vigil/jsonrpc_session.h"
#include "vigil/poll_loop.h"
#include "vigil/stream.h"
#include "vigil/vlog.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <cerrno>
#include <functional>

using namespace vigil;
using vigil::test::fake_dns_server;

namespace {

// Runs `step` (which does its work and registers its waits) and then poll_block() until
// `done()` holds. The only timer added is a far guard, so the loop has to be woken by the
// waits the code under test registered; returns false if the guard fired first.
bool spin(const std::function<bool()>& done, const std::function<void()>& step) {
    const long long deadline = time_msec() + 30000;
    for (;;) {
        step();
        if (done()) {
            // One more pass retires the waits the last step registered, before the caller
            // closes the fds they name.
            poll_immediate_wake();
            poll_block();
            return true;
        }
        if (time_msec() >= deadline) {
            return false;
        }
        poll_timer_wait_until(deadline);
        poll_block();
    }
}

// Drives `s` until its connection attempt ends; returns its result.
int connect_block(stream& s) {
    int error = EAGAIN;
    spin([&] { return error != EAGAIN; },
         [&] {
             error = s.connect();
             s.connect_wait();
         });
    return error;
}

} // namespace

class tst_dns_resolve : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { fatal_ignore_sigpipe(); }

    void cleanup() { QCOMPARE(dns_resolve_set_servers(""), 0); }

    void numeric_addresses_skip_the_resolver() {
        fake_dns_server dns;
        QVERIFY(dns.port());
        QCOMPARE(dns_resolve_set_servers(dns.servers()), 0);
        std::unique_ptr<pstream> listener;
        QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, listener), 0);
        std::unique_ptr<stream> s;
        QCOMPARE(stream::open("tcp:127.0.0.1:" + std::to_string(listener->bound_port()), 0, s), 0);
        QVERIFY(s);
        QCOMPARE(connect_block(*s), 0);
        // Digits and dots are a bad address, not a name to look up.
        QCOMPARE(stream::open("tcp:1.2.3.400:1", 0, s), EAFNOSUPPORT);
        QVERIFY(!s);
        QCOMPARE(dns.total_queries(), 0);
    }

    void bad_server_list_is_rejected() {
        QCOMPARE(dns_resolve_set_servers("not an address"), EINVAL);
        QCOMPARE(dns_resolve_set_servers("127.0.0.1:53,[::1]:5353"), 0);
    }

    // The server never answers: the open keeps returning EAGAIN, and meanwhile the same loop
    // completes an echo round-trip over another connection and fires a timer.
    void slow_resolver_stalls_nothing() {
        fake_dns_server dns;
        QVERIFY(dns.port());
        QCOMPARE(dns_resolve_set_servers(dns.servers()), 0);
        std::unique_ptr<pstream> listener;
        QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, listener), 0);
        const std::string port = std::to_string(listener->bound_port());
        const std::string slow = "tcp:slow.example:" + port;

        std::unique_ptr<stream> pending;
        QCOMPARE(stream::open(slow, 0, pending), EAGAIN);
        QVERIFY(!pending);

        std::unique_ptr<stream> client, server;
        QCOMPARE(stream::open("tcp:127.0.0.1:" + port, 0, client), 0);
        bool timer_fired = false;
        loop_timer timer([&] { timer_fired = true; });
        timer.arm_in(20);
        const std::string ping = "ping";
        std::size_t sent = 0;
        std::string echoed;
        int slow_error = EAGAIN;
        bool ok = spin([&] { return echoed == ping && timer_fired; },
                       [&] {
                           slow_error = stream::open(slow, 0, pending);
                           QCOMPARE(slow_error, EAGAIN);
                           dns_resolve_wait();
                           if (!server) {
                               listener->accept(server);
                               listener->wait();
                           }
                           if (server) {
                               char buf[64];
                               ssize_t n = server->recv(buf, sizeof buf);
                               if (n > 0) {
                                   QCOMPARE(server->send(buf, n), n);
                               }
                               server->recv_wait();
                           }
                           if (sent < ping.size()) {
                               ssize_t n = client->send(ping.data() + sent, ping.size() - sent);
                               if (n > 0) {
                                   sent += n;
                               }
                               client->send_wait();
                           }
                           if (sent == ping.size()) {
                               char buf[64];
                               ssize_t n = client->recv(buf, sizeof buf);
                               if (n > 0) {
                                   echoed.append(buf, n);
                               }
                               client->recv_wait();
                           }
                       });
        QVERIFY(ok);
        QCOMPARE(echoed, ping);
        QVERIFY(timer_fired);
        QCOMPARE(stream::open(slow, 0, pending), EAGAIN);
        QVERIFY(!pending);
        QVERIFY(dns.queries("slow.example") >= 1);
    }

    // The server answers A 127.0.0.1: a one-shot session to the name connects on its first
    // attempt (the lookup does not count as a failure), talks JSON-RPC, and the next open of
    // the name uses the cached answer without asking again.
    void answered_name_connects_session() {
        fake_dns_server dns;
        QVERIFY(dns.port());
        dns.add("answer.example", "127.0.0.1");
        QCOMPARE(dns_resolve_set_servers(dns.servers()), 0);
        std::unique_ptr<pstream> listener;
        QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, listener), 0);
        const std::string name = "tcp:answer.example:" + std::to_string(listener->bound_port());

        auto session = jsonrpc_session::open(name, false);
        std::unique_ptr<stream> accepted;
        QVERIFY(spin([&] { return session->is_connected() && accepted; },
                     [&] {
                         QVERIFY(session->is_alive());
                         session->run();
                         session->wait();
                         if (!accepted) {
                             listener->accept(accepted);
                             listener->wait();
                         }
                     }));
        reconnect_stats st = session->get_reconnect_stats();
        QCOMPARE(st.n_attempted_connections, 1u);
        QCOMPARE(st.n_successful_connections, 1u);
        QVERIFY(dns.queries("answer.example") >= 1);

        // The session answers the listener's echo request over the connection it made.
        jsonrpc server(std::move(accepted));
        auto request = jsonrpc_msg::create_request("echo", boost::json::array{"hi"});
        boost::json::value id = request->id;
        QCOMPARE(server.send(std::move(request)), 0);
        std::unique_ptr<jsonrpc_msg> reply;
        QVERIFY(spin([&] { return reply != nullptr; },
                     [&] {
                         session->run();
                         while (auto m = session->recv()) {
                         }
                         session->wait();
                         session->recv_wait();
                         server.run();
                         server.recv(reply);
                         server.wait();
                         server.recv_wait();
                     }));
        QCOMPARE(int(reply->type), int(jsonrpc_msg_type::reply));
        QVERIFY(reply->id == id);

        int asked = dns.queries("answer.example");
        std::unique_ptr<stream> again;
        QCOMPARE(stream::open(name, 0, again), 0);
        QVERIFY(again);
        QCOMPARE(dns.queries("answer.example"), asked);
    }

    // Names in the hosts file resolve with a DNS server that never answers: c-ares reads
    // /etc/hosts (and CARES_HOSTS names a replacement).
    void hosts_file_names_resolve() {
        fake_dns_server dns;
        QVERIFY(dns.port());
        QCOMPARE(dns_resolve_set_servers(dns.servers()), 0);
        std::unique_ptr<pstream> listener;
        QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, listener), 0);

        std::string addr;
        int error = EAGAIN;
        QVERIFY(spin([&] { return error != EAGAIN; },
                     [&] {
                         error = dns_resolve("localhost", addr);
                         dns_resolve_wait();
                     }));
        QCOMPARE(error, 0);
        QCOMPARE(QString::fromStdString(addr), QStringLiteral("127.0.0.1"));

        std::unique_ptr<stream> s;
        error = stream::open_block("tcp:localhost:" + std::to_string(listener->bound_port()), 0,
                                   30000, s);
        QCOMPARE(error, 0);
        QVERIFY(s);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile hosts(dir.filePath("hosts"));
        QVERIFY(hosts.open(QIODevice::WriteOnly));
        hosts.write("127.0.0.9 vigil-hosts.test\n");
        hosts.close();
        qputenv("CARES_HOSTS", hosts.fileName().toUtf8());
        error = EAGAIN;
        QVERIFY(spin([&] { return error != EAGAIN; },
                     [&] {
                         error = dns_resolve("vigil-hosts.test", addr);
                         dns_resolve_wait();
                     }));
        qunsetenv("CARES_HOSTS");
        QCOMPARE(error, 0);
        QCOMPARE(QString::fromStdString(addr), QStringLiteral("127.0.0.9"));
        QCOMPARE(dns.total_queries(), 0);
    }

    // NXDOMAIN: the open fails with EAFNOSUPPORT and the reason is logged; the next open asks
    // again; a one-shot session ends with that error instead of retrying forever.
    void nxdomain_fails_clearly() {
        fake_dns_server dns;
        QVERIFY(dns.port());
        dns.add_nxdomain("nx.example");
        QCOMPARE(dns_resolve_set_servers(dns.servers()), 0);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string log = dir.filePath("dns.log").toStdString();
        QCOMPARE(vlog_set_log_file(log), 0);
        vlog_set_levels_from_string("dns_resolve:file:warn");

        std::unique_ptr<stream> s;
        int error = stream::open("tcp:nx.example:1", 0, s);
        QCOMPARE(error, EAGAIN);
        QVERIFY(spin([&] { return error != EAGAIN; },
                     [&] {
                         error = stream::open("tcp:nx.example:1", 0, s);
                         dns_resolve_wait();
                     }));
        QCOMPARE(error, EAFNOSUPPORT);
        QVERIFY(!s);

        int asked = dns.queries("nx.example");
        QVERIFY(asked >= 1);
        QCOMPARE(stream::open("tcp:nx.example:1", 0, s), EAGAIN);
        QVERIFY(dns.queries("nx.example") > asked);

        auto session = jsonrpc_session::open("tcp:nx.example:1", false);
        QVERIFY(spin([&] { return !session->is_alive(); },
                     [&] {
                         session->run();
                         session->wait();
                     }));
        QCOMPARE(session->last_error(), EAFNOSUPPORT);
        QVERIFY(!session->is_connected());

        vlog_close_log_file();
        vlog_set_levels_from_string("dns_resolve:file:off");
        QFile f(QString::fromStdString(log));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray text = f.readAll();
        QVERIFY2(text.contains("|dns_resolve|WARN|nx.example: failed to resolve ("), text);
    }
};

QTEST_APPLESS_MAIN(tst_dns_resolve)
#include "tst_dns_resolve.moc"
