// The incremental JSON parser: Boost.JSON's basic_parser with a handler that applies OVS's value
// rules while the value is built (so no second pass over the tree), plus OVS-style error texts.
//
// Boost reports errors as a few generic codes ("syntax error") at an exact byte offset. OVS's
// texts are more specific, so on the (rare) error path we look at the bytes around that offset
// and at the handler's view of the structure to say what was expected.
#include "vigil/json.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/value_stack.hpp>
#include <cmath>
#include <cstring>
#include <spdlog/fmt/fmt.h>

namespace vigil {

namespace {

bool is_ws(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_lower(unsigned char c) {
    return c >= 'a' && c <= 'z';
}

bool is_alpha(unsigned char c) {
    return is_lower(c) || (c >= 'A' && c <= 'Z');
}

bool is_digit(unsigned char c) {
    return c >= '0' && c <= '9';
}

bool is_number_char(unsigned char c) {
    return is_digit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// Bytes that may start or continue a token outside strings; anything else is an "invalid
// character" for OVS.
bool is_token_char(unsigned char c) {
    return is_ws(c) || is_digit(c) || is_lower(c) || std::strchr("{}[]:,\"-", c) != nullptr;
}

std::string invalid_character(unsigned char c) {
    if (c > 0x20 && c < 0x7f) {
        return fmt::format("invalid character '{}'", static_cast<char>(c));
    }
    return fmt::format("invalid character U+{:04x}", c);
}

enum class last_event { none, open, key, value };

// Builds the value on a value_stack like Boost's own parser does, but converts numbers with
// OVS's rule and rejects what OVS rejects. It also remembers enough structure (open
// containers, the last event) to explain a syntax error.
struct handler {
    static constexpr std::size_t max_object_size = boost::json::object::max_size();
    static constexpr std::size_t max_array_size = boost::json::array::max_size();
    static constexpr std::size_t max_key_size = boost::json::string::max_size();
    static constexpr std::size_t max_string_size = boost::json::string::max_size();

    boost::json::value_stack st;
    std::string containers; // '{' or '[' per open container, innermost last
    std::string custom_error;
    last_event last = last_event::none;
    bool in_string = false;  // a string or key was started but not finished
    bool build = true;       // false: only check the input, build no value
    bool prechecked = false; // true: an earlier pass checked these bytes already

    bool fail(const char* text, boost::json::error_code& ec) {
        custom_error = text;
        ec = boost::json::error::syntax;
        return false;
    }
    bool check_nul(boost::json::string_view s, boost::json::error_code& ec) {
        if (!prechecked && !s.empty() && std::memchr(s.data(), '\0', s.size()) != nullptr) {
            return fail("null bytes not supported in quoted strings", ec);
        }
        return true;
    }

    bool on_document_begin(boost::json::error_code&) { return true; }
    bool on_document_end(boost::json::error_code&) { return true; }
    bool on_object_begin(boost::json::error_code&) {
        containers.push_back('{');
        last = last_event::open;
        return true;
    }
    bool on_object_end(std::size_t n, boost::json::error_code&) {
        containers.pop_back();
        last = last_event::value;
        if (build) {
            st.push_object(n);
        }
        return true;
    }
    bool on_array_begin(boost::json::error_code&) {
        containers.push_back('[');
        last = last_event::open;
        return true;
    }
    bool on_array_end(std::size_t n, boost::json::error_code&) {
        containers.pop_back();
        last = last_event::value;
        if (build) {
            st.push_array(n);
        }
        return true;
    }
    bool on_key_part(boost::json::string_view s, std::size_t, boost::json::error_code& ec) {
        in_string = true;
        if (build) {
            st.push_chars(s);
        }
        return check_nul(s, ec);
    }
    bool on_key(boost::json::string_view s, std::size_t, boost::json::error_code& ec) {
        in_string = false;
        last = last_event::key;
        if (build) {
            st.push_key(s);
        }
        return check_nul(s, ec);
    }
    bool on_string_part(boost::json::string_view s, std::size_t, boost::json::error_code& ec) {
        in_string = true;
        if (build) {
            st.push_chars(s);
        }
        return check_nul(s, ec);
    }
    bool on_string(boost::json::string_view s, std::size_t, boost::json::error_code& ec) {
        in_string = false;
        last = last_event::value;
        if (build) {
            st.push_string(s);
        }
        return check_nul(s, ec);
    }
    bool on_number_part(boost::json::string_view, boost::json::error_code&) { return true; }
    bool on_int64(std::int64_t i, boost::json::string_view, boost::json::error_code&) {
        last = last_event::value;
        if (build) {
            st.push_int64(i);
        }
        return true;
    }
    bool on_uint64(std::uint64_t u, boost::json::string_view, boost::json::error_code&) {
        // Boost only reports uint64 above INT64_MAX; OVS makes those reals.
        last = last_event::value;
        if (build) {
            st.push_double(static_cast<double>(u));
        }
        return true;
    }
    bool on_double(double d, boost::json::string_view, boost::json::error_code& ec) {
        if (!std::isfinite(d)) {
            return fail("number outside valid range", ec);
        }
        last = last_event::value;
        // An exact integer within int64 is an integer for OVS (1.0, 2e5, -0.0, 1e-9999).
        if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == std::trunc(d)) {
            if (build) {
                st.push_int64(static_cast<std::int64_t>(d));
            }
        } else {
            if (build) {
                st.push_double(d);
            }
        }
        return true;
    }
    bool on_bool(bool b, boost::json::error_code&) {
        last = last_event::value;
        if (build) {
            st.push_bool(b);
        }
        return true;
    }
    bool on_null(boost::json::error_code&) {
        last = last_event::value;
        if (build) {
            st.push_null();
        }
        return true;
    }
    bool on_comment_part(boost::json::string_view, boost::json::error_code&) { return true; }
    bool on_comment(boost::json::string_view, boost::json::error_code&) { return true; }
};

boost::json::parse_options make_options(std::size_t max_depth) {
    boost::json::parse_options opt;
    opt.max_depth = max_depth;
    opt.allow_invalid_utf8 = true; // OVS passes bytes >= 0x80 through unvalidated
    return opt;
}

// Explains a malformed number token, or returns "" when the token is a valid number (so the
// error lies in what follows it).
std::string number_error(std::string_view tok) {
    std::size_t i = 0;
    if (i < tok.size() && tok[i] == '-') {
        i++;
        if (i >= tok.size() || !is_digit(tok[i])) {
            return "'-' must be followed by digit";
        }
    }
    if (i < tok.size() && tok[i] == '0' && i + 1 < tok.size() && is_digit(tok[i + 1])) {
        return "leading zeros not allowed";
    }
    while (i < tok.size() && is_digit(tok[i])) {
        i++;
    }
    if (i < tok.size() && tok[i] == '.') {
        i++;
        if (i >= tok.size() || !is_digit(tok[i])) {
            return "decimal point must be followed by digit";
        }
        while (i < tok.size() && is_digit(tok[i])) {
            i++;
        }
    }
    if (i < tok.size() && (tok[i] == 'e' || tok[i] == 'E')) {
        i++;
        if (i < tok.size() && (tok[i] == '+' || tok[i] == '-')) {
            i++;
        }
        if (i >= tok.size() || !is_digit(tok[i])) {
            return "exponent must contain at least one digit";
        }
        while (i < tok.size() && is_digit(tok[i])) {
            i++;
        }
    }
    return i == tok.size() ? std::string() : "syntax error in number";
}

} // namespace

struct json_parser::impl {
    explicit impl(std::size_t depth) : max_depth(depth), p(make_options(depth)) { restart(); }

