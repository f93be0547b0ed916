// The reconnect finite-state machine: a pure FSM, with no I/O, that tells a client when to
// connect, when to give up on a connection attempt, when to probe an idle peer and when to
// drop it, with exponential backoff between attempts (spec §4). Time is injected: every call
// that depends on it takes `now` (milliseconds, monotonic), so tests drive it with any clock.
//
// Client protocol (active mode): run() says `connect` -> start an attempt and call
// connecting() (or connected()/connect_failed() if it finished at once); `disconnect` -> abort
// and call disconnected() or connect_failed(); `probe` -> send something that elicits a reply.
// Passive mode: `connect` -> make sure a listener exists and call listening(); each accepted
// peer -> connected(); listener failure -> listen_error().
//
// Decision on OVS's set_backoff() quirk (spec §12 R14): set_backoff(min, max) while in
// BACKOFF lowers the current backoff to the *raw* `max` argument when it is larger, so
// set_backoff(0, 0) makes the pending backoff 0 and the next run() asks to connect at once.
// We keep this behaviour on purpose, for wire-level timing parity with OVS: a peer that
// reconfigures a session the way an OVS client would sees the same reconnect times. Callers
// that do not want it should pass the effective maximum (e.g. 8000), never 0, as `max`.
#pragma once

#include <climits>
#include <string>
#include <string_view>

namespace vigil {

// The states of the FSM. "Connected" means active or idle.
enum class reconnect_state {
    void_,      // disabled
    backoff,    // waiting before the next attempt
    connecting, // attempt in progress
    active,     // connected, traffic seen recently
    idle,       // connected, probe sent, waiting for any traffic
    reconnect,  // the client asked to drop the connection
    listening,  // passive, waiting indefinitely for a peer
};

// Returns the state's name as OVS spells it ("VOID", "BACKOFF", "CONNECTING", "ACTIVE",
// "IDLE", "RECONNECT", "LISTENING"); the one table used by logs, statistics and UIs.
const char* reconnect_state_name(reconnect_state state);

// A snapshot of the FSM's statistics (spec §4.9). Times are absolute milliseconds;
// "never" is LLONG_MAX for timestamps and UINT_MAX for elapsed times.
struct reconnect_stats {
    long long creation_time = 0;           // time the FSM was created
    long long last_activity = 0;           // last time activity() was called (or creation)
    long long last_connected = 0;          // last time connected() took effect, LLONG_MAX if never
    long long last_disconnected = 0;       // last drop of a connection, LLONG_MAX if never
    int backoff = 0;                       // current backoff, in ms
    unsigned seqno = 0;                    // incremented on every connect and disconnect
    bool is_connected = false;             // in ACTIVE or IDLE
    unsigned msec_since_connect = 0;       // now - last_connected (32-bit), UINT_MAX if never
    unsigned msec_since_disconnect = 0;    // now - last_disconnected (32-bit), UINT_MAX if never
    unsigned total_connected_duration = 0; // all connections, the current one included
    unsigned n_attempted_connections = 0;  // attempts that left CONNECTING
    unsigned n_successful_connections = 0; // attempts that reached ACTIVE
    const char* state = "VOID";            // reconnect_state_name(state_id)
    reconnect_state state_id = reconnect_state::void_;
    unsigned state_elapsed = 0; // now - time the current state was entered
};

class reconnect {
public:
    // What run() asks the client to do.
    enum class action { none, connect, disconnect, probe };

    // Creates a disabled FSM (VOID) named "void" with OVS's defaults: backoff 1000..8000 ms,
    // probe interval 5000 ms, active mode, unlimited tries, no backoff-free tries.
    explicit reconnect(long long now);

    // Demotes the FSM's informational log messages to debug level when `quiet` is true.
    void set_quiet(bool quiet);

    // Returns the name used in log messages.
    const std::string& name() const { return name_; }
    // Sets the name used in log messages; an empty name becomes "void" (OVS's null name).
    void set_name(std::string_view name);

    // Return the minimum and maximum backoff and the probe interval, in ms (0 = no probes).
    int min_backoff() const { return min_backoff_; }
    int max_backoff() const { return max_backoff_; }
    int probe_interval() const { return probe_interval_; }

    // Limits the FSM to `max_tries` more connection attempts (UINT_MAX = unlimited); each
    // enable() and each reconnection decision consumes one, and with none left the FSM goes
    // to VOID instead of backing off.
    void set_max_tries(unsigned max_tries);
    // Returns the number of tries left (UINT_MAX = unlimited).
    unsigned max_tries() const { return max_tries_; }

