// JSON-RPC against peers nobody here wrote: a real ovsdb-server, and Open vSwitch's Python
// library as client and as server; plus how vigil-testd treats bad peers.
#include "process_util.h"

#include <QLocalSocket>
#include <QtTest>

using namespace vigil::test;

namespace {
const QString python = QStringLiteral("/usr/bin/python3");
}

class TestJsonrpcPeers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void vigilRpcAgainstOvsdbServer_data();
    void vigilRpcAgainstOvsdbServer();
    void testdAnswersEchoAndUnknownMethods_data();
    void testdAnswersEchoAndUnknownMethods();
    void testdServesTcpOnKernelChosenPort();
    void shutdownNotificationStopsListener();
    void pythonClientAgainstTestd();
    void vigilRpcAgainstPythonServer();
    void badMessageClosesOnlyThatPeer_data();
    void badMessageClosesOnlyThatPeer();
    void messagesSplitAndBatched();

private:
    QTemporaryDir dir_;
    QString ovsdbSock_;
    child testd_;
    QString testdSock_;
};

void TestJsonrpcPeers::initTestCase() {
    QVERIFY(dir_.isValid());
    QFile schema(dir_.filePath("bench.ovsschema"));
    QVERIFY(schema.open(QIODevice::WriteOnly));
    schema.write(
        R"({"name":"Bench","version":"1.0.0","tables":{"T":{"columns":{"name":{"type":"string"}}}}})");
    schema.close();
    run_result r = run("ovsdb-tool", {"create", dir_.filePath("db"), schema.fileName()});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    ovsdbSock_ = dir_.filePath("ovsdb.sock");
    r = run("ovsdb-server",
            {dir_.filePath("db"), "--remote=punix:" + ovsdbSock_,
             "--unixctl=" + dir_.filePath("ovsdb.ctl"), "--pidfile=" + dir_.filePath("ovsdb.pid"),
             "--log-file=" + dir_.filePath("ovsdb.log"), "--detach", "--no-chdir"});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QVERIFY(wait_until([&] { return QFile::exists(ovsdbSock_); }));

    testdSock_ = dir_.filePath("testd.sock");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("OVS_RUNDIR", dir_.path());
    QVERIFY(
        testd_.start(bin("vigil-testd"), {"--remote=punix:" + testdSock_, "--unixctl=none"}, env));
    QVERIFY(wait_until([&] { return QFile::exists(testdSock_); }));
}

void TestJsonrpcPeers::cleanupTestCase() {
    QFile pid(dir_.filePath("ovsdb.pid"));
    if (pid.open(QIODevice::ReadOnly)) {
        ::kill(pid.readAll().trimmed().toInt(), SIGTERM);
    }
    testd_.stop();
}

void TestJsonrpcPeers::vigilRpcAgainstOvsdbServer_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("params");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected"); // a regular expression over the printed line
    QTest::newRow("list_dbs") << "list_dbs"
                              << "[]" << 0
                              << R"(^\{"error":null,"id":0,"result":\["Bench","_Server"\]\}\n$)";
    QTest::newRow("get_schema") << "get_schema"
                                << R"(["Bench"])" << 0
                                << R"(^\{"error":null,"id":0,"result":\{.*"name":"Bench".*\}\}\n$)";
    QTest::newRow("echo") << "echo"
                          << R"([{"a":"b","x":null}])" << 0
                          << R"(^\{"error":null,"id":0,"result":\[\{"a":"b","x":null\}\]\}\n$)";
    QTest::newRow("unknown method")
        << "no_such_method"
        << "[]" << 2 << R"(^\{"error":"unknown method","id":0,"result":null\}\n$)";
}

void TestJsonrpcPeers::vigilRpcAgainstOvsdbServer() {
    QFETCH(QString, method);
    QFETCH(QString, params);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);
    run_result r = run(bin("vigil-rpc"), {"request", "unix:" + ovsdbSock_, method, params});
    QCOMPARE(r.exit_code, exitCode);
    QVERIFY2(QRegularExpression(expected).match(QString::fromUtf8(r.out)).hasMatch(),
             r.out.constData());
}

