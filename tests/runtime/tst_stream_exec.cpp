// The "exec:" stream and its word splitting: split/join tables, a child's stdio as a stream
// (cat, socat to a unix server), errors, EOF, and reaping of the child when the stream closes.
#include "stream_test_util.h"
#include "test_util.h"
#include "vigil/exec_args.h"
#include "vigil/poll_loop.h"
#include "vigil/stream.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

using namespace vigil;
using vigil::test::wait_until;

namespace {

QStringList to_list(const std::vector<std::string>& words) {
    QStringList l;
    for (const auto& w : words) {
        l << QString::fromStdString(w);
    }
    return l;
}

// Receives from `s` until `want` bytes arrived, EOF, an error or 10 s; returns the bytes and
// sets `result` to the last recv() value.
std::string recv_until(stream& s, std::size_t want, ssize_t& result) {
    std::string got;
    wait_until([&] {
        char buf[4096];
        result = s.recv(buf, sizeof buf);
        if (result > 0) {
            got.append(buf, static_cast<std::size_t>(result));
        }
        return got.size() >= want || (result <= 0 && result != -EAGAIN);
    });
    return got;
}

// Sends all of `data` on `s`; false on an error or after 10 s.
bool send_all(stream& s, const std::string& data) {
    std::size_t sent = 0;
    bool ok = true;
    wait_until([&] {
        ssize_t r = s.send(data.data() + sent, data.size() - sent);
        if (r > 0) {
            sent += static_cast<std::size_t>(r);
        } else if (r != -EAGAIN) {
            ok = false;
            return true;
        }
        return sent == data.size();
    });
    return ok && sent == data.size();
}

// Reads the first line the child prints (its pid, by the scripts below).
pid_t read_pid(stream& s) {
    std::string line;
    wait_until([&] {
        char c;
        ssize_t r = s.recv(&c, 1);
        if (r == 1 && c != '\n') {
            line += c;
        }
        return (r == 1 && c == '\n') || (r <= 0 && r != -EAGAIN);
    });
    return line.empty() ? -1 : static_cast<pid_t>(std::stol(line));
}

// True while `pid` exists, zombie or not: a reaped process has no /proc entry.
bool process_exists(pid_t pid) {
    return QFile::exists(QStringLiteral("/proc/%1").arg(pid));
}

// The number of our direct children, zombies included (from every /proc/PID/stat).
int child_count() {
    int n = 0;
    for (const QString& entry : QDir("/proc").entryList(QDir::Dirs)) {
        bool numeric = false;
        entry.toInt(&numeric);
        if (!numeric) {
            continue;
        }
        QFile f("/proc/" + entry + "/stat");
        if (!f.open(QIODevice::ReadOnly)) {
            continue;
        }
        QByteArray stat = f.readAll();
        int close = stat.lastIndexOf(')');
        QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        if (fields.size() > 1 && fields[1].toInt() == getpid()) {
            n++;
        }
    }
    return n;
}

} // namespace

