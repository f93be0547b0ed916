// Active streams (`stream`) and passive streams (`pstream`) with OVS's names and semantics:
// `unix:PATH`, `tcp:HOST:PORT`, `ssl:HOST:PORT` and `punix:PATH`, `ptcp:[PORT][:IP]`,
// `pssl:[PORT][:IP]`. One provider interface sits behind both classes; the providers live in
// stream_fd.cpp (unix, tcp) and stream_ssl.cpp (TLS).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <sys/types.h>

namespace vigil {

// What stream::wait() waits for.
enum class stream_wait_type { connect, recv, send };

// A bidirectional byte stream. Instances come from stream::open() or pstream::accept(); the
// public functions implement the OVS state machine (CONNECTING -> CONNECTED or
// DISCONNECTED(error)) on top of the provider's virtual hooks.
class stream {
public:
    // Starts connecting to `name` without blocking. Returns 0 and sets `out`, or returns a
    // positive errno (EAFNOSUPPORT for an unknown type, a bad address or a host name that does
    // not resolve, EINVAL for a malformed name) and leaves `out` empty. EAGAIN with no stream
    // means the host name is still being resolved: call again after dns_resolve_wait() woke
    // the loop. `dscp` (0..63) is applied to IP sockets.
    static int open(const std::string& name, int dscp, std::unique_ptr<stream>& out);

    // If `error` is 0, drives `s` until it is connected or fails, blocking in poll_block();
    // a non-negative `timeout_ms` turns a longer wait into ETIMEDOUT. Returns 0 on success;
    // on any error (including a nonzero `error` passed in) resets `s` and returns the error.
    static int open_block(int error, long long timeout_ms, std::unique_ptr<stream>& s);

    // Opens `name` as open() does, waiting in poll_block() while its host name is resolved,
    // and then drives it as the function above does; `timeout_ms` (if non-negative) covers
    // both steps. Returns 0 with `s` connected, or a positive errno with `s` reset.
    static int open_block(const std::string& name, int dscp, long long timeout_ms,
                          std::unique_ptr<stream>& s);

    virtual ~stream();
    stream(const stream&) = delete;
    stream& operator=(const stream&) = delete;

    // The stream's name: the one it was opened with, or e.g. "tcp:1.2.3.4:5" / "unix#3" for
    // accepted streams.
    const std::string& name() const { return name_; }

    // Advances the connection. Returns 0 once connected, EAGAIN while still connecting, or
    // the positive errno it failed with (sticky).
    int connect();

    // Receives up to `n` bytes. Returns the byte count, 0 on end of stream (or n == 0),
    // -EAGAIN when nothing is available or still connecting, or another negative errno.
    ssize_t recv(void* buf, std::size_t n);

    // Sends up to `n` bytes. Returns the number accepted (never 0 for n > 0), -EAGAIN when no
    // room or still connecting, or another negative errno (-EPIPE once the peer is gone).
    ssize_t send(const void* buf, std::size_t n);

    // Performs background work (flushing TLS output buffered by send()).
    void run();
    // Registers the wake-ups run() needs.
    void run_wait();

    // Registers a wake-up for when connect(), recv() or send() can make progress (writability
    // while connecting, an immediate wake once disconnected).
    void wait(stream_wait_type type);
    void connect_wait() { wait(stream_wait_type::connect); }
    void recv_wait() { wait(stream_wait_type::recv); }
    void send_wait() { wait(stream_wait_type::send); }

    // The peer's identity (the CN of its TLS certificate), empty when unknown.
    const std::string& peer_id() const { return peer_id_; }
    void set_peer_id(std::string id) { peer_id_ = std::move(id); }

    // The underlying socket, -1 when none (for owners registering waits and for statistics).
    virtual int fd() const { return -1; }

protected:
    // `connect_status` is the provider's initial state: 0 (connected), EAGAIN (connecting) or
    // a positive errno (disconnected).
    stream(std::string name, int connect_status);

    // Provider hooks. do_connect() returns 0, EAGAIN or an errno; do_recv()/do_send() follow
    // recv()/send()'s conventions and are only called once connected.
    virtual int do_connect() { return 0; }
    virtual ssize_t do_recv(void* buf, std::size_t n) = 0;
    virtual ssize_t do_send(const void* buf, std::size_t n) = 0;
    virtual void do_run() {}
    virtual void do_run_wait() {}
    virtual void do_wait(stream_wait_type type) = 0;

private:
    enum class state { connecting, connected, disconnected };
    std::string name_;
    std::string peer_id_;
    state state_;
    int error_ = 0;
};

// A listening endpoint that yields accepted streams.
class pstream {
public:
    // Binds and listens on `name` (e.g. "ptcp:0:127.0.0.1"). Returns 0 and sets `out`, or a
    // positive errno (EAFNOSUPPORT for an unknown type, EADDRINUSE, ...).
    static int open(const std::string& name, int dscp, std::unique_ptr<pstream>& out);

    virtual ~pstream();
    pstream(const pstream&) = delete;
    pstream& operator=(const pstream&) = delete;

    // The name, with the real port once the kernel chose one ("ptcp:40123:127.0.0.1").
    const std::string& name() const { return name_; }

    // Accepts one pending connection. Returns 0 and sets `out`, EAGAIN when none is pending,
    // or another positive errno.
    virtual int accept(std::unique_ptr<stream>& out) = 0;

    // Registers a wake-up for when accept() may succeed.
    virtual void wait() = 0;

    // The bound TCP port (0 for unix sockets).
    uint16_t bound_port() const { return bound_port_; }

    // The listening socket.
    virtual int fd() const = 0;

protected:
    pstream(std::string name, uint16_t bound_port)
        : name_(std::move(name)), bound_port_(bound_port) {}
    void set_name(std::string name) { name_ = std::move(name); }

private:
    std::string name_;
    uint16_t bound_port_;
};

// Returns 0 if `name` has a known active type ("tcp:", "ssl:", "unix:"), else EAFNOSUPPORT.
int stream_verify_name(const std::string& name);
// Returns 0 if `name` has a known passive type ("ptcp:", "pssl:", "punix:"), else EAFNOSUPPORT.
int pstream_verify_name(const std::string& name);

// Returns 1 if connections named `name` (active or passive) need inactivity probes (tcp, ssl),
// 0 if they do not (unix), -1 if the type is unknown.
int stream_or_pstream_needs_probes(const std::string& name);

// Like stream::open(), but appends ":<default_port>" to "tcp:"/"ssl:" names that lack a port.
int stream_open_with_default_port(const std::string& name, uint16_t default_port, int dscp,
                                  std::unique_ptr<stream>& out);
// Like pstream::open(), but appends "<default_port>" to "ptcp:"/"pssl:" names without a port.
int pstream_open_with_default_port(const std::string& name, uint16_t default_port, int dscp,
                                   std::unique_ptr<pstream>& out);

// The name rewriting the two functions above do, exposed for callers that log or compare.
std::string stream_name_with_default_port(const std::string& name, uint16_t default_port);
std::string pstream_name_with_default_port(const std::string& name, uint16_t default_port);

// The OVSDB port (IANA), the default for JSON-RPC names.
inline constexpr uint16_t ovsdb_default_port = 6640;
// The OpenFlow port, the default port of bare "ssl:"/"pssl:" names at the stream layer.
inline constexpr uint16_t openflow_default_port = 6653;

} // namespace vigil
