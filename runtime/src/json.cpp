// The OVS-compatible JSON serializer, type names and number normalisation. The parser lives in
// json_parser.cpp.
#include "vigil/json.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#include <immintrin.h>
#endif

namespace vigil {

namespace {

// OVS indents pretty output by two spaces per level.
constexpr int spaces_per_level = 2;

// Maps each byte to the escape it needs: 0 = raw, 'u' = \u00xx, otherwise the letter after
// the backslash. Built once so the hot loop is a table lookup.
struct escape_table {
    char code[256];
    constexpr escape_table() : code() {
        for (int c = 0; c < 0x20; c++) {
            code[c] = 'u';
        }
        code['\b'] = 'b';
        code['\t'] = 't';
        code['\n'] = 'n';
        code['\f'] = 'f';
        code['\r'] = 'r';
        code['"'] = '"';
        code['\\'] = '\\';
    }
};
constexpr escape_table escapes;

struct serializer {
    std::string& out;
    unsigned flags;
    int depth = 0;

    void indent_line() {
        if (flags & json_pretty) {
            out.push_back('\n');
            out.append(static_cast<std::size_t>(spaces_per_level * depth), ' ');
        }
    }

    void member(std::string_view key, const boost::json::value& v) {
        json_serialize_string(key, out);
        out.push_back(':');
        if (flags & json_pretty) {
            out.push_back(' ');
        }
        value(v);
    }

    void object(const boost::json::object& obj) {
        out.push_back('{');
        depth++;
        indent_line();
        if (flags & json_sort) {
            std::vector<const boost::json::key_value_pair*> members;
            members.reserve(obj.size());
            for (const auto& kv : obj) {
                members.push_back(&kv);
            }
            // std::string_view compares through char_traits<char>::compare, which is
            // memcmp-like (unsigned bytes), i.e. strcmp order.
            std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) {
                return std::string_view(a->key()) < std::string_view(b->key());
            });
            bool first = true;
            for (const auto* kv : members) {
                if (!first) {
                    out.push_back(',');
                    indent_line();
                }
                first = false;
                member(kv->key(), kv->value());
            }
        } else {
            bool first = true;
            for (const auto& kv : obj) {
                if (!first) {
                    out.push_back(',');
                    indent_line();
                }
                first = false;
                member(kv.key(), kv.value());
            }
        }
        out.push_back('}');
        depth--;
    }

    void array(const boost::json::array& arr) {
        out.push_back('[');
        depth++;
        if (!arr.empty()) {
            indent_line();
            bool first = true;
            for (const auto& elem : arr) {
                if (!first) {
                    out.push_back(',');
                    indent_line();
                }
                first = false;
                value(elem);
            }
        }
        depth--;
        out.push_back(']');
    }

    template <class T> void integer(T i) {
        char buf[24];
        auto res = std::to_chars(buf, buf + sizeof buf, i);
        out.append(buf, res.ptr);
    }

    void real(double d) {
        char buf[40];
        int n = std::snprintf(buf, sizeof buf, "%.15g", d);
        out.append(buf, static_cast<std::size_t>(n));
    }

    void value(const boost::json::value& v) {
        switch (v.kind()) {
        case boost::json::kind::null:
            out.append("null");
            break;
        case boost::json::kind::bool_:
            out.append(v.get_bool() ? "true" : "false");
            break;
        case boost::json::kind::int64:
            integer(v.get_int64());
            break;
        case boost::json::kind::uint64:
            integer(v.get_uint64());
            break;
        case boost::json::kind::double_:
            real(v.get_double());
            break;
        case boost::json::kind::string:
            json_serialize_string(v.get_string(), out);
            break;
        case boost::json::kind::array:
            array(v.get_array());
            break;
        case boost::json::kind::object:
            object(v.get_object());
            break;
        }
    }
};

} // namespace

std::string_view json_type_name(const boost::json::value& v) {
    switch (v.kind()) {
    case boost::json::kind::null:
        return "null";
    case boost::json::kind::bool_:
        return v.get_bool() ? "true" : "false";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
        return "number";
    case boost::json::kind::string:
        return "string";
    case boost::json::kind::array:
        return "array";
    case boost::json::kind::object:
        return "object";
    }
    return "null";
}

