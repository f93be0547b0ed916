// JSON-RPC messages are classified and validated exactly as OVS does, and print as OVS prints.
#include "vigil/json.h"
#include "vigil/jsonrpc.h"

#include <QtTest>
#include <boost/json.hpp>

using namespace vigil;

class TestJsonrpcMsg : public QObject {
    Q_OBJECT

private slots:
    // Must run first: the process-wide id counter starts at 0.
    void ids_start_at_zero_and_increment() {
        boost::json::value id;
        auto a = jsonrpc_msg::create_request("echo", boost::json::array(), &id);
        QCOMPARE(a->id, boost::json::value(0));
        QCOMPARE(id, boost::json::value(0));
        auto b = jsonrpc_msg::create_request("echo", boost::json::array());
        QCOMPARE(b->id, boost::json::value(1));
        QCOMPARE(QString::fromStdString(b->to_string()),
                 QStringLiteral("{\"id\":1,\"method\":\"echo\",\"params\":[]}"));
    }

    void validation_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected"); // the error text, or the type name if valid
        auto row = [](const char* name, const char* in, const char* out) {
            QTest::newRow(name) << QString::fromUtf8(in) << QString::fromUtf8(out);
        };
        row("array", "[]", "message is not a JSON object");
        row("method number", R"({"method":1,"params":[],"id":1})", "method is not a JSON string");
        row("method null", R"({"method":null,"params":[],"id":1})", "method is not a JSON string");
        row("unexpected member", R"({"method":"m","params":[],"id":1,"x":2})",
            "message has unexpected member \"x\"");
        row("unexpected member on reply", R"({"result":1,"id":1,"jsonrpc":"2.0"})",
            "message has unexpected member \"jsonrpc\"");
        row("params object", R"({"method":"m","params":{},"id":1})",
            "\"params\" must be JSON array");
        row("params string on reply", R"({"params":"x","result":1,"id":1})",
            "\"params\" must be JSON array");
        row("null result is a request", R"({"id":1,"result":null,"error":null})",
            "request must have \"method\"");
        row("request without params", R"({"method":"m","id":1})", "request must have \"params\"");
        row("request with null params", R"({"method":"m","params":null,"id":1})",
            "request must have \"params\"");
        row("notification without method", R"({"params":[]})", "notification must have \"method\"");
        row("notification without params", R"({"method":"m"})",
            "notification must have \"params\"");
        row("reply with method", R"({"method":"m","result":1,"id":1})",
            "reply must not have \"method\"");
        row("reply with params", R"({"params":[],"result":1,"id":1})",
            "reply must not have \"params\"");
        row("reply with error", R"({"result":1,"error":"e","id":1})",
            "reply must not have \"error\"");
        row("reply without id", R"({"result":1})", "reply must have \"id\"");
        row("error with method", R"({"method":"m","error":1,"id":1})",
            "error must not have \"method\"");
        row("error with params", R"({"params":[],"error":1,"id":1})",
            "error must not have \"params\"");
        row("error without id", R"({"error":1})", "error must have \"id\"");
        row("empty object", "{}", "notification must have \"method\"");

        row("valid request", R"({"method":"m","params":[1],"id":"x"})", "request");
        row("valid notification", R"({"method":"m","params":[],"id":null})", "notification");
        row("valid reply", R"({"result":0,"error":null,"id":[1]})", "reply");
        row("valid error with null result", R"({"result":null,"error":{"e":1},"id":1})", "error");
        row("valid error without result", R"({"error":"x","id":1})", "error");
    }

    void validation() {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        auto json = json_from_string(input.toStdString());
        QVERIFY(json);
        std::string error;
        auto msg = jsonrpc_msg::from_json(std::move(*json), error);
        if (msg) {
            QVERIFY(error.empty());
            QCOMPARE(QString::fromUtf8(jsonrpc_msg_type_to_string(msg->type)), expected);
            QCOMPARE(QString::fromStdString(msg->validate()), QString());
        } else {
            QCOMPARE(QString::fromStdString(error), expected);
        }
    }

    // P1 and P2: what test-jsonrpc prints for a reply and for an error.
    void printing() {
        auto params = json_from_string(R"([{"a":"b","x":null}])");
        auto reply = jsonrpc_msg::create_reply(*params, 0);
        QCOMPARE(QString::fromStdString(reply->to_string()),
                 QStringLiteral(R"({"error":null,"id":0,"result":[{"a":"b","x":null}]})"));
        auto error = jsonrpc_msg::create_error(boost::json::object{{"error", "unknown method"}}, 0);
        QCOMPARE(QString::fromStdString(error->to_string()),
                 QStringLiteral(R"({"error":{"error":"unknown method"},"id":0,"result":null})"));
        auto notify = jsonrpc_msg::create_notify("shutdown", boost::json::array());
        QCOMPARE(QString::fromStdString(notify->to_string()),
                 QStringLiteral(R"({"id":null,"method":"shutdown","params":[]})"));
    }

    // The wire form carries the same members and parses back to an equal message.
    void serialize_round_trip_data() {
        QTest::addColumn<int>("kind");
        QTest::newRow("request") << 0;
        QTest::newRow("notification") << 1;
        QTest::newRow("reply") << 2;
        QTest::newRow("error") << 3;
    }

    void serialize_round_trip() {
        QFETCH(int, kind);
        std::unique_ptr<jsonrpc_msg> msg;
        boost::json::array params{1, "two\n", boost::json::object{{"k", 1.5}}};
        switch (kind) {
        case 0:
            msg = jsonrpc_msg::create_request("m\"x", params);
            break;
        case 1:
            msg = jsonrpc_msg::create_notify("n", params);
            break;
        case 2:
            msg = jsonrpc_msg::create_reply(params, "id-7");
            break;
        default:
            msg = jsonrpc_msg::create_error("boom", 9);
            break;
        }
        std::string wire;
        msg->serialize(wire);
        auto json = json_from_string(wire);
        QVERIFY2(json, wire.c_str());
        QCOMPARE(json_to_string(*json, json_sort), msg->to_string());
        std::string error;
        auto back = jsonrpc_msg::from_json(std::move(*json), error);
        QVERIFY2(back, error.c_str());
        QCOMPARE(int(back->type), int(msg->type));
        QCOMPARE(back->method, msg->method);
        QCOMPARE(back->params, msg->params);
        QCOMPARE(back->result, msg->result);
        QCOMPARE(back->error, msg->error);
        QCOMPARE(back->id, msg->id);
    }

    void never_a_null_success_result() {
        auto reply = jsonrpc_msg::create_reply(nullptr, 3);
        QVERIFY(!reply->result.is_null());
        std::string wire;
        reply->serialize(wire);
        std::string error;
        auto back = jsonrpc_msg::from_json(*json_from_string(wire), error);
        QVERIFY2(back, error.c_str());
        QCOMPARE(int(back->type), int(jsonrpc_msg_type::reply));
    }

    void type_names() {
        QCOMPARE(QString(jsonrpc_msg_type_to_string(jsonrpc_msg_type::request)), "request");
        QCOMPARE(QString(jsonrpc_msg_type_to_string(jsonrpc_msg_type::notify)), "notification");
        QCOMPARE(QString(jsonrpc_msg_type_to_string(jsonrpc_msg_type::reply)), "reply");
        QCOMPARE(QString(jsonrpc_msg_type_to_string(jsonrpc_msg_type::error)), "error");
    }
};

QTEST_GUILESS_MAIN(TestJsonrpcMsg)
#include "tst_jsonrpc_msg.moc"