    std::size_t max_depth;
    boost::json::basic_parser<handler> p;
    std::string error;
    std::size_t bytes = 0; // consumed for the current value
    std::size_t line = 0;  // position after the bytes consumed by earlier feed() calls
    std::size_t column = 0;
    bool started = false; // the value's first byte ('{' or '[') has been seen
    bool done = false;
    bool failed = false;

    void restart() {
        p.reset();
        p.handler().st.reset();
        p.handler().containers.clear();
        p.handler().custom_error.clear();
        p.handler().last = last_event::none;
        p.handler().in_string = false;
        p.handler().build = true;
        p.handler().prechecked = false;
        error.clear();
        bytes = line = column = 0;
        started = done = failed = false;
    }

    // Advances line/column over `n` bytes.
    void advance(const char* data, std::size_t n) {
        const void* last_nl = memrchr(data, '\n', n);
        if (last_nl == nullptr) {
            column += n;
            return;
        }
        const char* nl = static_cast<const char*>(last_nl);
        for (const char* q = data; q <= nl; q++) {
            line += (*q == '\n');
        }
        column = static_cast<std::size_t>(data + n - (nl + 1));
    }

    void set_error(const char* data, std::size_t at, const std::string& text) {
        advance(data, at);
        error = fmt::format("line {}, column {}, byte {}: {}", line, column, bytes + at, text);
        failed = true;
    }

