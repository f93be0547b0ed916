// TLS streams: in-process pairs, rejection of bad peers, non-TLS sniffing, and an independent
// peer (openssl s_client / s_server) on the other end.
#include "stream_test_util.h"
#include "tls_fixture.h"
#include "vigil/fatal_signal.h"
#include "vigil/stream.h"
#include "vigil/stream_ssl.h"
#include "vigil/vlog.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <thread>

using namespace vigil;
using vigil::test::pattern_bytes;
using vigil::test::transfer_end;

namespace {

// What a server thread saw of one connection.
struct server_outcome {
    int accept_error = -1;
    int connect_error = -1;
    std::string peer_id;
    std::string name;
    std::string received;
};

// Accepts one connection on `p` in its own thread (and its own poll loop), completes the
// handshake, then echoes one line back.
server_outcome serve_one(pstream& p) {
    server_outcome o;
    std::unique_ptr<stream> s;
    o.accept_error = test::accept_block(p, s, 20000);
    if (o.accept_error) {
        return o;
    }
    o.name = s->name();
    long long deadline = time_msec() + 20000;
    while ((o.connect_error = s->connect()) == EAGAIN && time_msec() < deadline) {
        s->connect_wait();
        poll_timer_wait_until(deadline);
        poll_block();
    }
    if (o.connect_error) {
        return o;
    }
    o.peer_id = s->peer_id();
    char buf[4096];
    while (o.received.find('\n') == std::string::npos && time_msec() < deadline) {
        ssize_t r = s->recv(buf, sizeof buf);
        if (r > 0) {
            o.received.append(buf, static_cast<std::size_t>(r));
        } else if (r != -EAGAIN) {
            return o;
        } else {
            s->recv_wait();
            poll_timer_wait_until(deadline);
            poll_block();
        }
    }
    std::size_t sent = 0;
    while (sent < o.received.size() && time_msec() < deadline) {
        ssize_t r = s->send(o.received.data() + sent, o.received.size() - sent);
        if (r > 0) {
            sent += static_cast<std::size_t>(r);
        } else if (r != -EAGAIN) {
            return o;
        }
        s->run();
        s->run_wait();
        s->send_wait();
        poll_timer_wait_until(deadline);
        poll_block();
    }
    // Wait for the peer to hang up so the echo is not cut off.
    while (time_msec() < deadline) {
        s->run();
        ssize_t r = s->recv(buf, sizeof buf);
        if (r != -EAGAIN && r <= 0) {
            break;
        }
        s->run_wait();
        s->recv_wait();
        poll_timer_wait_until(deadline);
        poll_block();
    }
    return o;
}

QByteArray read_file(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

uint16_t free_port() {
    std::unique_ptr<pstream> p;
    return pstream::open("ptcp:0:127.0.0.1", 0, p) == 0 ? p->bound_port() : 0;
}

} // namespace

class tst_stream_ssl : public QObject {
    Q_OBJECT

private:
    test::tls_fixture pki_;
    QTemporaryDir tmp_;
    QString log_;

    void use(const QString& name, bool bootstrap = false, const QString& ca = "ca") {
        stream_ssl_set_private_key_file(pki_.key(name).toStdString());
        stream_ssl_set_certificate_file(pki_.cert(name).toStdString());
        stream_ssl_set_ca_cert_file(pki_.cert(ca).toStdString(), bootstrap);
    }

    // Runs `openssl s_client` against our pssl listener with the given certificate options,
    // sends one line and returns what the server thread saw; `echoed` gets s_client's output.
    server_outcome s_client_to_pssl(const QStringList& cert_args, QByteArray* echoed) {
        use("server");
        std::unique_ptr<pstream> p;
        if (pstream::open("pssl:0:127.0.0.1", 0, p) != 0) {
            return {};
        }
        server_outcome o;
        std::thread t([&] { o = serve_one(*p); });
        QProcess client;
        client.setProcessChannelMode(QProcess::MergedChannels);
        QStringList args{"s_client",
                         "-connect",
                         QString("127.0.0.1:%1").arg(p->bound_port()),
                         "-CAfile",
                         pki_.cert("ca"),
                         "-quiet",
                         "-verify_return_error"};
        client.start("openssl", args + cert_args);
        client.waitForStarted();
        client.write("hello over tls\n");
        QByteArray out;
        QElapsedTimer timer;
        timer.start();
        while (!out.contains("hello over tls") && timer.elapsed() < 15000 &&
               client.state() == QProcess::Running) {
            client.waitForReadyRead(200);
            out += client.readAll();
        }
        client.kill();
        client.waitForFinished();
        out += client.readAll();
        t.join();
        if (echoed) {
            *echoed = out;
        }
        return o;
    }

