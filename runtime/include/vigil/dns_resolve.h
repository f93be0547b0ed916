// Asynchronous host name resolution for "tcp:"/"ssl:" names (OVS's dns-resolve): a c-ares
// channel per thread, driven by that thread's poll loop, with a cache that follows the
// answers' TTLs. A lookup never blocks: a name still being resolved reports EAGAIN and the
// caller tries again once dns_resolve_wait() wakes it, as jsonrpc_session does.
//
// Servers come from /etc/resolv.conf (or the file named by OVS_RESOLV_CONF, as in OVS), host
// names from /etc/hosts (or the file named by CARES_HOSTS, c-ares's own override), unless
// dns_resolve_set_servers() names other servers.
#pragma once

#include <string>

namespace vigil {

// Looks up `name` (a host name, not an IP literal) without blocking. Returns 0 and sets
// `addr` to the address as text ("192.0.2.1"; IPv4 is preferred, as in OVS, else
// "2001:db8::1"); EAGAIN while the answer is pending; or EAFNOSUPPORT when the name does not
// resolve (logged as "NAME: failed to resolve (REASON)"), in which case the next call asks
// again. An answer is reused until its TTL runs out, and for at least 5 minutes the first
// time, so that a caller backing off between attempts still gets to use it.
int dns_resolve(const std::string& name, std::string& addr);

// Registers the wake-ups after which a pending dns_resolve() of this thread may have an
// answer: the resolver's sockets and its next retransmission time. Does nothing when no
// lookup is pending.
void dns_resolve_wait();

// Sends every later lookup, in every thread, to `servers`: comma-separated "IP[:PORT]" items
// (IPv6 as "[IP]:PORT"), for instance "127.0.0.1:5353". An empty string goes back to the
// system's servers. Cached answers and pending lookups are dropped. Returns 0, or EINVAL for
// a malformed list (and changes nothing).
int dns_resolve_set_servers(const std::string& servers);

} // namespace vigil
