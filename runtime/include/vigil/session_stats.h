// The one record of a reconnecting JSON-RPC session's state: what jsonrpc_session::stats()
// returns, what a daemon's `sessions/show` lists, and what the console shows. Its JSON member
// names are written in exactly one place (session_stats.cpp), so the producer and every reader
// agree by construction.
#pragma once

#include "vigil/reconnect.h"

#include <boost/json/fwd.hpp>
#include <cstddef>
#include <string>
#include <string_view>

namespace vigil {

struct session_stats {
    std::string name;                               // the current remote
    reconnect_state state = reconnect_state::void_; // JSON: reconnect_state_name()
    unsigned state_elapsed = 0;                     // ms in the current state
    int backoff = 0;                                // current backoff, ms
    unsigned attempts = 0;                          // connection attempts
    unsigned successes = 0;                         // successful connections
    unsigned connected_total = 0;                   // ms connected over all connections
    unsigned seqno = 0;                             // changes on every connect and disconnect
    bool connected = false;
    std::string last_error;  // the last connection's error as text ("Connection refused"), or ""
    std::size_t backlog = 0; // bytes queued for sending
    std::string peer_id;     // TLS peer CN, empty when unknown
    std::string role;        // "client" or "server" where a daemon reports it; "" is not written
};

// Returns `s` as a JSON object with the member names above (state as reconnect_state_name()
// spells it; "role" only when set).
boost::json::value to_json(const session_stats& s);

// Reads a JSON object written by to_json() into `out`. Returns false, leaving `out` unspecified
// and describing the first problem in `*error` (when not null), when `v` is not an object, a
// member other than "role" is missing, a member has the wrong type or range, or the state is
// not one reconnect_state_name() produces. Unknown members are ignored, so newer writers can add
// some.
bool from_json(const boost::json::value& v, session_stats& out, std::string* error = nullptr);

// Returns the state that reconnect_state_name() spells `name` (exactly, as OVS spells it), or
// false when there is none.
bool reconnect_state_from_name(std::string_view name, reconnect_state& out);

} // namespace vigil
