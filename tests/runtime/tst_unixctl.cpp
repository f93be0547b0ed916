// The unixctl server and client in one process, driven by the event core: the registry and
// its error texts, deferred replies, the JSON output format, asynchronous transactions with
// timeouts, and connection life cycles.
#include "test_util.h"

#include "vigil/clock.h"
#include "vigil/json.h"
#include "vigil/poll_loop.h"
#include "vigil/unixctl.h"
#include "vigil/unixctl_client.h"

#include <QObject>
#include <QTemporaryDir>
#include <QtTest>

#include <boost/json.hpp>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

using namespace vigil;

namespace {

// Runs the loop until `cond` holds or 10 s pass.
bool spin_until(const std::function<bool()>& cond, long long timeout_ms = 10000) {
    long long deadline = time_msec() + timeout_ms;
    while (!cond()) {
        if (time_msec() >= deadline) {
            return false;
        }
        poll_timer_wait_until(deadline);
        poll_block();
    }
    return true;
}

struct async_result {
    bool done = false;
    int error = -100;
    unixctl_reply reply;
};

unixctl_client::callback recorder(async_result& r) {
    return [&r](int error, const unixctl_reply& reply) {
        r.done = true;
        r.error = error;
        r.reply = reply;
    };
}

std::string str(const boost::json::value& v) {
    return v.is_string() ? std::string(v.get_string()) : json_to_string(v, json_sort);
}

} // namespace