void TestJsonrpcPeers::testdAnswersEchoAndUnknownMethods_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("params");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("P1 echo") << "echo"
                             << R"([{"a":"b","x":null}])" << 0
                             << QByteArray(R"({"error":null,"id":0,"result":[{"a":"b","x":null}]})"
                                           "\n");
    QTest::newRow("P2 unknown")
        << "bogus"
        << "[]" << 2
        << QByteArray(R"({"error":{"error":"unknown method"},"id":0,"result":null})"
                      "\n");
    QTest::newRow("UTF-8 passes through")
        << "echo" << QString::fromUtf8("[\"caf\xc3\xa9\"]") << 0
        << QByteArray("{\"error\":null,\"id\":0,\"result\":[\"caf\xc3\xa9\"]}\n");
}

void TestJsonrpcPeers::testdAnswersEchoAndUnknownMethods() {
    QFETCH(QString, method);
    QFETCH(QString, params);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, expected);
    run_result r = run(bin("vigil-rpc"), {"request", "unix:" + testdSock_, method, params});
    QCOMPARE(r.exit_code, exitCode);
    QCOMPARE(r.out, expected);
}

void TestJsonrpcPeers::testdServesTcpOnKernelChosenPort() {
    child tcpd;
    QVERIFY(tcpd.start(bin("vigil-testd"), {"--remote=ptcp:0:127.0.0.1", "--unixctl=none"}));
    QVERIFY(tcpd.wait_for_stderr("listening on port "));
    QByteArray err = tcpd.stderr_text();
    QRegularExpressionMatch m =
        QRegularExpression("listening on port (\\d+)").match(QString::fromUtf8(err));
    QVERIFY(m.hasMatch());
    run_result r = run(bin("vigil-rpc"),
                       {"request", "tcp:127.0.0.1:" + m.captured(1), "echo", "[1,2.5,\"x\"]"});
    QCOMPARE(r.exit_code, 0);
    QCOMPARE(r.out, QByteArray(R"({"error":null,"id":0,"result":[1,2.5,"x"]})"
                               "\n"));
}

// P3: the notification "shutdown" makes the listener exit once its peers are gone, and its
// pidfile goes with it.
void TestJsonrpcPeers::shutdownNotificationStopsListener() {
    QString sock = dir_.filePath("shutdown.sock");
    QString pidfile = dir_.filePath("shutdown.pid");
    child d;
    QVERIFY(d.start(bin("vigil-testd"),
                    {"--remote=punix:" + sock, "--unixctl=none", "--pidfile=" + pidfile}));
    QVERIFY(wait_until([&] { return QFile::exists(sock) && QFile::exists(pidfile); }));
    run_result r = run(bin("vigil-rpc"), {"notify", "unix:" + sock, "shutdown", "[]"});
    QCOMPARE(r.exit_code, 0);
    QVERIFY(d.wait_finished());
    QCOMPARE(d.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(d.process().exitCode(), 0);
    QVERIFY(!QFile::exists(pidfile));
    QVERIFY(!QFile::exists(sock));
}

void TestJsonrpcPeers::pythonClientAgainstTestd() {
    run_result r =
        run(python, {source("tests/integration/scripts/ovs_py_client.py"), "unix:" + testdSock_,
                     "echo", R"(["hello",{"n":1}])", "bogus", "[]"});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QVERIFY2(QRegularExpression(R"(^\{("error":null,)?"id":\d+,"result":\["hello",\{"n":1\}\]\}$)")
                 .match(QString::fromUtf8(lines[0]))
                 .hasMatch(),
             lines[0].constData());
    QVERIFY2(QRegularExpression(
                 R"(^\{"error":\{"error":"unknown method"\},"id":\d+(,"result":null)?\}$)")
                 .match(QString::fromUtf8(lines[1]))
                 .hasMatch(),
             lines[1].constData());
}

void TestJsonrpcPeers::vigilRpcAgainstPythonServer() {
    QString sock = dir_.filePath("py.sock");
    QProcess server;
    server.start(python, {source("tests/integration/scripts/ovs_py_server.py"), "punix:" + sock});
    QVERIFY(server.waitForStarted());
    QVERIFY(server.waitForReadyRead(10000));
    QCOMPARE(server.readLine().trimmed(), QByteArray("ready"));
    run_result r = run(bin("vigil-rpc"),
                       {"request", "unix:" + sock, "echo", R"(["from vigil",[true,false,null]])"});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray(R"({"error":null,"id":0,"result":["from vigil",[true,false,null]]})"
                               "\n"));
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitCode(), 0);
}

