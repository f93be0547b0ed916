// The JSON layer prints what OVS prints and rejects what OVS rejects, with OVS's error texts.
#include "vigil/json.h"

#include <QtTest>
#include <boost/json.hpp>
#include <string>

using namespace vigil;

namespace {

// Parses `text` and returns the sorted compact serialization, or "error: <text without the
// position prefix>" as OVS's test-json prints after the suite strips the prefix.
std::string roundtrip(const std::string& text, unsigned flags = json_sort) {
    std::string error;
    auto v = json_from_string(text, &error);
    if (!v) {
        auto colon = error.find(": ");
        return "error: " + (colon == std::string::npos ? error : error.substr(colon + 2));
    }
    return json_to_string(*v, flags);
}

} // namespace

class TestJson : public QObject {
    Q_OBJECT

private slots:
    void parse_and_print_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        auto row = [](const char* name, const std::string& in, const std::string& out) {
            QTest::newRow(name) << QByteArray::fromStdString(in) << QByteArray::fromStdString(out);
        };
        row("empty array", "[]", "[]");
        row("empty object", "{}", "{}");
        row("whitespace", " \t\r\n[ 1 , 2 ]\n ", "[1,2]");
        row("keywords", "[true, false, null]", "[true,false,null]");
        row("sorted keys", R"({"b":1,"a":2,"B":3,"":4})", R"({"":4,"B":3,"a":2,"b":1})");
        row("bytewise sort",
            "{\"\xc3\xa9"
            "\":1,\"z\":2}",
            "{\"z\":2,\"\xc3\xa9"
            "\":1}");
        row("duplicate key last wins", R"({"a":1,"a":2})", R"({"a":2})");
        row("1.0 is integer", "[1.0]", "[1]");
        row("2e5 is integer", "[2e5]", "[200000]");
        row("-0 is 0", "[-0, -0.0, 1e-9999]", "[0,0,0]");
        row("int64 max", "[9223372036854775807]", "[9223372036854775807]");
        row("int64 min", "[-9223372036854775808]", "[-9223372036854775808]");
        row("int64 min real", "[-9.223372036854775808e18]", "[-9223372036854775808]");
        row("above int64 becomes real", "[9223372036854775808]", "[9.22337203685478e+18]");
        row("huge integer", "[9223372036854775807000]", "[9.22337203685478e+21]");
        row("%.15g", "[1.7976931348623157e+308, 0.1, 3.14159265358979323846, 1e-7]",
            "[1.79769313486232e+308,0.1,3.14159265358979,1e-07]");
        row("large exact integer", "[1e17]", "[100000000000000000]");
        row("escapes out", "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\"]",
            "[\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f"
            "\"]");
        row("unicode escape", "[\"\\u00e9\\u20ac\\ud834\\udd1e\"]",
            "[\"\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e"
            "\"]");
        row("raw high bytes pass through",
            "[\"\xff\xfe\x80"
            "\"]",
            "[\"\xff\xfe\x80"
            "\"]");
        row("nested", R"({"a":[{"b":{}}, []]})", R"({"a":[{"b":{}},[]]})");

