// Plain streams: name syntax, run directory, unix/tcp/tcp6 connect, accept and transfer.
#include "stream_test_util.h"
#include "vigil/fatal_signal.h"
#include "vigil/rundir.h"
#include "vigil/socket_util.h"
#include "vigil/stream.h"
#include "vigil/vlog.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace vigil;
using vigil::test::pattern_bytes;
using vigil::test::transfer_end;

namespace {

bool have_ipv6_loopback() {
    std::unique_ptr<pstream> p;
    return pstream::open("ptcp:0:[::1]", 0, p) == 0;
}

// Opens a listener for `kind` ("unix", "tcp", "tcp6") and returns the active name for it.
std::string listen_on(const QString& kind, const QTemporaryDir& dir, std::unique_ptr<pstream>& p) {
    std::string pname;
    if (kind == "unix") {
        pname = "punix:" + dir.filePath("s.sock").toStdString();
    } else if (kind == "tcp") {
        pname = "ptcp:0:127.0.0.1";
    } else {
        pname = "ptcp:0:[::1]";
    }
    if (pstream::open(pname, 0, p) != 0) {
        return "";
    }
    if (kind == "unix") {
        return "unix:" + dir.filePath("s.sock").toStdString();
    }
    if (kind == "tcp") {
        return "tcp:127.0.0.1:" + std::to_string(p->bound_port());
    }
    return "tcp:[::1]:" + std::to_string(p->bound_port());
}

} // namespace

class tst_stream : public QObject {
    Q_OBJECT

private:
    QTemporaryDir rundir_;

private slots:
    void initTestCase() {
        QVERIFY(rundir_.isValid());
        qputenv("OVS_RUNDIR", rundir_.path().toUtf8());
        fatal_ignore_sigpipe();
    }