    std::string explain(const boost::json::error_code& ec, const char* data, std::size_t at,
                        std::size_t size, std::size_t scan_from, bool string_at_start);
};

// Works out OVS's text for a Boost error at data[at]. `scan_from` is where in `data` our view
// of the value begins (its first byte, or the chunk start when the value began earlier), and
// `string_at_start` whether a string was open there.
std::string json_parser::impl::explain(const boost::json::error_code& ec, const char* data,
                                       std::size_t at, std::size_t size, std::size_t scan_from,
                                       bool string_at_start) {
    const handler& h = p.handler();
    if (!h.custom_error.empty()) {
        return h.custom_error;
    }
    if (ec == boost::json::error::too_deep) {
        return fmt::format("input exceeds maximum nesting depth {}", max_depth);
    }
    if (ec == boost::json::error::exponent_overflow) {
        return "exponent outside valid range";
    }

    // Replay the quoting state from scan_from up to the error.
    bool in_string = string_at_start;
    bool escape = false;
    std::size_t u_digits = 0; // hex digits still expected after "\u"
    for (std::size_t i = scan_from; i < at; i++) {
        unsigned char c = static_cast<unsigned char>(data[i]);
        if (!in_string) {
            if (c == '"') {
                in_string = true;
            }
        } else if (u_digits > 0) {
            u_digits--;
        } else if (escape) {
            escape = false;
            if (c == 'u') {
                u_digits = 4;
            }
        } else if (c == '\\') {
            escape = true;
        } else if (c == '"') {
            in_string = false;
        }
    }
    if (at >= size) {
        // Only finish() reports errors past the last byte.
        return in_string ? "unexpected end of input in quoted string" : "unexpected end of input";
    }
    unsigned char c = static_cast<unsigned char>(data[at]);

    if (in_string) {
        if (u_digits > 0 || ec == boost::json::error::expected_hex_digit) {
            return "malformed \\u escape";
        }
        if (ec == boost::json::error::illegal_trailing_surrogate) {
            return "second half of escaped surrogate pair is not trailing surrogate";
        }
        if (ec == boost::json::error::expected_utf16_escape ||
            ec == boost::json::error::illegal_leading_surrogate) {
            return "malformed escaped surrogate pair";
        }
        if (escape) {
            return fmt::format("bad escape \\{}", static_cast<char>(c));
        }
        if (c < 0x20) {
            return fmt::format("U+{:04X} must be escaped in quoted string", c);
        }
        // The remaining string errors are about a high surrogate not followed by "\u".
        return "malformed escaped surrogate pair";
    }

    // A number: the number characters around the error.
    std::size_t tok_begin = at;
    while (tok_begin > scan_from &&
           is_number_char(static_cast<unsigned char>(data[tok_begin - 1]))) {
        tok_begin--;
    }
    if (tok_begin < at && (data[tok_begin] == '-' || is_digit(data[tok_begin]))) {
        std::size_t tok_end = at;
        while (tok_end < size && is_number_char(static_cast<unsigned char>(data[tok_end]))) {
            tok_end++;
        }
        std::string text = number_error(std::string_view(data + tok_begin, tok_end - tok_begin));
        if (!text.empty()) {
            return text;
        }
    }

    // A keyword such as "tru" or "nul1": the letters around the error.
    tok_begin = at;
    while (tok_begin > scan_from && is_alpha(static_cast<unsigned char>(data[tok_begin - 1]))) {
        tok_begin--;
    }
    if (tok_begin < at || is_lower(c)) {
        std::size_t tok_end = at;
        while (tok_end < size && is_alpha(static_cast<unsigned char>(data[tok_end]))) {
            tok_end++;
        }
        std::string_view word(data + tok_begin, tok_end - tok_begin);
        if (is_lower(static_cast<unsigned char>(word.front())) && word != "true" &&
            word != "false" && word != "null") {
            return fmt::format("invalid keyword '{}'", word);
        }
    }

    if (!is_token_char(c)) {
        return invalid_character(c);
    }

    // A structural error: what was expected depends on the innermost container, the last
    // complete event and the last significant byte before the error.
    std::size_t k = at;
    while (k > scan_from && is_ws(static_cast<unsigned char>(data[k - 1]))) {
        k--;
    }
    char prev = k > scan_from ? data[k - 1] : 0;
    if (h.containers.empty()) {
        return "syntax error at beginning of input";
    }
    bool object = h.containers.back() == '{';
    if (object) {
        if (h.last == last_event::open || prev == ',') {
            return "syntax error parsing object expecting string";
        }
        if (h.last == last_event::key) {
            return prev == ':' ? "syntax error expecting value"
                               : "syntax error parsing object expecting ':'";
        }
        return "syntax error expecting '}' or ','";
    }
    if (h.last == last_event::open || prev == ',') {
        return "syntax error expecting value";
    }
    return "syntax error expecting ']' or ','";
}

json_parser::json_parser(std::size_t max_depth) : impl_(std::make_unique<impl>(max_depth)) {}

json_parser::~json_parser() = default;

std::size_t json_parser::feed(const char* data, std::size_t n) {
    impl& s = *impl_;
    if (s.done || s.failed) {
        return 0;
    }
    std::size_t i = 0;
    std::size_t scan_from = 0;
    if (!s.started) {
        while (i < n && is_ws(static_cast<unsigned char>(data[i]))) {
            i++;
        }
        if (i == n) {
            s.advance(data, n);
            s.bytes += n;
            return n;
        }
        unsigned char c = static_cast<unsigned char>(data[i]);
        if (c != '{' && c != '[') {
            s.set_error(data, i,
                        is_token_char(c) ? "syntax error at beginning of input"
                                         : invalid_character(c));
            return i;
        }
        s.started = true;
        scan_from = i;
    }
    bool string_at_start = s.p.handler().in_string;
    boost::json::error_code ec;
    std::size_t used = i + s.p.write_some(true, data + i, n - i, ec);
    if (ec) {
        s.set_error(data, used,
                    s.explain(ec, data, used, n, scan_from, string_at_start && scan_from == 0));
        return used;
    }
    if (s.p.done()) {
        s.done = true;
    } else {
        s.advance(data, used);
    }
    s.bytes += used;
    return used;
}

void json_parser::finish() {
    impl& s = *impl_;
    if (s.done || s.failed) {
        return;
    }
    if (!s.started) {
        s.set_error("", 0, "empty input stream");
        return;
    }
    boost::json::error_code ec;
    s.p.write_some(false, nullptr, 0, ec);
    if (s.p.done()) {
        s.done = true;
    } else {
        s.set_error("", 0,
                    s.p.handler().in_string ? "unexpected end of input in quoted string"
                                            : "unexpected end of input");
    }
}

void json_parser::set_building(bool build) {
    impl_->p.handler().build = build;
}

void json_parser::set_prechecked(bool prechecked) {
    impl_->p.handler().prechecked = prechecked;
}

bool json_parser::done() const {
    return impl_->done;
}

bool json_parser::failed() const {
    return impl_->failed;
}

bool json_parser::idle() const {
    return !impl_->started && !impl_->failed;
}

const std::string& json_parser::error() const {
    return impl_->error;
}

std::size_t json_parser::bytes() const {
    return impl_->bytes;
}

boost::json::value json_parser::take() {
    boost::json::value v = impl_->p.handler().st.release();
    impl_->restart();
    return v;
}

void json_parser::reset() {
    impl_->restart();
}

std::optional<boost::json::value> json_from_string(std::string_view text, std::string* error) {
    json_parser parser;
    std::size_t used = parser.feed(text.data(), text.size());
    if (!parser.failed() && !parser.done()) {
        parser.finish();
    }
    if (parser.done()) {
        // Boost stops after the value and the whitespace that follows it; anything left is
        // garbage.
        std::size_t i = used;
        while (i < text.size() && is_ws(static_cast<unsigned char>(text[i]))) {
            i++;
        }
        if (i == text.size()) {
            return parser.take();
        }
        std::size_t line = 0;
        std::size_t column = 0;
        for (std::size_t k = 0; k < i; k++) {
            if (text[k] == '\n') {
                line++;
                column = 0;
            } else {
                column++;
            }
        }
        if (error) {
            *error = fmt::format("line {}, column {}, byte {}: trailing garbage at end of input",
                                 line, column, i);
        }
        return std::nullopt;
    }
    if (error) {
        *error = parser.error();
    }
    return std::nullopt;
}

} // namespace vigil