        // Errors (position prefix stripped).
        row("scalar top level", R"("xxx")", "error: syntax error at beginning of input");
        row("null top level", "null", "error: syntax error at beginning of input");
        row("number top level", "1", "error: syntax error at beginning of input");
        row("empty", "", "error: empty input stream");
        row("only whitespace", "  \n ", "error: empty input stream");
        row("form feed", "\f[]", "error: invalid character U+000c");
        row("bad char", "[#]", "error: invalid character '#'");
        row("upper case", "[True]", "error: invalid character 'T'");
        row("high byte outside string", "[\xc3]", "error: invalid character U+00c3");
        row("bad keyword", "[tru]", "error: invalid keyword 'tru'");
        row("bad keyword 2", "[nulll]", "error: invalid keyword 'nulll'");
        row("raw control in string",
            "[\"a\x01"
            "\"]",
            "error: U+0001 must be escaped in quoted string");
        row("raw newline in string", "[\"a\nb\"]",
            "error: U+000A must be escaped in quoted string");
        row("bad escape", "[\"\\x\"]", "error: bad escape \\x");
        row("nul escape", "[\"\\u0000\"]", "error: null bytes not supported in quoted strings");
        row("nul escape in key", "{\"\\u0000\":1}",
            "error: null bytes not supported in quoted strings");
        row("malformed u", "[\"\\u12x4\"]", "error: malformed \\u escape");
        row("lone high surrogate", "[\"\\ud834\"]", "error: malformed escaped surrogate pair");
        row("unterminated string", "[\"abc", "error: unexpected end of input in quoted string");
        row("leading zero", "[01]", "error: leading zeros not allowed");
        row("minus", "[-]", "error: '-' must be followed by digit");
        row("decimal point", "[1.]", "error: decimal point must be followed by digit");
        row("exponent", "[1e]", "error: exponent must contain at least one digit");
        row("exponent sign", "[1e+]", "error: exponent must contain at least one digit");
        row("inf", "[1e400]", "error: number outside valid range");
        row("object expecting string", "{1:2}",
            "error: syntax error parsing object expecting string");
        row("object expecting string after comma", R"({"a":1,})",
            "error: syntax error parsing object expecting string");
        row("object expecting colon", R"({"a" 1})",
            "error: syntax error parsing object expecting ':'");
        row("object expecting value", R"({"a":})", "error: syntax error expecting value");
        row("object expecting end", R"({"a":1 "b":2})", "error: syntax error expecting '}' or ','");
        row("array expecting value", "[1,]", "error: syntax error expecting value");
        row("array expecting end", "[1 2]", "error: syntax error expecting ']' or ','");
        row("unexpected end", "[1,", "error: unexpected end of input");
        row("trailing garbage", "[] x", "error: trailing garbage at end of input");
        row("two values", "[] []", "error: trailing garbage at end of input");
    }

    void parse_and_print() {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QCOMPARE(QByteArray::fromStdString(roundtrip(input.toStdString())), expected);
    }

    void error_position() {
        std::string error;
        QVERIFY(!json_from_string("{\n  \"a\": tru }", &error));
        QCOMPARE(QString::fromStdString(error),
                 QStringLiteral("line 1, column 7, byte 9: invalid keyword 'tru'"));
        QVERIFY(!json_from_string("", &error));
        QCOMPARE(QString::fromStdString(error),
                 QStringLiteral("line 0, column 0, byte 0: empty input stream"));
        QVERIFY(!json_from_string("[1,\n2 x]", &error));
        QCOMPARE(QString::fromStdString(error),
                 QStringLiteral("line 1, column 2, byte 6: invalid keyword 'x'"));
    }

    void depth_limit() {
        std::string ok = std::string(1000, '[') + std::string(1000, ']');
        QVERIFY(json_from_string(ok).has_value());
        std::string deep = std::string(1001, '[') + std::string(1001, ']');
        std::string error;
        QVERIFY(!json_from_string(deep, &error));
        QVERIFY2(error.find("input exceeds maximum nesting depth 1000") != std::string::npos,
                 error.c_str());
        QVERIFY2(error.find("byte 1000:") != std::string::npos, error.c_str());
    }

    void integers_are_int64() {
        auto v = json_from_string("[1.0, 2, 1.5, 9223372036854775807, -9223372036854775808]");
        QVERIFY(v);
        const auto& a = v->get_array();
        QVERIFY(a[0].is_int64());
        QCOMPARE(a[0].get_int64(), 1);
        QVERIFY(a[1].is_int64());
        QVERIFY(a[2].is_double());
        QCOMPARE(a[3].get_int64(), INT64_MAX);
        QCOMPARE(a[4].get_int64(), INT64_MIN);
        // The same value parsed two ways compares equal (reply ids are matched this way).
        QCOMPARE(*json_from_string("[1.0]"), *json_from_string("[1]"));
    }

    void normalize_foreign_values() {
        boost::json::value v = boost::json::parse(R"({"a":[1.0, 18446744073709551615, 2.5]})");
        json_normalize_numbers(v);
        QCOMPARE(QString::fromStdString(json_to_string(v)),
                 QStringLiteral(R"({"a":[1,1.84467440737096e+19,2.5]})"));
    }

    void serializer_compact_unsorted_keeps_order() {
        boost::json::object o;
        o["z"] = 1;
        o["a"] = boost::json::array{1, "x", nullptr};
        QCOMPARE(QString::fromStdString(json_to_string(o)),
                 QStringLiteral(R"({"z":1,"a":[1,"x",null]})"));
        QCOMPARE(QString::fromStdString(json_to_string(o, json_sort)),
                 QStringLiteral(R"({"a":[1,"x",null],"z":1})"));
    }

    void serializer_reals() {
        QCOMPARE(json_to_string(boost::json::value(3.0)), std::string("3"));
        QCOMPARE(json_to_string(boost::json::value(0.5)), std::string("0.5"));
        QCOMPARE(json_to_string(boost::json::value(1e300)), std::string("1e+300"));
        QCOMPARE(json_to_string(boost::json::value(-2.5e-5)), std::string("-2.5e-05"));
        QCOMPARE(json_to_string(boost::json::value(std::int64_t(-42))), std::string("-42"));
    }

    void pretty_layout() {
        auto v = json_from_string(R"({"reply":"x","reply-format":"plain"})");
        QVERIFY(v);
        QCOMPARE(json_to_string(*v, json_pretty | json_sort),
                 std::string("{\n  \"reply\": \"x\",\n  \"reply-format\": \"plain\"}"));
        v = json_from_string(R"({"a":[1,{"b":[]},{}],"c":{"d":null}})");
        QVERIFY(v);
        QCOMPARE(json_to_string(*v, json_pretty | json_sort), std::string("{\n"
                                                                          "  \"a\": [\n"
                                                                          "    1,\n"
                                                                          "    {\n"
                                                                          "      \"b\": []},\n"
                                                                          "    {\n"
                                                                          "      }],\n"
                                                                          "  \"c\": {\n"
                                                                          "    \"d\": null}}"));
        QCOMPARE(json_to_string(*json_from_string("[]"), json_pretty), std::string("[]"));
        QCOMPARE(json_to_string(*json_from_string("{}"), json_pretty), std::string("{\n  }"));
    }

    void type_names() {
        QCOMPARE(json_type_name(nullptr), std::string_view("null"));
        QCOMPARE(json_type_name(false), std::string_view("false"));
        QCOMPARE(json_type_name(true), std::string_view("true"));
        QCOMPARE(json_type_name(boost::json::object()), std::string_view("object"));
        QCOMPARE(json_type_name(boost::json::array()), std::string_view("array"));
        QCOMPARE(json_type_name(1), std::string_view("number"));
        QCOMPARE(json_type_name(1.5), std::string_view("number"));
        QCOMPARE(json_type_name("s"), std::string_view("string"));
    }

    // The incremental parser frames concatenated values fed at any split point.
    void incremental_any_split() {
        const std::string stream = "{\"a\":\"x\\\"y\",\"b\":[1.5,true]} [2]\n"
                                   "            {\"c\":{\"d\":\"\\u00e9\"}}";
        const std::string expected =
            "{\"a\":\"x\\\"y\",\"b\":[1.5,true]}|[2]|{\"c\":{\"d\":\"é\"}}|";
        for (std::size_t chunk = 1; chunk <= stream.size(); chunk++) {
            json_parser parser;
            std::string got;
            for (std::size_t pos = 0; pos < stream.size(); pos += chunk) {
                std::size_t n = std::min(chunk, stream.size() - pos);
                std::size_t off = 0;
                while (off < n) {
                    off += parser.feed(stream.data() + pos + off, n - off);
                    QVERIFY2(!parser.failed(), parser.error().c_str());
                    if (parser.done()) {
                        got += json_to_string(parser.take(), json_sort) + "|";
                    }
                }
            }
            QVERIFY(parser.idle());
            QCOMPARE(got, expected);
        }
    }

    void incremental_error_position_across_chunks() {
        json_parser parser;
        std::string a = "{\"a\":\n [1,";
        std::string b = " 2 x]}";
        QCOMPARE(parser.feed(a.data(), a.size()), a.size());
        parser.feed(b.data(), b.size());
        QVERIFY(parser.failed());
        QCOMPARE(QString::fromStdString(parser.error()),
                 QStringLiteral("line 1, column 7, byte 13: invalid keyword 'x'"));
        parser.reset();
        QVERIFY(parser.idle());
        QVERIFY(!parser.failed());
    }

    void finish_reports_truncation() {
        json_parser parser;
        std::string a = "{\"a\":\"xy";
        parser.feed(a.data(), a.size());
        QVERIFY(!parser.failed());
        parser.finish();
        QVERIFY(parser.failed());
        QVERIFY2(parser.error().find("unexpected end of input in quoted string") !=
                     std::string::npos,
                 parser.error().c_str());
    }

    // The escape scan goes 16 or 32 bytes at a time: every byte that needs escaping is found
    // wherever it falls in a block, in strings of every length around the block sizes.
    void escapes_found_at_every_position() {
        for (char special : {'"', '\\', '\n', '\x01', '\x1f'}) {
            for (std::size_t length = 1; length <= 80; length++) {
                for (std::size_t at = 0; at < length; at++) {
                    std::string s(length, 'x');
                    s[at] = special;
                    QVERIFY(json_string_needs_escape(s));
                    std::string out;
                    json_serialize_string(s, out);
                    std::string expected = "\"" + std::string(at, 'x');
                    expected += json_to_string(boost::json::value(std::string(1, special)))
                                    .substr(1, special == '\x01' || special == '\x1f' ? 6 : 2);
                    expected += std::string(length - at - 1, 'x') + "\"";
                    QCOMPARE(out, expected);
                }
                QVERIFY(!json_string_needs_escape(std::string(length, '\x7f')));
                QVERIFY(!json_string_needs_escape(std::string(length, '\xc3')));
            }
        }
    }

    // A value checked as it arrived and then parsed again to be built skips the NUL check the
    // second time (the first pass made it); a fresh parser still rejects NULs.
    void prechecked_skips_only_the_repeated_check() {
        const std::string text = "[\"a\\u0000b\"]";
        json_parser parser;
        parser.feed(text.data(), text.size());
        QVERIFY(parser.failed());
        QVERIFY(parser.error().find("null bytes not supported") != std::string::npos);
        parser.reset();
        parser.set_prechecked(true);
        parser.feed(text.data(), text.size());
        QVERIFY(parser.done());
        QCOMPARE(parser.take().as_array()[0].as_string().size(), std::size_t(3));
        parser.feed(text.data(), text.size()); // take() ends the precheck
        QVERIFY(parser.failed());
    }
};

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
