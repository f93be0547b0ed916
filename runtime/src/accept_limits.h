// What a listener does when accept() says the process ran out of file descriptors (internal,
// shared by jsonrpc_server and unixctl_server, which also both close connections past their
// configured maximum with the same warning: "NAME: closing new connection PEER: connection
// limit of N reached").
#pragma once

#include <cerrno>

namespace vigil::detail {

// How long a listener stops watching its fd after accept() failed for lack of resources.
//
// The failed connection stays queued, so the listening fd stays readable: a loop that went on
// waiting for POLLIN would wake at once, fail again and spin at full CPU until an fd came
// free. There are two known ways out. libuv's "emfile trick" keeps a spare fd open, and on
// EMFILE closes it, accepts, closes the new connection and reopens the spare; it needs one
// fd held per process at all times, is racy against other threads that open files in between
// (the console runs the runtime beside Qt's threads), and turns a brief shortage into dropped
// clients. Pausing the listener (as nginx does on EMFILE) costs nothing while fds are
// plentiful, at most ten failed accepts a second while they are not, and the clients that
// arrive meanwhile wait in the listen queue and are served as soon as fds come back.
inline constexpr long long accept_pause_ms = 100;

// Returns true for accept() errors that mean the process or the system ran out of a resource
// (EMFILE, ENFILE, ENOBUFS, ENOMEM): the connection stays queued and retrying at once fails
// again, so the listener should pause for accept_pause_ms.
inline bool accept_error_is_exhaustion(int error) {
    return error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM;
}

} // namespace vigil::detail