class tst_stream_exec : public QObject {
    Q_OBJECT

private slots:
    void split_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("error");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("plain") << "cat" << 0 << QStringList{"cat"};
        QTest::newRow("spaces") << "  socat \t STDIO  UNIX-CONNECT:/x \n"
                                << 0 << QStringList{"socat", "STDIO", "UNIX-CONNECT:/x"};
        QTest::newRow("single quotes") << "sh -c 'echo $HOME \"x\" \\n'" << 0
                                       << QStringList{"sh", "-c", "echo $HOME \"x\" \\n"};
        QTest::newRow("double quotes") << "a \"b c\" \"\\\" \\\\ \\$ \\` \\n\"" << 0
                                       << QStringList{"a", "b c", "\" \\ $ ` \\n"};
        QTest::newRow("backslash outside")
            << "a\\ b \\'c \\\\" << 0 << QStringList{"a b", "'c", "\\"};
        QTest::newRow("adjacent parts") << "x'y z'\"w\"v" << 0 << QStringList{"xy zwv"};
        QTest::newRow("empty words") << "'' \"\" a" << 0 << QStringList{"", "", "a"};
        QTest::newRow("empty") << "" << EINVAL << QStringList{};
        QTest::newRow("blank") << " \t\n" << EINVAL << QStringList{};
        QTest::newRow("unterminated single") << "a 'b" << EINVAL << QStringList{};
        QTest::newRow("unterminated double") << "a \"b\\\"" << EINVAL << QStringList{};
        QTest::newRow("trailing backslash") << "a \\" << EINVAL << QStringList{};
    }
    void split() {
        QFETCH(QString, text);
        QFETCH(int, error);
        QFETCH(QStringList, words);
        std::vector<std::string> got{"stale"};
        QCOMPARE(split_exec_args(text.toStdString(), got), error);
        QCOMPARE(to_list(got), words);
    }

    void round_trip_data() {
        QTest::addColumn<QStringList>("words");
        QTest::newRow("plain") << QStringList{"socat", "STDIO", "UNIX-CONNECT:/run/x.ctl"};
        QTest::newRow("spaces") << QStringList{"a b", " ", "\t\n"};
        QTest::newRow("quotes") << QStringList{"it's", "\"q\"", "'", "''"};
        QTest::newRow("shell chars") << QStringList{"$HOME", "`id`", "a;b", "x|y", "*", "~", "\\"};
        QTest::newRow("empty word") << QStringList{"", "a", ""};
    }
    void round_trip() {
        QFETCH(QStringList, words);
        std::vector<std::string> in;
        for (const auto& w : words) {
            in.push_back(w.toStdString());
        }
        std::vector<std::string> out;
        QCOMPARE(split_exec_args(join_exec_args(in), out), 0);
        QCOMPARE(to_list(out), words);
    }

    void sh_quote_data() {
        QTest::addColumn<QString>("word");
        QTest::addColumn<QString>("quoted");
        QTest::newRow("plain") << "/run/openvswitch/x.ctl"
                               << "/run/openvswitch/x.ctl";
        QTest::newRow("empty") << ""
                               << "''";
        QTest::newRow("space") << "a b"
                               << "'a b'";
        QTest::newRow("quote") << "it's"
                               << "'it'\\''s'";
        QTest::newRow("dollar") << "$x"
                                << "'$x'";
    }
    void sh_quote() {
        QFETCH(QString, word);
        QFETCH(QString, quoted);
        QCOMPARE(QString::fromStdString(vigil::sh_quote(word.toStdString())), quoted);
    }

    // sh itself must read sh_quote()'s output back as the same word.
    void sh_quote_through_sh() {
        const std::string word = "a 'b' \"c\" $HOME `id` \\ ;|&";
        QProcess p;
        p.start("sh", {"-c", QString::fromStdString("printf %s " + vigil::sh_quote(word))});
        QVERIFY(p.waitForFinished());
        QCOMPARE(p.readAllStandardOutput().toStdString(), word);
    }

    void names() {
        QCOMPARE(stream_verify_name("exec:cat"), 0);
        QCOMPARE(stream_or_pstream_needs_probes("exec:cat"), 0);
        std::unique_ptr<stream> s;
        QCOMPARE(stream::open("exec:", 0, s), EINVAL);
        QCOMPARE(stream::open("exec:cat 'x", 0, s), EINVAL);
        QVERIFY(!s);
    }

    void cat_echo() {
        std::unique_ptr<stream> s;
        QCOMPARE(stream::open("exec:cat", 0, s), 0);
        QVERIFY(s);
        QCOMPARE(s->connect(), 0);
        QVERIFY(s->fd() >= 0);
        std::string data(100000, 'x');
        for (std::size_t i = 0; i < data.size(); i++) {
            data[i] = static_cast<char>('a' + i % 26);
        }
        // Interleave sending and receiving: cat blocks once the socket buffers are full.
        std::size_t sent = 0;
        std::string got;
        QVERIFY(wait_until([&] {
            if (sent < data.size()) {
                ssize_t r = s->send(data.data() + sent, data.size() - sent);
                if (r > 0) {
                    sent += static_cast<std::size_t>(r);
                }
            }
            char buf[8192];
            ssize_t r = s->recv(buf, sizeof buf);
            if (r > 0) {
                got.append(buf, static_cast<std::size_t>(r));
            }
            return got.size() >= data.size();
        }));
        QCOMPARE(got, data);
    }

    void socat_to_unix_server() {
        QTemporaryDir dir;
        std::string path = dir.filePath("srv.sock").toStdString();
        std::unique_ptr<pstream> listener;
        QCOMPARE(pstream::open("punix:" + path, 0, listener), 0);
        std::unique_ptr<stream> client;
        QCOMPARE(stream::open("exec:socat STDIO UNIX-CONNECT:" + path, 0, client), 0);
        QVERIFY(send_all(*client, "ping\n"));
        std::unique_ptr<stream> server;
        QCOMPARE(test::accept_block(*listener, server), 0);
        ssize_t r = 0;
        QCOMPARE(recv_until(*server, 5, r), std::string("ping\n"));
        QVERIFY(send_all(*server, "pong\n"));
        QCOMPARE(recv_until(*client, 5, r), std::string("pong\n"));
        // The server hanging up ends socat, which is EOF for the client.
        server.reset();
        recv_until(*client, 1, r);
        QCOMPARE(r, ssize_t(0));
    }

    void missing_program() {
        int before = child_count();
        std::unique_ptr<stream> s;
        QCOMPARE(stream::open("exec:/nonexistent/vigil-no-such-program", 0, s), ENOENT);
        QCOMPARE(stream::open("exec:vigil-no-such-program-in-path arg", 0, s), ENOENT);
        QVERIFY(!s);
        QCOMPARE(child_count(), before);
    }

    void child_exit_is_eof() {
        std::unique_ptr<stream> s;
        QCOMPARE(stream::open("exec:sh -c 'echo bye'", 0, s), 0);
        ssize_t r = 0;
        QCOMPARE(recv_until(*s, 4, r), std::string("bye\n"));
        recv_until(*s, 1, r);
        QCOMPARE(r, ssize_t(0));
    }

    void close_reaps_child() {
        std::unique_ptr<stream> s;
        QCOMPARE(stream::open("exec:sh -c 'echo $$; exec cat'", 0, s), 0);
        pid_t pid = read_pid(*s);
        QVERIFY(pid > 0);
        QVERIFY(process_exists(pid));
        s.reset();
        QVERIFY(wait_until([&] { return !process_exists(pid); }));
    }

    void exited_child_reaped_on_close() {
        std::unique_ptr<stream> s;
        QCOMPARE(stream::open("exec:sh -c 'echo $$'", 0, s), 0);
        pid_t pid = read_pid(*s);
        QVERIFY(pid > 0);
        ssize_t r = 0;
        recv_until(*s, 1, r);
        QCOMPARE(r, ssize_t(0));
        s.reset();
        QVERIFY(wait_until([&] { return !process_exists(pid); }));
    }

    // A descriptor we opened without close-on-exec does not live on in the child (a relay
    // holding a listener or another connection open would keep its peer connected).
    void inherited_fds_closed() {
        int fd = fcntl(STDERR_FILENO, F_DUPFD, 50);
        QVERIFY(fd >= 50);
        std::string script = "exec:sh -c 'if test -e /proc/$$/fd/" + std::to_string(fd) +
                             "; then echo leaked; else echo closed; fi'";
        std::unique_ptr<stream> s;
        int error = stream::open(script, 0, s);
        close(fd);
        QCOMPARE(error, 0);
        ssize_t r = 0;
        QCOMPARE(recv_until(*s, 7, r), std::string("closed\n"));
    }

    // A child that neither reads its stdin nor honours SIGTERM is killed, and so is the rest of
    // its process group.
    void stubborn_child_killed() {
        std::unique_ptr<stream> s;
        QCOMPARE(stream::open("exec:sh -c 'trap \"\" TERM HUP; echo $$; sleep 1000 & "
                              "echo $!; exec sleep 1000'",
                              0, s),
                 0);
        pid_t pid = read_pid(*s);
        pid_t grandchild = read_pid(*s);
        QVERIFY(pid > 0);
        QVERIFY(grandchild > 0);
        s.reset();
        QVERIFY(wait_until([&] { return !process_exists(pid); }));
        QVERIFY(wait_until([&] { return !process_exists(grandchild); }));
    }
};

QTEST_GUILESS_MAIN(tst_stream_exec)
#include "tst_stream_exec.moc"
