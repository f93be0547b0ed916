#include "vigil/session_stats.h"

#include <boost/json.hpp>
#include <initializer_list>

namespace vigil {

namespace {

// Every reconnect_state, so the name lookup walks reconnect.cpp's one table instead of
// repeating it.
constexpr std::initializer_list<reconnect_state> all_states = {
    reconnect_state::void_,     reconnect_state::backoff, reconnect_state::connecting,
    reconnect_state::active,    reconnect_state::idle,    reconnect_state::reconnect,
    reconnect_state::listening,
};

bool fail(std::string* error, std::string text) {
    if (error) {
        *error = std::move(text);
    }
    return false;
}

// Reads member `key` of `o` as a number of type T, checking its range.
template <typename T>
bool read_number(const boost::json::object& o, const char* key, T& out, std::string* error) {
    const boost::json::value* v = o.if_contains(key);
    if (!v) {
        return fail(error, std::string("missing member \"") + key + "\"");
    }
    boost::system::error_code ec;
    out = v->to_number<T>(ec);
    if (ec) {
        return fail(error, std::string("member \"") + key + "\" is not a number in range");
    }
    return true;
}

bool read_string(const boost::json::object& o, const char* key, std::string& out,
                 std::string* error) {
    const boost::json::value* v = o.if_contains(key);
    if (!v || !v->is_string()) {
        return fail(error, std::string(v ? "member \"" : "missing member \"") + key +
                               (v ? "\" is not a string" : "\""));
    }
    out = std::string(v->get_string());
    return true;
}

} // namespace

bool reconnect_state_from_name(std::string_view name, reconnect_state& out) {
    for (reconnect_state s : all_states) {
        if (name == reconnect_state_name(s)) {
            out = s;
            return true;
        }
    }
    return false;
}

boost::json::value to_json(const session_stats& s) {
    boost::json::object o;
    o["name"] = s.name;
    o["state"] = reconnect_state_name(s.state);
    o["state_elapsed"] = s.state_elapsed;
    o["backoff"] = s.backoff;
    o["attempts"] = s.attempts;
    o["successes"] = s.successes;
    o["connected_total"] = s.connected_total;
    o["seqno"] = s.seqno;
    o["connected"] = s.connected;
    o["last_error"] = s.last_error;
    o["backlog"] = s.backlog;
    o["peer_id"] = s.peer_id;
    if (!s.role.empty()) {
        o["role"] = s.role;
    }
    return o;
}

bool from_json(const boost::json::value& v, session_stats& out, std::string* error) {
    const boost::json::object* o = v.if_object();
    if (!o) {
        return fail(error, "not a JSON object");
    }
    std::string state;
    if (!read_string(*o, "name", out.name, error) || !read_string(*o, "state", state, error) ||
        !read_number(*o, "state_elapsed", out.state_elapsed, error) ||
        !read_number(*o, "backoff", out.backoff, error) ||
        !read_number(*o, "attempts", out.attempts, error) ||
        !read_number(*o, "successes", out.successes, error) ||
        !read_number(*o, "connected_total", out.connected_total, error) ||
        !read_number(*o, "seqno", out.seqno, error) ||
        !read_string(*o, "last_error", out.last_error, error) ||
        !read_number(*o, "backlog", out.backlog, error) ||
        !read_string(*o, "peer_id", out.peer_id, error)) {
        return false;
    }
    const boost::json::value* connected = o->if_contains("connected");
    if (!connected || !connected->is_bool()) {
        return fail(error, connected ? "member \"connected\" is not a boolean"
                                     : "missing member \"connected\"");
    }
    out.connected = connected->get_bool();
    if (!reconnect_state_from_name(state, out.state)) {
        return fail(error, "unknown state \"" + state + "\"");
    }
    out.role.clear();
    if (const boost::json::value* role = o->if_contains("role")) {
        if (!role->is_string()) {
            return fail(error, "member \"role\" is not a string");
        }
        out.role = std::string(role->get_string());
    }
    return true;
}

} // namespace vigil