namespace {

// The scalar tail of the scans below: the first byte in [p, end) that needs escaping.
const char* find_escape_bytewise(const char* p, const char* end) {
    while (p < end && escapes.code[static_cast<unsigned char>(*p)] == 0) {
        p++;
    }
    return p;
}

#if defined(__x86_64__)
// 32 bytes at a time; only called where the CPU has AVX2 (checked once, below).
__attribute__((target("avx2"))) const char* find_escape_avx2(const char* p, const char* end) {
    const __m256i quote = _mm256_set1_epi8('"');
    const __m256i bslash = _mm256_set1_epi8('\\');
    const __m256i max_ctrl = _mm256_set1_epi8(0x1f);
    while (end - p >= 32) {
        __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
        // min(v, 0x1f) == v exactly for the bytes <= 0x1f (unsigned).
        __m256i hit = _mm256_or_si256(
            _mm256_cmpeq_epi8(_mm256_min_epu8(v, max_ctrl), v),
            _mm256_or_si256(_mm256_cmpeq_epi8(v, quote), _mm256_cmpeq_epi8(v, bslash)));
        unsigned mask = static_cast<unsigned>(_mm256_movemask_epi8(hit));
        if (mask) {
            return p + __builtin_ctz(mask);
        }
        p += 32;
    }
    return find_escape_bytewise(p, end);
}
#endif

// Returns the first byte in [p, end) that needs escaping (below 0x20, '"' or '\\'), or `end`.
// Payload strings are long and rarely need escapes, so the scan goes 16 or 32 bytes at a time:
// serializing a large reply spends most of its time here.
const char* find_escape(const char* p, const char* end) {
#if defined(__x86_64__)
    static const bool avx2 = __builtin_cpu_supports("avx2");
    if (avx2) {
        return find_escape_avx2(p, end);
    }
#endif
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i bslash = _mm_set1_epi8('\\');
    const __m128i max_ctrl = _mm_set1_epi8(0x1f);
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        // min(v, 0x1f) == v exactly for the bytes <= 0x1f (unsigned).
        __m128i hit =
            _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, max_ctrl), v),
                         _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)));
        int mask = _mm_movemask_epi8(hit);
        if (mask) {
            return p + __builtin_ctz(static_cast<unsigned>(mask));
        }
        p += 16;
    }
#else
    // Eight bytes at a time with the classic SWAR zero-byte tests.
    while (end - p >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        constexpr std::uint64_t ones = 0x0101010101010101ull;
        constexpr std::uint64_t highs = 0x8080808080808080ull;
        std::uint64_t below_space = (w - ones * 0x20) & ~w;
        std::uint64_t x_quote = w ^ (ones * '"');
        std::uint64_t quote = (x_quote - ones) & ~x_quote;
        std::uint64_t x_bslash = w ^ (ones * '\\');
        std::uint64_t bslash = (x_bslash - ones) & ~x_bslash;
        if ((below_space | quote | bslash) & highs) {
            break;
        }
        p += 8;
    }
#endif
    return find_escape_bytewise(p, end);
}

} // namespace

bool json_string_needs_escape(std::string_view s) {
    return find_escape(s.data(), s.data() + s.size()) != s.data() + s.size();
}

void json_serialize_string(std::string_view s, std::string& out) {
    static constexpr char hex[] = "0123456789abcdef";
    // One allocation for the common case of few escapes (large payloads would otherwise be
    // copied once per doubling of `out`), with slack for the closing brackets that follow.
    if (out.capacity() < out.size() + s.size() + 2) {
        out.reserve(out.size() + s.size() + 64);
    }
    out.push_back('"');
    const char* p = s.data();
    const char* end = p + s.size();
    for (;;) {
        const char* q = find_escape(p, end);
        out.append(p, q);
        if (q == end) {
            break;
        }
        char code = escapes.code[static_cast<unsigned char>(*q)];
        if (code == 'u') {
            const char esc[] = {'\\', 'u', '0', '0', hex[(*q >> 4) & 0xf], hex[*q & 0xf]};
            out.append(esc, sizeof esc);
        } else {
            out.push_back('\\');
            out.push_back(code);
        }
        p = q + 1;
    }
    out.push_back('"');
}

void json_serialize(const boost::json::value& v, std::string& out, unsigned flags) {
    serializer s{out, flags};
    s.value(v);
}

std::string json_to_string(const boost::json::value& v, unsigned flags) {
    std::string out;
    json_serialize(v, out, flags);
    return out;
}

void json_normalize_numbers(boost::json::value& v) {
    switch (v.kind()) {
    case boost::json::kind::uint64:
        if (v.get_uint64() > static_cast<std::uint64_t>(INT64_MAX)) {
            v = static_cast<double>(v.get_uint64());
        } else {
            v = static_cast<std::int64_t>(v.get_uint64());
        }
        break;
    case boost::json::kind::double_: {
        double d = v.get_double();
        if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == std::trunc(d)) {
            v = static_cast<std::int64_t>(d);
        }
        break;
    }
    case boost::json::kind::array:
        for (auto& elem : v.get_array()) {
            json_normalize_numbers(elem);
        }
        break;
    case boost::json::kind::object:
        for (auto& kv : v.get_object()) {
            json_normalize_numbers(kv.value());
        }
        break;
    default:
        break;
    }
}

} // namespace vigil