    // Runs `openssl s_server` with `cert` (plus `extra` arguments) and connects our ssl:
    // client to it `connections` times; returns each connect() result.
    std::vector<int> ssl_to_s_server(const QString& cert, std::string* peer_id = nullptr,
                                     const QStringList& extra = {}, int connections = 1) {
        uint16_t port = free_port();
        QProcess server;
        server.setProcessChannelMode(QProcess::MergedChannels);
        server.start("openssl",
                     QStringList{"s_server", "-accept", QString("127.0.0.1:%1").arg(port), "-cert",
                                 pki_.cert(cert), "-key", pki_.key(cert), "-CAfile",
                                 pki_.cert("ca"), "-Verify", "1", "-naccept",
                                 QString::number(connections)} +
                         extra);
        QByteArray out;
        QElapsedTimer timer;
        timer.start();
        while (!out.contains("ACCEPT") && timer.elapsed() < 15000) {
            server.waitForReadyRead(200);
            out += server.readAll();
        }
        std::vector<int> results;
        for (int i = 0; i < connections; i++) {
            std::unique_ptr<stream> s;
            int error = stream::open("ssl:127.0.0.1:" + std::to_string(port), 0, s);
            if (!error) {
                long long deadline = time_msec() + 15000;
                while ((error = s->connect()) == EAGAIN && time_msec() < deadline) {
                    s->connect_wait();
                    poll_timer_wait_until(deadline);
                    poll_block();
                }
                if (peer_id) {
                    *peer_id = s->peer_id();
                }
            }
            results.push_back(error);
        }
        server.kill();
        server.waitForFinished();
        return results;
    }

private slots:
    void initTestCase() {
        fatal_ignore_sigpipe();
        QVERIFY(tmp_.isValid());
        qputenv("OVS_RUNDIR", tmp_.path().toUtf8());
        QVERIFY2(pki_.make_ca("ca", "vigil test CA"), qPrintable(pki_.error()));
        QVERIFY2(pki_.make_ca("ca2", "some other CA"), qPrintable(pki_.error()));
        QVERIFY2(pki_.issue("server", "server", "ca", 3650, true), qPrintable(pki_.error()));
        QVERIFY2(pki_.issue("client", "client", "ca"), qPrintable(pki_.error()));
        QVERIFY2(pki_.issue("rogue", "rogue", "ca2"), qPrintable(pki_.error()));
        QVERIFY2(pki_.issue("expired", "expired", "ca", -1), qPrintable(pki_.error()));
        log_ = tmp_.filePath("test.log");
        QCOMPARE(vlog_set_log_file(log_.toStdString()), 0);
        vlog_set_levels_from_string("stream_ssl:file:dbg");
    }

    void unconfigured() {
        stream_ssl_set_private_key_file("");
        std::unique_ptr<stream> s;
        QCOMPARE(stream::open("ssl:127.0.0.1:1", 0, s), ENOPROTOOPT);
        std::unique_ptr<pstream> p;
        QCOMPARE(pstream::open("pssl:0:127.0.0.1", 0, p), ENOPROTOOPT);
    }

