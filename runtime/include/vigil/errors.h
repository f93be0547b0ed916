// The runtime's one error convention: int, 0 for success, a positive errno for failure, and
// EOF (-1) for "the peer closed the connection".
#pragma once

#include <cstdio>
#include <string>

namespace vigil {

// Returns strerror(error) for a positive errno, "End of file" for EOF and "Success" for 0,
// as OVS's ovs_retval_to_string() does.
std::string error_text(int error);

// Returns the description of a signal ("Segmentation fault"), or "signal N" when unknown.
std::string signal_name(int signo);

} // namespace vigil
