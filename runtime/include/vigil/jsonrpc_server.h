// A JSON-RPC server as `ovsdb-server --remote` runs one: any number of sessions accepted on one
// or more passive remotes, each served by its own poll owner so that idle sessions cost nothing
// per loop iteration.
#pragma once

#include "vigil/jsonrpc_session.h"
#include "vigil/poll_loop.h"

#include <functional>
#include <list>
#include <memory>
#include <string>
#include <vector>

namespace vigil {

class jsonrpc_server;
class pstream;
struct jsonrpc_msg;

// One accepted peer.
class jsonrpc_server_conn {
public:
    jsonrpc_server_conn(jsonrpc_server& server, std::unique_ptr<jsonrpc_session> session);
    ~jsonrpc_server_conn();

    // Sends `msg` to the peer (consuming it); returns 0 or the session's error.
    int send(std::unique_ptr<jsonrpc_msg> msg);
    const std::string& name() const { return session_->name(); }
    jsonrpc_session& session() { return *session_; }
    const jsonrpc_session& session() const { return *session_; }

private:
    friend class jsonrpc_server;
    void run();

    jsonrpc_server& server_;
    std::unique_ptr<jsonrpc_session> session_;
    poll_owner owner_;
    unsigned last_seqno_ = 0;
    std::list<std::unique_ptr<jsonrpc_server_conn>>::iterator self_;
};

class jsonrpc_server {
public:
    // Called for every request and notification a peer sends (echo requests are answered by
    // the session itself). The handler may reply at once through `conn` or keep nothing.
    using handler =
        std::function<void(jsonrpc_server_conn& conn, std::unique_ptr<jsonrpc_msg> msg)>;

    explicit jsonrpc_server(handler on_message);
    ~jsonrpc_server();
    jsonrpc_server(const jsonrpc_server&) = delete;
    jsonrpc_server& operator=(const jsonrpc_server&) = delete;

    // Starts listening on the passive remote `name` (default port 6640 for ptcp/pssl).
    // Returns 0, or the positive errno of opening it; the bound name is in listeners().
    int add_remote(const std::string& name, int dscp = 0);
    // The names of the listeners, with kernel-chosen ports filled in.
    std::vector<std::string> listeners() const;

    // Statistics of every live session, oldest first.
    std::vector<jsonrpc_session_stats> sessions() const;
    std::size_t n_sessions() const { return conns_.size(); }

    // Called (from the loop) whenever a session connects, disconnects or changes state, so
    // watchers can be told without polling.
    void set_change_hook(std::function<void()> hook) { change_hook_ = std::move(hook); }

    // The default limit on the output queued for one peer. While a peer's backlog exceeds it,
    // nothing more is read from that peer (so a peer that sends requests and never reads the
    // replies holds at most this much plus one reply), and output queued beyond it ends the
    // connection (E2BIG).
    static constexpr std::size_t default_max_backlog_bytes = std::size_t(16) << 20;

    // Limits applied to sessions accepted from now on, as jsonrpc::set_backlog_threshold()
    // describes; 0 means unlimited. The defaults are no message-count limit and
    // default_max_backlog_bytes.
    void set_backlog_threshold(std::size_t max_n_msgs, std::size_t max_backlog_bytes);
    void set_max_message_size(std::size_t bytes) { max_message_size_ = bytes; }
    // Overrides the inactivity probe of accepted sessions (default: 5000 ms for tcp and ssl
    // listeners, none for unix ones, as ovsdb-server does); -1 restores the default.
    void set_probe_interval(int ms) { probe_override_ = ms; }

    // The default limit on the sessions a server holds at once: far above what OVS's busiest
    // servers see (thousands of ovn-controllers per OVN southbound database), yet a bound, so
    // that a peer opening connections in a loop runs into it rather than into the process's
    // fd limit, which the server's other work shares.
    static constexpr std::size_t default_max_connections = 10000;

    // Sets the limit on sessions held at once (0 = unlimited). A connection accepted while
    // `n` are open is closed at once with a rate-limited warning ("NAME: closing new
    // connection PEER: connection limit of N reached"); open sessions are not affected.
    void set_max_connections(std::size_t n) { max_connections_ = n; }

    // Messages a connection handles per run before yielding to other connections.
    static constexpr int messages_per_run = 256;

private:
    friend class jsonrpc_server_conn;
    struct listener;
    // Accepts what is pending on `l`; returns false when the process ran out of fds and the
    // listener should pause (see accept_limits.h).
    bool accept_from(listener& l);
    void remove(jsonrpc_server_conn& conn);
    void changed();

    handler on_message_;
    std::vector<std::unique_ptr<listener>> listeners_;
    std::list<std::unique_ptr<jsonrpc_server_conn>> conns_;
    std::function<void()> change_hook_;
    std::size_t max_n_msgs_ = 0;
    std::size_t max_backlog_bytes_ = default_max_backlog_bytes;
    std::size_t max_message_size_ = 0;
    int probe_override_ = -1;
    std::size_t max_connections_ = default_max_connections;
};

} // namespace vigil