class tst_unixctl : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<unixctl_server> server_;
    std::vector<unixctl_conn> deferred_; // requests of "defer", answered by "release"

    std::unique_ptr<unixctl_client> connect() {
        std::unique_ptr<unixctl_client> c;
        int error = unixctl_client::create(server_->path(), c);
        return error ? nullptr : std::move(c);
    }

    // Transacts through the asynchronous interface and spins until the answer.
    async_result call(unixctl_client& c, const std::string& cmd,
                      const std::vector<std::string>& args = {}, long long timeout = -1) {
        async_result r;
        c.transact_async(cmd, args, recorder(r), timeout);
        spin_until([&] { return r.done; });
        return r;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        qputenv("OVS_RUNDIR", dir_.path().toUtf8());
        unixctl_set_program_name("tst_unixctl");
        unixctl_register_test_commands(nullptr);
        unixctl_register_vlog_commands();
        unixctl_command_register("defer", "", 0, 0, [this](const unixctl_conn& c, const auto&) {
            deferred_.push_back(c);
        });
        unixctl_command_register("release", "TEXT", 1, 1,
                                 [this](const unixctl_conn& c, const auto& argv) {
                                     for (auto& d : deferred_) {
                                         d.reply("released " + argv[1]);
                                     }
                                     deferred_.clear();
                                     c.reply("ok");
                                 });
        unixctl_command_register(
            "hidden", nullptr, 0, 2,
            [](const unixctl_conn& c, const auto& argv) { c.reply(std::to_string(argv.size())); });
        unixctl_command_register("json", "", 0, 0, [](const unixctl_conn& c, const auto&) {
            boost::json::object o;
            o["b"] = 2;
            o["a"] = boost::json::array{1, "x"};
            c.reply_json(std::move(o));
        });
        QCOMPARE(unixctl_server::create("", server_), 0);
        QVERIFY(server_);
        QCOMPARE(QString::fromStdString(server_->path()),
                 dir_.path() + QStringLiteral("/tst_unixctl.%1.ctl").arg(getpid()));
    }

    void cleanupTestCase() {
        std::string path = server_->path();
        server_.reset();
        QVERIFY(access(path.c_str(), F_OK) != 0); // the socket is unlinked
    }

    void registry() {
        // First registration wins; a second one is refused.
        QVERIFY(!unixctl_command_register("echo", "OTHER", 0, 0, nullptr));
        QVERIFY(unixctl_command_register("tmp", "X", 0, 0, nullptr));
        QVERIFY(unixctl_list_commands_text().find("\n  tmp                     X\n") !=
                std::string::npos);
        QVERIFY(unixctl_command_unregister("tmp"));
        QVERIFY(!unixctl_command_unregister("tmp"));
        std::string text = unixctl_list_commands_text();
        QVERIFY(text.rfind("The available commands are:\n  block                   \n", 0) == 0);
        QVERIFY(text.find("hidden") == std::string::npos);
        QVERIFY(text.find("  vlog/disable-rate-limit [module]...\n") != std::string::npos);
    }

    void requests_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("is_error");
        QTest::addColumn<QString>("value");
        QTest::newRow("echo") << "echo" << QStringList{"a b"} << false << "a b\n";
        QTest::newRow("echo newline") << "echo" << QStringList{"a\n"} << false << "a\n";
        QTest::newRow("echo empty") << "echo" << QStringList{""} << false << "";
        QTest::newRow("echo_error") << "echo_error" << QStringList{"bad"} << true << "bad\n";
        QTest::newRow("few") << "echo" << QStringList{} << true
                             << "\"echo\" command requires at least 1 arguments\n";
        QTest::newRow("many") << "hidden" << QStringList{"1", "2", "3"} << true
                              << "\"hidden\" command takes at most 2 arguments\n";
        QTest::newRow("hidden") << "hidden" << QStringList{"1", "2"} << false << "3\n";
        QTest::newRow("unknown") << "nope" << QStringList{} << true
                                 << "\"nope\" is not a valid command (use \"list-commands\" to "
                                    "see a list of valid commands)\n";
        QTest::newRow("json in text")
            << "json" << QStringList{} << false << "{\"a\":[1,\"x\"],\"b\":2}\n";
        QTest::newRow("set-options bad") << "set-options" << QStringList{"--format", "xml"} << true
                                         << "option format has invalid value xml\n";
        QTest::newRow("set-options unknown")
            << "set-options" << QStringList{"--frob"} << true << "unrecognized option '--frob'\n";
        QTest::newRow("set-options missing") << "set-options" << QStringList{"--format"} << true
                                             << "option '--format' requires an argument\n";
        QTest::newRow("set-options text")
            << "set-options" << QStringList{"-f", "TEXT"} << false << "";
        QTest::newRow("vlog/reopen")
            << "vlog/reopen" << QStringList{} << true << "Logging to file not configured\n";
    }

    void requests() {
        QFETCH(QString, command);
        QFETCH(QStringList, args);
        QFETCH(bool, is_error);
        QFETCH(QString, value);
        auto c = connect();
        QVERIFY(c);
        std::vector<std::string> a;
        for (const QString& s : args) {
            a.push_back(s.toStdString());
        }
        // Synchronously, then asynchronously.
        unixctl_reply reply;
        QCOMPARE(c->transact(command.toStdString(), a, reply, 10000), 0);
        QCOMPARE(reply.is_error, is_error);
        QCOMPARE(QString::fromStdString(str(reply.value)), value);
        async_result r = call(*c, command.toStdString(), a);
        QCOMPARE(r.error, 0);
        QCOMPARE(r.reply.is_error, is_error);
        QCOMPARE(QString::fromStdString(str(r.reply.value)), value);
    }

    void json_format() {
        auto c = connect();
        QVERIFY(c);
        async_result r = call(*c, "set-options", {"--format=json"});
        QCOMPARE(r.error, 0);
        // The new format already applies to set-options' own reply, as in OVS.
        QCOMPARE(str(r.reply.value), std::string("{\"reply\":\"\",\"reply-format\":\"plain\"}"));
        r = call(*c, "echo", {"x"});
        QCOMPARE(str(r.reply.value), std::string("{\"reply\":\"x\",\"reply-format\":\"plain\"}"));
        r = call(*c, "json");
        QCOMPARE(str(r.reply.value), std::string("{\"a\":[1,\"x\"],\"b\":2}"));
        r = call(*c, "echo_error", {"e"});
        QVERIFY(r.reply.is_error);
        QCOMPARE(str(r.reply.value), std::string("e"));
        r = call(*c, "list-commands");
        QVERIFY(r.reply.value.is_object());
        QCOMPARE(str(r.reply.value.as_object().at("echo")), std::string("ARG"));
        QVERIFY(!r.reply.value.as_object().contains("hidden"));
        // Another connection still speaks text.
        auto d = connect();
        r = call(*d, "echo", {"x"});
        QCOMPARE(str(r.reply.value), std::string("x\n"));
        // And back to text.
        r = call(*c, "set-options", {"--format", "text"});
        QCOMPARE(str(r.reply.value), std::string(""));
        r = call(*c, "echo", {"y"});
        QCOMPARE(str(r.reply.value), std::string("y\n"));
    }

    // A deferred reply holds only its own connection (U9); requests on it queue up and are
    // answered in order once it replies.
    void deferred_reply() {
        auto a = connect();
        auto b = connect();
        QVERIFY(a && b);
        async_result deferred, queued, other, release;
        a->transact_async("defer", {}, recorder(deferred));
        a->transact_async("echo", {"after"}, recorder(queued));
        QVERIFY(spin_until([&] { return deferred_.size() == 1; }));
        QVERIFY(deferred_.front().pending());
        b->transact_async("echo", {"b"}, recorder(other));
        QVERIFY(spin_until([&] { return other.done; }));
        QCOMPARE(str(other.reply.value), std::string("b\n"));
        QVERIFY(!deferred.done && !queued.done);
        QCOMPARE(a->pending(), std::size_t(2));

        b->transact_async("release", {"now"}, recorder(release));
        QVERIFY(spin_until([&] { return queued.done; }));
        QVERIFY(deferred.done);
        QCOMPARE(str(deferred.reply.value), std::string("released now\n"));
        QCOMPARE(str(queued.reply.value), std::string("after\n"));
        QCOMPARE(a->pending(), std::size_t(0));
    }

    // Replying after the client left is a no-op; the connection is gone from the server.
    // A connection with a pending request is not polled for input (that would spin), so a
    // client's hang-up is noticed when the reply is sent; that reply then goes nowhere.
    void reply_after_close() {
        QVERIFY(spin_until([&] { return server_->connection_count() == 0; }));
        {
            auto a = connect();
            async_result r;
            a->transact_async("defer", {}, recorder(r));
            QVERIFY(spin_until([&] { return deferred_.size() == 1; }));
            QVERIFY(deferred_.front().pending());
            QVERIFY(!deferred_.front().name().empty());
            QCOMPARE(server_->connection_count(), std::size_t(1));
        }
        unixctl_conn late = deferred_.front();
        deferred_.clear();
        late.reply("nobody listens");
        QVERIFY(!late.pending());
        late.reply_error("a second reply is ignored");
        QVERIFY(spin_until([&] { return server_->connection_count() == 0; }));
        QVERIFY(late.name().empty());
    }

    // At the connection limit a new client is accepted and closed at once (it sees EOF, not a
    // hang), the open ones keep working, and a freed slot is usable again.
    void connection_limit() {
        QVERIFY(spin_until([&] { return server_->connection_count() == 0; }));
        QCOMPARE(unixctl_server::default_max_connections, std::size_t(256));
        server_->set_max_connections(2);
        auto a = connect();
        auto b = connect();
        QCOMPARE(call(*a, "echo", {"a"}).error, 0);
        QCOMPARE(call(*b, "echo", {"b"}).error, 0);
        auto c = connect();
        QVERIFY(c); // the kernel completes the connection before the server sees it
        async_result refused = call(*c, "echo", {"c"});
        QVERIFY2(refused.error == EOF || refused.error == ECONNRESET,
                 qPrintable(QString::number(refused.error)));
        QCOMPARE(server_->connection_count(), std::size_t(2));
        QCOMPARE(str(call(*a, "echo", {"a"}).reply.value), std::string("a\n"));
        a.reset();
        QVERIFY(spin_until([&] { return server_->connection_count() == 1; }));
        auto d = connect();
        QCOMPARE(call(*d, "echo", {"d"}).error, 0);
        server_->set_max_connections(unixctl_server::default_max_connections);
    }

    void async_timeout() {
        auto a = connect();
        async_result blocked, late;
        a->transact_async("block", {}, recorder(blocked), 100);
        QVERIFY(spin_until([&] { return blocked.done; }));
        QCOMPARE(blocked.error, ETIMEDOUT);
        QCOMPARE(a->pending(), std::size_t(0));
        // The connection stays stalled behind `block`, so the sync transaction times out too.
        unixctl_reply reply;
        QCOMPARE(a->transact("echo", {"x"}, reply, 100), ETIMEDOUT);
        a->transact_async("echo", {"y"}, recorder(late), 100);
        QVERIFY(spin_until([&] { return late.done; }));
        QCOMPARE(late.error, ETIMEDOUT);
    }

    // When the server goes away, pending requests fail with EOF.
    void server_closes() {
        std::unique_ptr<unixctl_server> s2;
        QCOMPARE(unixctl_server::create("second.ctl", s2), 0);
        QCOMPARE(QString::fromStdString(s2->path()), dir_.path() + "/second.ctl");
        struct stat st {};
        QCOMPARE(stat(s2->path().c_str(), &st), 0);
        QVERIFY(S_ISSOCK(st.st_mode));
        QCOMPARE(st.st_mode & 0007, 0u);
        std::unique_ptr<unixctl_client> c;
        QCOMPARE(unixctl_client::create("second.ctl", c), 0); // relative to the rundir
        async_result r, b;
        c->transact_async("block", {}, recorder(b));
        QVERIFY(spin_until([&] { return s2->connection_count() == 1; }));
        s2.reset();
        QVERIFY(spin_until([&] { return b.done; }));
        // EOF, or ECONNRESET when the kernel resets the connection.
        QVERIFY2(b.error == EOF || b.error == ECONNRESET, qPrintable(QString::number(b.error)));
        QCOMPARE(c->status(), b.error);
    }

    void none_and_failures() {
        std::unique_ptr<unixctl_server> s;
        QCOMPARE(unixctl_server::create("none", s), 0);
        QVERIFY(!s);
        QCOMPARE(unixctl_server::create("/nonexistent/dir/x.ctl", s), ENOENT);
        QVERIFY(!s);
        std::unique_ptr<unixctl_client> c;
        QCOMPARE(unixctl_client::create("/nonexistent/dir/x.ctl", c), ENOENT);
        std::string socket, pidfile;
        QCOMPARE(unixctl_resolve_target("missing", socket, pidfile), ENOENT);
        QCOMPARE(QString::fromStdString(pidfile), dir_.path() + "/missing.pid");
        QCOMPARE(unixctl_resolve_target("/a/b.ctl", socket, pidfile), 0);
        QCOMPARE(socket, std::string("/a/b.ctl"));
    }

    // Idle connections are not run by the loop: many open connections do not make a busy
    // client's requests cost more owner runs.
    void idle_connections_cost_nothing() {
        std::vector<std::unique_ptr<unixctl_client>> idle;
        for (int i = 0; i < 50; i++) {
            idle.push_back(connect());
            QVERIFY(idle.back());
        }
        auto busy = connect();
        QVERIFY(call(*busy, "echo", {"warm"}).error == 0);
        QVERIFY(spin_until([&] { return server_->connection_count() >= 51; }));
        // Let every new connection have its first run.
        for (int i = 0; i < 5; i++) {
            poll_immediate_wake();
            poll_block();
        }
        poll_loop_stats before = poll_loop::current().stats();
        for (int i = 0; i < 20; i++) {
            QCOMPARE(call(*busy, "echo", {"x"}).error, 0);
        }
        poll_loop_stats after = poll_loop::current().stats();
        // Each round trip runs a handful of owners (client, its connection); 50 idle
        // connections run on every iteration would add at least 50 runs per request.
        QVERIFY2(after.owner_runs - before.owner_runs < 20 * 20,
                 qPrintable(QString::number(after.owner_runs - before.owner_runs)));
    }
};

QTEST_GUILESS_MAIN(tst_unixctl)
#include "tst_unixctl.moc"
