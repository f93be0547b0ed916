// Socket helpers behind the stream providers: OVS's host/port syntax, non-blocking sockets,
// DSCP, connection-completion checks and unix sockets with long path names.
#pragma once

#include <cstdint>
#include <string>
#include <sys/socket.h>
#include <sys/types.h>

namespace vigil {

// Splits "HOST:PORT" / "PORT:HOST" style text at the one colon outside brackets, removing the
// brackets around each part. `first` gets the part before the colon, `second` the part after
// (empty when there is no colon). When more than one colon is outside brackets the whole text
// is `first` (a bare IPv6 address).
void inet_split_token(const std::string& text, std::string& first, std::string& second);

// Parses a port: decimal 0..65535, not empty. Returns true and sets `port` on success.
bool inet_parse_port(const std::string& text, uint16_t& port);

// Parses "HOST[:PORT]" for an active connection into `ss`. `default_port` < 0 means the port
// is required. Host may be an IPv4 literal, a bracketed IPv6 literal with optional %scope, or
// a host name, looked up without blocking (see dns_resolve()). Returns 0 or a positive errno:
// EINVAL for a bad or missing port, EAGAIN while the host name is being resolved (try again
// later), EAFNOSUPPORT for a bad address or a name that does not resolve; the reason is logged
// as OVS does.
int inet_parse_active(const std::string& target, int default_port, sockaddr_storage& ss);

// Parses "[PORT][:IP]" for a listening socket into `ss` (wildcard IPv4 when IP is absent).
// `default_port` < 0 means the port is required. IP may also be a host name, with the same
// results as in inet_parse_active(). Returns 0 or a positive errno.
int inet_parse_passive(const std::string& target, int default_port, sockaddr_storage& ss);

// Opens a non-blocking TCP socket and starts connecting to `target` ("HOST:PORT"). Returns 0
// (connected), EAGAIN (in progress) or an errno; `fd` is set in the first two cases, else -1.
// EAGAIN with `fd` -1 means the host name is still being resolved: nothing was opened.
int inet_open_active(const std::string& target, int default_port, int dscp, int& fd,
                     sockaddr_storage* ss = nullptr);

// Binds and listens (backlog 64, SO_REUSEADDR) on `target` ("[PORT][:IP]"). Returns the fd or
// a negative errno (-EAGAIN while a host name in it is being resolved); `ss` receives the
// bound address. When the kernel chose the port it logs
// "<target>: listening on port N".
int inet_open_passive(const std::string& target, int default_port, int dscp,
                      sockaddr_storage* ss = nullptr);

// Formats an address as OVS does: "1.2.3.4" or "::1" (no brackets), and with the port as
// "1.2.3.4:5" or "[::1]:5".
std::string ss_format_address(const sockaddr_storage& ss);
std::string ss_format_address_port(const sockaddr_storage& ss);
uint16_t ss_get_port(const sockaddr_storage& ss);

// Accepts one connection on the listening socket `listen_fd` as a non-blocking, close-on-exec
// fd, retrying on EINTR; `peer` gets its address. Returns the fd, or a negative errno (-EAGAIN
// when none is pending).
int accept_connection(int listen_fd, sockaddr_storage& peer);

// Makes `fd` non-blocking; returns 0 or a positive errno.
int set_nonblocking(int fd);
// Sets the IP DSCP (0..63) on an IPv4 or IPv6 socket; returns 0 or a positive errno (EINVAL
// for dscp > 63).
int set_dscp(int fd, int family, int dscp);
// Returns the pending SO_ERROR of `fd` (0 when none).
int get_socket_error(int fd);
// Checks a non-blocking connect: returns 0 once connected, EAGAIN while pending, else the
// socket error.
int check_connection_completion(int fd);

// Creates a non-blocking unix stream socket, optionally bound to `bind_path` (socket file mode
// 0770 less the umask, as OVS's) and/or connected to `connect_path`. Paths longer than sun_path
// are reached through /proc/self/fd/N/NAME. Returns the fd or a negative errno (connect in
// progress counts as success; an EAGAIN from connect, a full backlog, is reported as -EPROTO);
// on failure a socket file this call bound is removed again.
int make_unix_socket(const char* bind_path, const char* connect_path);

// The path a unix socket is bound to, "" when unbound.
std::string get_unix_name(int fd, bool peer);

// Reads the user id of the process at the other end of the connected unix socket `fd`, as the
// kernel recorded it at connect time (SO_PEERCRED). Returns 0 and sets `uid`, or a positive
// errno (ENOTSOCK, or ENOTCONN/EINVAL when `fd` is not a connected unix socket).
int socket_peer_uid(int fd, uid_t& uid);

// Returns true when a peer running as `peer_uid` may use a control socket of this process:
// it runs as our effective uid, or as root (who can reach the socket anyway).
bool socket_peer_uid_allowed(uid_t peer_uid);

} // namespace vigil