    // Lets the next `n - 1` reconnections happen without backoff (0 and 1 mean none).
    void set_backoff_free_tries(unsigned n);

    // Sets the backoff range: `min` is raised to at least 1000, `max` 0 means 8000, else it
    // is raised to at least 1000 and to at least `min`. In BACKOFF, a current backoff above
    // the raw `max` argument is lowered to it (see the R14 note at the top of this file).
    void set_backoff(int min, int max);

    // Sets the inactivity probe interval: 0 disables probing, other values are raised to at
    // least 1000 ms.
    void set_probe_interval(int probe_interval);

    // Returns true in passive (listening) mode.
    bool is_passive() const { return passive_; }
    // Switches between passive and active mode; a switch that invalidates the current
    // attempt (to passive while connecting, to active while listening and a try is left,
    // which consumes it) restarts from BACKOFF with no backoff.
    void set_passive(bool passive, long long now);

    // Returns true unless the FSM is in VOID (disabled).
    bool is_enabled() const { return state_ != reconnect_state::void_; }
    // From VOID, if a try is left (consuming it), goes to BACKOFF with no backoff so that the
    // next run() asks to connect; otherwise does nothing.
    void enable(long long now);
    // Goes to VOID from any other state.
    void disable(long long now);
    // From CONNECTING, ACTIVE or IDLE, goes to RECONNECT so that run() asks to disconnect;
    // otherwise does nothing.
    void force_reconnect(long long now);

    // Returns true in ACTIVE or IDLE.
    bool is_connected() const;
    // Returns ms since the last connection (32-bit), UINT_MAX if never connected.
    unsigned last_connect_elapsed(long long now) const;
    // Returns ms since the last disconnection (32-bit), UINT_MAX if never disconnected.
    unsigned last_disconnect_elapsed(long long now) const;

    // Reports that the connection or attempt ended; `error` (positive errno, EOF or 0) only
    // affects the log text. Picks the next backoff (or VOID when no try is left). Does
    // nothing in BACKOFF or VOID.
    void disconnected(long long now, int error);
    // Reports that a connection attempt (or, in passive mode, a listen attempt) started.
    void connecting(long long now);
    // Reports that the client is listening for connections (passive mode).
    void listening(long long now);
    // Reports that listening failed; in LISTENING this acts as disconnected(now, error).
    void listen_error(long long now, int error);
    // Reports a connection (counting an attempt if none was reported); works from any state,
    // VOID included, and goes to ACTIVE.
    void connected(long long now);
    // Reports that a connection attempt failed: connecting() then disconnected().
    void connect_failed(long long now, int error);
    // Reports traffic from the peer: IDLE goes back to ACTIVE, and the probe timer restarts.
    void activity(long long now);
    // Reports that the client tried to receive at `now`; probes and idle disconnects are only
    // declared after a receive attempt later than their deadline. LLONG_MAX disables this.
    void receive_attempted(long long now);

    // Returns what the client should do now; returns `none` until the current state's
    // deadline. In ACTIVE, a due probe moves the FSM to IDLE.
    action run(long long now);
    // Registers a poll_timer_wait() for timeout(now) if it is not -1.
    void wait(long long now) const;
    // Returns ms until run() should be called again (0 = now), or -1 for "no deadline".
    int timeout(long long now) const;

    // Returns a snapshot of the statistics at `now`.
    reconnect_stats stats(long long now) const;

    // Returns the current state.
    reconnect_state state() const { return state_; }

private:
    long long deadline(long long now) const;
    void transition(long long now, reconnect_state to);
    bool may_retry();
    void log_info(std::string_view text) const;

    std::string name_ = "void";
    int min_backoff_ = 1000;
    int max_backoff_ = 8000;
    int probe_interval_ = 5000;
    bool passive_ = false;
    bool quiet_ = false;

    reconnect_state state_ = reconnect_state::void_;
    long long state_entered_;
    int backoff_ = 0;
    long long last_activity_;
    long long last_connected_ = LLONG_MAX;
    long long last_disconnected_ = LLONG_MAX;
    long long last_receive_attempt_;
    unsigned max_tries_ = UINT_MAX;
    unsigned backoff_free_tries_ = 0;

    long long creation_time_;
    unsigned n_attempted_connections_ = 0;
    unsigned n_successful_connections_ = 0;
    unsigned long long total_connected_duration_ = 0;
    unsigned seqno_ = 0;
};

} // namespace vigil