void TestJsonrpcPeers::badMessageClosesOnlyThatPeer_data() {
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("logged");
    QTest::newRow("not an object")
        << QByteArray("[1,2]") << QByteArray("message is not a JSON object");
    QTest::newRow("method not string") << QByteArray(R"({"method":1,"params":[],"id":1})")
                                       << QByteArray("method is not a JSON string");
    QTest::newRow("null result is a request")
        << QByteArray(R"({"id":1,"result":null,"error":null})")
        << QByteArray(R"(request must have "method")");
    QTest::newRow("params not array") << QByteArray(R"({"method":"x","params":{},"id":1})")
                                      << QByteArray(R"("params" must be JSON array)");
    QTest::newRow("unexpected member")
        << QByteArray(R"({"method":"x","params":[],"id":1,"extra":2})")
        << QByteArray(R"(message has unexpected member "extra")");
    QTest::newRow("reply with error") << QByteArray(R"({"result":1,"error":"e","id":1})")
                                      << QByteArray(R"(reply must not have "error")");
    QTest::newRow("error without id")
        << QByteArray(R"({"error":"e"})") << QByteArray(R"(error must have "id")");
    QTest::newRow("notification with result")
        << QByteArray(R"({"method":"x","params":[],"result":1})")
        << QByteArray(R"(reply must not have "method")");
    QTest::newRow("syntax error") << QByteArray(R"({"method" "x"})")
                                  << QByteArray("error parsing stream");
}

void TestJsonrpcPeers::badMessageClosesOnlyThatPeer() {
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, logged);
    // A server of its own per case: the WARN lines are rate-limited per process.
    QString sock = dir_.filePath("bad.sock");
    child server;
    QVERIFY(server.start(bin("vigil-testd"), {"--remote=punix:" + sock, "--unixctl=none"}));
    QVERIFY(wait_until([&] { return QFile::exists(sock); }));
    QLocalSocket good, bad;
    // The socket file appears at bind(), a moment before listen(): retry until it accepts.
    QVERIFY(wait_until([&] {
        good.abort();
        good.connectToServer(sock);
        return good.waitForConnected(1000);
    }));
    bad.connectToServer(sock);
    QVERIFY(bad.waitForConnected(5000));
    bad.write(message);
    QVERIFY(bad.waitForBytesWritten(5000));
    // The server closes the bad peer: it reads EOF.
    QVERIFY(wait_until([&] {
        bad.waitForReadyRead(20);
        return bad.state() != QLocalSocket::ConnectedState;
    }));
    QVERIFY2(server.wait_for_stderr(logged), server.stderr_text().constData());
    // The other peer is still served.
    good.write(R"({"method":"echo","params":["still here"],"id":7})");
    QVERIFY(good.waitForBytesWritten(5000));
    QByteArray reply;
    QVERIFY(wait_until([&] {
        good.waitForReadyRead(20);
        reply += good.readAll();
        return reply.endsWith("}");
    }));
    QVERIFY2(reply.contains(R"("result":["still here"])"), reply.constData());
}

// P9: one message written a byte at a time, then 1000 messages in one write.
void TestJsonrpcPeers::messagesSplitAndBatched() {
    QLocalSocket s;
    s.connectToServer(testdSock_);
    QVERIFY(s.waitForConnected(5000));
    QByteArray one = R"(  {"method":"echo","params":["split"],"id":"a"}  )";
    for (char c : one) {
        s.write(&c, 1);
        s.flush();
    }
    QByteArray reply;
    QVERIFY(wait_until([&] {
        s.waitForReadyRead(20);
        reply += s.readAll();
        return reply.contains("split");
    }));
    QVERIFY2(reply.contains(R"("id":"a")") && reply.contains(R"("result":["split"])"),
             reply.constData());
    QByteArray batch;
    for (int i = 0; i < 1000; i++) {
        batch += R"({"method":"echo","params":[)" + QByteArray::number(i) + R"(],"id":)" +
                 QByteArray::number(i) + "}\n";
    }
    s.write(batch);
    QByteArray all;
    QVERIFY(wait_until([&] {
        s.waitForReadyRead(20);
        all += s.readAll();
        return all.count("\"result\"") >= 1000;
    }));
    QCOMPARE(all.count("\"result\""), qsizetype(1000));
    QVERIFY(all.contains(R"("result":[999])"));
}

QTEST_GUILESS_MAIN(TestJsonrpcPeers)
#include "tst_jsonrpc_peers.moc"