    void option_parsing() {
        // The table drives getopt_long as a program's own table does: "--opt=VALUE",
        // "--opt VALUE" and the short forms all reach the setters; other options are not ours.
        std::vector<::option> table = stream_ssl_long_options();
        QCOMPARE(table.size(), std::size_t(7));
        table.push_back({"pidfile", optional_argument, nullptr, 'P'});
        table.push_back({nullptr, 0, nullptr, 0});
        std::vector<std::string> words = {
            "prog", "--private-key=/k", "--certificate",         "/c", "-C",
            "/ca",  "--pidfile",        "--bootstrap-ca-cert=/b"};
        std::vector<char*> argv;
        for (std::string& w : words) {
            argv.push_back(w.data());
        }
        argv.push_back(nullptr);
        optind = 0; // restarts GNU getopt
        opterr = 0;
        std::vector<int> seen;
        for (int c; (c = getopt_long(int(words.size()), argv.data(), "p:c:C:", table.data(),
                                     nullptr)) != -1;) {
            if (int ssl = stream_ssl_option_for_short(c)) {
                c = ssl;
            }
            seen.push_back(c);
            QCOMPARE(stream_ssl_handle_option(c, optarg), c != 'P');
        }
        QCOMPARE(seen.size(), std::size_t(5));
        QCOMPARE(stream_ssl_option_for_short('x'), 0);
        QVERIFY(!stream_ssl_handle_option('x', "/x"));
        // A missing value is getopt's to report.
        std::vector<std::string> bad = {"prog", "--ca-cert"};
        std::vector<char*> bad_argv = {bad[0].data(), bad[1].data(), nullptr};
        optind = 0;
        QCOMPARE(getopt_long(2, bad_argv.data(), "p:c:C:", table.data(), nullptr), int('?'));
        opterr = 1;
        QVERIFY(stream_ssl_is_configured());
        QCOMPARE(stream_ssl_set_protocols("TLSv1.2+"), 0);
        QCOMPARE(stream_ssl_set_protocols("TLSv1,TLSv1.1"), EINVAL);
        QCOMPARE(stream_ssl_set_protocols("TLSv1.2-TLSv1.3"), 0);
    }

    void name_after_port_zero() {
        use("server");
        std::unique_ptr<pstream> p;
        QCOMPARE(pstream::open("pssl:0:127.0.0.1", 0, p), 0);
        QCOMPARE(QString::fromStdString(p->name()),
                 QString("pssl:%1:127.0.0.1").arg(p->bound_port()));
    }

    void transfer_data() {
        QTest::addColumn<QString>("family");
        QTest::newRow("ssl") << "ipv4";
        QTest::newRow("ssl6") << "ipv6";
    }
    // Both ends in this process: handshake, peer ids, then megabytes both ways.
    void transfer() {
        QFETCH(QString, family);
        use("server");
        std::unique_ptr<pstream> p;
        bool v6 = family == "ipv6";
        int error = pstream::open(v6 ? "pssl:0:[::1]" : "pssl:0:127.0.0.1", 0, p);
        if (v6 && error) {
            QSKIP("no IPv6 loopback");
        }
        QCOMPARE(error, 0);
        std::string name = (v6 ? "ssl:[::1]:" : "ssl:127.0.0.1:") + std::to_string(p->bound_port());
        std::unique_ptr<stream> client, server;
        QCOMPARE(stream::open(name, 0, client), 0);
        QCOMPARE(test::accept_block(*p, server), 0);
        QVERIFY(QString::fromStdString(server->name())
                    .startsWith(v6 ? "ssl:[::1]:" : "ssl:127.0.0.1:"));
        QCOMPARE(client->connect(), EAGAIN); // the handshake needs the loop

        transfer_end a, b;
        a.s = client.get();
        b.s = server.get();
        a.out = pattern_bytes(5 * 1024 * 1024 + 11, 7);
        b.out = pattern_bytes(4 * 1024 * 1024 + 5, 8);
        QVERIFY(test::run_transfer(a, b, b.out.size(), a.out.size()));
        QCOMPARE(a.error, 0);
        QCOMPARE(b.error, 0);
        QVERIFY(a.in == b.out);
        QVERIFY(b.in == a.out);
        QCOMPARE(QString::fromStdString(client->peer_id()), QString("server"));
        QCOMPARE(QString::fromStdString(server->peer_id()), QString("server"));

        // close_notify reads as EOF.
        client.reset();
        char c;
        ssize_t r = 0;
        QVERIFY(test::wait_until([&] { return (r = server->recv(&c, 1)) != -EAGAIN; }));
        QCOMPARE(r, ssize_t(0));
    }

    void s_client_with_verified_certificate() {
        QByteArray echoed;
        server_outcome o =
            s_client_to_pssl({"-cert", pki_.cert("client"), "-key", pki_.key("client")}, &echoed);
        QCOMPARE(o.accept_error, 0);
        QCOMPARE(o.connect_error, 0);
        QCOMPARE(QString::fromStdString(o.peer_id), QString("client"));
        QCOMPARE(QString::fromStdString(o.received), QString("hello over tls\n"));
        QVERIFY2(echoed.contains("hello over tls"), echoed.constData());
    }

