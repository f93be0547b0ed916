// A reconnecting JSON-RPC session (OVS's jsonrpc_session, spec section 6.6): one or more
// remotes tried round-robin under the reconnect FSM, passive remotes that accept a peer (a new
// peer replaces the old one), automatic answers to "echo", inactivity probes, and statistics.
#pragma once

#include "vigil/reconnect.h"
#include "vigil/session_stats.h"

#include <boost/json/value.hpp>
#include <memory>
#include <string>
#include <vector>

namespace vigil {

class jsonrpc;
struct jsonrpc_msg;
class pstream;
class stream;

// The name jsonrpc_server.h still uses for the one session record (session_stats.h).
using jsonrpc_session_stats = session_stats;

class jsonrpc_session {
public:
    // Opens a session to `name`: active for stream names, passive (listening) for pstream
    // names. With `retry` false an active session makes one round of attempts and then gives
    // up (is_alive() turns false). Never fails: errors show up as connection failures.
    static std::unique_ptr<jsonrpc_session> open(const std::string& name, bool retry);
    // Same with several remotes, tried in turn (an empty list means the single remote
    // "invalid:").
    static std::unique_ptr<jsonrpc_session> open_multiple(std::vector<std::string> remotes,
                                                          bool retry);
    // Wraps a connection a server accepted: it never reconnects, counts as connected now and
    // probes every `probe_interval` ms (0 = never).
    static std::unique_ptr<jsonrpc_session> open_unreliably(std::unique_ptr<jsonrpc> rpc, int dscp,
                                                            int probe_interval = 5000);

    ~jsonrpc_session();
    jsonrpc_session(const jsonrpc_session&) = delete;
    jsonrpc_session& operator=(const jsonrpc_session&) = delete;

    // Does the session's work (accept, connect, flush, reconnect decisions). Never blocks.
    void run();
    // Registers the wake-ups run() needs.
    void wait();
    // Registers a wake-up for when recv() may return a message.
    void recv_wait();

    // Returns the next message for the caller, or null. Echo requests are answered here and
    // replies to our own probes swallowed; any received byte counts as activity.
    std::unique_ptr<jsonrpc_msg> recv();
    // Sends `msg` (always consuming it). Returns 0, ENOTCONN when not connected, or the
    // connection's status.
    int send(std::unique_ptr<jsonrpc_msg> msg);

    // True while connected, connecting, or tries remain.
    bool is_alive() const;
    bool is_connected() const;
    // Changes on every connect and disconnect, so callers can tell a new connection.
    unsigned seqno() const { return seqno_; }
    // The live connection's status (0 when not connected).
    int status() const;
    // The last error any connection of this session ended with (0 if none).
    int last_error() const { return last_error_; }
    std::size_t backlog() const;
    // The current remote's name.
    const std::string& name() const;
    std::size_t n_remotes() const { return remotes_.size(); }
    // The TLS peer id of the live connection, empty when none.
    std::string peer_id() const;
    reconnect_stats get_reconnect_stats() const;
    session_stats stats() const;
    // The live connection, null when not connected (for fds and counters).
    jsonrpc* connection() const { return rpc_.get(); }

    // Unlimited tries with the default backoff (1000/8000 ms).
    void enable_reconnect();
    // Drops the connection (if any) and connects again.
    void force_reconnect();
    // Lets the next attempts run without backoff (one free try per remote, one more if
    // connected).
    void reset_backoff();
    void set_max_backoff(int max_backoff);
    void set_probe_interval(int probe_interval);
    // Changing the DSCP closes the listener and reconnects.
    void set_dscp(int dscp);
    void set_backlog_threshold(std::size_t max_n_msgs, std::size_t max_backlog_bytes);
    void set_max_message_size(std::size_t bytes);

    // Takes the live connection away; the session is left disconnected and gives up.
    std::unique_ptr<jsonrpc> steal();
    // Swaps in `rpc` as the live connection (renaming the session after it).
    void replace(std::unique_ptr<jsonrpc> rpc);

private:
    jsonrpc_session(std::vector<std::string> remotes, bool retry);
    void pick_remote();
    void disconnect();
    void connect();
    void adopt(std::unique_ptr<jsonrpc> rpc);

    std::vector<std::string> remotes_;
    std::size_t next_remote_ = 0;
    reconnect fsm_;
    std::unique_ptr<jsonrpc> rpc_;
    std::unique_ptr<stream> stream_;
    std::unique_ptr<pstream> pstream_;
    bool resolving_ = false; // connecting, but the remote's host name is not resolved yet
    int last_error_ = 0;
    unsigned seqno_ = 0;
    int dscp_ = 0;
    std::size_t max_n_msgs_ = 0;
    std::size_t max_backlog_bytes_ = 0;
    std::size_t max_message_size_ = 0; // 0 = the connection's default
};

} // namespace vigil
