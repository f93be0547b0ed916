// unixctl, the control-socket server OVS daemons expose and ovs-appctl talks to: a
// process-wide command registry, a JSON-RPC server on `punix:<rundir>/<program>.<pid>.ctl`,
// deferred replies, the built-in commands (list-commands, version, set-options) and the
// `{"reply-format":"plain","reply":...}` wrapper of the JSON output format.
//
// The server is owner-driven (see poll_loop.h): once created it serves requests from the
// thread's poll loop without any run()/wait() calls, and an idle connection costs nothing.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

class poll_loop;

namespace detail {
struct unixctl_connection;
}

// A handle on the request a command callback is answering. It is cheap to copy; keep a copy
// to reply later (a deferred reply). Exactly one reply per request is sent: later replies, and
// replies after the client went away, are ignored.
class unixctl_conn {
public:
    unixctl_conn() = default;

    // Replies with success and `text`. In the connection's text format, a non-empty text that
    // does not end in a newline gets one appended (as OVS <= 3.3 servers do, so every
    // ovs-appctl prints it alike); in JSON format the text is wrapped as
    // {"reply-format":"plain","reply":text}.
    void reply(std::string_view text) const;

    // Replies with an error whose text is `text` (a newline is appended in text format, as
    // for reply()). Errors are always plain strings, whatever the format.
    void reply_error(std::string_view text) const;

    // Replies with success and the JSON value `result` as is. Only meaningful when
    // json_format() is true; in text format the value is replied as its compact serialization
    // (OVS asserts instead).
    void reply_json(boost::json::value result) const;

    // True when the client asked for JSON output (`set-options --format json`).
    bool json_format() const;

    // True while the connection is open and this request still awaits its reply.
    bool pending() const;

    // The connection's name (e.g. "unix#3"), for log messages; empty once closed.
    std::string name() const;

private:
    friend struct detail::unixctl_connection;
    unixctl_conn(std::weak_ptr<detail::unixctl_connection> conn, unsigned long long serial)
        : conn_(std::move(conn)), serial_(serial) {}
    std::weak_ptr<detail::unixctl_connection> conn_;
    unsigned long long serial_ = 0;
};

// A command callback: `argv[0]` is the command name, the rest are its arguments (strings, as
// many as the registration allows). It must reply through `conn`, now or later.
using unixctl_cb =
    std::function<void(const unixctl_conn& conn, const std::vector<std::string>& argv)>;

// The largest max_args (OVS's INT_MAX: "any number").
inline constexpr int unixctl_any_args = 0x7fffffff;

// Registers the command `name` in the process-wide registry. `usage` is shown by
// list-commands; nullptr hides the command. `min_args`/`max_args` bound the argument count
// (the name not included). Registering a name that already exists does nothing and returns
// false (OVS asserts when the callbacks differ; std::function cannot be compared).
bool unixctl_command_register(const std::string& name, const char* usage, int min_args,
                              int max_args, unixctl_cb callback);

// Removes the command `name`; returns false if it was not registered.
bool unixctl_command_unregister(const std::string& name);

// The text `list-commands` replies in text format (exposed for tests and the console).
std::string unixctl_list_commands_text();

// Sets the text the `version` command replies. The default is "<program> (Vigil) <version>"
// (OVS replies "<program> (Open vSwitch) <version>").
void unixctl_set_version_text(std::string text);
std::string unixctl_version_text();

// The program name used for the default socket name and messages: the one set here, else the
// base name of the executable.
void unixctl_set_program_name(std::string name);
std::string unixctl_program_name();

// A listening control socket and its connections.
class unixctl_server {
public:
    // Creates a server listening on `path`: "" means `<rundir>/<program>.<pid>.ctl` (so call
    // it after daemonizing), "none" means no server (returns 0 with `out` empty), a relative
    // path is taken inside the run directory, an absolute one as is. Returns 0 and sets `out`,
    // or a positive errno after printing "<program>: <path>: could not initialize control
    // socket (<error>)" to stderr, as OVS does (the caller then exits 1). Also registers the
    // built-in commands. `loop` defaults to the calling thread's loop.
    static int create(const std::string& path, std::unique_ptr<unixctl_server>& out,
                      poll_loop* loop = nullptr);

    // Closes every connection (pending deferred replies are dropped) and the listener, which
    // unlinks the socket.
    ~unixctl_server();
    unixctl_server(const unixctl_server&) = delete;
    unixctl_server& operator=(const unixctl_server&) = delete;

    // The socket's absolute path.
    const std::string& path() const;

    // The number of open connections.
    std::size_t connection_count() const;

    // With `on` true, a new connection whose peer (SO_PEERCRED) runs as neither our effective
    // uid nor root is closed at once, before anything is read from it, with a rate-limited
    // warning. The socket's 0770 mode already keeps out users outside our group; this also
    // keeps out our group's other members. Off by default, as in OVS.
    void set_peer_uid_check(bool on);

    // The default limit on connections held at once. A control socket serves a few people
    // and tools (and the console's watchers, one per target), so this is generous while
    // keeping a client that opens connections in a loop from taking every fd the daemon has.
    static constexpr std::size_t default_max_connections = 256;

    // Sets the limit on connections held at once (0 = unlimited). A connection accepted
    // while `n` are open is closed at once, before anything is read from it, with a
    // rate-limited warning ("PATH: closing new connection PEER: connection limit of N
    // reached"); open connections are not affected.
    void set_max_connections(std::size_t n);

    struct impl;

private:
    explicit unixctl_server(std::unique_ptr<impl> impl);
    std::unique_ptr<impl> impl_;
};

// Registers the vlog/* commands (vlog/set, vlog/list, vlog/list-pattern,
// vlog/enable-rate-limit, vlog/disable-rate-limit, vlog/reopen, vlog/close), with OVS's
// usage texts and replies. Idempotent.
void unixctl_register_vlog_commands();

// Registers memory/show and coverage/show (cheap process introspection). Idempotent.
void unixctl_register_introspection_commands();

// Registers the commands of OVS's test-unixctl: `exit` (replies "" then calls `on_exit`),
// `echo ARG`, `echo_error ARG`, `log ARG` (logs ARG at INFO) and `block` (never replies).
// Idempotent.
void unixctl_register_test_commands(std::function<void()> on_exit);

} // namespace vigil