    void s_client_from_wrong_ca_rejected() {
        server_outcome o =
            s_client_to_pssl({"-cert", pki_.cert("rogue"), "-key", pki_.key("rogue")}, nullptr);
        QCOMPARE(o.accept_error, 0);
        QCOMPARE(o.connect_error, EPROTO);
        QVERIFY(read_file(log_).contains("SSL_accept: peer certificate rejected"));
    }

    void s_client_expired_rejected() {
        server_outcome o =
            s_client_to_pssl({"-cert", pki_.cert("expired"), "-key", pki_.key("expired")}, nullptr);
        QCOMPARE(o.connect_error, EPROTO);
        QVERIFY(read_file(log_).contains("certificate has expired"));
    }

    void s_client_without_certificate_rejected() {
        server_outcome o = s_client_to_pssl({}, nullptr);
        QCOMPARE(o.accept_error, 0);
        QCOMPARE(o.connect_error, EPROTO);
        QVERIFY(o.peer_id.empty());
    }

    void plaintext_client_sniffed() {
        use("server");
        std::unique_ptr<pstream> p;
        QCOMPARE(pstream::open("pssl:0:127.0.0.1", 0, p), 0);
        std::unique_ptr<stream> plain;
        QCOMPARE(stream::open("tcp:127.0.0.1:" + std::to_string(p->bound_port()), 0, plain), 0);
        QCOMPARE(stream::open_block(0, 10000, plain), 0);
        const char request[] = R"({"method":"echo","params":[],"id":0})";
        QCOMPARE(plain->send(request, sizeof request - 1), ssize_t(sizeof request - 1));
        server_outcome o = serve_one(*p);
        QCOMPARE(o.connect_error, EPROTO);
        QByteArray expected = QByteArray::fromStdString(
            o.name + ": received non-TLS data (JSON-RPC data) on SSL channel");
        QVERIFY2(read_file(log_).contains(expected), expected.constData());
        // The plaintext client is disconnected.
        char c;
        ssize_t r = -EAGAIN;
        QVERIFY(test::wait_until([&] { return (r = plain->recv(&c, 1)) != -EAGAIN; }));
        QVERIFY(r <= 0);
    }

    void our_client_to_s_server() {
        use("client");
        std::string peer;
        QCOMPARE(ssl_to_s_server("server", &peer), std::vector<int>{0});
        QCOMPARE(QString::fromStdString(peer), QString("server"));
    }

    void our_client_rejects_wrong_ca() {
        use("client");
        QCOMPARE(ssl_to_s_server("rogue"), std::vector<int>{EPROTO});
        QVERIFY(read_file(log_).contains("SSL_connect: peer certificate rejected"));
    }

    void our_client_rejects_expired() {
        use("client");
        QCOMPARE(ssl_to_s_server("expired"), std::vector<int>{EPROTO});
    }

    void plaintext_server_rejected() {
        use("client");
        std::unique_ptr<pstream> p;
        QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, p), 0);
        std::unique_ptr<stream> s, server;
        QCOMPARE(stream::open("ssl:127.0.0.1:" + std::to_string(p->bound_port()), 0, s), 0);
        QCOMPARE(test::accept_block(*p, server), 0);
        QCOMPARE(server->send("not tls at all\r\n\r\n", 18), ssize_t(18));
        QCOMPARE(stream::open_block(0, 10000, s), EPROTO);
    }

    // --bootstrap-ca-cert: the first server's CA is saved and trusted from then on.
    void bootstrap_ca_cert() {
        QString learned = tmp_.filePath("learned-ca.pem");
        use("client");
        stream_ssl_set_ca_cert_file(learned.toStdString(), true);
        std::string peer;
        // The first connection only learns the CA, then drops (EPROTO) as OVS does; the
        // second one verifies against it.
        std::vector<int> results =
            ssl_to_s_server("server", &peer, {"-cert_chain", pki_.cert("ca")}, 2);
        QCOMPARE(results, (std::vector<int>{EPROTO, 0}));
        QCOMPARE(QString::fromStdString(peer), QString("server"));
        QCOMPARE(read_file(learned).trimmed(), read_file(pki_.cert("ca")).trimmed());
        QVERIFY(read_file(log_).contains("successfully bootstrapped CA cert"));
    }
};

QTEST_GUILESS_MAIN(tst_stream_ssl)
#include "tst_stream_ssl.moc"
