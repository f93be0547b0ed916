// vigil-testd's daemon: JSON-RPC listeners and client sessions, plus the control commands
// that tests and the console's demo use.
#pragma once

#include "activity_output.h"
#include "connection_report.h"

#include "vigil/jsonrpc_server.h"
#include "vigil/jsonrpc_session.h"
#include "vigil/poll_loop.h"
#include "vigil/unixctl.h"

#include <memory>
#include <string>
#include <vector>

struct test_daemon_options {
    std::vector<std::string> remotes;  // --remote=PSTREAM
    std::vector<std::string> connects; // --connect=STREAM
    long long crash_after_ms = -1;     // --crash-after=MS
    long long max_message_size = -1;   // --max-message-size=BYTES
    int probe_interval = -1;           // --probe-interval=MS for accepted sessions
    long long max_connections = -1;    // --max-connections=N (0 = unlimited)
};

class test_daemon {
public:
    explicit test_daemon(const test_daemon_options& options);
    ~test_daemon();

    // Opens the listeners and sessions. Returns 0, or the errno of a listener that failed
    // (already reported on stderr).
    int start();
    // Prints the start-up lines on stdout: the version and pid, each listener (with the port
    // the kernel chose), each session's remote, the control socket at `unixctl_path` (none
    // when empty) and when --crash-after will strike. Call it once start() succeeded and the
    // process is daemonized, so that --detach sends them where the daemon's output goes.
    void announce(const std::string& unixctl_path) const;
    // Registers the control commands (exit, echo, ..., sessions/show, sessions/wait).
    void register_commands();
    // True once `exit` was called or a `shutdown` notification arrived and the peers left.
    bool done() const;

private:
    struct client;
    void on_message(vigil::jsonrpc_server_conn& conn, std::unique_ptr<vigil::jsonrpc_msg> msg);
    void changed();
    boost::json::value sessions_json() const;
    void answer_waiters();

    test_daemon_options options_;
    vigil::jsonrpc_server server_;
    std::vector<std::unique_ptr<client>> clients_;
    std::unique_ptr<vigil::loop_timer> crash_timer_;
    connection_report connections_;
    rate_limited_lines requests_{"requests"};
    bool exiting_ = false;
    bool shutdown_requested_ = false;
    unsigned long long change_seqno_ = 0;
    struct waiter {
        vigil::unixctl_conn conn;
        unsigned long long after;
    };
    std::vector<waiter> waiters_;
};
