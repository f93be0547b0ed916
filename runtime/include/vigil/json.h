// JSON as OVS speaks it, on top of Boost.JSON: a parser that applies OVS's value rules (top
// level must be an object or an array, nesting limit 1000, exact integers become int64, no NUL
// bytes, bytes >= 0x80 pass through unvalidated) and a serializer that prints exactly what OVS
// prints (compact, sorted or pretty; integers "%lld", reals "%.15g", OVS string escaping).
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace vigil {

// The deepest nesting of arrays and objects OVS accepts (the 1001st open bracket fails).
inline constexpr std::size_t json_max_depth = 1000;

// Serializer flags, combined with `|`.
enum json_flags : unsigned {
    json_compact = 0, // no whitespace at all (what goes on the wire)
    json_sort = 1,    // object members in bytewise key order (what OVS prints for people)
    json_pretty = 2,  // OVS's pretty layout (ovs-appctl --pretty)
};

// Returns OVS's name for the type of `v`: "null", "false", "true", "object", "array", "number"
// (integers and reals alike) or "string".
std::string_view json_type_name(const boost::json::value& v);

// Appends the OVS serialization of `v` to `out`, as selected by `flags` (see json_flags).
// It never fails; non-finite reals, which OVS cannot produce, print as "%.15g" does ("inf").
void json_serialize(const boost::json::value& v, std::string& out, unsigned flags = json_compact);

// Returns the OVS serialization of `v` (see json_serialize()).
std::string json_to_string(const boost::json::value& v, unsigned flags = json_compact);

// Appends `s` as a quoted JSON string with OVS's escaping to `out`.
void json_serialize_string(std::string_view s, std::string& out);

// Returns true if `s` holds a byte that json_serialize_string() escapes (below 0x20, '"' or
// '\\'), i.e. false when its serialization is `s` itself between quotes.
bool json_string_needs_escape(std::string_view s);

// Rewrites every number in `v` with OVS's value rule: a real that is an exact integer within
// int64 becomes an integer, an unsigned integer above INT64_MAX becomes a real. Values this
// module parses already obey it; use it on values that came from elsewhere.
void json_normalize_numbers(boost::json::value& v);

// Parses the complete JSON text `text`, which must hold one object or array optionally
// surrounded by whitespace. Returns the value, or nullopt with OVS's error text (prefixed
// "line L, column C, byte B: ", counters 0-based) stored in `*error` when `error` is not null.
std::optional<boost::json::value> json_from_string(std::string_view text,
                                                   std::string* error = nullptr);

// An incremental parser for a sequence of top-level values (JSON-RPC framing, `--multiple`
// files). Feed it arbitrary chunks; it stops consuming right after a value completes (plus any
// whitespace that follows in the same chunk), so the caller hands the rest to the next value.
class json_parser {
public:
    explicit json_parser(std::size_t max_depth = json_max_depth);
    ~json_parser();
    json_parser(const json_parser&) = delete;
    json_parser& operator=(const json_parser&) = delete;

    // Parses up to `n` bytes of `data` and returns how many were consumed: fewer than `n`
    // only when a value completed (done()) or an error occurred (failed()). Feeding a parser
    // that is done or failed consumes nothing.
    std::size_t feed(const char* data, std::size_t n);

    // Declares the end of input: an unfinished value becomes an error ("unexpected end of
    // input", or "empty input stream" when nothing but whitespace was fed).
    void finish();

    // Switches value building on or off for the rest of the current value (it is on after
    // construction, take() and reset()). While off, the parser checks the input exactly as
    // usual (same errors, same positions) but builds nothing, so take() must not be called for
    // that value; callers use this to validate a message as it trickles in and parse it once
    // it is complete.
    void set_building(bool build);
    // Declares that the rest of the current value was already fed to a parser that found it
    // valid (the check pass above), so the checks Boost.JSON does not make itself (NUL bytes in
    // strings) are skipped when it is parsed again to be built. Off after reset() and take().
    void set_prechecked(bool prechecked);

    // True once a complete value is ready for take().
    bool done() const;
    // True once an error occurred; error() holds its text until reset().
    bool failed() const;
    // True while no byte of a value (only whitespace, or nothing) has been fed since reset().
    bool idle() const;
    // The error text of a failed parse, prefixed with the position ("line L, column C, byte
    // B: ") when the parser could still see the bytes that led to the error.
    const std::string& error() const;
    // Bytes consumed for the current value so far, leading whitespace included.
    std::size_t bytes() const;

    // Returns the completed value and resets the parser for the next one. Only valid when
    // done().
    boost::json::value take();

    // Drops any partial value or error and starts over.
    void reset();

    struct impl;

private:
    std::unique_ptr<impl> impl_;
};

} // namespace vigil