    void verify_names_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("active");
        QTest::addColumn<int>("passive");
        QTest::addColumn<int>("probes");
        QTest::newRow("tcp") << "tcp:1.2.3.4:5" << 0 << EAFNOSUPPORT << 1;
        QTest::newRow("ssl") << "ssl:1.2.3.4:5" << 0 << EAFNOSUPPORT << 1;
        QTest::newRow("unix") << "unix:x.sock" << 0 << EAFNOSUPPORT << 0;
        QTest::newRow("ptcp") << "ptcp:0" << EAFNOSUPPORT << 0 << 1;
        QTest::newRow("pssl") << "pssl:" << EAFNOSUPPORT << 0 << 1;
        QTest::newRow("punix") << "punix:x" << EAFNOSUPPORT << 0 << 0;
        QTest::newRow("no colon") << "tcp" << EAFNOSUPPORT << EAFNOSUPPORT << -1;
        QTest::newRow("unknown") << "udp:1.2.3.4:5" << EAFNOSUPPORT << EAFNOSUPPORT << -1;
        QTest::newRow("case") << "TCP:1.2.3.4:5" << EAFNOSUPPORT << EAFNOSUPPORT << -1;
        QTest::newRow("empty") << "" << EAFNOSUPPORT << EAFNOSUPPORT << -1;
        QTest::newRow("pfd unsupported") << "pfd:3" << EAFNOSUPPORT << EAFNOSUPPORT << -1;
    }
    void verify_names() {
        QFETCH(QString, name);
        QFETCH(int, active);
        QFETCH(int, passive);
        QFETCH(int, probes);
        QCOMPARE(stream_verify_name(name.toStdString()), active);
        QCOMPARE(pstream_verify_name(name.toStdString()), passive);
        QCOMPARE(stream_or_pstream_needs_probes(name.toStdString()), probes);
    }

    // Every active and passive name form, parsed to an address or rejected.
    void parse_targets_data() {
        QTest::addColumn<bool>("passive");
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("default_port");
        QTest::addColumn<int>("error");
        QTest::addColumn<QString>("formatted");
        QTest::newRow("v4") << false << "1.2.3.4:80" << -1 << 0 << "1.2.3.4:80";
        QTest::newRow("v4 port 0") << false << "1.2.3.4:0" << -1 << 0 << "1.2.3.4:0";
        QTest::newRow("v4 max port") << false << "1.2.3.4:65535" << -1 << 0 << "1.2.3.4:65535";
        QTest::newRow("v6") << false << "[::1]:6640" << -1 << 0 << "[::1]:6640";
        QTest::newRow("v6 full") << false << "[fe80::a:b]:1" << -1 << 0 << "[fe80::a:b]:1";
        QTest::newRow("v6 numeric scope")
            << false << "[fe80::1%1]:22" << -1 << 0 << "[fe80::1%lo]:22";
        QTest::newRow("v6 named scope")
            << false << "[fe80::1%lo]:22" << -1 << 0 << "[fe80::1%lo]:22";
        QTest::newRow("v6 bad scope")
            << false << "[fe80::1%nosuchif0]:22" << -1 << EAFNOSUPPORT << "";
        QTest::newRow("localhost") << false << "localhost:9" << -1 << 0 << "";
        QTest::newRow("no port") << false << "1.2.3.4" << -1 << EINVAL << "";
        QTest::newRow("empty port") << false << "1.2.3.4:" << -1 << EINVAL << "";
        QTest::newRow("default port") << false << "1.2.3.4" << 6653 << 0 << "1.2.3.4:6653";
        QTest::newRow("bad port") << false << "1.2.3.4:65536" << -1 << EINVAL << "";
        QTest::newRow("alpha port") << false << "1.2.3.4:http" << -1 << EINVAL << "";
        QTest::newRow("negative port") << false << "1.2.3.4:-1" << -1 << EINVAL << "";
        QTest::newRow("bare v6 is a host") << false << "::1:80" << -1 << EINVAL << "";
        QTest::newRow("no host") << false << ":80" << -1 << EINVAL << "";
        QTest::newRow("bad host") << false << "1.2.3.400:80" << -1 << EAFNOSUPPORT << "";
        QTest::newRow("p port only") << true << "6640" << -1 << 0 << "0.0.0.0:6640";
        QTest::newRow("p port ip") << true << "0:127.0.0.1" << -1 << 0 << "127.0.0.1:0";
        QTest::newRow("p port v6") << true << "7:[::1]" << -1 << 0 << "[::1]:7";
        QTest::newRow("p v6 scope") << true << "7:[fe80::1%1]" << -1 << 0 << "[fe80::1%lo]:7";
        QTest::newRow("p empty") << true << "" << -1 << EINVAL << "";
        QTest::newRow("p empty default") << true << "" << 6653 << 0 << "0.0.0.0:6653";
        QTest::newRow("p empty port with ip") << true << ":127.0.0.1" << -1 << EINVAL << "";
        QTest::newRow("p bad port") << true << "99999" << -1 << EINVAL << "";
        QTest::newRow("p alpha port") << true << "x:127.0.0.1" << -1 << EINVAL << "";
        QTest::newRow("p bad ip") << true << "1:300.1.1.1" << -1 << EAFNOSUPPORT << "";
    }
    void parse_targets() {
        QFETCH(bool, passive);
        QFETCH(QString, target);
        QFETCH(int, default_port);
        QFETCH(int, error);
        QFETCH(QString, formatted);
        sockaddr_storage ss{};
        int r = passive ? inet_parse_passive(target.toStdString(), default_port, ss)
                        : inet_parse_active(target.toStdString(), default_port, ss);
        QCOMPARE(r, error);
        if (!r && !formatted.isEmpty()) {
            QCOMPARE(QString::fromStdString(ss_format_address_port(ss)), formatted);
        }
    }

    // stream::open and pstream::open report name errors without creating anything.
    void open_errors_data() {
        QTest::addColumn<bool>("passive");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("error");
        QTest::newRow("unknown type") << false << "udp:1.2.3.4:5" << EAFNOSUPPORT;
        QTest::newRow("no type") << false << "1.2.3.4" << EAFNOSUPPORT;
        QTest::newRow("tcp no port") << false << "tcp:127.0.0.1" << EINVAL;
        QTest::newRow("tcp bad port") << false << "tcp:127.0.0.1:70000" << EINVAL;
        QTest::newRow("tcp bad dscp") << false << "tcp:127.0.0.1:1" << EINVAL;
        QTest::newRow("unix missing") << false << "unix:/nonexistent/dir/x.sock" << ENOENT;
        QTest::newRow("p unknown") << true << "pudp:1" << EAFNOSUPPORT;
        QTest::newRow("ptcp empty port") << true << "ptcp:" << EINVAL;
        QTest::newRow("ptcp empty port ip") << true << "ptcp::127.0.0.1" << EINVAL;
        QTest::newRow("ptcp bad port") << true << "ptcp:65536" << EINVAL;
        QTest::newRow("ptcp bad ip") << true << "ptcp:0:1.2.3.400" << EAFNOSUPPORT;
        QTest::newRow("ptcp foreign ip") << true << "ptcp:0:192.0.2.1" << EADDRNOTAVAIL;
        QTest::newRow("punix no dir") << true << "punix:/nonexistent/dir/x.sock" << ENOENT;
    }
    void open_errors() {
        QFETCH(bool, passive);
        QFETCH(QString, name);
        QFETCH(int, error);
        int dscp = QByteArray(QTest::currentDataTag()) == "tcp bad dscp" ? 64 : 0;
        if (passive) {
            std::unique_ptr<pstream> p;
            QCOMPARE(pstream::open(name.toStdString(), dscp, p), error);
            QVERIFY(!p);
        } else {
            std::unique_ptr<stream> s;
            QCOMPARE(stream::open(name.toStdString(), dscp, s), error);
            QVERIFY(!s);
        }
    }

    void default_port_names_data() {
        QTest::addColumn<bool>("passive");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        QTest::newRow("tcp host") << false << "tcp:1.2.3.4"
                                  << "tcp:1.2.3.4:6640";
        QTest::newRow("tcp host colon") << false << "tcp:1.2.3.4:"
                                        << "tcp:1.2.3.4:6640";
        QTest::newRow("tcp full") << false << "tcp:1.2.3.4:99"
                                  << "tcp:1.2.3.4:99";
        QTest::newRow("ssl host") << false << "ssl:h"
                                  << "ssl:h:6640";
        QTest::newRow("tcp v6 bracket") << false << "tcp:[::1]"
                                        << "tcp:[::1]:6640";
        QTest::newRow("tcp v6 full") << false << "tcp:[::1]:5"
                                     << "tcp:[::1]:5";
        QTest::newRow("unix untouched") << false << "unix:x"
                                        << "unix:x";
        QTest::newRow("ptcp empty") << true << "ptcp:"
                                    << "ptcp:6640";
        QTest::newRow("pssl empty") << true << "pssl:"
                                    << "pssl:6640";
        QTest::newRow("ptcp ip only") << true << "ptcp::127.0.0.1"
                                      << "ptcp:6640:127.0.0.1";
        QTest::newRow("ptcp port") << true << "ptcp:1"
                                   << "ptcp:1";
        QTest::newRow("ptcp port ip") << true << "ptcp:0:127.0.0.1"
                                      << "ptcp:0:127.0.0.1";
        QTest::newRow("punix untouched") << true << "punix:x"
                                         << "punix:x";
    }
    void default_port_names() {
        QFETCH(bool, passive);
        QFETCH(QString, name);
        QFETCH(QString, expected);
        std::string got = passive ? pstream_name_with_default_port(name.toStdString(), 6640)
                                  : stream_name_with_default_port(name.toStdString(), 6640);
        QCOMPARE(QString::fromStdString(got), expected);
    }

    void rundir_resolution() {
        QTemporaryDir d;
        QByteArray saved = qgetenv("OVS_RUNDIR");
        qunsetenv("OVS_RUNDIR");
        std::string nested = d.filePath("a/b/run").toStdString();
        qputenv("VIGIL_RUNDIR", QByteArray::fromStdString(nested));
        QCOMPARE(QString::fromStdString(rundir()), QString::fromStdString(nested));
        struct stat st;
        QCOMPARE(stat(nested.c_str(), &st), 0);
        QVERIFY(S_ISDIR(st.st_mode));
        QCOMPARE(int(st.st_mode & 0777), 0700);
        QCOMPARE(QString::fromStdString(abs_file_name_in_rundir("x.ctl")),
                 QString::fromStdString(nested + "/x.ctl"));
        QCOMPARE(QString::fromStdString(abs_file_name_in_rundir("/abs/x")), QString("/abs/x"));
        // OVS_RUNDIR wins over VIGIL_RUNDIR.
        qputenv("OVS_RUNDIR", saved);
        QCOMPARE(QString::fromStdString(rundir()), QString::fromUtf8(saved));
        // Neither set: the per-user default.
        qunsetenv("OVS_RUNDIR");
        qunsetenv("VIGIL_RUNDIR");
        QByteArray xdg = qgetenv("XDG_RUNTIME_DIR");
        qputenv("XDG_RUNTIME_DIR", d.path().toUtf8());
        std::string expected = geteuid() == 0 ? "/run/vigil" : d.filePath("vigil").toStdString();
        QCOMPARE(QString::fromStdString(rundir()), QString::fromStdString(expected));
        qunsetenv("XDG_RUNTIME_DIR");
        if (geteuid() != 0) {
            QString tmp = qEnvironmentVariable("TMPDIR", "/tmp");
            QCOMPARE(QString::fromStdString(rundir()),
                     QString("%1/vigil-%2").arg(tmp.isEmpty() ? "/tmp" : tmp).arg(geteuid()));
        }
        if (!xdg.isEmpty()) {
            qputenv("XDG_RUNTIME_DIR", xdg);
        }
        qputenv("OVS_RUNDIR", saved);
    }

    void transfer_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("chunk"); // largest single send() call, 0 = all at once
        QTest::newRow("unix") << "unix" << 0;
        QTest::newRow("unix small sends") << "unix" << 1000;
        QTest::newRow("tcp") << "tcp" << 0;
        QTest::newRow("tcp6") << "tcp6" << 0;
    }
    // Several megabytes both ways at once, which forces partial writes on both sides.
    void transfer() {
        QFETCH(QString, kind);
        QFETCH(int, chunk);
        if (kind == "tcp6" && !have_ipv6_loopback()) {
            QSKIP("no IPv6 loopback");
        }
        QTemporaryDir dir;
        std::unique_ptr<pstream> listener;
        std::string name = listen_on(kind, dir, listener);
        QVERIFY(!name.empty());
        std::unique_ptr<stream> client;
        QCOMPARE(stream::open(name, 0, client), 0);
        QCOMPARE(QString::fromStdString(client->name()), QString::fromStdString(name));
        std::unique_ptr<stream> server;
        QCOMPARE(test::accept_block(*listener, server), 0);
        QCOMPARE(stream::open_block(0, 10000, client), 0);
        QVERIFY(client);

        if (kind == "unix") {
            QVERIFY(QString::fromStdString(server->name()).startsWith("unix#"));
        } else {
            QString peer = QString::fromStdString(server->name());
            QVERIFY2(peer.startsWith(kind == "tcp" ? "tcp:127.0.0.1:" : "tcp:[::1]:"),
                     qPrintable(peer));
            int on = 0;
            socklen_t len = sizeof on;
            QCOMPARE(getsockopt(client->fd(), IPPROTO_TCP, TCP_NODELAY, &on, &len), 0);
            QVERIFY(on);
        }

        const std::size_t a_bytes = 6 * 1024 * 1024 + 17, b_bytes = 5 * 1024 * 1024 + 3;
        transfer_end a, b;
        a.s = client.get();
        b.s = server.get();
        a.out = pattern_bytes(a_bytes, 1);
        b.out = pattern_bytes(b_bytes, 2);
        a.max_send_call = b.max_send_call = static_cast<std::size_t>(chunk);
        QVERIFY(test::run_transfer(a, b, b_bytes, a_bytes));
        QCOMPARE(a.error, 0);
        QCOMPARE(b.error, 0);
        QVERIFY(a.in == b.out);
        QVERIFY(b.in == a.out);

        // Orderly close: the other side sees EOF (recv returns 0).
        client.reset();
        char c;
        QVERIFY(test::wait_until([&] {
            ssize_t r = server->recv(&c, 1);
            return r == 0;
        }));
        QCOMPARE(server->recv(&c, 0), ssize_t(0));
    }

    void recv_send_conventions() {
        QTemporaryDir dir;
        std::unique_ptr<pstream> listener;
        std::string name = listen_on("tcp", dir, listener);
        std::unique_ptr<stream> client, server;
        QCOMPARE(stream::open(name, 0, client), 0);
        QCOMPARE(test::accept_block(*listener, server), 0);
        QCOMPARE(stream::open_block(0, 10000, client), 0);
        char buf[16];
        QCOMPARE(server->recv(buf, sizeof buf), ssize_t(-EAGAIN));
        QCOMPARE(client->send("hello", 5), ssize_t(5));
        QVERIFY(test::wait_until([&] { return server->recv(buf, sizeof buf) == 5; }));
        QCOMPARE(QByteArray(buf, 5), QByteArray("hello"));
        QCOMPARE(listener->accept(server), EAGAIN);
        QVERIFY(!server);
    }

    // The peer goes away mid-transfer: the sender gets EPIPE/ECONNRESET, not SIGPIPE, and the
    // receiver gets what was sent, then EOF.
    void peer_closes_mid_transfer_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("unix") << "unix";
        QTest::newRow("tcp") << "tcp";
    }
    void peer_closes_mid_transfer() {
        QFETCH(QString, kind);
        QTemporaryDir dir;
        std::unique_ptr<pstream> listener;
        std::string name = listen_on(kind, dir, listener);
        std::unique_ptr<stream> client, server;
        QCOMPARE(stream::open(name, 0, client), 0);
        QCOMPARE(test::accept_block(*listener, server), 0);
        QCOMPARE(stream::open_block(0, 10000, client), 0);

        transfer_end a, b;
        a.s = client.get();
        b.s = server.get();
        a.out = pattern_bytes(32 * 1024 * 1024, 3);
        // The server reads 1 MiB, then closes while the client is still sending.
        std::vector<char> buf(64 * 1024);
        std::size_t got = 0;
        QVERIFY(test::wait_until([&] {
            ssize_t r = client->send(a.out.data() + a.sent, a.out.size() - a.sent);
            if (r > 0) {
                a.sent += static_cast<std::size_t>(r);
            }
            r = server->recv(buf.data(), buf.size());
            got += r > 0 ? static_cast<std::size_t>(r) : 0;
            return got >= 1024 * 1024;
        }));
        QVERIFY(a.sent < a.out.size());
        server.reset();
        int error = 0;
        QVERIFY(test::wait_until([&] {
            ssize_t r = client->send(a.out.data(), 64 * 1024);
            if (r < 0 && r != -EAGAIN) {
                error = static_cast<int>(-r);
                return true;
            }
            client->recv(buf.data(), buf.size());
            return false;
        }));
        QVERIFY2(error == EPIPE || error == ECONNRESET, qPrintable(QString::number(error)));
    }

    void eof_after_data() {
        QTemporaryDir dir;
        std::unique_ptr<pstream> listener;
        std::string name = listen_on("tcp", dir, listener);
        std::unique_ptr<stream> client, server;
        QCOMPARE(stream::open(name, 0, client), 0);
        QCOMPARE(test::accept_block(*listener, server), 0);
        QCOMPARE(stream::open_block(0, 10000, client), 0);
        // The server writes 3 MiB and closes; the client gets every byte, then EOF.
        transfer_end a, b;
        a.s = client.get();
        b.s = server.get();
        b.out = pattern_bytes(3 * 1024 * 1024, 4);
        QVERIFY(test::run_transfer(a, b, b.out.size(), 0));
        QCOMPARE(b.error, 0);
        QVERIFY(a.in == b.out);
        server.reset();
        char c;
        ssize_t r = 0;
        QVERIFY(test::wait_until([&] { return (r = client->recv(&c, 1)) != -EAGAIN; }));
        QCOMPARE(r, ssize_t(0));
    }

    void connection_refused() {
        // A port that was just free: bind, read the port, close.
        int port;
        {
            std::unique_ptr<pstream> p;
            QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, p), 0);
            port = p->bound_port();
        }
        std::unique_ptr<stream> s;
        QCOMPARE(stream::open("tcp:127.0.0.1:" + std::to_string(port), 0, s), 0);
        QVERIFY(s);
        QCOMPARE(stream::open_block(0, 10000, s), ECONNREFUSED);
        QVERIFY(!s);

        // Through connect(): CONNECTING, then DISCONNECTED(ECONNREFUSED), which is sticky and
        // shows in recv/send.
        QCOMPARE(stream::open("tcp:127.0.0.1:" + std::to_string(port), 0, s), 0);
        QVERIFY(test::wait_until([&] { return s->connect() != EAGAIN; }));
        QCOMPARE(s->connect(), ECONNREFUSED);
        char c;
        QCOMPARE(s->recv(&c, 1), ssize_t(-ECONNREFUSED));
        QCOMPARE(s->send(&c, 1), ssize_t(-ECONNREFUSED));

        // A unix socket file with nobody listening.
        QTemporaryDir dir;
        std::string path = dir.filePath("dead.sock").toStdString();
        int fd = make_unix_socket(path.c_str(), nullptr);
        QVERIFY(fd >= 0);
        ::close(fd);
        QCOMPARE(stream::open("unix:" + path, 0, s), ECONNREFUSED);
        // A nonzero error passed to open_block is returned as is.
        QCOMPARE(stream::open_block(ENOENT, 10000, s), ENOENT);

        // Bound, then the connect fails: the bound path is removed again, as OVS does.
        std::string bound = dir.filePath("client.sock").toStdString();
        QCOMPARE(make_unix_socket(bound.c_str(), path.c_str()), -ECONNREFUSED);
        QVERIFY(!QFile::exists(QString::fromStdString(bound)));
        // A failed bind leaves what was there (it was not ours).
        QCOMPARE(make_unix_socket(path.c_str(), nullptr), -EADDRINUSE);
        QVERIFY(QFile::exists(QString::fromStdString(path)));
    }

    void ptcp_port_zero_names_and_logs() {
        QTemporaryDir dir;
        std::string log = dir.filePath("log").toStdString();
        QCOMPARE(vlog_set_log_file(log), 0);
        vlog_set_levels_from_string("socket_util:file:info");
        std::unique_ptr<pstream> p;
        QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, p), 0);
        QVERIFY(p->bound_port() != 0);
        QString port = QString::number(p->bound_port());
        QCOMPARE(QString::fromStdString(p->name()), "ptcp:" + port + ":127.0.0.1");
        QVERIFY(test::wait_until([&] {
            QFile f(QString::fromStdString(log));
            return f.open(QIODevice::ReadOnly) &&
                   f.readAll().contains(("0:127.0.0.1: listening on port " + port).toUtf8());
        }));
        vlog_close_log_file();

        std::unique_ptr<pstream> any;
        QCOMPARE(pstream::open("ptcp:0", 0, any), 0);
        QCOMPARE(QString::fromStdString(any->name()),
                 QString("ptcp:%1:0.0.0.0").arg(any->bound_port()));
        if (have_ipv6_loopback()) {
            std::unique_ptr<pstream> v6;
            QCOMPARE(pstream::open("ptcp:0:[::1]", 0, v6), 0);
            QCOMPARE(QString::fromStdString(v6->name()),
                     QString("ptcp:%1:[::1]").arg(v6->bound_port()));
        }
        // The port is now taken.
        std::unique_ptr<pstream> again;
        QCOMPARE(pstream::open("ptcp:" + port.toStdString() + ":127.0.0.1", 0, again), EADDRINUSE);
    }

    void default_port_open() {
        std::unique_ptr<pstream> p;
        int error = pstream_open_with_default_port("ptcp::127.0.0.1", 0, 0, p);
        QCOMPARE(error, 0);
        QVERIFY(p->bound_port() != 0);
        std::unique_ptr<stream> s;
        QCOMPARE(stream_open_with_default_port("tcp:127.0.0.1", p->bound_port(), 0, s), 0);
        QCOMPARE(QString::fromStdString(s->name()),
                 QString("tcp:127.0.0.1:%1").arg(p->bound_port()));
        QCOMPARE(stream::open_block(0, 10000, s), 0);
    }

    void dscp() {
        std::unique_ptr<pstream> p;
        QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, p), 0);
        std::unique_ptr<stream> s;
        QCOMPARE(stream::open("tcp:127.0.0.1:" + std::to_string(p->bound_port()), 10, s), 0);
        int tos = 0;
        socklen_t len = sizeof tos;
        QCOMPARE(getsockopt(s->fd(), IPPROTO_IP, IP_TOS, &tos, &len), 0);
        QCOMPARE(tos, 40);
        QCOMPARE(stream::open("tcp:127.0.0.1:1", 64, s), EINVAL);
    }

    void punix_files() {
        QTemporaryDir dir;
        std::string path = dir.filePath("p.sock").toStdString();
        // A stale regular file in the way is replaced.
        QFile stale(QString::fromStdString(path));
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.close();
        std::unique_ptr<pstream> p;
        QCOMPARE(pstream::open("punix:" + path, 0, p), 0);
        QCOMPARE(QString::fromStdString(p->name()), QString::fromStdString("punix:" + path));
        QCOMPARE(p->bound_port(), uint16_t(0));
        struct stat st;
        QCOMPARE(stat(path.c_str(), &st), 0);
        QVERIFY(S_ISSOCK(st.st_mode));
        // 0770 less the umask, as OVS's sockets: read the umask without changing it.
        mode_t mask = ::umask(0);
        ::umask(mask);
        QCOMPARE(int(st.st_mode & 0777), int(0770 & ~mask));

        // Accepted peers are numbered unix#N, increasing.
        std::unique_ptr<stream> c1, c2, s1, s2;
        QCOMPARE(stream::open("unix:" + path, 0, c1), 0);
        QCOMPARE(stream::open("unix:" + path, 0, c2), 0);
        QCOMPARE(test::accept_block(*p, s1), 0);
        QCOMPARE(test::accept_block(*p, s2), 0);
        QString n1 = QString::fromStdString(s1->name()), n2 = QString::fromStdString(s2->name());
        QVERIFY(n1.startsWith("unix#") && n2.startsWith("unix#"));
        QCOMPARE(n2.mid(5).toInt(), n1.mid(5).toInt() + 1);

        // Closing removes the file.
        p.reset();
        QCOMPARE(stat(path.c_str(), &st), -1);
        QCOMPARE(errno, ENOENT);
    }

    void unix_relative_to_rundir() {
        std::unique_ptr<pstream> p;
        QCOMPARE(pstream::open("punix:rel.sock", 0, p), 0);
        QString expected = rundir_.filePath("rel.sock");
        QCOMPARE(QString::fromStdString(p->name()), "punix:" + expected);
        QVERIFY(QFile::exists(expected));
        std::unique_ptr<stream> s;
        QCOMPARE(stream::open("unix:rel.sock", 0, s), 0);
        QCOMPARE(stream::open_block(0, 10000, s), 0);
        std::unique_ptr<stream> server;
        QCOMPARE(test::accept_block(*p, server), 0);
    }

    // Paths longer than sun_path (107 bytes) work both for binding and connecting.
    void unix_long_path() {
        QTemporaryDir dir;
        QString deep = dir.path();
        while (deep.size() < 150) {
            deep += "/a-rather-long-directory-name";
        }
        QVERIFY(QDir().mkpath(deep));
        std::string path = (deep + "/long-socket-name.sock").toStdString();
        QVERIFY(path.size() > 108);
        std::unique_ptr<pstream> p;
        QCOMPARE(pstream::open("punix:" + path, 0, p), 0);
        QVERIFY(QFile::exists(QString::fromStdString(path)));
        std::unique_ptr<stream> c, s;
        QCOMPARE(stream::open("unix:" + path, 0, c), 0);
        QCOMPARE(stream::open_block(0, 10000, c), 0);
        QCOMPARE(test::accept_block(*p, s), 0);
        QCOMPARE(c->send("x", 1), ssize_t(1));
        char ch = 0;
        QVERIFY(test::wait_until([&] { return s->recv(&ch, 1) == 1; }));
        QCOMPARE(ch, 'x');
        p.reset();
        QVERIFY(!QFile::exists(QString::fromStdString(path)));
    }

    // A process that exits with a punix listener open leaves no socket file behind.
    void punix_unlinked_at_exit() {
        QTemporaryDir dir;
        std::string path = dir.filePath("exit.sock").toStdString();
        pid_t pid = fork();
        QVERIFY(pid >= 0);
        if (pid == 0) {
            std::unique_ptr<pstream> p;
            int error = pstream::open("punix:" + path, 0, p);
            p.release(); // leaked on purpose: only the exit-time cleanup may remove the file
            fatal_signal_atexit();
            _exit(error ? 1 : 0);
        }
        int status = 0;
        QCOMPARE(waitpid(pid, &status, 0), pid);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);
        QVERIFY(!QFile::exists(QString::fromStdString(path)));
    }

    void wait_wakes_when_disconnected() {
        std::unique_ptr<stream> s;
        int port;
        {
            std::unique_ptr<pstream> p;
            QCOMPARE(pstream::open("ptcp:0:127.0.0.1", 0, p), 0);
            port = p->bound_port();
        }
        QCOMPARE(stream::open("tcp:127.0.0.1:" + std::to_string(port), 0, s), 0);
        QVERIFY(test::wait_until([&] { return s->connect() == ECONNREFUSED; }));
        // DISCONNECTED: wait() must not sleep (a 60 s timer proves the immediate wake).
        long long before = time_msec();
        s->recv_wait();
        poll_timer_wait(60000);
        poll_block();
        QVERIFY(time_msec() - before < 30000);
    }
};

QTEST_GUILESS_MAIN(tst_stream)
#include "tst_stream.moc"
