// A one-line description of a file descriptor for log messages, as OVS's describe_fd() writes
// it in the poll loop's "wakeup due to ... on fd N (DESCRIPTION)" lines.
#pragma once

#include <string>

namespace vigil {

// Describes `fd` the way OVS does: a socket as "LOCAL<->PEER" (an IP endpoint as
// "1.2.3.4:80" or "[::1]:80", a unix socket as its path, empty when unnamed), anything else as
// its kind followed by what /proc/self/fd says it is ("FIFO pipe:[1234]", "file /tmp/x",
// "unknown anon_inode:[eventfd]"). Never fails: an fd that cannot be examined is described as
// "fstat failed (REASON)".
std::string describe_fd(int fd);

} // namespace vigil
