// Internal to the runtime: the stream providers' entry points, dispatched on the name's type
// by stream.cpp.
#pragma once

#include "vigil/stream.h"

#include <sys/socket.h>

namespace vigil::detail {

// Each opener gets the full name and the part after the first colon.
int unix_stream_open(const std::string& name, const std::string& suffix, int dscp,
                     std::unique_ptr<stream>& out);
int tcp_stream_open(const std::string& name, const std::string& suffix, int dscp,
                    std::unique_ptr<stream>& out);
int ssl_stream_open(const std::string& name, const std::string& suffix, int dscp,
                    std::unique_ptr<stream>& out);
// "exec:PROGRAM [ARG...]": spawns the program with its stdin and stdout on a socketpair.
int exec_stream_open(const std::string& name, const std::string& suffix, int dscp,
                     std::unique_ptr<stream>& out);
int punix_open(const std::string& name, const std::string& suffix, int dscp,
               std::unique_ptr<pstream>& out);
int ptcp_open(const std::string& name, const std::string& suffix, int dscp,
              std::unique_ptr<pstream>& out);
int pssl_open(const std::string& name, const std::string& suffix, int dscp,
              std::unique_ptr<pstream>& out);

// Wraps a connected or connecting socket in a plain fd stream. `connect_status` is 0, EAGAIN
// or an errno; `tcp` turns on TCP_NODELAY once connected.
std::unique_ptr<stream> new_fd_stream(std::string name, int fd, int connect_status, bool tcp);

// The name of an accepted TCP-family connection: "<prefix>:IP:PORT" (IPv6 in brackets).
std::string accepted_inet_name(const char* prefix, const sockaddr_storage& ss);

} // namespace vigil::detail
