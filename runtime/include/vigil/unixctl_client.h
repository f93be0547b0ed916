// The client side of unixctl: target resolution as ovs-appctl does it, a blocking connect,
// and transactions, synchronous (for command-line tools) or asynchronous with a timeout (for
// the console, which runs inside an event loop).
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace vigil {

class poll_loop;

// What the server answered: a result or an error, as JSON (strings for text-format commands).
struct unixctl_reply {
    bool is_error = false;
    boost::json::value value;
};

// Resolves an ovs-appctl target to a socket path: a target starting with '/' is the socket
// itself, and an `exec:COMMAND` target (a command relaying to the daemon) is kept as it is;
// otherwise the pid is read from `<rundir>/TARGET.pid` (read with read_pidfile() from pidfile.h: it
// must be locked by that pid) and the socket is `<rundir>/TARGET.<pid>.ctl`. Returns 0 and sets
// `socket_path`, or a positive errno from reading the pidfile (ENOENT, ESRCH for a stale one, ...)
// with `pidfile` set to the pidfile's path for the message.
int unixctl_resolve_target(const std::string& target, std::string& socket_path,
                           std::string& pidfile);

// One connection to a unixctl server.
class unixctl_client {
public:
    // Connects to the socket `path` (relative paths are taken inside the run directory),
    // blocking until connected or failed. Returns 0 and sets `out`, or a positive errno after
    // logging "failed to connect to <path>" at WARN, as OVS does.
    static int create(const std::string& path, std::unique_ptr<unixctl_client>& out,
                      poll_loop* loop = nullptr);

    // Closes the connection; pending asynchronous callbacks are dropped without being called.
    ~unixctl_client();
    unixctl_client(const unixctl_client&) = delete;
    unixctl_client& operator=(const unixctl_client&) = delete;

    // Sends `command` with string arguments `args` and blocks (running poll_block(), so do not
    // call it from inside a poll_owner) until the reply arrives. Returns 0 and sets `reply`,
    // ETIMEDOUT when `timeout_ms` (>= 0) passes first, or the connection's error (EOF when the
    // server closed it, EPROTO for a malformed reply), after logging "error communicating with
    // <name>: <error>" at WARN. A timed-out request's late reply is discarded.
    int transact(const std::string& command, const std::vector<std::string>& args,
                 unixctl_reply& reply, long long timeout_ms = -1);

    // Called once per asynchronous request: error 0 with the reply, or ETIMEDOUT, EOF or
    // another connection error (then `reply` is empty).
    using callback = std::function<void(int error, const unixctl_reply& reply)>;

    // Sends `command` without blocking; `done` runs from the poll loop when the reply arrives,
    // the connection fails, or `timeout_ms` (>= 0) passes. Requests are answered in order.
    // The callback may destroy this client.
    void transact_async(const std::string& command, const std::vector<std::string>& args,
                        callback done, long long timeout_ms = -1);

    // Caps the size of one reply at `bytes` (0, the default, means no cap, as in ovs-appctl): a
    // larger reply ends the connection with EMSGSIZE, which the pending requests then see.
    void set_max_reply_size(std::size_t bytes);

    // The number of asynchronous requests still awaiting their reply.
    std::size_t pending() const;

    // 0 while the connection is healthy, else its error (EOF once the server closed it).
    int status() const;

    // The connection's name ("unix:<path>").
    const std::string& name() const;

    struct impl;

private:
    explicit unixctl_client(std::unique_ptr<impl> impl);
    std::unique_ptr<impl> impl_;
};

} // namespace vigil
